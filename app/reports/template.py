"""The page template shared by every official document: GIP header, "référence · Page X / Y" footer,
PDF metadata in French, outline bookmarks from the headings, optional table of contents, PDF/A-2b.

The total page count is a form XObject drawn on every page and defined once the last page is known: one
layout pass, even for a 100-page dossier de séance (issue 4 benchmark).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from app import thread_guard
from app.domain.settings import GipIdentity
from app.formatting import nbsp
from app.reports.pdfa import PdfMeta, attach_pdfa
from app.reports.style import (
    ACCENT,
    BODY_SIZE,
    FONT,
    FONT_BOLD,
    MUTED,
    PAGE_MARGIN,
    RULE,
    register_fonts,
    styles,
)

log = logging.getLogger(__name__)

CREATOR = "Maillage"
TOTAL_FORM = "maillage_page_total"
HEADER_HEIGHT = 22 * mm
FOOTER_HEIGHT = 12 * mm
FOOTER_SIZE = 8


@dataclass(frozen=True)
class DocHeader:
    """What the page template prints and the PDF metadata says about one document."""

    gip: GipIdentity
    context: str  # body and meeting: "Conseil d'administration · séance n° 3 du jeudi 12 mars 2026"
    reference: str  # "Délibération n° 2026-CA-014": left of "Page X / Y" in the footer
    title: str
    subject: str
    author: str
    keywords: str = ""


class HouseCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas that writes the page total once every page has been drawn, and prints its links."""

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        # PDF/A-2 §6.3.2: every annotation carries /F with the Print flag (4); reportlab's links do not.
        if isinstance(getattr(annotation, "otherkw", None), dict):
            annotation.otherkw.setdefault("F", 4)
        super()._addAnnotation(annotation, name, addtopage)

    def save(self) -> None:
        total = self.getPageNumber() - (0 if self._code else 1)
        self.beginForm(TOTAL_FORM)
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(max(total, 1)))
        self.endForm()
        super().save()


HEADING_LEAD = 6  # points kept above a heading reached from the outline or the table of contents


class HouseDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait, house header and footer, outline from h1/h2 paragraphs, PDF/A-2b."""

    def __init__(self, target: BytesIO | str, header: DocHeader, **kwargs: Any) -> None:
        register_fonts()
        self.header = header
        self._heading_count = 0
        super().__init__(
            target, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN + HEADER_HEIGHT, bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT - 6 * mm,
            title=header.title, author=header.author, subject=header.subject, creator=CREATOR,
            keywords=header.keywords, lang="fr-FR", initialFontName=FONT, initialFontSize=BODY_SIZE,
            pageCompression=1, displayDocTitle=True, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self._heading_count = 0  # multiBuild lays the story out again on each pass
        h = self.header
        attach_pdfa(self.canv, PdfMeta(h.title, h.author, h.subject, CREATOR, h.keywords))
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        """h1/h2 paragraphs become bookmarks and table-of-contents entries."""
        if not isinstance(flowable, Paragraph) or flowable.style.name not in ("h1", "h2"):
            return
        level = 0 if flowable.style.name == "h1" else 1
        text = flowable.getPlainText()
        self._heading_count += 1
        key = f"h{self._heading_count}"
        top = self.frame._y + flowable.height + HEADING_LEAD  # the heading's top: a click lands on it
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top, zoom=0)  # zoom 0: the reader's own
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        self.notify("TOCEntry", (level, text, self.page, key))

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        self._draw_header(canv)
        self._draw_footer(canv)
        canv.restoreState()

    def _draw_header(self, canv: Canvas) -> None:
        gip, width, height = self.header.gip, A4[0], A4[1]
        top = height - PAGE_MARGIN
        logo_width = _draw_logo(canv, gip, right=width - PAGE_MARGIN, top=top)
        canv.setFillColor(ACCENT)
        canv.setFont(FONT_BOLD, 10)
        canv.drawString(PAGE_MARGIN, top - 9, nbsp(gip.name))
        canv.setFillColor(MUTED)
        canv.setFont(FONT, 8)
        if gip.seat:
            canv.drawString(PAGE_MARGIN, top - 20, nbsp(_fit(canv, gip.seat, width - 2 * PAGE_MARGIN
                                                           - logo_width)))
        canv.drawString(PAGE_MARGIN, top - 31, nbsp(_fit(canv, self.header.context,
                                                         width - 2 * PAGE_MARGIN - logo_width)))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(PAGE_MARGIN, top - HEADER_HEIGHT + 20, width - PAGE_MARGIN, top - HEADER_HEIGHT + 20)

    def _draw_footer(self, canv: Canvas) -> None:
        y = PAGE_MARGIN - 4 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(PAGE_MARGIN, y + 10, A4[0] - PAGE_MARGIN, y + 10)
        text = nbsp(f"{self.header.reference} · Page {canv.getPageNumber()} / ")
        canv.setFont(FONT, FOOTER_SIZE)
        canv.setFillColor(MUTED)
        canv.drawString(PAGE_MARGIN, y, text)
        canv.saveState()
        canv.translate(PAGE_MARGIN + canv.stringWidth(text, FONT, FOOTER_SIZE), y)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()


def _fit(canv: Canvas, text: str, width: float) -> str:
    """Shorten a header line with an ellipsis rather than let it run under the logo."""
    if canv.stringWidth(text, FONT, 8) <= width:
        return text
    while text and canv.stringWidth(text + "…", FONT, 8) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_logo(canv: Canvas, gip: GipIdentity, *, right: float, top: float) -> float:
    """The GIP's logo at the top right, 13 mm high (above the rule); returns its width (0 if none). The
    image stored in the base; a base saved before it was stored: the file, where this workstation has it."""
    if gip.logo:
        source: Any = BytesIO(gip.logo)
    elif gip.logo_path and Path(gip.logo_path).is_file():
        source = gip.logo_path
    else:
        return 0.0
    try:
        image = ImageReader(source)
        w, h = image.getSize()
    except OSError:  # an unreadable logo must not prevent an official document
        log.warning("Logo illisible : %s", gip.logo_path)
        return 0.0
    height = 13 * mm
    width = min(w * height / h, 50 * mm)
    canv.drawImage(image, right - width, top - height, width, height, preserveAspectRatio=True,
                   anchor="ne", mask="auto")
    return float(width + 4 * mm)


def table_of_contents() -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [styles()["toc1"], styles()["toc2"]]
    # Its Table would otherwise open with the base-14 Helvetica, which is never embedded.
    toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return toc


def render_pdf(story: Sequence[Flowable], header: DocHeader) -> tuple[bytes, int]:
    """Lay out `story` in the house template; returns the PDF bytes and the page count."""
    thread_guard.check("un PDF")
    buffer = BytesIO()
    doc = HouseDocTemplate(buffer, header)
    doc.multiBuild(list(story), canvasmaker=HouseCanvas)
    return buffer.getvalue(), doc.page
