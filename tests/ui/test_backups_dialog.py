"""The backups dialog: lists the copies newest first and asks before requesting a restore."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import backups_dir
from app.ui.dialogs.backups_dialog import BackupsDialog, backup_kind, file_size


def _make_backups(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    paths = [folder / "quotidienne_2026-03-01.sqlite", folder / "app_vabc_20260302-101010.sqlite"]
    for age, path in enumerate(paths):
        path.write_bytes(b"x" * 4096)
        os.utime(path, (1_770_000_000 - age * 86_400,) * 2)
    return paths


def test_lists_backups_newest_first(qtbot: QtBot, tmp_path: Path) -> None:
    daily, _ = _make_backups(tmp_path / "app.sqlite")

    dialog = BackupsDialog(tmp_path / "app.sqlite")
    qtbot.addWidget(dialog)

    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == daily.name
    assert dialog.table.item(0, 1).text() == "Sauvegarde quotidienne"
    assert not dialog.restore_button.isEnabled()


def test_restore_is_requested_only_after_confirmation(qtbot: QtBot, tmp_path: Path) -> None:
    daily, _ = _make_backups(tmp_path / "app.sqlite")
    dialog = BackupsDialog(tmp_path / "app.sqlite")
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()

    dialog.confirm_restore = lambda backup: False  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert dialog.chosen is None

    dialog.confirm_restore = lambda backup: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.restore_requested) as signal:
        dialog.restore_button.click()
    assert signal.args == [daily] and dialog.chosen == daily and dialog.result() == 1


def test_no_backup_shows_a_hint(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = BackupsDialog(tmp_path / "app.sqlite")
    qtbot.addWidget(dialog)
    assert not dialog.empty_label.isHidden() and dialog.table.isHidden()


def test_labels() -> None:
    assert backup_kind(Path("avant-restauration_20260101-101010.sqlite")).startswith("État mis de côté")
    assert file_size(2048) == "2\u00a0Ko"
    assert file_size(5 * 1024 * 1024 + 512 * 1024) == "5,5\u00a0Mo"
