"""Detail panes of the Évaluation page: an evaluation (distributions, never only a mean) and a grid."""

from __future__ import annotations

from html import escape

from app.domain.enums import AppraisalLevel
from app.domain.evaluation import (
    SCALE,
    CriterionLine,
    CriterionResult,
    EvaluationDetail,
    EvaluationSummary,
    GridSummary,
    RecommendationLine,
)
from app.formatting import long_date, number, percent, short_date
from app.ui.widgets.html import fields, muted, page, paragraph, section

LEVELS = (*SCALE, AppraisalLevel.NOT_ASSESSABLE, AppraisalLevel.NOT_CONCERNED)
BAR_WIDTH = 16  # characters for the most frequent level: one line in the pane at 1024 pixels wide


def period(summary: EvaluationSummary) -> str:
    if summary.period_start is None and summary.period_end is None:
        return ""
    return f"{short_date(summary.period_start) or '…'} – {short_date(summary.period_end) or '…'}"


def progress_text(summary: EvaluationSummary) -> str:
    """"2 / 3 critères (67 %)"."""
    if not summary.criteria_total:
        return "aucun critère"
    return (f"{number(summary.appraised)} / {number(summary.criteria_total)} critères "
            f"({percent(summary.progress, decimals=0)})")


def evaluation_html(detail: EvaluationDetail) -> str:
    summary = detail.summary
    return page(
        summary.title,
        " · ".join((summary.object_type.label, summary.object_label or "objet non précisé",
                    summary.status.label)),
        section("Évaluation", _evaluation_fields(detail)),
        section("Répartition de toutes les appréciations", _overall(detail)),
        section("Appréciations par critère", _criteria(detail.criteria)),
        section("Synthèse", paragraph(detail.synthesis, empty="Synthèse à rédiger.")),
        section("Méthode et limites", paragraph(detail.method_and_limits)),
        section(f"Recommandations ({len(detail.recommendations)})", _recommendations(detail.recommendations)),
    )


def _evaluation_fields(detail: EvaluationDetail) -> str:
    summary = detail.summary
    external = set(detail.external_evaluators)
    people = [f"{name} (externe)" if name in external else name for name in summary.evaluators]
    return fields([
        ("Objet évalué", f"{summary.object_type.label} : {summary.object_label}"),
        ("Référentiel", summary.grid_label),
        ("Période", period(summary)),
        ("Commanditaire", detail.commissioner),
        ("Statut", summary.status.label),
        ("Évaluateurs", ", ".join(people)),
        ("Avancement", progress_text(summary)),
        ("Non évaluable (NE)", f"{number(summary.ne_count)} appréciation{_s(summary.ne_count)}"),
    ])


def _s(count: int) -> str:
    return "s" if count > 1 else ""


def _count_cells(counts: list[int]) -> str:
    """Cells of counts; the most frequent level in bold, zeros in grey."""
    top = max(counts) if counts else 0
    cells = []
    for count in counts:
        style = "font-weight:bold" if count and count == top else ("color:#999" if not count else "")
        cells.append(f"<td class='n' style='{style}'>{number(count)}</td>")
    return "".join(cells)


def _distribution(counts: list[int]) -> str:
    """One line per level: label, count and a sober bar (a narrow pane cannot hold six wide columns)."""
    top = max(counts) or 1
    rows = "".join(
        f"<tr><td class='k'>{escape(level.label)}</td><td class='n'>{number(count)}</td>"
        f"<td style='color:#7f9cc4; white-space:nowrap'>{'█' * round(BAR_WIDTH * count / top)}</td></tr>"
        for level, count in zip(LEVELS, counts, strict=True)
    )
    return f"<table cellspacing='0'>{rows}</table>"


def _overall(detail: EvaluationDetail) -> str:
    if not detail.criteria:
        return muted("Le référentiel de cette évaluation ne compte aucun critère.")
    counts = [sum(c.distribution[i] for c in detail.criteria) for i in range(len(SCALE))]
    counts += [sum(c.ne_count for c in detail.criteria), sum(c.nc_count for c in detail.criteria)]
    if not any(counts):
        return muted("Aucune appréciation saisie pour le moment.")
    return _distribution(counts) + muted("Nombre d'appréciations des évaluateurs à chaque niveau, tous "
                                         "critères confondus (la consolidation est à part).")


def _criteria(criteria: tuple[CriterionResult, ...]) -> str:
    """One compact table: per criterion, how many evaluators gave each level, then the consolidation."""
    if not criteria:
        return muted("Aucun critère.")
    head = "<th>Critère</th>" + "".join(
        f"<th width='{width}' style='text-align:right; white-space:nowrap'>{h}</th>"
        for h, width in _COUNT_HEADERS)
    rows = "".join(_criterion_row(c) for c in criteria)
    legend = muted("Nombre d'évaluateurs à chaque niveau : 1 insuffisant, 2 partiel, 3 satisfaisant, "
                   "4 très satisfaisant, NE non évaluable, NC non concerné.")
    return f"<table cellspacing='0' width='100%'><tr>{head}</tr>{rows}</table>{legend}{_rationales(criteria)}"


_COUNT_HEADERS = (("1", 26), ("2", 26), ("3", 26), ("4", 26), ("NE", 30), ("NC", 30), ("Consolidé", 70))


def _criterion_row(result: CriterionResult) -> str:
    label = (f"<td><b>{result.position}. {escape(result.family.label)}</b><br/>"
             f"<span style='color:#555'>{escape(result.question)}</span></td>")
    counts = [*result.distribution, result.ne_count, result.nc_count]
    consolidated = result.consolidated.value if result.consolidated else "—"
    warn = " class='warn'" if result.consolidated is AppraisalLevel.INSUFFICIENT else ""
    return (f"<tr>{label}{_count_cells(counts)}"
            f"<td class='n'><b{warn}>{escape(consolidated)}</b></td></tr>")


def _rationales(criteria: tuple[CriterionResult, ...]) -> str:
    lines = [
        f"<p><b>{c.position}. {escape(c.family.label)}</b> – {escape(c.consolidated.label)} : "
        f"{escape(c.rationale)}</p>"
        for c in criteria
        if c.consolidated is not None and c.rationale
    ]
    if not lines:
        return ""
    return "<p style='margin-top:8px'><b>Justification des appréciations consolidées</b></p>" + "".join(lines)


def _recommendations(lines: tuple[RecommendationLine, ...]) -> str:
    if not lines:
        return muted("Aucune recommandation formulée.")
    return "".join(_recommendation(line) for line in lines)


def _recommendation(line: RecommendationLine) -> str:
    facts = [line.priority.label, f"à l'attention de : {line.addressee}" if line.addressee else "",
             f"échéance : {long_date(line.due_on)}" if line.due_on else "", line.status.label]
    follow_up = line.follow_up or "à renseigner"
    return (f"<p style='margin-top:6px'><b>{escape(line.text)}</b><br/>"
            f"<span style='color:#555'>{escape(' · '.join(f for f in facts if f))}</span><br/>"
            f"Suite donnée : {escape(follow_up)}</p>")


def grid_html(grid: GridSummary) -> str:
    return page(
        f"{grid.title} ({grid.version_label})",
        f"{grid.object_type.label} · {grid.timing.label} · {grid.status.label}",
        section("Référentiel", fields([
            ("Code", grid.code),
            ("Version", str(grid.version)),
            ("Objet évalué", grid.object_type.label),
            ("Temporalité", grid.timing.label),
            ("Statut", grid.status.label),
            ("Critères", number(grid.criteria_count)),
            ("Évaluations", number(grid.evaluations_count)),
        ])),
        section("Critères et échelles", "".join(_grid_criterion(c) for c in grid.criteria)
                or muted("Aucun critère dans cette version.")),
    )


def _grid_criterion(criterion: CriterionLine) -> str:
    title = (f"<p style='margin-top:10px'><b>{criterion.position}. {escape(criterion.family.label)}</b> – "
             f"{escape(criterion.question)}</p>")
    threshold = criterion.eliminatory_threshold
    pairs = [
        ("Critère de jugement", criterion.judgement),
        ("Indicateur", criterion.indicator),
        ("Valeur de référence (T0)", criterion.baseline),
        ("Cible", criterion.target),
        ("Source", criterion.source),
    ]
    pairs = [(key, value) for key, value in pairs if value]
    pairs += [("Pondération", number(criterion.weight, decimals=1)),
              ("Seuil éliminatoire", f"niveau {threshold}" if threshold is not None else "aucun")]
    labels = {int(level.value): level.label for level in SCALE}
    scale = [(labels.get(level, str(level)), text) for level, text in criterion.descriptors]
    descriptors = fields(scale) if scale else muted("Descripteurs de l'échelle à rédiger.")
    return title + fields(pairs) + "<p style='margin:4px 0 0 0; color:#333'>Échelle :</p>" + descriptors
