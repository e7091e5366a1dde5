"""One window per base on this workstation (SYNC.md: one running instance per database). Launching
Maillage again on a base already open, a double click too many, brings the first window forward and
leaves, as Anki and KeePassXC do; « Ouvrir une base… » on a base another window holds does the same and
keeps the current one.

The claim is a QLockFile beside the base (a crashed process's lock is taken over: QLockFile checks its
PID); the window holding it listens on a QLocalServer named after the base, where a second launch asks
it to come forward. Local files and a local socket only, never on the share.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QLockFile, QObject, QThread, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ANSWER_MS = 1000  # a window that does not answer within this is busy or hung
RETRY_MS = 50


class Claim(enum.Enum):
    CLAIMED = "claimed"  # this window now holds the base
    WOKEN = "woken"  # another window holds it and came forward
    HELD = "held"  # another process holds it and did not answer


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def server_name(db_path: Path) -> str:
    return "maillage-" + hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:20]


class InstanceGuard(QObject):
    """Holds one base at a time for its window; `wake_requested` when another launch asks for it."""

    wake_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: Path | None = None
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self.holder_pid = 0  # of the process holding the base, after a claim that failed

    def claim(self, db_path: Path) -> Claim:
        """Hold `db_path`, then let go of the base held before. When another process holds it, ask its
        window to come forward: the base held before stays held."""
        db_path = db_path.resolve()
        if db_path == self._held:
            return Claim.CLAIMED
        with suppress(OSError):  # a first start: the base's folder is made when the base is
            db_path.parent.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(lock_path(db_path)))
        lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        if not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:  # a read-only folder…: not ours to judge
                log.warning("No lock beside %s (%s): opened without one", db_path, lock.error())
                return self._hold(db_path, None)
            info = lock.getLockInfo()
            self.holder_pid = int(info[0]) if isinstance(info, tuple) and info else 0
            return Claim.WOKEN if _wake(db_path) else Claim.HELD
        return self._hold(db_path, lock)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        self._held = None

    def _hold(self, db_path: Path, lock: QLockFile | None) -> Claim:
        self.release()
        self._held, self._lock = db_path, lock
        name = server_name(db_path)
        QLocalServer.removeServer(name)  # a crashed holder's socket: the lock says it is ours now
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_server_new_connection)
        if not self._server.listen(name):
            log.warning("No wake-up server for %s: %s", db_path, self._server.errorString())
        return Claim.CLAIMED

    @Slot()
    def _on_server_new_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnectFromServer()
            connection.deleteLater()
        log.info("Another launch asked for this window")
        self.wake_requested.emit()


def _wake(db_path: Path) -> bool:
    """Ask the window holding `db_path` to come forward; False when none answers within ANSWER_MS
    (two launches a few milliseconds apart: the first may not listen yet, so this tries again)."""
    timer = QElapsedTimer()
    timer.start()
    socket = QLocalSocket()
    while True:
        socket.connectToServer(server_name(db_path))
        if socket.waitForConnected(ANSWER_MS):
            socket.disconnectFromServer()
            return True
        if timer.elapsed() >= ANSWER_MS:
            return False
        QThread.msleep(RETRY_MS)


def already_open_text(db_path: Path, claim: Claim, pid: int) -> str:
    if claim is Claim.WOKEN:
        return (f"La base « {db_path.name} » est déjà ouverte dans une autre fenêtre de Maillage sur ce "
                "poste : cette fenêtre vient d'être mise au premier plan.")
    return (f"La base « {db_path.name} » est déjà ouverte par Maillage sur ce poste (processus {pid}), "
            "qui ne répond pas. Attendez qu'il réponde ou fermez-le, puis réessayez.")
