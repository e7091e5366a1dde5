"""The three lists of the Instances page: séances, décisions, organes (ListPage subclasses, no header)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from app.db import job
from app.domain.enums import DecisionStatus, MeetingStatus
from app.domain.governance import BodySummary, DecisionSummary, MeetingDetail, MeetingSummary
from app.formatting import date_time, number, short_date
from app.services.governance import get_meeting, list_bodies, list_decisions, list_meetings
from app.ui.item_models.summary_table_model import CENTER, RIGHT, Column
from app.ui.widgets.governance_html import body_html, decision_html, meeting_html, quorum_rule
from app.ui.widgets.list_helpers import TabList, enum_options, enum_rank, moment_key, text_options, tone
from app.ui.widgets.list_page import FilterSpec, Job

_MEETING_GOOD = (MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)
_DECISION_BAD = (DecisionStatus.REJECTED, DecisionStatus.WITHDRAWN)


class MeetingsList(TabList):
    EMPTY_HINT = ("Aucune séance enregistrée.\nCréez la première avec « Nouvelle séance… » (Ctrl+Maj+N), une "
                  "fois vos organes déclarés (onglet Organes) ; celles des autres postes arrivent par "
                  "synchronisation.")
    STATE_KEY = "governance_meetings"
    HISTORY_TABLE = "meeting"
    SORT = (2, Qt.SortOrder.DescendingOrder)  # most recent séance first

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Organe"), lambda m: m.body_code, tooltip=lambda m: m.body_name),
            Column(self.tr("Séance"), lambda m: m.number_label, lambda m: m.number),
            Column(self.tr("Date"), lambda m: date_time(m.starts_at), lambda m: moment_key(m.starts_at)),
            Column(self.tr("Statut"), lambda m: m.status.label, lambda m: enum_rank(m.status),
                   foreground=lambda m: tone(m.status, good=_MEETING_GOOD)),
            Column(self.tr("Points"), lambda m: number(m.items_count), lambda m: m.items_count, RIGHT),
            Column(self.tr("Décisions"), lambda m: number(m.decisions_count), lambda m: m.decisions_count,
                   RIGHT),
            Column(self.tr("Lieu"), lambda m: m.place),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("body", "Tous les organes", lambda rows: text_options(r.body_code for r in rows),
                       lambda row, value: row.body_code == value),
            FilterSpec("status", "Tous les statuts", lambda rows: enum_options(rows, lambda r: r.status),
                       lambda row, value: row.status == value),
        )

    def load_job(self) -> Job:
        return job(list_meetings)

    def detail_job(self, row: Any) -> Job | None:
        assert isinstance(row, MeetingSummary)
        return job(get_meeting, row.id)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, MeetingDetail)
        return meeting_html(detail)


class DecisionsList(TabList):
    EMPTY_HINT = ("Aucune décision enregistrée.\nLes délibérations et avis apparaissent ici, numérotés "
                  "« 2026-CA-001 », dès que l'ordre du jour d'une séance est arrêté.")
    STATE_KEY = "governance_decisions"
    HISTORY_TABLE = "decision"
    SORT = (1, Qt.SortOrder.DescendingOrder)  # latest first

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Numéro"), lambda d: d.number),
            Column(self.tr("Date"), lambda d: short_date(d.day), lambda d: moment_key(d.day), CENTER),
            Column(self.tr("Organe"), lambda d: d.body_code, tooltip=lambda d: d.body_name),
            Column(self.tr("Statut"), lambda d: d.status.label, lambda d: enum_rank(d.status),
                   foreground=lambda d: tone(d.status, good=(DecisionStatus.ADOPTED,), bad=_DECISION_BAD)),
            Column(self.tr("Nature"), lambda d: d.kind.label),
            Column(self.tr("Objet"), lambda d: d.title, tooltip=lambda d: d.title),
        )

    def filter_specs(self) -> Sequence[FilterSpec]:
        return (
            FilterSpec("body", "Tous les organes", lambda rows: text_options(r.body_code for r in rows),
                       lambda row, value: row.body_code == value),
            FilterSpec("status", "Tous les statuts", lambda rows: enum_options(rows, lambda r: r.status),
                       lambda row, value: row.status == value),
        )

    def load_job(self) -> Job:
        return job(list_decisions)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, DecisionSummary)
        return decision_html(detail)


class BodiesList(TabList):
    EMPTY_HINT = ("Aucun organe déclaré.\nDéclarez ceux de la convention constitutive (assemblée générale, "
                  "conseil d'administration…) et vos COPIL avec « Nouvelle instance… » (Ctrl+Maj+N) : ils "
                  "apparaissent ici avec leurs règles et leurs sièges.")
    STATE_KEY = "governance_bodies"
    HISTORY_TABLE = "body"  # who changed a quorum rule or a seat's rights, and conflicts (issue 3)

    def columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Code"), lambda b: b.code),
            Column(self.tr("Organe"), lambda b: b.name),
            Column(self.tr("Sièges"), lambda b: number(len(b.seats)), lambda b: len(b.seats), RIGHT),
            Column(self.tr("Séances"), lambda b: number(b.meetings_count), lambda b: b.meetings_count, RIGHT),
            Column(self.tr("Nature"), lambda b: b.kind.label),
            Column(self.tr("Quorum"), quorum_rule),
        )

    def load_job(self) -> Job:
        return job(list_bodies)

    def detail_html(self, detail: Any) -> str:
        assert isinstance(detail, BodySummary)
        return body_html(detail)
