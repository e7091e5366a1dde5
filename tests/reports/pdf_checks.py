"""Reading back a generated PDF (issue 4): its text, its fonts (pdffonts), its structure (qpdf --check),
its outline, and its pages rendered to PNG (pdftoppm) so they can be looked at."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

NBSP = "\u00a0"


def text_of(pdf: bytes) -> str:
    """The text with layout line breaks and no-break spaces folded to single spaces."""
    reader = PdfReader(BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    return " ".join(text.split())


def page_text(pdf: bytes, index: int) -> str:
    text = PdfReader(BytesIO(pdf)).pages[index].extract_text().replace(NBSP, " ")
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def outline_titles(pdf: bytes) -> list[str]:
    """Every bookmark title, depth first (no-break spaces read as spaces)."""
    def walk(entries: list[object]) -> list[str]:
        titles: list[str] = []
        for entry in entries:
            titles += walk(entry) if isinstance(entry, list) else [entry.title.replace(NBSP, " ")]
        return titles
    return walk(PdfReader(BytesIO(pdf)).outline)


def assert_house_mentions(pdf: bytes, reference: str) -> None:
    """GIP identity, séance, reference and "Page X / Y" on every page; French amounts never glued."""
    text, pages = text_of(pdf), page_count(pdf)
    assert "GIP Insertion et Territoires de Haute-Maille" in text
    assert "12 rue des Tanneurs, 96000 Maillac" in text
    for number in range(1, pages + 1):
        assert f"{reference} · Page {number} / {pages}" in text, (reference, number)


def assert_fonts_embedded(pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) absent")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), rows
    assert "Helvetica" not in rows and "DejaVuSans" in rows


def assert_qpdf_clean(pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf absent")
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout


def render_pngs(pdf: bytes, tmp_path: Path) -> list[Path]:
    """`pdftoppm -png -r 70`: one image per page (kept under tmp_path to be looked at)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) absent")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))
