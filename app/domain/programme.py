"""Frameworks, axis trees and traceability read models (issue 5). Stdlib only."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.enums import DecisionStatus, EvaluationStatus, FrameworkKind, ProjectStatus
from app.domain.errors import DomainError
from app.domain.organisations import normalised_name

AXIS_NUMBER = re.compile(r"^[1-9]\d*(\.[1-9]\d*)*$")


def axis_number_problem(number: str) -> str | None:
    """Why `number` is not a dotted axis number ("1", "1.2", "1.2.3"), or None."""
    if AXIS_NUMBER.fullmatch(number.strip()):
        return None
    return (f"Le numéro d'axe « {number} » n'est pas valide : des entiers à partir de 1 séparés par "
            "des points, par exemple « 2 », « 2.1 » ou « 2.1.3 ».")


def parent_number(number: str) -> str | None:
    """"1.2.3" → "1.2"; "1" → None."""
    head, _, _ = number.rpartition(".")
    return head or None


def number_key(number: str) -> tuple[int, ...]:
    """Sort key: "1.10" after "1.9"."""
    return tuple(int(part) for part in number.split(".") if part.isdigit())


class InvalidFrameworkError(DomainError):
    """Invalid fields of a new framework; `problems` maps code / title / ends_on / replaces to French."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("Le cadre stratégique ne peut pas être créé :\n" + "\n".join(problems.values()))
        self.problems = problems


class AxisInUseError(DomainError):
    """An axis still carries fiches: the UI may offer to detach them (`projects` of them) and delete."""

    def __init__(self, number: str, projects: int) -> None:
        super().__init__(f"L'axe {number} porte encore {projects} fiche(s) action : rattachez-les ailleurs "
                         "avant de le supprimer, ou détachez-les.")
        self.number, self.projects = number, projects


@dataclass(frozen=True)
class AxisRemoval:
    """An axis put in the bin and the fiche links detached with it (what an undo brings back)."""

    axis_id: uuid.UUID
    number: str
    detached: tuple[uuid.UUID, ...] = ()

    @property
    def count(self) -> int:
        return len(self.detached)


@dataclass(frozen=True)
class AxisNode:
    id: uuid.UUID
    number: str
    title: str
    parent_id: uuid.UUID | None
    project_count: int
    children: tuple[AxisNode, ...]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()

    def walk(self) -> tuple[AxisNode, ...]:
        """This node and its descendants, depth first."""
        return (self, *(node for child in self.children for node in child.walk()))


@dataclass(frozen=True)
class FrameworkTree:
    id: uuid.UUID
    code: str
    title: str
    kind: FrameworkKind
    starts_on: date | None
    ends_on: date | None
    replaces_id: uuid.UUID | None
    axes: tuple[AxisNode, ...]

    def all_axes(self) -> tuple[AxisNode, ...]:
        return tuple(node for root in self.axes for node in root.walk())


@dataclass(frozen=True)
class Reattachment:
    project_id: uuid.UUID
    project_code: str
    old_axis: str
    new_axis: str  # "" when unmapped
    old_axis_id: uuid.UUID | None = None
    new_axis_id: uuid.UUID | None = None
    created: bool = False  # the new link was not live before (an undo puts it back in the bin)


@dataclass(frozen=True)
class ReattachResult:
    """What a re-attachment did: projects moved to the new framework, links left without a target, and
    what an undo needs (the old links removed or not, the `replaces` link set or not)."""

    moved: tuple[Reattachment, ...]
    unmapped: tuple[Reattachment, ...]
    old_framework_id: uuid.UUID | None = None
    new_framework_id: uuid.UUID | None = None
    kept_old_links: bool = True
    set_replaces: bool = False

    @property
    def moved_projects(self) -> int:
        return len({r.project_id for r in self.moved})


@dataclass(frozen=True)
class CoverageNeed:
    id: uuid.UUID
    code: str
    title: str
    priority_label: str


@dataclass(frozen=True)
class CoverageProject:
    id: uuid.UUID
    code: str
    title: str
    status: ProjectStatus
    active: bool


@dataclass(frozen=True)
class CoverageMatrix:
    """Needs (rows) × projects (columns); `cells` holds (row, column) index pairs that are linked."""

    needs: tuple[CoverageNeed, ...]
    projects: tuple[CoverageProject, ...]
    cells: frozenset[tuple[int, int]]
    uncovered_needs: tuple[CoverageNeed, ...]  # no active project answers them
    projects_without_need: tuple[CoverageProject, ...]

    def projects_of(self, row: int) -> tuple[CoverageProject, ...]:
        return tuple(p for col, p in enumerate(self.projects) if (row, col) in self.cells)

    def needs_of(self, column: int) -> tuple[CoverageNeed, ...]:
        return tuple(n for row, n in enumerate(self.needs) if (row, column) in self.cells)

    @property
    def covered_count(self) -> int:
        return len(self.needs) - len(self.uncovered_needs)


@dataclass(frozen=True)
class DecisionLink:
    """A decision about a project and why it is linked ("validation", "financement", "ordre du jour")."""

    id: uuid.UUID
    number: str
    title: str
    status: DecisionStatus
    body: str
    day: date | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class AgendaLink:
    item_id: uuid.UUID
    meeting_label: str
    title: str
    day: date | None


@dataclass(frozen=True)
class EvaluationLink:
    id: uuid.UUID
    title: str
    status: EvaluationStatus
    period_start: date | None
    period_end: date | None


@dataclass(frozen=True)
class ProjectLinks:
    decisions: tuple[DecisionLink, ...]
    agenda_items: tuple[AgendaLink, ...]
    evaluations: tuple[EvaluationLink, ...]


@dataclass(frozen=True)
class AxisProposal:
    """The new axis proposed for an old one in the re-attachment wizard, and why."""

    old: AxisNode
    new: AxisNode | None
    reason: str  # « même numéro », « même intitulé », « intitulé proche (82 %) » or ""


CLOSE_TITLES = 0.6  # likeness from which two titles are proposed as the same axis
_STOP_WORDS = frozenset({"les", "des", "aux", "par", "pour", "dans", "sur", "avec", "sans", "une", "est"})


def _stems(title: str) -> set[str]:
    """Words of 3 letters or more but stop words, cut to 4 letters ("accompagner" ~ "accompagnement")."""
    return {word[:4] for word in title.split() if len(word) >= 3 and word not in _STOP_WORDS}


def title_likeness(first: str, second: str) -> float:
    """Dice coefficient of the two (normalised) titles' word stems, from 0 to 1. Characters alone
    (difflib) matched « Orienter … sans rupture » with « Repérage … en rupture » at 70 %."""
    a, b = _stems(first), _stems(second)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def propose_mapping(old_axes: Sequence[AxisNode], new_axes: Sequence[AxisNode]) -> tuple[AxisProposal, ...]:
    """For each old axis: the new axis with the same title, else the closest title (≥ 60 % alike), else the
    same number. Titles first: a renumbered frame keeps its wording more often than its numbers."""
    titles = {axis.id: normalised_name(axis.title) for axis in new_axes}
    by_number = {axis.number: axis for axis in new_axes}
    proposals = []
    for old in old_axes:
        title = normalised_name(old.title)
        same = next((axis for axis in new_axes if titles[axis.id] == title and title), None)
        if same is not None:
            proposals.append(AxisProposal(old, same, "même intitulé"))
            continue
        scored = [(title_likeness(title, titles[axis.id]), axis) for axis in new_axes]
        score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if best is not None and score >= CLOSE_TITLES:
            proposals.append(AxisProposal(old, best, f"intitulé proche ({round(score * 100)} %)"))
        elif old.number in by_number:
            proposals.append(AxisProposal(old, by_number[old.number], "même numéro"))
        else:
            proposals.append(AxisProposal(old, None, ""))
    return tuple(proposals)
