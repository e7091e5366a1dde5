"""« Pool »: the agents, their quotité and load (overload in red), with their assignments."""

from __future__ import annotations

from collections.abc import Sequence

from app.db import job
from app.domain.enums import EmploymentStatus, PoolFunction
from app.domain.pool import MemberDetail, MemberRow
from app.formatting import number, percent
from app.services.pool import get_member, list_members
from app.ui.item_models.summary_table_model import RIGHT, Column
from app.ui.widgets.colours import ALERT
from app.ui.widgets.list_page import FilterSpec, Job, ListPage
from app.ui.widgets.member_detail import member_html

OVERLOADED, AVAILABLE = "overloaded", "available"


def _function_options(rows: Sequence[MemberRow]) -> list[tuple[str, object]]:
    present = {row.function for row in rows}
    return [(function.label, function) for function in PoolFunction if function in present]


def _status_options(rows: Sequence[MemberRow]) -> list[tuple[str, object]]:
    present = {row.employment_status for row in rows}
    return [(status.label, status) for status in EmploymentStatus if status in present]


def _load_options(_rows: Sequence[MemberRow]) -> list[tuple[str, object]]:
    return [("Surchargés dans l'année", OVERLOADED), ("Disponibles ce mois-ci", AVAILABLE)]


def _load_test(row: MemberRow, value: object) -> bool:
    return row.overloaded if value == OVERLOADED else row.assigned_fte < row.working_time


def _peak_ratio(row: MemberRow) -> float:
    return float(row.peak_fte / row.working_time) if row.working_time else 0.0


class PoolPage(ListPage):
    TITLE = "Pool"
    EXPLANATION = (
        "Les agents du pool d'ingénierie : quotité, ETP affectés et charge. Une charge au-delà "
        "de la quotité est signalée en rouge ; sélectionnez un agent pour voir ses affectations."
    )
    EMPTY_HINT = (
        "Aucun agent dans le pool.\nLes agents et leurs affectations apparaîtront ici dès qu'ils "
        "seront saisis, ou ouvrez la base de démonstration (Fichier › Ouvrir une base…)."
    )
    STATE_KEY = "pool"
    DETAIL_BELOW = True
    HISTORY_TABLE = "pool_member"

    def columns(self) -> Sequence[Column]:
        red = lambda r: ALERT if r.overloaded else None  # noqa: E731
        return (
            Column(self.tr("Nom"), lambda r: r.name, foreground=red),
            Column(self.tr("Fonction"), lambda r: r.function.label),
            Column(self.tr("Employeur"), lambda r: r.employer, tooltip=lambda r: r.employer, stretch=True),
            Column(self.tr("Statut"), lambda r: r.employment_status.label),
            Column(
                self.tr("Quotité"),
                lambda r: percent(r.working_time, decimals=0),
                lambda r: float(r.working_time),
                alignment=RIGHT,
            ),
            Column(
                self.tr("ETP"),
                lambda r: number(r.assigned_fte, decimals=2),
                lambda r: float(r.assigned_fte),
                alignment=RIGHT,
            ),
            Column(
                self.tr("Charge"),
                lambda r: percent(r.load, decimals=0),
                lambda r: float(r.load),
                alignment=RIGHT,
                foreground=lambda r: ALERT if r.load > 1 else None,
            ),
            Column(
                self.tr("Pic annuel"),
                lambda r: percent(_peak_ratio(r), decimals=0),
                _peak_ratio,
                alignment=RIGHT,
                foreground=red,
                tooltip=lambda r: (
                    self.tr("Surcharge : plus d'ETP affectés que la quotité") if r.overloaded else ""
                ),
            ),
            Column(self.tr("Projets"), lambda r: number(r.projects), lambda r: r.projects, alignment=RIGHT),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("function", "Toutes les fonctions", _function_options, lambda r, v: r.function == v),
            FilterSpec("status", "Tous les statuts", _status_options, lambda r, v: r.employment_status == v),
            FilterSpec("load", "Toutes les charges", _load_options, _load_test),
        )

    def load_job(self) -> Job:
        return job(list_members)

    def detail_job(self, row: MemberRow) -> Job | None:
        return job(get_member, row.id)

    def detail_html(self, detail: MemberDetail) -> str:
        return member_html(detail)
