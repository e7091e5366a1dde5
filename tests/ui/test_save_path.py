"""« Enregistrer sous » for a PDF's copy and the Excel exports (app.ui.widgets.save_path): the dialog
opens in Documents the first time, then where the last file went; a cancel changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.widgets.save_path import ask_save_path


def test_the_dialog_opens_in_documents_then_where_the_last_file_went(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proposed: list[str] = []
    answers = iter([str(tmp_path / "partage" / "portefeuille.xlsx"), "", ""])

    def system_dialog(_parent: QWidget, _title: str, path: str, file_filter: str) -> tuple[str, str]:
        proposed.append(path)
        return next(answers), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(system_dialog))
    owner = QWidget()
    qtbot.addWidget(owner)

    first = ask_save_path(owner, "Exporter", "portefeuille.xlsx", "Classeurs Excel (*.xlsx)")
    second = ask_save_path(owner, "Enregistrer le PDF sous", "odj.pdf", "Documents PDF (*.pdf)")
    third = ask_save_path(owner, "Exporter", "plans-de-financement.xlsx", "Classeurs Excel (*.xlsx)")

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert first == tmp_path / "partage" / "portefeuille.xlsx" and second is None and third is None
    assert proposed == [str(Path(documents or Path.home()) / "portefeuille.xlsx"),
                        str(tmp_path / "partage" / "odj.pdf"),  # where the export went
                        str(tmp_path / "partage" / "plans-de-financement.xlsx")]  # a cancel kept it
