"""« Portefeuille »: every project (fiche action), filtered by status, axis and framework, with its detail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.db import job
from app.domain.enums import ProjectStatus
from app.domain.portfolio import ProjectDetail, ProjectRow
from app.formatting import euros, short_date
from app.services.portfolio import get_project, list_projects
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.widgets.colours import project_status_colour
from app.ui.widgets.list_page import FilterSpec, Job, ListPage
from app.ui.widgets.project_detail import project_html


def _date_key(day: Any) -> int:
    return day.toordinal() if day is not None else 0


def _status_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    present = {row.status for row in rows}
    return [(status.label, status) for status in ProjectStatus if status in present]


def _axis_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    axes = {axis.id: axis for row in rows for axis in row.axes}
    ordered = sorted(
        axes.values(), key=lambda a: (a.framework_code, [int(p) for p in a.number.split(".") if p.isdigit()])
    )
    return [(f"{axis.number} {axis.title}"[:70], axis.id) for axis in ordered]


def _framework_options(rows: Sequence[ProjectRow]) -> list[tuple[str, object]]:
    codes = sorted({axis.framework_code for row in rows for axis in row.axes if axis.framework_code})
    return [(code, code) for code in codes]


class PortfolioPage(ListPage):
    """The project table stays fluid on 10,000 rows: one load, sorting and filtering in the proxy."""

    TITLE = "Portefeuille"
    EXPLANATION = (
        "Les fiches action du GIP : statut, porteur, pilote, calendrier et financement. "
        "Sélectionnez un projet pour voir ses objectifs, son plan de financement et ses jalons."
    )
    EMPTY_HINT = (
        "Aucun projet pour le moment.\nLes fiches action apparaîtront ici dès qu'elles seront "
        "saisies ou importées, ou ouvrez la base de démonstration (Fichier › Ouvrir une base…)."
    )
    STATE_KEY = "portfolio"
    DETAIL_BELOW = True

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Code"), lambda r: r.code),
            Column(self.tr("Intitulé"), lambda r: r.title, tooltip=lambda r: r.title, stretch=True),
            Column(
                self.tr("Axes"),
                lambda r: r.axes_label,
                tooltip=lambda r: "\n".join(axis.label for axis in r.axes),
            ),
            Column(self.tr("Porteur"), lambda r: r.carrier, tooltip=lambda r: r.carrier, max_width=170),
            Column(
                self.tr("Statut"),
                lambda r: r.status.label,
                lambda r: list(ProjectStatus).index(r.status),
                foreground=lambda r: project_status_colour(r.status),
            ),
            Column(self.tr("Pilote"), lambda r: r.pilot or "—", max_width=130),
            Column(self.tr("Début"), lambda r: short_date(r.starts_on), lambda r: _date_key(r.starts_on)),
            Column(self.tr("Fin"), lambda r: short_date(r.ends_on), lambda r: _date_key(r.ends_on)),
            Column(
                self.tr("Financement"),
                lambda r: euros(r.total_cents),
                lambda r: r.total_cents,
                alignment=RIGHT,
            ),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("status", "Tous les statuts", _status_options, lambda row, value: row.status == value),
            FilterSpec(
                "axis",
                "Tous les axes",
                _axis_options,
                lambda row, value: any(axis.id == value for axis in row.axes),
            ),
            FilterSpec(
                "framework",
                "Tous les cadres",
                _framework_options,
                lambda row, value: value in row.framework_codes,
            ),
        )

    def load_job(self) -> Job:
        return job(list_projects)

    def detail_job(self, row: ProjectRow) -> Job | None:
        return job(get_project, row.id)

    def detail_html(self, detail: ProjectDetail) -> str:
        return project_html(detail)
