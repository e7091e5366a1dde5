"""A throw-away Samba server on loopback and an smbnetfs (FUSE) mount of its share, for the sync tests.

Facts checked on this kind of machine (SYNC.md): smbd runs as root on `lo`, the kernel has no CIFS but
FUSE works, smbnetfs shows the share as `<mountpoint>/127.0.0.1/<share>/`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

USER, PASSWORD, SHARE = "maillagesmb", "Mot-de-passe-jetable-1", "maillage"


def unavailable_reason() -> str | None:
    if os.name != "posix" or os.geteuid() != 0:
        return "Samba sur la boucle locale exige les droits root"
    missing = [
        tool for tool in ("smbd", "smbpasswd", "smbnetfs", "fusermount3") if shutil.which(tool) is None
    ]
    if missing:
        return f"outils absents : {', '.join(missing)} (scripts/bootstrap.sh les installe en root)"
    if not Path("/dev/fuse").exists():
        return "/dev/fuse absent : FUSE indisponible"
    return None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _conf(root: Path) -> Path:
    for name in ("state", "lock", "private", "log", "cache", "pid", "export"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "export").chmod(0o777)
    conf = root / "smb.conf"
    conf.write_text(f"""[global]
  interfaces = lo
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  server role = standalone server
  map to guest = never
  state directory = {root}/state
  lock directory = {root}/lock
  private dir = {root}/private
  cache directory = {root}/cache
  pid directory = {root}/pid
  log file = {root}/log/smbd.log
  passdb backend = tdbsam:{root}/private/passdb.tdb
[{SHARE}]
  path = {root}/export
  read only = no
  valid users = {USER}
  force user = root
""")
    return conf


class SmbMount:
    """Start smbd, add the user, mount through smbnetfs; `stop()` undoes everything, whatever happened."""

    def __init__(self, root: Path) -> None:
        self.root, self.mountpoint = root, root / "mnt"
        self.smbd: subprocess.Popen[bytes] | None = None
        self.fuse: subprocess.Popen[bytes] | None = None

    @property
    def share_dir(self) -> Path:
        return self.mountpoint / "127.0.0.1" / SHARE

    def start(self, timeout: float = 30.0) -> None:
        if _port_open(445):
            raise RuntimeError("le port 445 est déjà occupé")
        conf = _conf(self.root)
        subprocess.run(["useradd", "--system", "--no-create-home", USER], capture_output=True)
        subprocess.run(
            ["smbpasswd", "-c", str(conf), "-a", "-s", USER],
            input=f"{PASSWORD}\n{PASSWORD}\n".encode(),
            check=True,
            capture_output=True,
        )
        self.smbd = subprocess.Popen(
            ["smbd", "--foreground", "--no-process-group", "-s", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait(lambda: _port_open(445), timeout, "smbd n'écoute pas sur 445")
        self._mount(timeout)

    def _mount(self, timeout: float) -> None:
        home = self.root / "home"
        (home / ".smb").mkdir(parents=True, exist_ok=True)
        (home / ".smb" / "smbnetfs.conf").write_text(
            f'auth "{USER}" "{PASSWORD}"\nhost 127.0.0.1 visible=true\nsmb_timeout 20000\n'
        )
        (home / ".smb" / "smbnetfs.conf").chmod(0o600)
        self.mountpoint.mkdir(exist_ok=True)
        env = {**os.environ, "HOME": str(home)}
        self.fuse = subprocess.Popen(
            ["smbnetfs", str(self.mountpoint), "-f"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait(self.share_dir.is_dir, timeout, "le partage n'apparaît pas sous le montage smbnetfs")

    def stop(self) -> None:
        subprocess.run(["fusermount3", "-u", "-z", str(self.mountpoint)], capture_output=True)
        for process in (self.fuse, self.smbd):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _wait(predicate: object, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(message)
