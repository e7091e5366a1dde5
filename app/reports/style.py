"""The house style of every official document: embedded DejaVu fonts, colours, paragraph and table styles.

Helvetica (a non-embedded base-14 font) is never used: documents pass `FONT` as `initialFontName` and every
style below names a DejaVu face registered from `resources/fonts` (ARCHITECTURE.md, "Documents").
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Table, TableStyle

from app.config import resource_path
from app.formatting import NBSP, nbsp

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1d4e89")  # headings, rules
MUTED = colors.HexColor("#5f6b7a")  # header, footer, captions
RULE = colors.HexColor("#c5cdd8")
HEADER_FILL = colors.HexColor("#e6edf5")
STRIPE_FILL = colors.HexColor("#f5f7fa")

_SPACE_BEFORE = re.compile(r" ([:;!?%»€])")
_HOUR = re.compile(r"\b(\d{1,2}) h\b( (?=\d{2}\b))?")  # « 15 h 20 » never broken across lines
PAGE_MARGIN = 20 * mm
BODY_SIZE = 10


@cache
def register_fonts() -> str:
    """Register the four DejaVu faces (once per process) and map bold/italic onto them."""
    faces = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
             FONT_ITALIC: "DejaVuSans-Oblique.ttf", FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf"}
    for name, file_name in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)
    return FONT


def _style(name: str, **kwargs: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": FONT, "fontSize": BODY_SIZE, "leading": BODY_SIZE * 1.35,
                               "textColor": INK, "spaceAfter": 4}
    base.update(kwargs)
    return ParagraphStyle(name, **base)


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, by role. Headings h1/h2 feed the outline and the table of contents."""
    register_fonts()
    return {
        "body": _style("body", alignment=TA_JUSTIFY),
        "body_left": _style("body_left", alignment=TA_LEFT),
        "small": _style("small", fontSize=8, leading=10.5, textColor=MUTED),
        "title": _style("title", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ACCENT,
                        alignment=TA_CENTER, spaceAfter=6),
        "subtitle": _style("subtitle", fontSize=11, leading=14, alignment=TA_CENTER, textColor=INK,
                           spaceAfter=10),
        "h1": _style("h1", fontName=FONT_BOLD, fontSize=13, leading=17, textColor=ACCENT, spaceBefore=10,
                     spaceAfter=6, keepWithNext=1),
        "h2": _style("h2", fontName=FONT_BOLD, fontSize=11, leading=14, textColor=INK, spaceBefore=8,
                     spaceAfter=4, keepWithNext=1),
        "object": _style("object", fontName=FONT_BOLD, fontSize=11, leading=15, spaceBefore=4, spaceAfter=8),
        "visa": _style("visa", alignment=TA_JUSTIFY, leftIndent=0, spaceAfter=3),
        "decides": _style("decides", fontName=FONT_BOLD, fontSize=11, alignment=TA_CENTER, spaceBefore=10,
                          spaceAfter=10, keepWithNext=1),
        "article_title": _style("article_title", fontName=FONT_BOLD, spaceBefore=6, spaceAfter=2,
                                keepWithNext=1),
        "vote": _style("vote", alignment=TA_LEFT, leftIndent=4, rightIndent=4, borderPadding=(4, 4, 4, 4),
                       backColor=STRIPE_FILL, spaceBefore=8, spaceAfter=10),
        "event": _style("event", alignment=TA_LEFT, spaceBefore=6, spaceAfter=6),  # PV: quorum lost…
        "right": _style("right", alignment=TA_RIGHT),
        "center": _style("center", alignment=TA_CENTER),
        "cell": _style("cell", fontSize=9, leading=11.5, spaceAfter=0, alignment=TA_LEFT),
        "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceAfter=0),
        "cell_num": _style("cell_num", fontSize=9, leading=11.5, spaceAfter=0, alignment=TA_RIGHT),
        "toc1": _style("toc1", fontSize=10, leftIndent=0),
        "toc2": _style("toc2", fontSize=9, leftIndent=6 * mm),
    }


def para_text(text: str) -> str:
    """Plain text made safe for a Paragraph: XML-escaped, French no-break spaces, line breaks kept."""
    return french_spacing(escape(text, quote=False)).replace("\n", "<br/>")


def french_spacing(text: str) -> str:
    """No line break before « : ; ! ? % », after « n° » nor inside « 15 h 20 »; U+202F made U+00A0 (reportlab
    breaks there)."""
    text = _SPACE_BEFORE.sub(NBSP + r"\1", nbsp(text))
    text = _HOUR.sub(lambda m: m[1] + NBSP + "h" + (NBSP if m[2] else ""), text)
    return text.replace("« ", "«" + NBSP).replace("n° ", "n°" + NBSP)


def table_style(*, header_rows: int = 1, numeric_columns: tuple[int, ...] = ()) -> TableStyle:
    """Thin rules, a tinted header row, zebra stripes; numbers right-aligned."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE_FILL]),
    ]
    if header_rows:
        commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
                     ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
                     ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.75, ACCENT)]
    commands += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in numeric_columns]
    return TableStyle(commands)


def house_table(rows: list[list[object]], *, col_widths: list[float] | None = None, header_rows: int = 1,
                numeric_columns: tuple[int, ...] = ()) -> Table:
    """A table in the house style whose header rows repeat on every page it spans."""
    table = Table(rows, colWidths=col_widths, repeatRows=header_rows, hAlign="LEFT")
    table.setStyle(table_style(header_rows=header_rows, numeric_columns=numeric_columns))
    return table
