#!/usr/bin/env bash
# Sets up everything Maillage needs on a fresh Debian 12 machine with Python 3.11:
# the system libraries Qt needs (apt: directly as root, through sudo otherwise), then .venv with the
# pinned packages. Idempotent and quick when nothing changed (one dpkg query, one stamp file).
set -euo pipefail
cd "$(dirname "$0")/.."

# Checked with `ldd` over PySide6's Qt libraries and the plugins the app ships (platforms xcb, wayland,
# offscreen; printsupport; image formats; icon engines), names checked with `apt-cache policy` on Debian 12.
QT_PACKAGES=(libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
             libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxrender1 libxcb-cursor0 libxcb-icccm4
             libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
             libxcb-xkb1 libxcb-sync1 libxcb-glx0 libwayland-client0 libwayland-cursor0 libwayland-egl1
             libcups2 libgssapi-krb5-2 fonts-dejavu-core)
# The venv module (Debian splits it out), `make`, objdump for PyInstaller, PDF tools used by the tests,
# a virtual display for manual checks of the xcb platform.
TOOL_PACKAGES=(python3-venv make binutils poppler-utils qpdf xvfb)
# Only with --for-tests, and only as root (CI): Samba + smbnetfs (FUSE) for the real SMB share test of
# the sync engine (tests/sync/test_smb_share.py, skipped with its reason when absent). A developer's
# `make run` never installs a Samba server.
TEST_PACKAGES=(samba smbnetfs fuse3)
APT_PACKAGES=("${QT_PACKAGES[@]}" "${TOOL_PACKAGES[@]}" ${EXTRA_APT_PACKAGES:-})
if [ "${1:-}" = "--for-tests" ] && [ "$(id -u)" = "0" ]; then
    APT_PACKAGES+=("${TEST_PACKAGES[@]}")
fi

missing_packages() {
    command -v dpkg-query >/dev/null || return 0  # not Debian: nothing we can check
    local pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
    done
}

install_system_packages() {
    local missing
    mapfile -t missing < <(missing_packages)
    [ ${#missing[@]} -gt 0 ] || return 0
    local sudo=()
    if [ "$(id -u)" != "0" ]; then
        if ! command -v sudo >/dev/null || ! command -v apt-get >/dev/null; then
            echo "Attention : paquets système absents (${missing[*]})." >&2
            echo "Installez-les en root : apt-get install -y ${missing[*]}" >&2
            return 0
        fi
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null || return 0
    echo "Installation des bibliothèques système : ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] && command -v "$candidate" >/dev/null || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Erreur : Python 3.11 est introuvable (apt-get install -y python3 python3-venv)." >&2
    return 1
}

install_venv() {
    local stamp
    stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
    [ -f "$stamp" ] && [ -x .venv/bin/python ] && return 0
    if [ ! -x .venv/bin/python ]; then
        rm -rf .venv
        "$(pick_python)" -m venv .venv
    fi
    echo "Installation des paquets Python dans .venv (une seule fois)…"
    .venv/bin/python -m pip install -q --upgrade "pip==25.3" >/dev/null
    .venv/bin/python -m pip install -q -e ".[dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
}

install_system_packages
install_venv
