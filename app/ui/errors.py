"""Showing failures: DomainError in a French message box, anything else in a crash dialog (Vorta)."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import log_dir
from app.db_errors import french_database_error
from app.domain.errors import DomainError

log = logging.getLogger(__name__)
_collected: list[str] | None = None  # a batch run's failures (collect_errors), shown in no dialog


def collect_errors() -> list[str]:
    """From now on, failures are logged and collected rather than shown: a batch run (`screenshots`) has
    nobody to close a dialog, which would hold it for ever. Returns the list they go into."""
    global _collected
    _collected = []
    return _collected


def _collect(exc: BaseException) -> bool:
    if _collected is None:
        return False
    log.error("%s", "".join(traceback.format_exception(exc)).rstrip())
    _collected.append(str(exc) if isinstance(exc, DomainError) else repr(exc))
    return True


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """An expected failure shows its French message; an unexpected one opens the crash dialog. A failure
    of the database file or its disk (full, read-only, damaged) is expected, wherever it came from."""
    french = french_database_error(exc, None, "rien n'a été enregistré")
    if french is not None:
        log.warning("Database failure told to the user", exc_info=exc)
        exc = french
    if _collect(exc):
        return
    if isinstance(exc, DomainError):
        QMessageBox.warning(parent, "Maillage", str(exc))
        return
    ExceptionDialog(_report_text(type(exc), exc, exc.__traceback__), parent).exec()


def show_warning(parent: QWidget | None, message: str) -> None:
    """Something the user must know that stops nothing (a daily backup not made): a French message;
    a batch run only logs it."""
    log.warning("%s", message)
    if _collected is None:
        QMessageBox.warning(parent, "Maillage", message)


def error_reporter(parent: QWidget | None) -> Callable[[Exception], None]:
    """The default `on_error` of a task: show the error over `parent`."""

    def report(exc: Exception) -> None:
        show_error(parent, exc)

    return report


def _report_text(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    lines = traceback.format_exception(kind, exc, tb)
    return "".join(lines)


class ExceptionDialog(QDialog):
    """"Une erreur inattendue est survenue" with the report, a copy button and the log folder."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Erreur inattendue"))
        self.resize(640, 420)
        self.report = report
        intro = QLabel(self.tr(
            "Une erreur inattendue est survenue. Votre travail enregistré n'est pas perdu.\n"
            "Vous pouvez copier le rapport ci-dessous et l'envoyer à l'équipe qui maintient Maillage.\n"
            "Journal : %1").replace("%1", str(log_dir())), self)
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QPlainTextEdit(report, self)
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copier le rapport"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        layout = QVBoxLayout(self)
        for widget in (intro, text, buttons):
            layout.addWidget(widget)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Rapport copié"))


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.critical("Uncaught exception", exc_info=(kind, exc, tb))
    if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if _collect(exc):
        return
    if isinstance(exc, DomainError):
        QMessageBox.warning(QApplication.activeWindow(), "Maillage", str(exc))
        return
    ExceptionDialog(_report_text(kind, exc, tb), QApplication.activeWindow()).exec()


def install_excepthook() -> None:
    """Log every uncaught exception and show it instead of dying silently."""
    sys.excepthook = _excepthook
