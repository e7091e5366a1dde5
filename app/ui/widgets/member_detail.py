"""The detail pane of a pool agent as HTML: contact, assignments and the month-by-month load."""

from __future__ import annotations

from html import escape

from app.domain.pool import MemberDetail
from app.formatting import number, percent, short_date
from app.ui.widgets import html

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def member_html(detail: MemberDetail) -> str:
    row = detail.row
    subtitle = (
        f"{row.function.label} · {row.employment_status.label} · {row.employer or 'employeur non précisé'}"
    )
    return html.page(
        f"{row.first_name} {row.last_name}",
        subtitle,
        _overload_banner(detail),
        html.columns(_left(detail), _right(detail)),
    )


def _left(detail: MemberDetail) -> str:
    row = detail.row
    facts = html.fields(
        [
            ("Quotité", percent(row.working_time, decimals=0)),
            ("ETP affectés ce mois-ci", number(row.assigned_fte, decimals=2)),
            ("Projets", number(row.projects)),
            ("Courriel", detail.email),
            ("Téléphone", detail.phone),
            ("Mise à disposition", detail.secondment_agreement or "—"),
        ]
    )
    return "".join(
        (
            facts,
            html.section("Compétences", html.paragraph(detail.skills)),
            html.section(
                "Territoires d'intervention",
                html.bullet_list(detail.territories, empty="Aucun territoire attribué."),
            ),
        )
    )


def _right(detail: MemberDetail) -> str:
    year = detail.months[0].month.year if detail.months else ""
    return html.section(f"Charge mois par mois ({year})", _months(detail)) + html.section(
        "Affectations", _assignments(detail)
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
            f"{a.project_code} – {a.project_title} ({a.project_status.label.lower()})",
            a.role.label,
            number(a.fte, decimals=2),
            f"{short_date(a.starts_on) or '…'} → {short_date(a.ends_on) or '…'}",
        ]
        for a in detail.assignments
    ]
    return html.table(["Projet", "Rôle", "ETP", "Période"], rows, numeric=[2], empty="Aucune affectation.",
                      limit=html.DETAIL_ROWS, more="… et {n} autres affectations.")


# Twelve narrow columns: never « jan / v. » over two lines in a narrow pane (1024 pixels wide)
_MONTH_CELL = " style='text-align:right; white-space:nowrap; padding:2px 0 2px 6px'"


def _months(detail: MemberDetail) -> str:
    """Twelve columns: the month, its ETP and its load against the quotité (red above 100 %)."""
    if not detail.months:
        return html.muted("Aucune donnée.")
    quota = detail.row.working_time
    heads, ftes, loads = [], [], []
    for month in detail.months:
        css = " class='warn'" if month.fte > quota else ""
        heads.append(f"<th{_MONTH_CELL}>{MONTHS[month.month.month - 1]}</th>")
        ftes.append(f"<td{_MONTH_CELL}>{number(month.fte, decimals=2)}</td>")
        load = percent(month.fte / quota if quota else 0, decimals=0)
        loads.append(f"<td{_MONTH_CELL}><span{css}>{escape(load)}</span></td>")
    return (
        "<table cellspacing='0'><tr><th></th>" + "".join(heads) + "</tr>"
        "<tr><td class='k'>ETP</td>" + "".join(ftes) + "</tr>"
        "<tr><td class='k'>Charge</td>" + "".join(loads) + "</tr></table>"
    )
