"""A form (fiche, funding line, axis, séance, point, décision, follow-ups, GIP settings) stays open on one
workstation while a sync round brings a colleague's change. Saving it writes what the user changed and
keeps the colleague's change, on both workstations; a field both changed is refused by name, and saved
on the second try. Before, the form's stale copy of every field was written back: the colleague's
change was lost, the save being the later write."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from app.domain.cofunding import FundingLineInfo
from app.domain.enums import AgendaItemKind, FrameworkKind, MatterKind, MeetingStatus, MilestoneStatus
from app.domain.ids import new_id
from app.domain.meeting_editing import DecisionText, FollowUpEntry
from app.domain.programme import AxisNode
from app.domain.project_form import DraftMilestone, ProjectDraft
from app.domain.rebase import EditedElsewhereError
from app.domain.settings import GIP_SETTINGS
from app.models.body import Body
from app.models.funding import FundingLine
from app.models.meeting import AgendaItem, Decision, Meeting
from app.models.organisation import Organisation
from app.models.project import Project
from app.services.decision_texts import decision_text, save_decision_text
from app.services.follow_ups import follow_up_sheet, save_follow_ups
from app.services.frameworks import create_framework, save_axis
from app.services.funding import line_info, save_funding_line
from app.services.meeting_operations import save_agenda_item, update_meeting
from app.services.project_form import load_project_draft, save_project
from app.services.settings import get_identity, save_identity
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
    assert refused.value.theirs == {"title": "Garage solidaire du Pays de Tulle"}
    stored: ProjectDraft = run_on(a, _load(fiche))  # type: ignore[arg-type]
    assert (stored.title, stored.summary) == (  # nothing written, not even the summary
        "Garage solidaire du Pays de Tulle", "Réparations à prix coûtant pour les allocataires du RSA.")
    run_on(a, _save(mine, replace(opened, **refused.value.theirs)))  # the form's new base: saved knowingly
    pair.settle(2)
    for replica in (a, b):
        stored = run_on(replica, _load(fiche))  # type: ignore[assignment]
        assert (stored.title, stored.summary) == ("Garage solidaire de Haute-Corrèze", "Réparations.")


def test_a_row_changed_on_both_sides_is_saved_knowingly_without_undoing_the_other_rows_received(
        pair: World) -> None:
    """Two milestones: B marks the first done and renames the second; A renames the second too. The
    refusal names the milestones; saving again keeps A's name for the second and B's status for the first
    (before, the retry wrote A's whole stale list back: the first milestone's status was lost)."""
    a, b = pair.replicas
    fiche = run_on(a, _fiche)
    pair.settle(1)
    with_rows = replace(run_on(a, _load(fiche)), milestones=(  # type: ignore[arg-type]
        DraftMilestone("Lancement", date(2027, 1, 4)), DraftMilestone("Bilan", date(2027, 6, 30))))
    run_on(a, _save(with_rows, None))
    pair.settle(2)
    opened: ProjectDraft = run_on(a, _load(fiche))  # type: ignore[assignment]
    first, second = opened.milestones
    theirs = (replace(first, status=MilestoneStatus.DONE), replace(second, title="Bilan à six mois"))
    run_on(b, _save(replace(opened, milestones=theirs), None))
    _deliver(pair, b, a)
    mine = replace(opened, milestones=(first, replace(second, title="Bilan final")))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, _save(mine, opened))
    assert set(refused.value.problems) == {"milestones"}
    run_on(a, _save(mine, replace(opened, **refused.value.theirs)))  # the form's new base: saved knowingly
    pair.settle(2)
    for replica in (a, b):
        stored: ProjectDraft = run_on(replica, _load(fiche))  # type: ignore[assignment]
        assert [(m.title, m.status) for m in stored.milestones] == [
            ("Lancement", MilestoneStatus.DONE), ("Bilan final", MilestoneStatus.PLANNED)], replica.path.name
        assert object_conflicts(replica.path, "milestone", first.id.hex if first.id else "") == ()


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
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, _save_line(opened, opened, amount_cents=1_000_000))
    assert refused.value.problems == {"amount": (
        "Montant : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « 15 000,00 € ». "
        "Enregistrez à nouveau pour garder votre version.")}
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT amount_cents, act_reference FROM funding_line") == [
            (1_500_000, "Délibération 2026-CA-014")], replica.path.name


def _seance(session: Session) -> tuple[uuid.UUID, uuid.UUID]:
    """A séance in preparation with one point and its délibération: (séance, délibération)."""
    body = Body(id=new_id(), code="CA", name="Conseil d'administration")
    meeting = Meeting(id=new_id(), body_id=body.id, number=5, starts_at=datetime(2027, 1, 20, 14),
                      status=MeetingStatus.PREPARING, place="Salle du conseil")
    item = AgendaItem(id=new_id(), meeting_id=meeting.id, position=1, title="Budget primitif 2027",
                      kind=AgendaItemKind.DELIBERATION)
    decision = Decision(id=new_id(), body_id=body.id, item_id=item.id, title="Budget primitif 2027",
                        articles="Le budget primitif 2027 est adopté.")
    session.add_all([body, meeting, item, decision])
    return meeting.id, decision.id


FORM = {"chair_name": "", "secretary_name": "", "guests": "", "place": "Salle du conseil",
        "video_link": "", "urgent": False, "second_convocation": False}  # the séance form as it opened


def test_the_seance_form_keeps_a_place_received_and_names_a_clash(pair: World) -> None:
    a, b = pair.replicas
    meeting, _decision = run_on(a, _seance)
    pair.settle(1)
    run_on(b, lambda session: update_meeting(session, meeting, place="Maison du Département, Tulle",
                                             guests="Mme Roux, contrôleuse budgétaire"))
    _deliver(pair, b, a)

    def save(**typed: str) -> Callable[[Session], None]:
        return lambda session: update_meeting(session, meeting, base=FORM, **{**FORM, **typed})

    run_on(a, save(chair_name="Anne Vidal"))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, save(place="Ussel"))
    assert refused.value.problems == {"place": (
        "Lieu : modifié sur un autre poste pendant votre saisie ; il vaut maintenant « Maison du "
        "Département, Tulle ». Enregistrez à nouveau pour garder votre version.")}
    assert refused.value.theirs == {"place": "Maison du Département, Tulle"}
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT chair_name, place, guests FROM meeting") == [
            ("Anne Vidal", "Maison du Département, Tulle", "Mme Roux, contrôleuse budgétaire")]


def test_the_decision_text_keeps_an_article_received_and_names_a_clash(pair: World) -> None:
    a, b = pair.replicas
    _meeting, decision = run_on(a, _seance)
    pair.settle(1)
    opened: DecisionText = run_on(a, lambda session: decision_text(session, decision))

    def save(text: DecisionText, base: DecisionText | None) -> Callable[[Session], DecisionText]:
        return lambda session: save_decision_text(
            session, decision, title=text.title, visas=text.visas, considerations=text.considerations,
            articles=text.articles, effective_on=text.effective_on, base=base)

    run_on(b, save(replace(opened, articles=(*opened.articles, "Le président est chargé de son exécution.")),
                   None))
    _deliver(pair, b, a)
    run_on(a, save(replace(opened, title="Adoption du budget primitif 2027"), opened))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, save(replace(opened, articles=("Le budget est adopté.",)), opened))
    assert list(refused.value.problems) == ["articles"]
    now = "il vaut maintenant « Le budget primitif 2027 est adopté. (…) »"  # the first of two articles
    assert now in refused.value.problems["articles"]
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT title, articles FROM decision") == [
            ("Adoption du budget primitif 2027",
             "Le budget primitif 2027 est adopté.\nLe président est chargé de son exécution.")]


def test_a_point_keeps_a_note_received_and_names_a_clash(pair: World) -> None:
    a, b = pair.replicas
    meeting, _decision = run_on(a, _seance)
    pair.settle(1)
    [(item_hex,)] = pair.query(a, "SELECT id FROM agenda_item")
    item = uuid.UUID(str(item_hex))
    opened = {"title": "Budget primitif 2027", "kind": AgendaItemKind.DELIBERATION,
              "matter": MatterKind.ORDINARY, "rapporteur": "", "presentation": "", "financial_impact": "",
              "project_ids": ()}

    def save(base: dict[str, object] | None, **typed: object) -> Callable[[Session], uuid.UUID]:
        return lambda session: save_agenda_item(session, meeting, item, **{**opened, **typed},  # type: ignore[arg-type]
                                                base=base)

    run_on(b, save(None, presentation="Le budget s'équilibre à 2,4 M€.", title="Budget primitif 2027 du GIP"))
    _deliver(pair, b, a)
    run_on(a, save(opened, rapporteur="La directrice"))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, save(opened, title="Budget 2027"))
    assert refused.value.theirs == {"title": "Budget primitif 2027 du GIP"}
    assert "Intitulé : modifié sur un autre poste" in str(refused.value)
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT title, rapporteur, presentation FROM agenda_item") == [
            ("Budget primitif 2027 du GIP", "La directrice", "Le budget s'équilibre à 2,4 M€.")]


def test_follow_ups_merge_by_action_and_a_clash_is_named(pair: World) -> None:
    """Both add an action to a point that had none: both are kept. Then B changes the first action's
    « qui » and ticks the second; A changes the first's « qui » too: refused by name, and saved again it
    keeps A's « qui » and B's tick (before, the list was one value: the second save undid B's tick)."""
    a, b = pair.replicas
    meeting, _decision = run_on(a, _seance)
    pair.write(a, ("UPDATE meeting SET status = 'held', opened_at = starts_at", ()))
    pair.settle(1)

    def shown() -> tuple[FollowUpEntry, ...]:  # what A's editor shows
        [point] = run_on(a, lambda session: follow_up_sheet(session, meeting)).points
        return point.entries

    def save(replica: SimReplica, entries: tuple[FollowUpEntry, ...], **base: object) -> None:
        [point] = run_on(replica, lambda session: follow_up_sheet(session, meeting)).points
        run_on(replica, lambda session: save_follow_ups(
            session, point.item_id, entries, **base))  # type: ignore[arg-type]

    opened = shown()
    save(b, (FollowUpEntry("Service financier", "Notifier la subvention à la CAF"),))
    _deliver(pair, b, a)
    save(a, (*opened, FollowUpEntry("Directrice", "Publier la délibération")), base=opened)
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT who FROM follow_up_action WHERE deleted = 0 "
                                   "ORDER BY position") == [("Service financier",), ("Directrice",)]

    opened = shown()
    first, second = opened
    save(b, (replace(first, who="Service des finances"), replace(second, done=True)), base=opened)
    _deliver(pair, b, a)
    mine = (replace(first, who="Agent comptable"), second)
    with pytest.raises(EditedElsewhereError) as refused:
        save(a, mine, base=opened)
    assert str(refused.value) == (
        "Rien n'est enregistré.\nActions de suivi du point « Budget primitif 2027 » : modifié sur un autre "
        "poste pendant votre saisie ; il vaut maintenant « Service des finances : Notifier la subvention "
        "à la CAF ; Directrice : Publier l… ». Enregistrez à nouveau pour garder votre version.")
    save(a, mine, base=refused.value.theirs["entries"])  # the editor's new base: saved knowingly
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT who, done FROM follow_up_action WHERE deleted = 0 "
                                   "ORDER BY position") == [("Agent comptable", 0), ("Directrice", 1)]


def test_the_gip_settings_keep_a_director_received_and_name_a_clash(pair: World) -> None:
    a, b = pair.replicas

    def shown(session: Session) -> dict[str, str]:  # what the settings form shows, as it sends it
        identity = get_identity(session)
        return {spec.key: getattr(identity, spec.key.removeprefix("gip.")) for spec in GIP_SETTINGS}

    opened = run_on(a, shown)
    run_on(b, lambda session: save_identity(session, {**opened, "gip.director": "Claire Besse"}))
    _deliver(pair, b, a)

    def save(key: str, value: str) -> Callable[[Session], object]:
        return lambda session: save_identity(session, {**opened, key: value}, base=opened)

    run_on(a, save("gip.president", "Jean Vidal"))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, save("gip.director", "Marc Roux"))
    assert refused.value.theirs == {"gip.director": "Claire Besse"}
    assert "Directeur ou directrice : modifié sur un autre poste" in refused.value.problems["gip.director"]
    pair.settle(2)
    for replica in (a, b):
        stored = run_on(replica, get_identity)
        assert (stored.director, stored.president) == ("Claire Besse", "Jean Vidal"), replica.path.name


def test_an_axis_keeps_a_title_received_and_names_a_clash(pair: World) -> None:
    a, b = pair.replicas

    def framework(session: Session) -> AxisNode:
        tree = create_framework(session, code="PDI", title="Programme départemental d'insertion",
                                kind=FrameworkKind.PDI)
        save_axis(session, tree.id, number="1", title="Emploi")
        return save_axis(session, tree.id, number="2", title="Mobilite")

    opened = run_on(a, framework)
    pair.settle(1)
    [(framework_hex,)] = pair.query(a, "SELECT framework_id FROM axis WHERE id = ?", opened.id.hex)
    framework_id = uuid.UUID(str(framework_hex))
    run_on(b, lambda session: save_axis(session, framework_id, number="2", title="Mobilité",
                                        axis_id=opened.id))
    _deliver(pair, b, a)
    run_on(a, lambda session: save_axis(session, framework_id, number="3", title=opened.title,
                                        axis_id=opened.id, base=opened))
    with pytest.raises(EditedElsewhereError) as refused:
        run_on(a, lambda session: save_axis(session, framework_id, number=opened.number, title="Mobilité "
                                            "et logement", axis_id=opened.id, base=opened))
    assert refused.value.theirs == {"title": "Mobilité"}
    pair.settle(2)
    for replica in (a, b):
        assert pair.query(replica, "SELECT number, title FROM axis WHERE id = ?", opened.id.hex) == [
            ("3", "Mobilité")]
