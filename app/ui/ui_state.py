"""UI state (geometry, splitters, last folders) in an INI file, behind declared keys (Picard's registry).

Business settings live in the database; this is only how this workstation's windows were left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.config import config_dir


@dataclass(frozen=True)
class StateKey:
    name: str
    kind: type
    default: object


KEYS = {
    key.name: key
    for key in (
        StateKey("main/geometry", QByteArray, QByteArray()),
        StateKey("main/state", QByteArray, QByteArray()),
        StateKey("main/last_page", str, "dashboard"),
        StateKey("folders/last_database", str, ""),
        StateKey("folders/last_export", str, ""),
        StateKey("folders/last_import", str, ""),
    )
}
SPLITTER_PREFIX = "splitters/"


class UiState:
    """Typed access to `ui_state.ini` in the config dir; unknown keys are refused (typos fail loudly)."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / "ui_state.ini"
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def value(self, name: str) -> object:
        key = self._key(name)
        raw = self._settings.value(name, key.default)
        if key.kind is QByteArray:
            return raw if isinstance(raw, QByteArray) else QByteArray()
        return raw if isinstance(raw, key.kind) else key.default

    def set_value(self, name: str, value: object) -> None:
        self._key(name)
        self._settings.setValue(name, value)

    def splitter_state(self, page_key: str) -> QByteArray:
        raw = self._settings.value(SPLITTER_PREFIX + page_key, QByteArray())
        return raw if isinstance(raw, QByteArray) else QByteArray()

    def set_splitter_state(self, page_key: str, state: QByteArray) -> None:
        self._settings.setValue(SPLITTER_PREFIX + page_key, state)

    def sync(self) -> None:
        self._settings.sync()

    @staticmethod
    def _key(name: str) -> StateKey:
        if name not in KEYS:
            raise KeyError(f"Undeclared UI state key: {name}")
        return KEYS[name]
