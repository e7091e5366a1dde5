"""HTML for the Diagnostic page: a need's detail and the AFOM grid."""

from __future__ import annotations

from html import escape

from app.domain.diagnostic import NeedDetail, SwotView
from app.domain.enums import SwotQuadrant
from app.formatting import long_date
from app.ui.widgets import html
from app.ui.widgets.value_format import cell_text


def need_html(detail: NeedDetail) -> str:
    row = detail.row
    left = "".join(
        (
            html.fields(
                [("Public visé", row.target_public), ("Projets qui y répondent", str(len(detail.projects)))]
            ),
            html.section("Justification", html.paragraph(detail.justification)),
            html.section(
                "Territoires concernés", html.bullet_list(detail.territories, empty="Tout le département.")
            ),
            html.section(
                "Constats du diagnostic", html.bullet_list(detail.findings, empty="Aucun constat rattaché.")
            ),
        )
    )
    right = "".join(
        (
            html.section("Indicateurs liés", _indicators(detail)),
            html.section("Projets qui répondent à ce besoin", _projects(detail)),
        )
    )
    return html.page(
        f"{row.code} — {row.title}",
        f"{row.priority.label} · {row.theme.label} · rang {row.rank}",
        html.columns(left, right),
    )


def _indicators(detail: NeedDetail) -> str:
    rows = [
        [
            f"{f.indicator.label} ({f.indicator.source})",
            cell_text(f.cell, f.indicator.decimals) + (f" {f.indicator.unit}" if f.cell else ""),
            f.period or "—",
        ]
        for f in detail.indicators
    ]
    return html.table(
        ["Indicateur (source)", "Département", "Année"],
        rows,
        numeric=[1],
        empty="Aucun indicateur lié.",
    )


def _projects(detail: NeedDetail) -> str:
    if not detail.projects:
        return "<p class='warn'>Aucun projet ne répond encore à ce besoin.</p>"
    rows = [[p.code, p.title, p.status.label] for p in detail.projects]
    return html.table(["Code", "Intitulé", "Statut"], rows, limit=html.DETAIL_ROWS,
                      more="… et {n} autres : double-cliquez sur ce besoin dans Portefeuille, onglet "
                           "« Couverture des besoins », pour les voir tous.")


def swot_html(view: SwotView | None) -> str:
    """The four AFOM quadrants in a 2 × 2 grid, under the diagnostic's identity."""
    if view is None:
        return html.muted(
            "Aucun diagnostic enregistré. Le diagnostic territorial et son AFOM apparaîtront "
            "ici une fois saisis ou importés."
        )
    subtitle = (
        f"{view.status.label} · réalisé le {long_date(view.made_on)}" if view.made_on else view.status.label
    )
    grid = (
        "<table width='100%' cellspacing='6'><tr>"
        + _quadrant(view, SwotQuadrant.STRENGTH, "#e8f3ea")
        + _quadrant(view, SwotQuadrant.WEAKNESS, "#fbeaea")
        + "</tr><tr>"
        + _quadrant(view, SwotQuadrant.OPPORTUNITY, "#e8eff8")
        + _quadrant(view, SwotQuadrant.THREAT, "#fdf3e1")
        + "</tr></table>"
    )
    return html.page(
        view.title,
        subtitle,
        html.section("Synthèse", html.paragraph(view.summary)),
        grid,
        html.section("Méthode", html.paragraph(view.method)),
    )


def _quadrant(view: SwotView, quadrant: SwotQuadrant, colour: str) -> str:
    items = [text for q, text in view.items if q is quadrant]
    body = "".join(f"<li>{escape(text)}</li>" for text in items) or "<li><i>Rien de noté.</i></li>"
    return (
        f"<td width='50%' style='background:{colour}; padding:8px'><b>{escape(quadrant.label)}</b>"
        f"<ul>{body}</ul></td>"
    )
