"""Dossier de séance figures (issue 4): a 20-point dossier with annexes (about 100 pages) laid out in the
house template, as a ratio to the same flowables built with bare reportlab in the same run, and its time.

The flowables come from the demo's CA of 10 December 2026: its DTO is read once from the cached demo
database, then its points are repeated to 20 (each with its draft decision and three fiche action
annexes). The baseline is reportlab's own `SimpleDocTemplate` with the table-of-contents recipe of the
reportlab user guide (afterFlowable notifying TOCEntry, multiBuild), since the same story holds a table of
contents both must resolve; a single-pass build with an empty contents table is shown in the detail.
Times are this process's CPU time, house and bare measured back to back (the ratio is the median of the
pairs): the machine is shared and wall time follows the neighbours' load. The wall time is in the detail.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.core import Figure, demo_db

RATIO_GOAL = 1.5
ABSOLUTE_GOAL_S = 10.0
POINTS = 20


@cache
def demo_dossier_doc() -> Any:
    """The demo's dossier DTO (its CA of 10 December 2026, about 10 pages), read once."""
    from sqlalchemy import func, select

    from app import db
    from app.models.meeting import Meeting
    from app.services.meeting_file import meeting_file_doc

    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        path = Path(folder) / "demo.sqlite"
        shutil.copy(demo_db("small"), path)
        db.init_engine(path)
        try:
            with db.SessionFactory() as session:
                stmt = select(Meeting.id).where(func.date(Meeting.starts_at) == "2026-12-10")
                return meeting_file_doc(session, session.scalars(stmt).one(), author="Banc d'essai")
        finally:
            db.dispose()


@cache
def dossier_doc() -> Any:
    """The demo's dossier DTO with its points repeated to POINTS, numbered apart."""
    doc = demo_dossier_doc()
    return replace(doc, items=_repeat(doc.items))


def _repeat(items: tuple[Any, ...]) -> tuple[Any, ...]:
    source = [item for item in items if item.annexes] or list(items)
    out = []
    for index in range(POINTS):
        item = source[index % len(source)]
        number = f"2026-CA-{100 + index:03d}"
        line = replace(item.line, position=index + 1, title=f"{item.line.title} ({index + 1})",
                       decision_number=number)
        draft = replace(item.draft, number=number) if item.draft is not None else None
        out.append(replace(item, line=line, draft=draft))
    return tuple(out)


def _house() -> int:
    from app.reports.meeting_file import render_meeting_file

    return render_meeting_file(dossier_doc())[1]


def _bare(*, contents: bool = True) -> int:
    """The same flowables in reportlab's SimpleDocTemplate: A4, the same frame (so the same page breaks)
    and fonts; no header, footer, outline, metadata or PDF/A."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from app.reports.meeting_file import meeting_file_story
    from app.reports.style import FONT, PAGE_MARGIN
    from app.reports.template import FOOTER_HEIGHT, HEADER_HEIGHT

    class Bare(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:  # the reportlab user guide's TOC recipe
            if contents and isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
                level = 0 if flowable.style.name == "h1" else 1
                self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))

    doc = Bare(BytesIO(), pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
               topMargin=PAGE_MARGIN + HEADER_HEIGHT, bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT - 6 * mm,
               initialFontName=FONT)
    doc.multiBuild(meeting_file_story(dossier_doc()))
    return int(doc.page)


def _cpu(build: Callable[[], int]) -> tuple[float, int]:
    """CPU time of this process for one build (the machine is shared: wall time follows the neighbours)."""
    start = time.process_time()
    pages = build()
    return time.process_time() - start, pages


def _paired(repeat: int = 5) -> tuple[float, float, float, int, int]:
    """House and bare builds measured back to back, after one warm-up of each; medians and pages."""
    _cpu(_house)
    _cpu(_bare)
    house, bare, ratios = [], [], []
    for _ in range(repeat):
        (h, house_pages), (b, bare_pages) = _cpu(_house), _cpu(_bare)
        house.append(h)
        bare.append(b)
        ratios.append(h / b)
    median = statistics.median
    return median(ratios), median(house), median(bare), house_pages, bare_pages


def figures() -> Iterator[Figure]:
    dossier_doc()  # the database read is not part of the layout time
    ratio, house, bare, house_pages, bare_pages = _paired()
    single = statistics.median(_cpu(lambda: _bare(contents=False))[0] for _ in range(3))
    detail = (f"CPU time, median of 5 pairs: house {house:.2f} s for {house_pages} pages; bare "
              f"SimpleDocTemplate with contents {bare:.2f} s ({bare_pages} pages); bare single pass without "
              f"contents {single:.2f} s")
    yield Figure("dossier_seance_vs_bare_reportlab", ratio, RATIO_GOAL, "×", detail=detail)
    wall_start = time.perf_counter()
    _house()
    wall = time.perf_counter() - wall_start
    yield Figure("dossier_seance_100_pages", house, ABSOLUTE_GOAL_S, " s",
                 detail=f"CPU time; {wall:.2f} s wall on this (shared) machine; {POINTS} points with draft "
                        f"decisions and annexes, {house_pages} pages")
