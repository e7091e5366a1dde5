"""Frameworks as data: axis trees with dotted numbers, projects on several axes, re-attachment (issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import db
from app.domain.enums import FrameworkKind
from app.domain.errors import DomainError
from app.domain.ids import link_id
from app.models.framework import Framework
from app.models.project import ProjectAxis
from app.services.frameworks import (
    create_framework,
    get_framework,
    list_frameworks,
    reattach_projects,
    remove_axis,
    save_axis,
    set_project_axes,
)
from app.services.project_choices import form_choices
from tests.unit.portfolio_seed import project


def _pdi(session: Session) -> tuple[object, dict[str, object]]:
    tree = create_framework(session, code="PDI 2024-2027", title="Programme départemental d'insertion",
                            kind=FrameworkKind.PDI, starts_on=date(2024, 1, 1), ends_on=date(2027, 12, 31))
    axes = {n: save_axis(session, tree.id, number=n, title=f"Axe {n}")
            for n in ("1", "1.1", "1.2", "2", "1.10")}
    return tree, axes


def test_axis_tree_is_built_and_sorted_numerically(session: Session) -> None:
    tree, axes = _pdi(session)
    full = get_framework(session, tree.id)
    assert [a.number for a in full.axes] == ["1", "2"]
    assert [a.number for a in full.axes[0].children] == ["1.1", "1.2", "1.10"]
    assert axes["1.2"].parent_id == axes["1"].id
    assert [a.number for a in full.all_axes()] == ["1", "1.1", "1.2", "1.10", "2"]


@pytest.mark.parametrize(("number", "message"), [
    ("1..2", "n'est pas valide"), ("0", "n'est pas valide"), ("a.1", "n'est pas valide"),
    ("3.1", "suppose un axe 3"), ("1.1", "déjà pris"),
])
def test_axis_numbers_are_checked(session: Session, number: str, message: str) -> None:
    tree, _ = _pdi(session)
    with pytest.raises(DomainError, match=message):
        save_axis(session, tree.id, number=number, title="Nouvel axe")


def test_renumbering_an_axis_with_children_is_refused(session: Session) -> None:
    tree, axes = _pdi(session)
    with pytest.raises(DomainError, match="a des sous-axes"):
        save_axis(session, tree.id, number="3", title="Axe 1", axis_id=axes["1"].id)
    edited = save_axis(session, tree.id, number="1.2", title="Mobilité", axis_id=axes["1.2"].id)
    assert edited.title == "Mobilité"


def test_a_project_on_several_axes_and_detached_softly(session: Session) -> None:
    tree, axes = _pdi(session)
    fa = project(session)
    set_project_axes(session, fa.id, [axes["1.1"].id, axes["2"].id])
    counts = {a.number: a.project_count for a in get_framework(session, tree.id).all_axes()}
    assert counts["1.1"] == 1 and counts["2"] == 1 and counts["1.2"] == 0
    set_project_axes(session, fa.id, [axes["2"].id])
    assert session.get(ProjectAxis, link_id(fa.id, axes["1.1"].id)).deleted


def test_reattachment_maps_old_axes_to_new_ones(session: Session) -> None:
    old, axes = _pdi(session)
    new = create_framework(session, code="PLS 2028", title="Pacte", kind=FrameworkKind.PACTE)
    target = save_axis(session, new.id, number="1", title="Emploi")
    moved_fa, left_fa = project(session, "FA-1"), project(session, "FA-2")
    set_project_axes(session, moved_fa.id, [axes["1.1"].id])
    set_project_axes(session, left_fa.id, [axes["2"].id])
    result = reattach_projects(session, old.id, new.id, {axes["1.1"].id: target.id, axes["2"].id: None})
    assert [(r.project_code, r.old_axis, r.new_axis) for r in result.moved] == [("FA-1", "1.1", "1")]
    assert [(r.project_code, r.old_axis) for r in result.unmapped] == [("FA-2", "2")]
    assert not session.get(ProjectAxis, link_id(moved_fa.id, target.id)).deleted
    assert not session.get(ProjectAxis, link_id(moved_fa.id, axes["1.1"].id)).deleted  # history kept
    assert session.get(Framework, new.id).replaces_id == old.id
    with pytest.raises(DomainError, match="n'appartiennent pas"):
        reattach_projects(session, old.id, new.id, {target.id: axes["1"].id})


def test_reattaching_the_demo_in_one_transaction(demo_db: object) -> None:
    with db.unit_of_work() as session:
        pdi = next(t for t in list_frameworks(session) if t.code == "PDI 2024-2027")
        new = create_framework(session, code="PDI 2028-2031", title="PDI", kind=FrameworkKind.PDI)
        root = save_axis(session, new.id, number="1", title="Emploi et parcours")
        mapping = {axis.id: root.id for axis in pdi.all_axes() if axis.number.startswith("1")}
        result = reattach_projects(session, pdi.id, new.id, mapping, keep_old_links=False)
        assert result.moved and result.unmapped
        assert result.moved_projects == len({r.project_id for r in result.moved})
    with db.SessionFactory() as session:
        after = get_framework(session, new.id)
        assert after.axes[0].project_count == result.moved_projects
        old_ids = list(mapping)
        live_old = session.scalars(select(ProjectAxis).where(ProjectAxis.axis_id.in_(old_ids),
                                                             ProjectAxis.deleted.is_(False))).all()
        assert live_old == []


def test_an_axis_goes_to_the_bin_only_when_empty(session: Session) -> None:
    tree, axes = _pdi(session)
    fa = project(session)
    set_project_axes(session, fa.id, [axes["2"].id])
    with pytest.raises(DomainError, match="a des sous-axes"):
        remove_axis(session, axes["1"].id)
    with pytest.raises(DomainError, match="porte encore 1 fiche"):
        remove_axis(session, axes["2"].id)
    remove_axis(session, axes["1.2"].id)
    assert "1.2" not in [a.number for a in get_framework(session, tree.id).all_axes()]
    assert save_axis(session, tree.id, number="1.2", title="Recréé").id != axes["1.2"].id


def test_form_choices_list_everything_live_in_order(demo_db: object) -> None:
    with db.SessionFactory() as session:
        choices = form_choices(session)
    assert choices.organisations and choices.pool_members and choices.services
    assert len(choices.needs) == 13 and choices.needs[0].detail == "Priorité 1"
    assert choices.territories[0].detail.startswith("Département")
    codes = [c.detail for c in choices.axes]
    assert codes == sorted(codes) and any("PDI 2024-2027 · 1.1.1" in c.label for c in choices.axes)


def test_a_framework_is_checked_field_by_field(session: Session) -> None:
    from app.domain.ids import new_id
    from app.domain.programme import InvalidFrameworkError

    tree, _axes = _pdi(session)
    with pytest.raises(InvalidFrameworkError) as caught:
        create_framework(session, code=" PDI 2024-2027 ", title=" ", kind=FrameworkKind.PDI,
                         starts_on=date(2028, 1, 1), ends_on=date(2027, 1, 1), replaces_id=new_id())
    assert caught.value.problems == {
        "code": "Le cadre « PDI 2024-2027 » existe déjà.",
        "title": "L'intitulé du cadre est obligatoire (par exemple « Pacte des solidarités »).",
        "ends_on": "La date de fin du cadre précède sa date de début.",
        "replaces": "Le cadre remplacé n'existe plus.",
    }
    pls = create_framework(session, code="PLS 2028-2031", title="Pacte local des solidarités",
                           kind=FrameworkKind.PDI, replaces_id=tree.id)
    assert pls.replaces_id == tree.id and pls.axes == ()


def test_axes_move_up_and_down_with_their_sub_axes(session: Session) -> None:
    from app.services.frameworks import move_axis

    tree, axes = _pdi(session)  # 1 (1.1, 1.2, 1.10), 2
    fa = project(session)
    set_project_axes(session, fa.id, [axes["1.2"].id])
    moved = move_axis(session, axes["2"].id, -1)
    assert moved.number == "1"
    numbers = {n.id: n.number for n in get_framework(session, tree.id).all_axes()}
    assert numbers[axes["1"].id] == "2" and numbers[axes["1.2"].id] == "2.2"
    assert numbers[axes["1.10"].id] == "2.10"
    assert [n.number for n in get_framework(session, tree.id).axes] == ["1", "2"]
    assert move_axis(session, axes["1.2"].id, 1).number == "2.10"  # after 2.2 comes 2.10
    after = {n.id: n for n in get_framework(session, tree.id).all_axes()}
    assert after[axes["1.10"].id].number == "2.2" and after[axes["1.2"].id].project_count == 1
    with pytest.raises(DomainError, match="déjà le premier"):
        move_axis(session, axes["1.1"].id, -1)


def test_an_axis_with_fiches_is_deleted_only_when_they_are_detached(session: Session) -> None:
    from app.domain.programme import AxisInUseError

    tree, axes = _pdi(session)
    fa, fb = project(session), project(session, "FA-2")
    set_project_axes(session, fa.id, [axes["2"].id, axes["1.1"].id])
    set_project_axes(session, fb.id, [axes["2"].id])
    with pytest.raises(AxisInUseError) as caught:
        remove_axis(session, axes["2"].id)
    assert caught.value.projects == 2 and "détachez-les" in str(caught.value)
    removal = remove_axis(session, axes["2"].id, detach=True)
    assert removal.count == 2 and removal.number == "2"
    assert session.get(ProjectAxis, link_id(fa.id, axes["2"].id)).deleted
    assert not session.get(ProjectAxis, link_id(fa.id, axes["1.1"].id)).deleted  # other links kept
    assert "2" not in [a.number for a in get_framework(session, tree.id).all_axes()]

    from app.services.frameworks import restore_axis  # undo: the axis and its links come back

    assert restore_axis(session, axes["2"].id, links=removal.detached).project_count == 2
    assert not session.get(ProjectAxis, link_id(fb.id, axes["2"].id)).deleted


def test_a_new_framework_goes_to_the_bin_and_back(session: Session) -> None:
    from app.services.frameworks import remove_framework, restore_framework

    tree, _axes = _pdi(session)
    with pytest.raises(DomainError, match="a des axes"):
        remove_framework(session, tree.id)
    pls = create_framework(session, code="PLS", title="Pacte", kind=FrameworkKind.PACTE)
    remove_framework(session, pls.id)
    assert [f.code for f in list_frameworks(session)] == ["PDI 2024-2027"]
    assert restore_framework(session, pls.id).code == "PLS"
    remove_framework(session, pls.id)
    create_framework(session, code="PLS", title="Autre", kind=FrameworkKind.PACTE)
    with pytest.raises(DomainError, match="porte maintenant le code"):
        restore_framework(session, pls.id)


def test_the_wizard_proposes_same_title_then_close_title_then_same_number() -> None:
    import uuid as _uuid

    from app.domain.programme import AxisNode, propose_mapping

    def axis(number: str, title: str) -> AxisNode:
        return AxisNode(_uuid.uuid4(), number, title, None, 0, ())

    old = [axis("1", "Lever les freins périphériques"), axis("2", "Insertion par l'activité économique"),
           axis("3", "Gouvernance"), axis("4", "Observatoire")]
    new = [axis("1", "Insertion par l'activite economique"), axis("2", "Lever les freins périphériques à "
           "l'emploi"), axis("3", "Accompagnement global")]
    proposals = propose_mapping(old, new)
    assert [(p.new.number if p.new else None, p.reason.split(" (")[0]) for p in proposals] == [
        ("2", "intitulé proche"), ("1", "même intitulé"), ("3", "même numéro"), (None, "")]


@pytest.mark.parametrize("keep", [True, False])
def test_a_reattachment_is_undone_link_by_link(session: Session, keep: bool) -> None:
    from app.services.frameworks import undo_reattachment

    old, axes = _pdi(session)
    new = create_framework(session, code="PLS 2028", title="Pacte", kind=FrameworkKind.PACTE)
    emploi, mobilite = (save_axis(session, new.id, number=n, title=t) for n, t in (("1", "Emploi"),
                                                                                   ("2", "Mobilité")))
    fa, fb = project(session, "FA-1"), project(session, "FA-2")
    set_project_axes(session, fa.id, [axes["1.1"].id])
    set_project_axes(session, fb.id, [axes["2"].id, mobilite.id])  # already on the new frame before
    result = reattach_projects(session, old.id, new.id, {axes["1.1"].id: emploi.id,
                                                         axes["2"].id: mobilite.id}, keep_old_links=keep)
    assert [r.created for r in result.moved] == [True, False] and result.set_replaces

    undo_reattachment(session, result)

    assert session.get(ProjectAxis, link_id(fa.id, emploi.id)).deleted
    assert not session.get(ProjectAxis, link_id(fb.id, mobilite.id)).deleted  # it was there before
    assert not session.get(ProjectAxis, link_id(fa.id, axes["1.1"].id)).deleted
    assert not session.get(ProjectAxis, link_id(fb.id, axes["2"].id)).deleted
    assert session.get(Framework, new.id).replaces_id is None
