"""Preview of a generated PDF (QPdfView: every page in one scroll, zoom), « Imprimer… » through the system
print dialog and « Enregistrer sous… » (a copy of the registered file, which stays untouched)."""

from __future__ import annotations

import logging
from pathlib import Path

from typing_extensions import override

from PySide6.QtCore import Slot
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import number
from app.ui.pdf_output import ask_and_print, ask_and_save_copy
from app.ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    """Shows one PDF file; the file is only read."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Aperçu — %1").replace("%1", title))
        fit_to_screen(self, 900, 1000)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(self)
        self.print_button = self._button(self.tr("Imprimer…"), QKeySequence.StandardKey.Print,
                                         self.tr("Imprimer le document (Ctrl+P)"), self._on_print_clicked)
        self.save_button = self._button(self.tr("Enregistrer sous…"), QKeySequence.StandardKey.SaveAs,
                                        self.tr("Enregistrer une copie du PDF (Ctrl+Maj+S)"),
                                        self._on_save_clicked)
        self.zoom_in = self._button(self.tr("Zoom +"), QKeySequence.StandardKey.ZoomIn,
                                    self.tr("Agrandir (Ctrl++)"), self._on_zoom_in_clicked)
        self.zoom_out = self._button(self.tr("Zoom −"), QKeySequence.StandardKey.ZoomOut,
                                     self.tr("Réduire (Ctrl+-)"), self._on_zoom_out_clicked)
        self.fit = self._button(self.tr("Pleine largeur"), "Ctrl+0", self.tr("Ajuster à la largeur (Ctrl+0)"),
                                self._on_fit_clicked)
        self._build_layout()
        self.load()

    def _button(self, text: str, key: QKeySequence.StandardKey | str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setShortcut(QKeySequence(key))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.print_button, self.save_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.fit, self.zoom_in):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def load(self) -> None:
        error = self.document.load(str(self.path))
        if error is not QPdfDocument.Error.None_:
            log.warning("PDF preview of %s failed: %s", self.path, error)
            self.pages_label.setText(self.tr("Impossible d'ouvrir le fichier « %1 ».").replace(
                "%1", self.path.name))
            self.print_button.setEnabled(False)
            return
        count = self.document.pageCount()
        self.pages_label.setText(self.tr("%1 pages").replace("%1", number(count)) if count > 1
                                 else self.tr("%1 page").replace("%1", number(count)))

    def page_count(self) -> int:
        return self.document.pageCount()

    # -- zoom ------------------------------------------------------------------------------------
    @Slot()
    def _on_zoom_in_clicked(self) -> None:
        self._zoom(ZOOM_STEP)

    @Slot()
    def _on_zoom_out_clicked(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    @Slot()
    def _on_fit_clicked(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(current * factor, 0.25), 5.0))

    # -- print and save --------------------------------------------------------------------------
    @Slot()
    def _on_print_clicked(self) -> None:
        ask_and_print(self.path, self.document.pageCount(), self)

    @Slot()
    def _on_save_clicked(self) -> None:
        ask_and_save_copy(self.path, self)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.document.close()  # release the file (Windows keeps it locked otherwise)
        super().closeEvent(event)

