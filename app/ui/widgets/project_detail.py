"""The detail pane of a project (fiche action) as HTML: objectives, funding plan, milestones, risks..."""

from __future__ import annotations

from app.domain.portfolio import FundingPlan, ProjectDetail
from app.formatting import euros, number, short_date, short_date_time
from app.ui.widgets import html


def project_html(detail: ProjectDetail) -> str:
    row = detail.row
    return html.page(
        f"{row.code} — {row.title}",
        f"{row.status.label} · {row.novelty.label} · porté par {row.carrier or 'porteur non désigné'}",
        html.columns(_left(detail), _right(detail)),
    )


def _left(detail: ProjectDetail) -> str:
    row = detail.row
    facts = html.fields(
        [
            ("Pilote", row.pilot or "Non désigné"),
            ("Période", _period(row.starts_on, row.ends_on)),
            ("Axes", " ; ".join(axis.label for axis in row.axes) or "Aucun axe"),
            ("Cadres", ", ".join(row.framework_codes) or "—"),
            ("Financement total", euros(row.total_cents)),
        ]
    )
    return "".join(
        (
            facts,
            html.section("Résumé", html.paragraph(detail.summary)),
            html.section("Objectifs", html.paragraph(detail.objectives)),
            html.section("Public visé", html.paragraph(_public(detail))),
            html.section(
                "Territoires", html.bullet_list(detail.territories, empty="Aucun territoire rattaché.")
            ),
            html.section(
                "Besoins auxquels le projet répond",
                html.bullet_list(detail.needs, empty="Aucun besoin du diagnostic rattaché."),
            ),
            html.section("Partenaires", html.bullet_list(detail.partners, empty="Aucun partenaire déclaré.")),
            html.section("Services mobilisés des membres",
                         html.bullet_list(detail.services, empty="Aucun service mobilisé.")),
        )
    )


def _right(detail: ProjectDetail) -> str:
    return "".join(
        (
            html.section("Plan de financement", funding_html(detail.funding)),
            html.section("Équipe du pool", _team(detail)),
            html.section("Jalons", _milestones(detail)),
            html.section("Risques", _risks(detail)),
            html.section("Historique des statuts", _history(detail)),
        )
    )


def _period(starts: object, ends: object) -> str:
    if starts is None and ends is None:
        return "Non planifiée"
    return f"du {short_date(starts) or '…'} au {short_date(ends) or '…'}"  # type: ignore[arg-type]


def _public(detail: ProjectDetail) -> str:
    if detail.target_volume:
        return f"{detail.target_public} (objectif : {number(detail.target_volume)} par an)"
    return detail.target_public


def funding_html(plan: FundingPlan) -> str:
    """Funders × years, with a total column and a total row; amounts in euros."""
    if not plan.rows:
        return html.muted("Aucune ligne de financement.")
    headers = ["Financeur", *(str(year) for year in plan.years), "Total"]
    rows = [
        [funder, *(euros(a) if a else "—" for a in amounts), euros(sum(amounts))]
        for funder, amounts in plan.rows
    ]
    rows.append(["Total", *(euros(total) for total in plan.year_totals), euros(plan.total)])
    return html.table(headers, rows, numeric=range(1, len(headers)), total_row=True)


def _team(detail: ProjectDetail) -> str:
    rows = [[member.name, member.role.label, number(member.fte, decimals=2)] for member in detail.team]
    return html.table(["Agent", "Rôle", "ETP"], rows, numeric=[2], empty="Aucun agent affecté.")


def _milestones(detail: ProjectDetail) -> str:
    rows = [[m.title, short_date(m.due_on) or "—", m.status.label] for m in detail.milestones]
    return html.table(["Jalon", "Échéance", "État"], rows, empty="Aucun jalon.")


def _risks(detail: ProjectDetail) -> str:
    rows = [[r.description, f"{r.likelihood}/4", f"{r.impact}/4", r.mitigation] for r in detail.risks]
    return html.table(["Risque", "Probabilité", "Impact", "Parade"], rows, empty="Aucun risque identifié.")


def _history(detail: ProjectDetail) -> str:
    rows = [
        [
            short_date_time(c.changed_at) or "—",
            f"{c.from_status.label} → {c.to_status.label}",
            c.changed_by,
            c.comment,
        ]
        for c in detail.history
    ]
    return html.table(["Date", "Changement", "Par", "Commentaire"], rows, empty="Aucun changement de statut.")
