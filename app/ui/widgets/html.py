"""Small HTML builders for detail panes (QTextBrowser's rich-text subset), escaping every value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from app.formatting import number

DETAIL_ROWS = 30  # rows of a long list shown in a detail pane (the rest counted, not laid out)
STYLE = """
<style>
h2 { margin: 0 0 2px 0; font-size: 15pt; }
h3 { margin: 14px 0 4px 0; font-size: 11pt; color: #1f4e79; }
.sub { color: #555; margin-bottom: 6px; }
.muted { color: #777; font-style: italic; }
.warn { color: #b3261e; font-weight: bold; }
td, th { padding: 2px 8px 2px 0; vertical-align: top; }
th { text-align: left; color: #333; border-bottom: 1px solid #bbb; }
td.k { color: #555; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
</style>
"""


def page(title: str, subtitle: str, *sections: str) -> str:
    return f"{STYLE}<h2>{escape(title)}</h2><div class='sub'>{escape(subtitle)}</div>{''.join(sections)}"


def section(title: str, body: str) -> str:
    return f"<h3>{escape(title)}</h3>{body}"


def paragraph(text: str, *, empty: str = "Non renseigné.") -> str:
    if not text.strip():
        return muted(empty)
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def muted(text: str) -> str:
    return f"<p class='muted'>{escape(text)}</p>"


def fields(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column key/value table."""
    rows = "".join(f"<tr><td class='k'>{escape(k)}</td><td>{escape(v or '—')}</td></tr>" for k, v in pairs)
    return f"<table cellspacing='0'>{rows}</table>"


def bullet_list(items: Sequence[str], *, empty: str) -> str:
    if not items:
        return muted(empty)
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    empty: str = "Aucune ligne.",
    total_row: bool = False,
    limit: int = 0,
    more: str = "… et {n} de plus.",
) -> str:
    """A table; the columns listed in `numeric` are right-aligned; `total_row` sets the last row in bold.
    With `limit`, only the first `limit` rows, then `more` with {n} the number left out: a detail pane
    laid out on the GUI thread stays small (800 projects answering a need took half a second)."""
    if not rows:
        return muted(empty)
    if limit and len(rows) > limit:
        return table(headers, rows[:limit], numeric=numeric) + muted(more.format(n=number(len(rows) - limit)))
    head = "".join(f"<th{_align(i, numeric)}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        ("<tr style='font-weight:bold'>" if total_row and index == len(rows) - 1 else "<tr>")
        + "".join(f"<td{_cls(i, numeric)}>{escape(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for index, row in enumerate(rows)
    )
    return f"<table cellspacing='0' width='100%'><tr>{head}</tr>{body}</table>"


def _align(index: int, numeric: Sequence[int]) -> str:
    return " style='text-align:right'" if index in numeric else ""


def _cls(index: int, numeric: Sequence[int]) -> str:
    return " class='n'" if index in numeric else ""


def columns(left: str, right: str) -> str:
    """Two side-by-side columns, for detail panes that span the whole width under a table."""
    return (
        "<table width='100%' cellspacing='0'><tr>"
        f"<td width='48%' style='padding-right:24px'>{left}</td>"
        f"<td width='52%'>{right}</td></tr></table>"
    )
