"""Background work: one DB thread, results and errors delivered on the GUI thread (after Anki, Picard)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from typing_extensions import override

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.domain.errors import Cancelled, DomainError
from app.domain.progress import Progress

log = logging.getLogger(__name__)

T = TypeVar("T")

SHOW_AFTER_MS = 600  # Anki: a dialog for quick jobs only flickers


def plain_job(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[Progress], T]:
    """A job for work that manages its own database access (opening, restoring): forwards `progress=`."""

    def run(progress: Progress) -> T:
        return fn(*args, progress=progress, **kwargs)

    return run


class Pool(Protocol):
    """What TaskRunner needs from a QThreadPool (tests pass a synchronous one)."""

    def start(self, runnable: QRunnable) -> None: ...

    def setMaxThreadCount(self, count: int) -> None: ...  # noqa: N802

    def waitForDone(self, msecs: int = -1) -> bool: ...  # noqa: N802


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], object], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self._fn, self._signals, self._cancel = fn, signals, cancel

    @override
    def run(self) -> None:  # worker thread: no widgets, no shared Session
        try:
            result = self._fn(Progress(self._signals.progressed.emit, self._cancel.is_set))
        except Exception as exc:  # handed to the GUI thread, which logs and shows it
            self._deliver(self._signals.failed, exc)
        else:
            self._deliver(self._signals.succeeded, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the runner (and its signals) died with the window: nobody is listening
            log.debug("Result of a background task dropped: the window is closed")


def _ignore(_value: object) -> None:
    return None


class Task(QObject):
    """One background call. Parented to the requesting widget, so it dies with it."""

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(
        self,
        owner: QObject,
        signals: _Signals,
        on_success: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(owner)
        self._on_success, self._on_error = on_success, on_error
        self.cancel_event = threading.Event()  # a ProgressDialog's "Annuler" sets it
        self.done = False  # a synchronous pool (tests) finishes the task inside submit()
        self.signals = signals  # the receivers are our slots, on the GUI thread
        self.signals.progressed.connect(self.progressed)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)

    def cancel(self) -> None:
        self.cancel_event.set()

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self.done = True
        try:
            self._on_success(result)
        finally:
            self._release()

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self.done = True
        try:
            if not isinstance(exc, Cancelled):
                if isinstance(exc, DomainError):  # a refusal told to the user, not a fault
                    log.info("Refused: %s", exc)
                else:
                    log.error("Background task failed", exc_info=exc)
                self._on_error(exc)
        finally:
            self._release()

    def _release(self) -> None:
        """Drop the callbacks (and what they hold). The small QObject itself goes with its owner:
        `deleteLater()` on it crashed PySide 6.12 intermittently (deferred delete of a Python
        subclass whose owner was being torn down), so completed tasks are not deleted one by one."""
        self.finished.emit()
        self._on_success = _ignore
        self._on_error = _ignore


class TaskRunner(QObject):
    """Runs jobs off the GUI thread. One thread: SQLite has a single writer (cf. Anki)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: Pool | None = None) -> None:
        super().__init__(parent)
        self._pool: Pool = pool if pool is not None else QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending = 0

    def submit(
        self,
        fn: Callable[[Progress], T],
        *,
        owner: QObject,
        on_success: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Run `fn(progress)` in the worker; `on_success(result)` or `on_error(exc)` on the GUI thread."""
        from app.ui.errors import error_reporter

        parent = owner if isinstance(owner, QWidget) else None
        # The signals object belongs to the runner (GUI thread), never to the job: when the worker
        # drops its last Python reference, nothing is destroyed on the worker thread. It counts the
        # job as done even if its owner (and the Task) died meanwhile, then deletes itself.
        signals = _Signals(self)
        task = Task(owner, signals, on_success, on_error or error_reporter(parent))
        signals.succeeded.connect(self._on_job_done)
        signals.failed.connect(self._on_job_done)
        signals.succeeded.connect(signals.deleteLater)
        signals.failed.connect(signals.deleteLater)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, signals, task.cancel_event))
        return task

    def is_idle(self) -> bool:
        """True when every submitted task has delivered its result (screenshots and tests wait on it)."""
        return self._pending == 0

    def wait_for_jobs(self) -> None:
        """Block until the jobs submitted so far have run (at exit: a save in flight completes)."""
        self._pool.waitForDone()

    @Slot(object)
    def _on_job_done(self, _result: object) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)


_io_runner: TaskRunner | None = None


def io_runner() -> TaskRunner:
    """The thread for slow work that touches no database (printing, copying a file to a network
    folder): one, beside the database's, so that neither waits on the other."""
    global _io_runner
    if _io_runner is None:
        _io_runner = TaskRunner(QCoreApplication.instance())
    return _io_runner


class ProgressDialog(QProgressDialog):
    """Follows a task; appears only after 600 ms; "Annuler" sets the task's cancel event."""

    def __init__(self, task: Task, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, self.tr("Annuler"), 0, 0, parent)
        self.setWindowTitle(title)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self._task = task
        task.progressed.connect(self._on_task_progressed)
        task.finished.connect(self._on_task_finished)
        self.canceled.connect(self._on_self_canceled)
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        if task.done:  # already over (synchronous pool): never show
            self.setProperty("task_done", True)
            self.deleteLater()
        else:
            self._timer.start()

    @Slot(int, int, str)
    def _on_task_progressed(self, done: int, total: int, message: str) -> None:
        self.setMaximum(max(total, 0))
        self.setValue(min(done, total) if total > 0 else 0)
        if message:
            self.setLabelText(message)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not self._finished_flag():
            self.show()

    @Slot()
    def _on_self_canceled(self) -> None:
        self._task.cancel()
        self.setLabelText(self.tr("Annulation en cours…"))

    @Slot()
    def _on_task_finished(self) -> None:
        self._timer.stop()
        self.canceled.disconnect(self._on_self_canceled)  # close() emits canceled: not a user request
        self.setProperty("task_done", True)
        self.close()
        self.deleteLater()

    def _finished_flag(self) -> bool:
        return bool(self.property("task_done"))
