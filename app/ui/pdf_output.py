"""A PDF of the register leaves the app: « Imprimer… » and « Enregistrer sous… », in the Documents page
and in the preview, both off the GUI thread (the io runner: no database there, so a slow printer or
network folder never delays a page's load or a save either).

Printing: each page is rendered at PRINT_DPI and drawn into the printer there (Qt paints on a
QPrinter from any thread), with progress and « Annuler » between pages. Rendered at the printer's own
resolution on the GUI thread, as before, a 10-page dossier de séance froze the window 26 s, took 1 GB
of memory and sent a 69 MB job (1200 dpi); at 300 dpi in the worker: 2 s, 0.1 GB and 8 MB, with text
as sharp on paper."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import thread_guard
from app.domain.errors import Cancelled, DomainError
from app.domain.progress import Progress
from app.formatting import os_error_text
from app.ui.tasks import ProgressDialog, Task, io_runner
from app.ui.widgets.save_path import ask_save_path

PRINT_DPI = 300  # what a laser printer resolves of body text; 1200 dpi quadruples the work twice over
_POINTS_PER_INCH = 72


class PrintDialog(QPrintDialog):
    """The system print dialog, keeping its printer. QPrintDialog only points at the printer it is given:
    with nothing else holding it, Python destroyed the printer as soon as the dialog was made, and
    « Imprimer… » crashed the app (found 2026-11-29, in the preview and in the Documents page)."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self.kept_printer = printer


def print_dialog(path: Path, page_count: int, parent: QWidget | None) -> PrintDialog:
    """The system print dialog for `path`, over a high-resolution printer, all its pages proposed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.stem)
    if page_count > 0:
        printer.setFromTo(1, page_count)
    dialog = PrintDialog(printer, parent)
    dialog.setWindowTitle(QApplication.translate("pdf_output", "Imprimer « %1 »").replace("%1", path.name))
    return dialog


def ask_and_print(path: Path, page_count: int, parent: QWidget) -> Task | None:
    """The print dialog, then (when accepted) the printing in the background; None when cancelled."""
    dialog = print_dialog(path, page_count, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return start_printing(path, dialog.kept_printer, parent)  # the job keeps the printer until it ends


def start_printing(path: Path, printer: QPrinter, parent: QWidget) -> Task:
    """Print `path` on `printer` in the io runner; a progress dialog after 600 ms, French errors."""

    def run(progress: Progress) -> int:
        return print_pdf(path, printer, progress)

    task = io_runner().submit(run, owner=parent, on_success=lambda _pages: None)
    ProgressDialog(task, QApplication.translate("pdf_output", "Impression de « %1 »…").replace(
        "%1", path.name), parent)
    return task


def print_pdf(path: Path, printer: QPrinter, progress: Progress) -> int:
    """Render the chosen pages of `path` into `printer` (any thread); returns how many were printed.
    « Annuler » stops before the next page and aborts the run; where the system cannot abort a run once
    begun (Qt's CUPS and PDF outputs), the pages already drawn are printed, and no more."""
    thread_guard.check("une impression")
    document = QPdfDocument()  # this thread's own: the preview's may be closed meanwhile
    try:
        if document.load(str(path)) is not QPdfDocument.Error.None_:
            raise DomainError(f"Le fichier « {path.name} » n'a pas pu être lu : rien n'a été imprimé.")
        pages = _chosen_pages(printer, document.pageCount())
        painter = QPainter()
        if not painter.begin(printer):
            raise DomainError(f"L'imprimante « {printer.printerName() or printer.outputFileName()} » "
                              "n'a pas pu être ouverte : rien n'a été imprimé.")
        try:
            _paint_pages(document, pages, printer, painter, progress)
        except Cancelled:
            printer.abort()
            raise
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


def _chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The page indexes of the range chosen in the dialog (every page when none was)."""
    first = max(printer.fromPage(), 1) if printer.fromPage() else 1
    last = min(printer.toPage(), count) if printer.toPage() else count
    return list(range(first - 1, last))


def _paint_pages(document: QPdfDocument, pages: list[int], printer: QPrinter, painter: QPainter,
                 progress: Progress) -> None:
    area = printer.pageLayout().paintRectPixels(printer.resolution()).size().toSizeF()
    for done, index in enumerate(pages):
        progress.step(done, len(pages), f"Impression : page {done + 1} sur {len(pages)}")
        if done:
            printer.newPage()
        points = document.pagePointSize(index)
        target = points.scaled(area, Qt.AspectRatioMode.KeepAspectRatio)
        pixels = QSize(round(points.width() * PRINT_DPI / _POINTS_PER_INCH),
                       round(points.height() * PRINT_DPI / _POINTS_PER_INCH))
        page = _on_white(document.render(index, pixels))
        painter.drawImage(QRectF(0, 0, target.width(), target.height()), page)
    progress.report(len(pages), len(pages), "Impression terminée")  # all drawn: too late to cancel


def _on_white(page: QImage) -> QImage:
    """The rendered page (transparent where the PDF paints nothing) on white paper, without alpha: no
    soft mask in the print job, which some printer drivers flatten slowly or wrongly."""
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper


def ask_and_save_copy(path: Path, parent: QWidget) -> Task | None:
    """« Enregistrer sous… »: where to put a copy of `path` (the registered file stays untouched), then the
    copy, in the background; None when cancelled."""
    target = ask_save_path(parent, QApplication.translate("pdf_output", "Enregistrer le PDF sous"), path.name,
                           QApplication.translate("pdf_output", "Documents PDF (*.pdf)"))
    return start_copy(path, target, parent) if target is not None else None


def start_copy(path: Path, target: Path, parent: QWidget) -> Task:
    """Copy `path` to `target` in the io runner; a failure is shown in French over `parent`."""

    def run(_progress: Progress) -> Path:
        return copy_pdf(path, target)

    return io_runner().submit(run, owner=parent, on_success=lambda _target: None)


def copy_pdf(path: Path, target: Path) -> Path:
    """The copy (any thread); a full or vanished folder, a refused write: DomainError, in French."""
    thread_guard.check("une copie de fichier")
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        raise DomainError(f"Le fichier « {target.name} » n'a pas pu être enregistré dans "
                          f"« {target.parent} » : {os_error_text(exc)}.") from exc
    return target
