"""The detail pane of a pool agent as HTML: contact, assignments and the month-by-month load."""

from __future__ import annotations

from html import escape

from app.domain.pool import MemberDetail
from app.formatting import number, percent, short_date
from app.ui.widgets import html

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def member_html(detail: MemberDetail) -> str:
    row = detail.row
    subtitle = (
        f"{row.function.label} · {row.employment_status.label} · {row.employer or 'employeur non précisé'}"
    )
    return html.page(
        f"{row.first_name} {row.last_name}",
        subtitle,
        _overload_banner(detail),
        html.fields(
            [
                ("Quotité", percent(row.working_time, decimals=0)),
                ("ETP affectés ce mois-ci", number(row.assigned_fte, decimals=2)),
                ("Projets", number(row.projects)),
                ("Courriel", detail.email),
                ("Téléphone", detail.phone),
                ("Convention de mise à disposition", detail.secondment_agreement or "—"),
            ]
        ),
        html.section("Compétences", html.paragraph(detail.skills)),
        html.section(
            "Territoires d'intervention",
            html.bullet_list(detail.territories, empty="Aucun territoire attribué."),
        ),
        html.section("Affectations", _assignments(detail)),
        html.section(
            f"Charge mois par mois ({detail.months[0].month.year})" if detail.months else "Charge",
            _months(detail),
        ),
    )


def _overload_banner(detail: MemberDetail) -> str:
    row = detail.row
    if not row.overloaded:
        return ""
    over = [m for m in detail.months if m.fte > row.working_time]
    return (
        f"<p class='warn'>Surcharge : {len(over)} mois au-dessus de la quotité "
        f"({percent(row.working_time, decimals=0)}), jusqu'à {number(row.peak_fte, decimals=2)} ETP.</p>"
    )


def _assignments(detail: MemberDetail) -> str:
    rows = [
        [
            a.project_code,
            a.project_title,
            a.role.label,
            number(a.fte, decimals=2),
            short_date(a.starts_on) or "—",
            short_date(a.ends_on) or "—",
            a.project_status.label,
        ]
        for a in detail.assignments
    ]
    return html.table(
        ["Projet", "Intitulé", "Rôle", "ETP", "Début", "Fin", "Statut du projet"],
        rows,
        numeric=[3],
        empty="Aucune affectation.",
    )


def _months(detail: MemberDetail) -> str:
    if not detail.months:
        return html.muted("Aucune donnée.")
    quota = detail.row.working_time
    cells = []
    for month in detail.months:
        load = month.fte / quota if quota else 0
        css = " class='warn'" if month.fte > quota else ""
        cells.append(
            f"<tr><td class='k'>{MONTHS[month.month.month - 1]}</td>"
            f"<td class='n'>{number(month.fte, decimals=2)} ETP</td>"
            f"<td class='n'><span{css}>{escape(percent(load, decimals=0))}</span></td></tr>"
        )
    return "<table cellspacing='0'>" + "".join(cells) + "</table>"

