"""Charts for the documents: a matplotlib Figure (Figure API, never pyplot) made into a platypus flowable.

svglib is not shipped and reportlab cannot place a PDF page without a commercial add-on, so a chart
becomes a flattened RGB PNG at print resolution (no alpha channel: nothing for PDF/A to object to).
"""

from __future__ import annotations

from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Image

from app import thread_guard
from app.formatting import number

PRINT_DPI = 200
MM_PER_INCH = 25.4


def new_figure(width_mm: float = 170, height_mm: float = 85) -> Figure:
    """A figure sized in millimetres for an A4 page, in DejaVu Sans like the text around it."""
    figure = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def french_numbers(axis: object, *, decimals: int = 0) -> None:
    """Axis ticks as "1 234,5" rather than "1234.5"."""
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value, decimals=decimals)))  # type: ignore[attr-defined]


def figure_png(figure: Figure, *, dpi: int = PRINT_DPI) -> bytes:
    """The figure as an opaque RGB PNG."""
    thread_guard.check("un graphique")
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)  # off the GUI thread: never a Qt canvas
    raw = BytesIO()
    figure.savefig(raw, format="png", dpi=dpi, facecolor="white")
    raw.seek(0)
    out = BytesIO()
    PILImage.open(raw).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def figure_flowable(figure: Figure, *, max_width: float = 170 * mm, dpi: int = PRINT_DPI) -> Image:
    """A flowable keeping the figure's proportions, no wider than `max_width` points."""
    width_in, height_in = figure.get_size_inches()
    width = min(max_width, width_in * 72.0)
    height = width * height_in / width_in
    image = Image(BytesIO(figure_png(figure, dpi=dpi)), width=width, height=height)
    image.hAlign = "CENTER"
    return image
