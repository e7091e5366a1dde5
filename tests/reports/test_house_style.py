"""The house style on a long document: outline, table of contents, repeated table headers, charts,
"Page X / Y" on every page, embedded fonts only, and the PDF/A-2b pieces (issue 4)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageCms
from pypdf import PdfReader
from reportlab.platypus import PageBreak, Paragraph

from app.domain.settings import GipIdentity
from app.reports.charts import figure_flowable, french_numbers, new_figure
from app.reports.pdfa import srgb_profile
from app.reports.style import house_table, para_text, styles
from app.reports.template import DocHeader, render_pdf, table_of_contents

GIP = GipIdentity.from_values({"gip.name": "GIP Insertion et Territoires",
                               "gip.seat": "1 place de la Mairie, Tulle"})
HEADER = DocHeader(GIP, "Conseil d'administration · séance n° 3", "Dossier de séance n° 2026-CA-3",
                   "Dossier de séance", "Séance du 12 mars 2026", "Jeanne Martin")


@pytest.fixture(scope="module")
def long_pdf() -> tuple[bytes, int]:
    s = styles()
    figure = new_figure(160, 70)
    axes = figure.add_subplot()
    axes.bar(["État", "Département", "CAF"], [123456.5, 250000, 98000])
    french_numbers(axes.yaxis)
    rows: list[list[object]] = [["Membre", "Montant"]] + [[f"Membre {i}", f"{i} 000,00 €"] for i in range(90)]
    story = [Paragraph("Dossier de séance", s["title"]), table_of_contents(), PageBreak(),
             Paragraph("1. Ordre du jour", s["h1"]), Paragraph(para_text("Texte délibéré. " * 40), s["body"]),
             Paragraph("1.1 Financements", s["h2"]), house_table(rows, numeric_columns=(1,)),
             Paragraph("2. Annexes", s["h1"]), figure_flowable(figure)]
    return render_pdf(story, HEADER)


def test_page_x_of_y_on_every_page(long_pdf: tuple[bytes, int]) -> None:
    pdf, pages = long_pdf
    reader = PdfReader(BytesIO(pdf))
    assert pages == len(reader.pages) >= 4
    for number, page in enumerate(reader.pages, start=1):
        assert f"Dossier de séance n° 2026-CA-3 · Page {number} / {pages}" in _words(page.extract_text())


def test_outline_follows_the_headings_and_their_pages(long_pdf: tuple[bytes, int]) -> None:
    reader = PdfReader(BytesIO(long_pdf[0]))
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["1. Ordre du jour", "2. Annexes"]
    assert [child.title for child in outline[1]] == ["1.1 Financements"]
    pages = [reader.get_destination_page_number(item) for item in outline if not isinstance(item, list)]
    assert pages[0] == 1 and pages[1] > pages[0]  # the TOC is on page 1 (index 0)


def test_table_of_contents_and_repeated_table_header(long_pdf: tuple[bytes, int]) -> None:
    reader = PdfReader(BytesIO(long_pdf[0]))
    assert "1.1 Financements" in reader.pages[0].extract_text()
    with_table = [_words(p.extract_text()) for p in reader.pages if "000,00" in p.extract_text()]
    assert len(with_table) >= 2 and all("Membre Montant" in text for text in with_table)


def test_links_are_printable_annotations(long_pdf: tuple[bytes, int]) -> None:
    reader = PdfReader(BytesIO(long_pdf[0]))
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert annotations and all(int(a["/F"]) & 4 for a in annotations)  # PDF/A-2 §6.3.2


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_only_embedded_dejavu_fonts(long_pdf: tuple[bytes, int], tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) absent")
    path = tmp_path / "long.pdf"
    path.write_bytes(long_pdf[0])
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = rows.splitlines()[2:]
    assert fonts and all("DejaVuSans" in line and line.split()[-5] == "yes" for line in fonts), rows


def test_pdfa_pieces_are_well_formed(long_pdf: tuple[bytes, int]) -> None:
    reader = PdfReader(BytesIO(long_pdf[0]))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    ET.fromstring(xmp.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])  # well-formed XML
    profile = root["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object().get_data()
    assert profile == srgb_profile() and profile[8:10] == b"\x04\x20"
    description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(BytesIO(profile)))
    assert description.strip() == "sRGB built-in"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            program = TTFont(BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            # Symbolic TrueType in PDF/A-2: no /Encoding, a single cmap subtable (§6.2.11.6).
            assert "/Encoding" not in font.get_object() and len(program["cmap"].tables) == 1


def test_chart_is_an_opaque_image(long_pdf: tuple[bytes, int]) -> None:
    reader = PdfReader(BytesIO(long_pdf[0]))
    images = [image for page in reader.pages for image in page.images]
    assert images and all(image.image.mode == "RGB" for image in images)


def test_the_stored_logo_is_printed_where_its_file_is_absent() -> None:
    """A workstation that received the logo by sync prints it, though the chosen file is elsewhere."""
    logo = BytesIO()
    Image.new("RGB", (600, 300), (31, 78, 121)).save(logo, format="PNG")
    gip = replace(GIP, logo_path="/home/autre-poste/logo.png", logo=logo.getvalue())
    pdf, _pages = render_pdf([Paragraph("Texte", styles()["body"])], replace(HEADER, gip=gip))
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert [image.image.size for image in page.images] == [(600, 300)]
    bare, _pages = render_pdf([Paragraph("Texte", styles()["body"])], HEADER)
    assert not PdfReader(BytesIO(bare)).pages[0].images
