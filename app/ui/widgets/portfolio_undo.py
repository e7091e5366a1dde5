"""Undo and redo of the portfolio's saved changes: an edited fiche, a new fiche, a status change, a
re-attachment to a new framework, a line of a financing plan added, edited or deleted, a framework
created, an axis added, renamed, moved or deleted (issue 5).

A QUndoStack keeps the order and the texts (« Annuler : nouvelle fiche FA-1.2-03 »); the commands' own
undo()/redo() do nothing, because the real work is a write in the worker that may be refused (the status
moved on elsewhere, a code taken since). So Ctrl+Z first runs the command's undo job, and only when the
worker reports success is the stack moved; a refused step is shown and dropped from the stack.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from typing_extensions import override

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.db import job
from app.domain.cofunding import FundingLineInfo
from app.domain.enums import ProjectStatus
from app.domain.lifecycle import StatusChangeEntry
from app.domain.programme import AxisNode, FrameworkTree, ReattachResult
from app.domain.project_form import ProjectDraft
from app.formatting import euros, plural
from app.services.frameworks import (
    move_axis,
    reattach_projects,
    remove_axis,
    remove_framework,
    restore_axis,
    restore_framework,
    save_axis,
    undo_reattachment,
)
from app.services.funding import remove_funding_line, restore_funding_line, save_funding_line
from app.services.lifecycle import change_status, revert_status_change
from app.services.project_form import remove_project, restore_project, save_project
from app.ui.errors import show_error
from app.ui.tasks import TaskRunner

Job = Any  # Callable[[Progress], object]


class PortfolioCommand(QUndoCommand):
    """A saved change: `undo_job()` / `redo_job()` build the worker calls; `project_id` is reselected."""

    def __init__(self, text: str, project_id: uuid.UUID | None) -> None:
        super().__init__(text)
        self.project_id = project_id  # None: the selection stays as it is

    def undo_job(self) -> Job:
        raise NotImplementedError

    def redo_job(self) -> Job:
        raise NotImplementedError

    def done(self, result: object, *, undone: bool) -> None:
        """What the worker answered (a command may need it for its next step)."""

    @override
    def undo(self) -> None:  # the worker did it already (see the module's docstring)
        pass

    @override
    def redo(self) -> None:
        pass


class EditCommand(PortfolioCommand):
    """An edited fiche: undo takes back what the save changed, redo makes it again; each only over those
    fields (app.domain.rebase), so what a sync round brought since stays, and a field changed since is
    refused by name."""

    def __init__(self, before: ProjectDraft, after: ProjectDraft) -> None:
        super().__init__(f"modification de la fiche {after.code}", after.id or uuid.uuid4())
        self.before, self.after = before, after

    @override
    def undo_job(self) -> Job:
        return job(save_project, self.before, base=self.after)

    @override
    def redo_job(self) -> Job:
        return job(save_project, self.after, base=self.before)


class CreateCommand(PortfolioCommand):
    """A new (or duplicated) fiche: undo puts it in the bin, redo takes it out."""

    def __init__(self, project_id: uuid.UUID, code: str) -> None:
        super().__init__(f"création de la fiche {code}", project_id)
        self.fiche_id = project_id

    @override
    def undo_job(self) -> Job:
        return job(remove_project, self.fiche_id)

    @override
    def redo_job(self) -> Job:
        return job(restore_project, self.fiche_id)


class StatusCommand(PortfolioCommand):
    """A status change: undo records a correction entry (see revert_status_change), redo the move again."""

    def __init__(self, project_id: uuid.UUID, entry: StatusChangeEntry, *, comment: str,
                 decision_id: uuid.UUID | None) -> None:
        super().__init__(f"passage « {entry.to_status.label.lower()} »", project_id)
        self.fiche_id = project_id
        self.entry, self.target = entry, entry.to_status
        # the decision the move recorded (the project's own when « validé » was chosen without asking)
        self.comment, self.decision_id = comment, decision_id or entry.decision_id

    @override
    def undo_job(self) -> Job:
        return job(revert_status_change, self.entry.id)

    @override
    def redo_job(self) -> Job:
        return job(change_status, self.fiche_id, ProjectStatus(self.target), comment=self.comment,
                   decision_id=self.decision_id)

    @override
    def done(self, result: object, *, undone: bool) -> None:
        if not undone and isinstance(result, StatusChangeEntry):
            self.entry = result  # the next undo cancels this new entry


class ReattachCommand(PortfolioCommand):
    """A re-attachment to a new framework: undo puts its new links in the bin (and brings back old ones
    it removed), redo re-attaches with the same mapping."""

    def __init__(self, result: ReattachResult, mapping: dict[uuid.UUID, uuid.UUID | None]) -> None:
        first = result.moved[0].project_id if result.moved else uuid.uuid4()
        super().__init__(f"rattachement de {plural(result.moved_projects, 'fiche')} au nouveau cadre", first)
        self.result, self.mapping = result, mapping

    @override
    def undo_job(self) -> Job:
        return job(undo_reattachment, self.result)

    @override
    def redo_job(self) -> Job:
        old, new = self.result.old_framework_id, self.result.new_framework_id
        assert old is not None and new is not None  # a re-attachment always names both frameworks
        return job(reattach_projects, old, new,
                   self.mapping, keep_old_links=self.result.kept_old_links)

    @override
    def done(self, result: object, *, undone: bool) -> None:
        if not undone and isinstance(result, ReattachResult):
            self.result = result


class FundingCommand(PortfolioCommand):
    """A line of a financing plan added (`before` None), edited, or put in the bin (`after` None). An edit's
    undo and redo write only the fields where `before` and `after` differ (app.domain.rebase)."""

    def __init__(self, before: FundingLineInfo | None, after: FundingLineInfo | None) -> None:
        line = after or before
        assert line is not None and line.project_id is not None
        verb = "ajout" if before is None else "suppression" if after is None else "modification"
        super().__init__(f"{verb} de la ligne {line.funder} {line.fiscal_year} ({euros(line.amount_cents)})",
                         line.project_id)
        self.before, self.after = before, after

    @override
    def undo_job(self) -> Job:
        return self._to(self.before, self.after)

    @override
    def redo_job(self) -> Job:
        return self._to(self.after, self.before)

    @staticmethod
    def _to(state: FundingLineInfo | None, other: FundingLineInfo | None) -> Job:
        if state is None:  # back to « no such line »
            assert other is not None
            return job(remove_funding_line, other.id)
        if other is None:
            return job(restore_funding_line, state.id)
        assert state.project_id is not None  # checked when the command was made
        return job(save_funding_line, state.project_id, funder_id=state.funder_id,  # only what differs
                   fiscal_year=state.fiscal_year, amount_cents=state.amount_cents, nature=state.nature,
                   act_reference=state.act_reference, line_id=state.id, base=other)


class FrameworkCommand(PortfolioCommand):
    """A new framework: undo puts it (still empty) in the bin, redo takes it out."""

    def __init__(self, tree: FrameworkTree) -> None:
        super().__init__(f"création du cadre {tree.code}", None)
        self.framework_id = tree.id

    @override
    def undo_job(self) -> Job:
        return job(remove_framework, self.framework_id)

    @override
    def redo_job(self) -> Job:
        return job(restore_framework, self.framework_id)


class AxisCommand(PortfolioCommand):
    """An axis added (`before` None), renamed or renumbered, or deleted (`after` None, with the fiche
    links detached with it)."""

    def __init__(self, framework_id: uuid.UUID, before: AxisNode | None, after: AxisNode | None,
                 detached: tuple[uuid.UUID, ...] = ()) -> None:
        axis = after or before
        assert axis is not None
        verb = "ajout" if before is None else "suppression" if after is None else "modification"
        super().__init__(f"{verb} de l'axe {axis.number}", None)
        self.framework_id, self.before, self.after, self.detached = framework_id, before, after, detached

    @override
    def undo_job(self) -> Job:
        return self._to(self.before, self.after)

    @override
    def redo_job(self) -> Job:
        return self._to(self.after, self.before)

    def _to(self, state: AxisNode | None, other: AxisNode | None) -> Job:
        if state is None:
            assert other is not None
            return job(remove_axis, other.id, detach=True)
        if other is None:
            return job(restore_axis, state.id, links=self.detached)
        return job(save_axis, self.framework_id, number=state.number, title=state.title, axis_id=state.id,
                   base=other)  # only what differs


class MoveAxisCommand(PortfolioCommand):
    """An axis moved up or down among its siblings: undo moves it back."""

    def __init__(self, axis: AxisNode, offset: int) -> None:
        super().__init__(f"déplacement de l'axe {axis.label}", None)
        self.axis_id, self.offset = axis.id, offset

    @override
    def undo_job(self) -> Job:
        return job(move_axis, self.axis_id, -self.offset)

    @override
    def redo_job(self) -> Job:
        return job(move_axis, self.axis_id, self.offset)


class PortfolioUndo(QObject):
    """The stack and the two jobs; `changed(project id, message)` after an undo or a redo succeeded."""

    changed = Signal(object, str)

    def __init__(self, runner: TaskRunner, owner: Any) -> None:
        super().__init__(owner)
        self._runner, self._owner = runner, owner
        self.stack = QUndoStack(self)
        self.busy = False

    def push(self, command: PortfolioCommand) -> None:
        self.stack.push(command)  # redo() does nothing: the change is already saved

    def undo(self) -> None:
        self._run(undone=True)

    def redo(self) -> None:
        self._run(undone=False)

    def _run(self, *, undone: bool) -> None:
        index = self.stack.index() - 1 if undone else self.stack.index()
        command = self.stack.command(index) if not self.busy else None
        if not isinstance(command, PortfolioCommand):
            return
        self.busy = True
        call = command.undo_job() if undone else command.redo_job()
        self._runner.submit(call, owner=self._owner, on_success=partial(self._on_done, command, undone),
                            on_error=partial(self._on_failed, command, undone))

    def _on_done(self, command: PortfolioCommand, undone: bool, result: object) -> None:
        self.busy = False
        command.done(result, undone=undone)
        (self.stack.undo if undone else self.stack.redo)()
        verb = self.tr("Annulé") if undone else self.tr("Rétabli")
        self.changed.emit(command.project_id, f"{verb} : {command.text()}.")

    def _on_failed(self, command: PortfolioCommand, undone: bool, exc: Exception) -> None:
        """The step cannot be replayed (the data moved on): say why and drop it from the stack."""
        self.busy = False
        show_error(self._owner, exc)
        command.setObsolete(True)
        if undone:
            self.stack.undo()  # an obsolete command is removed from the stack when undone
        else:
            self.stack.redo()

