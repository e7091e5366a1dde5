"""What the fiche action PDF is made from (issue 5): a frozen DTO built by app.services.project_sheet.

Texts are French and final; amounts stay in integer cents (the report formats them and charts them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.domain.cofunding import StackedSeries
from app.domain.settings import GipIdentity


@dataclass(frozen=True)
class SheetRow:
    """A generic line of a small table: cells already formatted."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class SheetFunding:
    """The financing plan: funders × fiscal years in cents (rows sorted, biggest funder first)."""

    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def year_totals(self) -> tuple[int, ...]:
        return tuple(sum(amounts[i] for _, amounts in self.rows) for i in range(len(self.years)))

    @property
    def total(self) -> int:
        return sum(self.year_totals)

    def as_series(self) -> StackedSeries:
        return StackedSeries(self.years, self.rows)


@dataclass(frozen=True)
class ProjectSheetDoc:
    gip: GipIdentity
    project_id: uuid.UUID
    code: str
    title: str
    status: str  # "En cours"
    novelty: str  # "Nouvelle"
    period: str  # "du 01/01/2027 au 31/12/2028"
    frameworks: str  # "PDI 2024-2027, PLS 2024-2027"
    axes: tuple[SheetRow, ...]  # framework, number, title
    needs: tuple[SheetRow, ...]  # code, title, priority
    summary: str
    objectives: str
    target_public: str
    target_volume: str  # "1 074 personnes par an" or ""
    territories: tuple[str, ...]
    carrier: str
    carrier_ids: str  # "SIRET 229 600 012 00018" or ""
    partners: tuple[SheetRow, ...]  # organisation, role
    services: tuple[SheetRow, ...]  # service (organisation), contribution
    pilot: str
    team: tuple[SheetRow, ...]  # name, role, FTE
    milestones: tuple[SheetRow, ...]  # due date, title, status
    funding: SheetFunding
    funding_statuses: tuple[SheetRow, ...]  # status, amount
    risks: tuple[SheetRow, ...]  # description, probability, impact, mitigation
    history: tuple[SheetRow, ...]  # date, from → to, by, comment, decision
    decisions: tuple[SheetRow, ...]  # number, title, body and date, reasons
    evaluations: tuple[SheetRow, ...]  # title, period, status
    author: str
    generated_on: date

    @property
    def reference(self) -> str:
        return f"Fiche action {self.code}" if self.code else "Fiche action"
