"""Dossier de séance figures (issue 4): a 20-point dossier with annexes (about 100 pages) laid out in the
house template, as a ratio to the same flowables built with bare reportlab in the same run, and its time.

The flowables come from the demo's CA of 10 December 2026: its DTO is read once from the cached demo
database, then its points are repeated to 20 (each with its draft decision and three fiche action
annexes). The baseline is reportlab's own `SimpleDocTemplate` with the table-of-contents recipe of the
reportlab user guide (afterFlowable notifying TOCEntry, multiBuild), since the same story holds a table of
contents both must resolve; a single-pass build with an empty contents table is shown in the detail.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.core import Figure, demo_db, median_of

RATIO_GOAL = 1.5
ABSOLUTE_GOAL_S = 10.0
POINTS = 20


@cache
def dossier_doc() -> Any:
    """The demo's dossier DTO with its points repeated to POINTS, numbered apart."""
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
                doc = meeting_file_doc(session, session.scalars(stmt).one(), author="Banc d'essai")
        finally:
            db.dispose()
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


def _timed(build: Callable[[], int], pages: list[int]) -> Callable[[], float]:
    def measure() -> float:
        start = time.perf_counter()
        pages.append(build())
        return time.perf_counter() - start
    return measure


def figures() -> Iterator[Figure]:
    dossier_doc()  # the database read is not part of the layout time
    house_pages: list[int] = []
    bare_pages: list[int] = []
    house = median_of(_timed(_house, house_pages), repeat=3)
    bare = median_of(_timed(_bare, bare_pages), repeat=3)
    single = median_of(_timed(lambda: _bare(contents=False), []), repeat=3)
    detail = (f"house {house:.2f} s for {house_pages[-1]} pages; bare SimpleDocTemplate with contents "
              f"{bare:.2f} s ({bare_pages[-1]} pages); bare single pass without contents {single:.2f} s")
    yield Figure("dossier_seance_vs_bare_reportlab", house / bare, RATIO_GOAL, "×", detail=detail)
    yield Figure("dossier_seance_100_pages", house, ABSOLUTE_GOAL_S, " s",
                 detail=f"{POINTS} points with draft decisions and annexes, {house_pages[-1]} pages")
