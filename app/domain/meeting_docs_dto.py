"""What the séance documents are made from (issue 4): convocation, ordre du jour, dossier de séance,
relevé de décisions and procès-verbal. Frozen, already French and formatted: a report only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.documents_dto import AttendeeLine, DeliberationDoc
from app.domain.settings import GipIdentity


@dataclass(frozen=True)
class MeetingRef:
    """The séance as every document names it."""

    gip: GipIdentity
    body_name: str  # "Conseil d'administration"
    body_code: str  # "CA"
    body_the: str  # "Le conseil d'administration"
    body_of: str  # "du conseil d'administration"
    number: int
    year: int
    label: str  # "séance n° 4 du jeudi 10 décembre 2026"
    day: date | None
    when: str  # "jeudi 10 décembre 2026 à 14 h 30"
    place: str
    video_link: str
    chair_name: str
    secretary_name: str
    author: str

    @property
    def context(self) -> str:
        return f"{self.body_name} · {self.label}"

    @property
    def code(self) -> str:
        """"CA 2026-04": the séance's reference in every document reference."""
        return f"{self.body_code} {self.year}-{self.number:02d}"


@dataclass(frozen=True)
class AgendaLine:
    """One point of the ordre du jour."""

    position: int
    title: str
    kind_label: str  # "Pour délibération"
    rapporteur: str
    decision_number: str = ""  # "2026-CA-009" once the agenda is frozen
    withdrawn: bool = False


@dataclass(frozen=True)
class ConvocationDoc:
    """A convocation (voting members) or an invitation (guests without vote)."""

    meeting: MeetingRef
    invitation: bool
    addressees: tuple[str, ...]  # "Département (Jean-Marc Delpeuch)"
    agenda: tuple[AgendaLine, ...]
    enclosures: tuple[str, ...]
    rules: tuple[str, ...]  # quorum, majority and proxy reminders
    urgent: bool
    second_convocation: bool
    convened_on: date | None
    signatory: str  # the chair
    members: tuple[str, ...]  # voting members, for the proxy form
    max_proxies: int

    @property
    def reference(self) -> str:
        kind = "Invitation" if self.invitation else "Convocation"
        return f"{kind} · {self.meeting.code}"


@dataclass(frozen=True)
class AgendaDoc:
    meeting: MeetingRef
    items: tuple[AgendaLine, ...]
    frozen: bool  # arrêté; otherwise printed as a projet d'ordre du jour
    frozen_note: str = ""

    @property
    def reference(self) -> str:
        return f"Ordre du jour · {self.meeting.code}"


@dataclass(frozen=True)
class FundingTable:
    """A financing plan: funder × year, amounts already formatted ("1 234,50 €")."""

    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[str, ...], str], ...]  # funder, amount per year, total
    year_totals: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class ProjectAnnex:
    """A linked project's fiche action summary and financing plan (annex of a dossier de séance)."""

    code: str
    title: str
    carrier: str
    pilot: str
    status: str
    period: str
    summary: str
    objectives: str
    target_public: str
    axes: tuple[str, ...]
    territories: tuple[str, ...]
    funding: FundingTable


@dataclass(frozen=True)
class ItemFile:
    """One point of a dossier de séance: its presentation note, draft decision and annexes."""

    line: AgendaLine
    presentation: str
    financial_impact: str
    prior_opinion: str
    draft: DeliberationDoc | None
    annexes: tuple[ProjectAnnex, ...]


@dataclass(frozen=True)
class MinutesItem:
    line: AgendaLine
    debate: str
    vote_sentence: str  # "" when there was no vote (information)
    outcome: str  # "Délibération n° 2026-CA-007 adoptée."
    quorum_note: str = ""  # the quorum at the vote when arrivals or departures changed it
    events: tuple[str, ...] = ()  # quorum lost or reached again since the previous vote, before the point


@dataclass(frozen=True)
class MinutesDoc:
    """Procès-verbal of a séance."""

    meeting: MeetingRef
    opened: str  # "14 h 35"
    closed: str
    convening: str
    present: tuple[AttendeeLine, ...]
    represented: tuple[AttendeeLine, ...]  # representative column: "pouvoir à …" in the note
    excused: tuple[AttendeeLine, ...]
    absent: tuple[AttendeeLine, ...]
    guests: tuple[str, ...]
    quorum_sentence: str
    items: tuple[MinutesItem, ...]
    approved_on: date | None
    place: str
    closing_events: tuple[str, ...] = ()  # quorum events after the last point, before the closing

    @property
    def reference(self) -> str:
        return f"Procès-verbal · {self.meeting.code}"


@dataclass(frozen=True)
class MeetingFileDoc:
    """The dossier de séance: agenda, previous minutes (draft), then every point with its papers."""

    meeting: MeetingRef
    agenda: AgendaDoc
    previous_minutes: MinutesDoc | None
    items: tuple[ItemFile, ...]

    @property
    def reference(self) -> str:
        return f"Dossier de séance · {self.meeting.code}"


@dataclass(frozen=True)
class FollowUp:
    """A follow-up action of the relevé de décisions: who does what, by when."""

    who: str
    what: str
    when: str


@dataclass(frozen=True)
class SummaryLine:
    line: AgendaLine
    decision: str  # the decision in one sentence
    vote_sentence: str
    follow_ups: tuple[FollowUp, ...]


@dataclass(frozen=True)
class DecisionsSummaryDoc:
    """Relevé de décisions: one or two pages right after the séance."""

    meeting: MeetingRef
    quorum_sentence: str
    lines: tuple[SummaryLine, ...]

    @property
    def reference(self) -> str:
        return f"Relevé de décisions · {self.meeting.code}"
