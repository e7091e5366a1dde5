"""Strategic frameworks and their axis trees; attaching projects; re-attaching to a new frame (issue 5).

Frameworks are data, not code (DOMAIN.md §1): when the policy frame changes, the projects of the old
framework are re-attached to the new one through a mapping old axis → new axis, in one transaction.
No commit here: the caller's unit of work makes the re-attachment all or nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import FrameworkKind
from app.domain.errors import DomainError, NotFound
from app.domain.ids import link_id, new_id
from app.domain.programme import (
    AxisInUseError,
    AxisNode,
    AxisRemoval,
    FrameworkTree,
    InvalidFrameworkError,
    Reattachment,
    ReattachResult,
    axis_number_problem,
    number_key,
    parent_number,
)
from app.domain.rebase import rebase_or_refuse
from app.models.framework import Axis, Framework
from app.models.project import Project, ProjectAxis

log = logging.getLogger(__name__)


def list_frameworks(session: Session) -> tuple[FrameworkTree, ...]:
    """Every live framework with its axis tree and the number of live projects on each axis."""
    frameworks = session.scalars(select(Framework).where(Framework.deleted.is_(False))).all()
    axes = session.scalars(select(Axis).where(Axis.deleted.is_(False))).all()
    counts: dict[uuid.UUID, int] = dict(session.execute(  # type: ignore[arg-type]
        select(ProjectAxis.axis_id, func.count())
        .join(Project, Project.id == ProjectAxis.project_id)
        .where(ProjectAxis.deleted.is_(False), Project.deleted.is_(False))
        .group_by(ProjectAxis.axis_id)).all())
    children: dict[uuid.UUID | None, list[Axis]] = defaultdict(list)
    for axis in axes:
        children[axis.parent_id].append(axis)
    trees = [_tree(f, [a for a in children[None] if a.framework_id == f.id], children, counts)
             for f in frameworks]
    return tuple(sorted(trees, key=lambda t: (t.starts_on or date.min, t.code), reverse=True))


def get_framework(session: Session, framework_id: uuid.UUID) -> FrameworkTree:
    for tree in list_frameworks(session):
        if tree.id == framework_id:
            return tree
    raise NotFound("Cadre stratégique", framework_id)


def _tree(framework: Framework, roots: list[Axis], children: Mapping[uuid.UUID | None, list[Axis]],
          counts: Mapping[uuid.UUID, int]) -> FrameworkTree:
    def node(axis: Axis) -> AxisNode:
        kids = sorted(children.get(axis.id, []), key=lambda a: number_key(a.number))
        return AxisNode(axis.id, axis.number, axis.title, axis.parent_id, counts.get(axis.id, 0),
                        tuple(node(kid) for kid in kids))

    return FrameworkTree(framework.id, framework.code, framework.title, framework.kind, framework.starts_on,
                         framework.ends_on, framework.replaces_id,
                         tuple(node(a) for a in sorted(roots, key=lambda a: number_key(a.number))))


def create_framework(session: Session, *, code: str, title: str, kind: FrameworkKind,
                     starts_on: date | None = None, ends_on: date | None = None,
                     replaces_id: uuid.UUID | None = None) -> FrameworkTree:
    """A new framework (empty axis tree); raises InvalidFrameworkError with one message per field."""
    code, title = code.strip(), title.strip()
    problems = {}
    if not code:
        problems["code"] = "Le code du cadre stratégique est obligatoire (par exemple « PDI 2028-2031 »)."
    elif session.scalar(select(Framework.id).where(Framework.code == code, Framework.deleted.is_(False))):
        problems["code"] = f"Le cadre « {code} » existe déjà."
    if not title:
        problems["title"] = "L'intitulé du cadre est obligatoire (par exemple « Pacte des solidarités »)."
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = "La date de fin du cadre précède sa date de début."
    replaced = session.get(Framework, replaces_id) if replaces_id else None
    if replaces_id and (replaced is None or replaced.deleted):
        problems["replaces"] = "Le cadre remplacé n'existe plus."
    if problems:
        raise InvalidFrameworkError(problems)
    framework = Framework(id=new_id(), code=code, title=title, kind=kind, starts_on=starts_on,
                          ends_on=ends_on, replaces_id=replaces_id)
    session.add(framework)
    session.flush()
    return get_framework(session, framework.id)


def save_axis(session: Session, framework_id: uuid.UUID, *, number: str, title: str,
              axis_id: uuid.UUID | None = None, base: AxisNode | None = None) -> AxisNode:
    """Create (axis_id None) or edit an axis. "2.1.3" needs a parent "2.1" in the same framework.
    `base`: the axis as the form loaded it; only what the form changed is then written, and a field also
    changed on another workstation meanwhile raises EditedElsewhereError (app.domain.rebase)."""
    number, title = number.strip(), title.strip()
    stored = session.get(Axis, axis_id) if axis_id is not None else None
    if base is not None and stored is not None:
        now = {"number": stored.number, "title": stored.title}
        typed = rebase_or_refuse({"number": base.number, "title": base.title},
                                 {"number": number, "title": title}, now,
                                 label={"number": "Numéro", "title": "Intitulé"}.__getitem__,
                                 shown=now.__getitem__)
        number, title = typed["number"], typed["title"]
    problem = axis_number_problem(number)
    if problem:
        raise DomainError(problem)
    if not title.strip():
        raise DomainError(f"L'axe {number} doit avoir un intitulé.")
    live = {a.number: a for a in _axes(session, framework_id)}
    clash = live.get(number)
    if clash is not None and clash.id != axis_id:
        raise DomainError(f"Le numéro {number} est déjà pris par l'axe « {clash.title} ».")
    parent = live.get(parent_number(number) or "")
    if parent_number(number) and parent is None:
        raise DomainError(f"L'axe {number} suppose un axe {parent_number(number)} : créez-le d'abord.")
    axis = _axis_to_edit(session, framework_id, axis_id, live, number)
    axis.number, axis.title = number, title.strip()
    axis.parent_id = parent.id if parent else None
    axis.position = int(number.rsplit(".", 1)[-1])
    session.flush()
    return next(n for n in get_framework(session, framework_id).all_axes() if n.id == axis.id)


def _axis_to_edit(session: Session, framework_id: uuid.UUID, axis_id: uuid.UUID | None,
                  live: Mapping[str, Axis], number: str) -> Axis:
    if axis_id is None:
        axis = Axis(id=new_id(), framework_id=framework_id)
        session.add(axis)
        return axis
    found = session.get(Axis, axis_id)
    if found is None or found.deleted or found.framework_id != framework_id:
        raise NotFound("Axe", axis_id)
    axis = found
    if axis.number != number and any(a.parent_id == axis.id for a in live.values()):
        raise DomainError(f"L'axe {axis.number} a des sous-axes : renumérotez-les avant lui.")
    return axis


def remove_axis(session: Session, axis_id: uuid.UUID, *, detach: bool = False) -> AxisRemoval:
    """Put an axis in the bin (soft delete); refused while it has sub-axes. With live fiches on it, refused
    (AxisInUseError, which counts them) unless `detach`: their links then go to the bin too."""
    axis = session.get(Axis, axis_id)
    if axis is None or axis.deleted:
        raise NotFound("Axe", axis_id)
    children = session.scalar(select(func.count()).select_from(Axis).where(
        Axis.parent_id == axis_id, Axis.deleted.is_(False)))
    if children:
        raise DomainError(f"L'axe {axis.number} a des sous-axes : supprimez-les ou déplacez-les d'abord.")
    links = [link for link, _code in _links(session, [axis_id])]
    if links and not detach:
        raise AxisInUseError(axis.number, len(links))
    for link in links:
        link.deleted = True
    axis.deleted = True
    session.flush()
    log.info("Axis %s removed, %d project link(s) detached", axis.number, len(links))
    return AxisRemoval(axis.id, axis.number, tuple(link.id for link in links))


def restore_axis(session: Session, axis_id: uuid.UUID, *, links: Iterable[uuid.UUID] = ()) -> AxisNode:
    """Take an axis out of the bin with the fiche links detached with it (undo of a deletion)."""
    axis = session.get(Axis, axis_id)
    if axis is None or axis.framework_id is None:
        raise NotFound("Axe", axis_id)
    live = {a.number: a for a in _axes(session, axis.framework_id)}
    clash = live.get(axis.number)
    if clash is not None and clash.id != axis.id:
        raise DomainError(f"Le numéro {axis.number} est maintenant celui de l'axe « {clash.title} » : "
                          "l'axe supprimé ne peut pas revenir sous ce numéro.")
    if axis.parent_id is not None and all(a.id != axis.parent_id for a in live.values()):
        raise DomainError(f"L'axe parent de {axis.number} a été supprimé : rétablissez-le d'abord.")
    axis.deleted = False
    for link_key in links:
        link = session.get(ProjectAxis, link_key)
        if link is not None:
            link.deleted = False
    session.flush()
    return next(n for n in get_framework(session, axis.framework_id).all_axes() if n.id == axis.id)


def remove_framework(session: Session, framework_id: uuid.UUID) -> FrameworkTree:
    """Put an empty framework in the bin (undo of its creation); refused while it has axes."""
    tree = get_framework(session, framework_id)
    if tree.axes:
        raise DomainError(f"Le cadre {tree.code} a des axes : supprimez-les d'abord.")
    framework = session.get(Framework, framework_id)
    assert framework is not None
    framework.deleted = True
    session.flush()
    return tree


def restore_framework(session: Session, framework_id: uuid.UUID) -> FrameworkTree:
    """Take a framework out of the bin; refused when its code has been given to another one since."""
    framework = session.get(Framework, framework_id)
    if framework is None:
        raise NotFound("Cadre stratégique", framework_id)
    other = select(Framework.id).where(Framework.code == framework.code, Framework.id != framework.id,
                                       Framework.deleted.is_(False))
    if session.scalar(other):
        raise DomainError(f"Un autre cadre porte maintenant le code « {framework.code} ».")
    framework.deleted = False
    session.flush()
    return get_framework(session, framework_id)


def move_axis(session: Session, axis_id: uuid.UUID, offset: int) -> AxisNode:
    """Swap an axis with its previous (offset -1) or next (+1) sibling: both take the other's number,
    their sub-axes follow ("1.2.1" becomes "1.3.1"). Projects stay on the same axes."""
    axis = session.get(Axis, axis_id)
    if axis is None or axis.deleted or axis.framework_id is None:
        raise NotFound("Axe", axis_id)
    live = _axes(session, axis.framework_id)
    siblings = sorted((a for a in live if a.parent_id == axis.parent_id), key=lambda a: number_key(a.number))
    where = siblings.index(axis) + offset
    if offset not in (-1, 1) or not 0 <= where < len(siblings):
        edge = "premier" if offset < 0 else "dernier"
        raise DomainError(f"L'axe {axis.number} est déjà le {edge} à son niveau.")
    other = siblings[where]
    mine, theirs = _subtree(live, axis), _subtree(live, other)
    first, second = axis.number, other.number
    for node in mine:
        node.number = second + node.number[len(first):]
    for node in theirs:
        node.number = first + node.number[len(second):]
    for node in (*mine, *theirs):
        node.position = int(node.number.rsplit(".", 1)[-1])
    session.flush()
    return next(n for n in get_framework(session, axis.framework_id).all_axes() if n.id == axis.id)


def _subtree(live: list[Axis], root: Axis) -> list[Axis]:
    kids = [a for a in live if a.parent_id == root.id]
    return [root, *(node for kid in kids for node in _subtree(live, kid))]


def _axes(session: Session, framework_id: uuid.UUID) -> list[Axis]:
    if session.get(Framework, framework_id) is None:
        raise NotFound("Cadre stratégique", framework_id)
    return list(session.scalars(select(Axis).where(Axis.framework_id == framework_id,
                                                   Axis.deleted.is_(False))))


def set_project_axes(session: Session, project_id: uuid.UUID, axis_ids: Iterable[uuid.UUID]) -> None:
    """Attach the project to exactly these axes (any frameworks): links added, revived or soft-deleted."""
    wanted = set(axis_ids)
    for axis_id in wanted:
        axis = session.get(Axis, axis_id)
        if axis is None or axis.deleted:
            raise NotFound("Axe", axis_id)
    current = session.scalars(select(ProjectAxis).where(ProjectAxis.project_id == project_id)).all()
    for link in current:
        link.deleted = link.axis_id not in wanted
    for axis_id in wanted - {link.axis_id for link in current}:
        attach(session, project_id, axis_id)
    session.flush()


def attach(session: Session, project_id: uuid.UUID, axis_id: uuid.UUID) -> bool:
    """Link a project to an axis (id = link_id(project, axis)); True if the link was not live before."""
    link = session.get(ProjectAxis, link_id(project_id, axis_id))
    if link is None:
        session.add(ProjectAxis(id=link_id(project_id, axis_id), project_id=project_id, axis_id=axis_id))
        return True
    was_dead, link.deleted = link.deleted, False
    return was_dead


def reattach_projects(session: Session, old_framework_id: uuid.UUID, new_framework_id: uuid.UUID,
                      mapping: Mapping[uuid.UUID, uuid.UUID | None], *,
                      keep_old_links: bool = True) -> ReattachResult:
    """Attach every project of the old framework to the mapped axes of the new one, in one transaction.

    Links whose old axis has no target are reported as unmapped. The old links stay (the history of
    the former frame) unless `keep_old_links` is False; the new framework records what it replaces."""
    old_axes = {a.id: a for a in _axes(session, old_framework_id)}
    new_axes = {a.id: a for a in _axes(session, new_framework_id)}
    stray = [str(target) for target in mapping.values() if target is not None and target not in new_axes]
    if stray or any(source not in old_axes for source in mapping):
        raise DomainError("La correspondance cite des axes qui n'appartiennent pas aux cadres choisis.")
    moved, unmapped = [], []
    for link, code in _links(session, list(old_axes)):
        target = mapping.get(link.axis_id)  # type: ignore[arg-type]
        old = old_axes[link.axis_id]  # type: ignore[index]
        if target is None:
            unmapped.append(Reattachment(link.project_id, code, old.number, "", old.id))  # type: ignore[arg-type]
            continue
        created = attach(session, link.project_id, target)  # type: ignore[arg-type]
        link.deleted = link.deleted or not keep_old_links
        moved.append(Reattachment(link.project_id, code, old.number, new_axes[target].number,  # type: ignore[arg-type]
                                  old.id, target, created))
    set_replaces = _record_replacement(session, old_framework_id, new_framework_id)
    session.flush()
    log.info("Re-attachment: %d links moved, %d unmapped", len(moved), len(unmapped))
    return ReattachResult(tuple(moved), tuple(unmapped), old_framework_id, new_framework_id, keep_old_links,
                          set_replaces)


def undo_reattachment(session: Session, result: ReattachResult) -> ReattachResult:
    """Put back what `reattach_projects` changed: the links it created go to the bin, the old links it
    removed come back, the new framework no longer records the old one as replaced if it set it."""
    for item in result.moved:
        if item.created and item.new_axis_id is not None:
            link = session.get(ProjectAxis, link_id(item.project_id, item.new_axis_id))
            if link is not None:
                link.deleted = True
        if not result.kept_old_links and item.old_axis_id is not None:
            attach(session, item.project_id, item.old_axis_id)
    new = session.get(Framework, result.new_framework_id) if result.new_framework_id else None
    if result.set_replaces and new is not None and new.replaces_id == result.old_framework_id:
        new.replaces_id = None
    session.flush()
    log.info("Re-attachment undone: %d links", len(result.moved))
    return result


def _links(session: Session, axis_ids: list[uuid.UUID]) -> list[tuple[ProjectAxis, str]]:
    stmt = (select(ProjectAxis, Project.code)
            .join(Project, Project.id == ProjectAxis.project_id)
            .where(ProjectAxis.axis_id.in_(axis_ids), ProjectAxis.deleted.is_(False),
                   Project.deleted.is_(False))
            .order_by(Project.code))
    return [(link, code) for link, code in session.execute(stmt)]


def _record_replacement(session: Session, old_id: uuid.UUID, new_id_: uuid.UUID) -> bool:
    new = session.get(Framework, new_id_)
    if new is not None and new.replaces_id is None and old_id != new_id_:
        new.replaces_id = old_id
        return True
    return False


def preview_reattachment(session: Session, old_framework_id: uuid.UUID, new_framework_id: uuid.UUID,
                         mapping: Mapping[uuid.UUID, uuid.UUID | None]) -> ReattachResult:
    """What `reattach_projects` would move, without moving it (run in a savepoint rolled back; issue 5 UI)."""
    nested = session.begin_nested()
    try:
        return reattach_projects(session, old_framework_id, new_framework_id, mapping)
    finally:
        nested.rollback()
