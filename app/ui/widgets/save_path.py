"""« Enregistrer sous » for the files a coordinator takes out of the app (a PDF's copy, an Excel export):
the dialog opens in the folder used last time, else in Documents. It used to open in the process's
working folder, for the exports (for the installed app, its program folder, where nobody may write)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.ui_state import UiState

LAST_FOLDER = "folders/last_export"


def ask_save_path(parent: QWidget, title: str, file_name: str, file_filter: str) -> Path | None:
    """The path chosen for `file_name` (None when cancelled); its folder is proposed next time."""
    state = UiState()
    folder = str(state.value(LAST_FOLDER)) or _documents()
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / file_name), file_filter)
    if not chosen:
        return None
    state.set_value(LAST_FOLDER, str(Path(chosen).parent))
    state.sync()
    return Path(chosen)


def _documents() -> str:
    location = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(location) or str(Path.home())
