"""« Imprimer… » and « Enregistrer sous… » (app.ui.pdf_output): a registered dossier de séance goes to a
real QPrinter (its PDF output) from the io thread, page range, cancel and unreadable file included, the
print run read back; its copy is written there too, and a refused one is told in French."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app import db, thread_guard
from app.domain.errors import Cancelled, DomainError
from app.domain.progress import Progress
from app.services.reporting import REPORTS
from app.ui import pdf_output
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.pdf_output import PRINT_DPI, PrintDialog, copy_pdf, print_pdf, start_copy, start_printing
from app.ui.tasks import io_runner

A4_POINTS = (595.28, 841.89)


@pytest.fixture
def dossier(demo_db: Path) -> Path:
    with db.unit_of_work() as session:
        return REPORTS["dossier-seance"].issue(session, subject_id=None, latest=True).path


def _printer(out: Path, *, pages: tuple[int, int] | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi: the resolution of the run
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    if pages:
        printer.setFromTo(*pages)
    return printer


def _image_widths(reader: PdfReader) -> list[int]:
    return [int(image.image.width) for page in reader.pages for image in page.images]


def test_a_dossier_prints_from_the_io_thread_at_print_resolution(
        qtbot: QtBot, dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "imprime.pdf"
    owner = QWidget()
    qtbot.addWidget(owner)
    gui = threading.get_ident()
    threads: list[int] = []
    steps: list[str] = []
    real = pdf_output.print_pdf

    def spied(path: Path, printer: QPrinter, progress: Progress) -> int:
        threads.append(threading.get_ident())
        return real(path, printer, Progress(lambda _d, _t, message: steps.append(message)))

    monkeypatch.setattr(pdf_output, "print_pdf", spied)
    task = start_printing(dossier, _printer(out), owner)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass

    assert threads and threads[0] != gui
    source, printed = PdfReader(dossier), PdfReader(out)
    assert len(printed.pages) == len(source.pages) > 1
    assert steps[0] == f"Impression : page 1 sur {len(source.pages)}" and steps[-1] == "Impression terminée"
    widths = _image_widths(printed)
    assert len(widths) == len(source.pages)  # one opaque image per page: no soft mask beside it
    assert set(widths) == {round(A4_POINTS[0] * PRINT_DPI / 72)}  # 300 dpi, not the printer's 1200


def test_imprimer_in_the_preview_prints_what_the_dialog_chose(
        qtbot: QtBot, dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """« Imprimer… » end to end: the system dialog (accepted, « Imprimer dans un fichier », pages 2 to 3),
    then the print in the io thread. Its printer outlives the function that made it: it used not to,
    and the app crashed there."""
    out = tmp_path / "depuis-le-dialogue.pdf"

    def accept(dialog: PrintDialog) -> int:
        gc.collect()
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintDialog, "exec", accept)
    preview = PdfPreviewDialog(dossier, "Dossier de séance")
    qtbot.addWidget(preview)

    preview.print_button.click()
    qtbot.waitUntil(lambda: io_runner().is_idle() and out.exists(), timeout=60_000)

    assert len(PdfReader(out).pages) == 2


def test_the_range_chosen_in_the_dialog_is_printed(dossier: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.pdf"

    assert print_pdf(dossier, _printer(out, pages=(2, 3)), Progress()) == 2

    assert len(PdfReader(out).pages) == 2


def test_cancelling_stops_before_the_next_page(dossier: Path, tmp_path: Path) -> None:
    out = tmp_path / "annule.pdf"
    asked = iter([False, True])  # « Annuler » pressed while the first page prints

    with pytest.raises(Cancelled):
        print_pdf(dossier, _printer(out), Progress(is_cancelled=lambda: next(asked, True)))

    assert len(PdfReader(out).pages) == 1  # the PDF output cannot abort a run: what was drawn, no more


def test_an_unreadable_file_is_refused_in_french(tmp_path: Path) -> None:
    broken = tmp_path / "abime.pdf"
    broken.write_bytes(b"%PDF-1.4\n tronque")

    with pytest.raises(DomainError, match="« abime.pdf » n.a pas pu être lu : rien n.a été imprimé"):
        print_pdf(broken, _printer(tmp_path / "rien.pdf"), Progress())


def test_a_copy_is_written_from_the_io_thread(qtbot: QtBot, dossier: Path, tmp_path: Path,
                                              watched: None) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    target = tmp_path / "partage" / "dossier.pdf"
    target.parent.mkdir()

    task = start_copy(dossier, target, owner)
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass

    assert target.read_bytes() == dossier.read_bytes()
    assert thread_guard.violations() == []  # written by the io thread, not the GUI one


def test_a_refused_copy_says_where_in_french(dossier: Path, tmp_path: Path) -> None:
    missing = tmp_path / "dossier-disparu" / "copie.pdf"

    refused = r"« copie.pdf » n.a pas pu être enregistré dans « .*dossier-disparu » : le dossier n.existe pas"
    with pytest.raises(DomainError, match=refused):
        copy_pdf(dossier, missing)
