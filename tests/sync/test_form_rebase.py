"""A fiche's or a funding line's form stays open on one workstation while a sync round brings a
colleague's change. Saving it writes what the user changed and keeps the colleague's change, on both
workstations; a field both changed is refused by name, and saved on the second try. Before, the form's
stale copy of every field was written back: the colleague's change was lost, the save being the later
write."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from app.domain.cofunding import FundingLineInfo, LineEditedElsewhereError
from app.domain.ids import new_id
from app.domain.project_form import DraftMilestone, EditedElsewhereError, ProjectDraft
from app.models.funding import FundingLine
from app.models.organisation import Organisation
from app.models.project import Project
from app.services.funding import line_info, save_funding_line
from app.services.project_form import load_project_draft, save_project
from app.sync.service import object_conflicts
from app.sync.sim_world import SimReplica, World
from tests.sync.replicas import run_on


def _fiche(session: Session) -> uuid.UUID:
    project = Project(id=new_id(), code="FA-2.1-04", title="Garage solidaire", summary="Réparations à prix "
                      "coûtant pour les allocataires du RSA.")
    session.add(project)
    return project.id


def _load(fiche: uuid.UUID) -> object:
    return lambda session: load_project_draft(session, fiche)


def _save(draft: ProjectDraft, base: ProjectDraft | None) -> object:
    return lambda session: save_project(session, draft, base=base)


def _deliver(world: World, sender: SimReplica, receiver: SimReplica) -> None:
    world.sync(sender)
    world.sync(receiver)
    assert world.query(receiver, "SELECT count(*) FROM sync_head") == world.query(sender, "SELECT count(*) "
                                                                                  "FROM sync_head")


def test_saving_an_open_form_keeps_what_a_round_brought_meanwhile(pair: World) -> None:
    a, b = pair.replicas
    fiche = run_on(a, _fiche)
    pair.settle(1)
    opened: ProjectDraft = run_on(a, _load(fiche))  # type: ignore[arg-type]  # the form opens on A
    received = replace(run_on(b, _load(fiche)), summary="Réparations et location de véhicules.",  # type: ignore[arg-type]
                       milestones=(DraftMilestone("Ouverture de l'atelier"),))
    run_on(b, _save(received, None))
    _deliver(pair, b, a)  # A's round brings B's change; the form still shows what it loaded
    run_on(a, _save(replace(opened, title="Garage et location solidaires"), opened))
    pair.settle(2)
    for replica in (a, b):
        stored: ProjectDraft = run_on(replica, _load(fiche))  # type: ignore[arg-type]
        assert stored.title == "Garage et location solidaires", replica.path.name
        assert stored.summary == "Réparations et location de véhicules.", replica.path.name
        assert [m.title for m in stored.milestones] == ["Ouverture de l'atelier"]
        assert object_conflicts(replica.path, "project", fiche.hex, parts=True) == ()


def test_a_field_changed_on_both_sides_is_refused_then_saved_knowingly(pair: World) -> None:
    a, b = pair.replicas
    fiche = run_on(a, _fiche)
    pair.settle(1)
    opened: ProjectDraft = run_on(a, _load(fiche))  # type: ignore[arg-type]
    run_on(b, _save(replace(opened, title="Garage solidaire du Pays de Tulle"), None))
    _deliver(pair, b, a)
    mine = replace(opened, title="Garage solidaire de Haute-Corrèze", summary="Réparations.")
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, _save(mine, opened))
    assert refused.value.problems == {"title": (
        "Intitulé : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Garage solidaire "
        "du Pays de Tulle ». Enregistrez à nouveau pour garder votre version.")}
    stored: ProjectDraft = run_on(a, _load(fiche))  # type: ignore[arg-type]
    assert stored == refused.value.current  # nothing written, not even the summary
    assert stored.summary.startswith("Réparations à prix coûtant")
    run_on(a, _save(mine, refused.value.current))  # the form's new base: saved again, knowingly
    pair.settle(2)
    for replica in (a, b):
        stored = run_on(replica, _load(fiche))  # type: ignore[assignment]
        assert (stored.title, stored.summary) == ("Garage solidaire de Haute-Corrèze", "Réparations.")


def _line(session: Session) -> FundingLineInfo:
    project = Project(id=new_id(), code="FA-2.1-05", title="Auto-école sociale")
    caf = Organisation(id=new_id(), name="Caisse d'allocations familiales", short_name="CAF")
    line = FundingLine(id=new_id(), project_id=project.id, funder_id=caf.id, fiscal_year=2027,
                       amount_cents=1_200_000)
    session.add_all([project, caf, line])
    session.flush()
    return line_info(session, line)


def _save_line(line: FundingLineInfo, base: FundingLineInfo | None, **changes: object) -> object:
    wanted = replace(line, **changes)  # type: ignore[arg-type]
    assert wanted.project_id is not None
    return lambda session: save_funding_line(
        session, wanted.project_id, funder_id=wanted.funder_id, fiscal_year=wanted.fiscal_year,
        amount_cents=wanted.amount_cents, nature=wanted.nature, act_reference=wanted.act_reference,
        line_id=wanted.id, base=base)


def test_a_funding_line_form_keeps_an_amount_received_and_names_a_clash(pair: World) -> None:
    a, b = pair.replicas
    opened: FundingLineInfo = run_on(a, _line)  # type: ignore[arg-type]
    pair.settle(1)
    run_on(b, _save_line(opened, None, amount_cents=1_500_000))
    _deliver(pair, b, a)
    run_on(a, _save_line(opened, opened, act_reference="Délibération 2026-CA-014"))
    with pytest.raises(LineEditedElsewhereError) as refused:
        run_on(a, _save_line(opened, opened, amount_cents=1_000_000))
    assert refused.value.problems == {"amount": (
        "Montant : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « 15 000,00 € ». "
        "Enregistrez à nouveau pour garder votre version.")}
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT amount_cents, act_reference FROM funding_line") == [
            (1_500_000, "Délibération 2026-CA-014")], replica.path.name
