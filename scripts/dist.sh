#!/usr/bin/env bash
# `make dist`: build the one-folder app with build.spec into dist/maillage/, then smoke-test the frozen
# binary (demo, check, screenshots on a temporary database, from another folder) and print its size.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec

BIN="$ROOT/dist/maillage/maillage"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"  # nothing may come from the source tree
export MAILLAGE_HOME="$scratch/home" QT_QPA_PLATFORM=offscreen
unset MAILLAGE_DB PYTHONPATH

step() {
    echo "== maillage $*"
    if ! "$BIN" "$@" >"$scratch/out.txt" 2>&1; then
        cat "$scratch/out.txt" >&2
        echo "ÉCHEC du test de fumée : maillage $*" >&2
        exit 1
    fi
    tail -n 5 "$scratch/out.txt"
}

# Every sub-command of the source tree is in the bundle (CLI plugins are imported by name).
if ! diff <("$BIN" --help) <(cd "$ROOT" && .venv/bin/python -m app --help); then
    echo "ÉCHEC du test de fumée : les sous-commandes du binaire figé diffèrent de python -m app" >&2
    exit 1
fi
step --db smoke.sqlite demo
step --db smoke.sqlite check
step --db smoke.sqlite screenshots shots
count=$(find shots -name '*.png' -size +1k | wc -l)
if [ "$count" -eq 0 ]; then
    echo "ÉCHEC du test de fumée : aucune capture dans shots/" >&2
    exit 1
fi
echo "Test de fumée réussi : $count captures."
echo "Taille de dist/maillage : $(du -sh "$ROOT/dist/maillage" | cut -f1)"
