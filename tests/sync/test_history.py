"""Every object's history from the sync log: who, when, which field, before → after, which workstation."""

from __future__ import annotations

import sqlite3

from app.sync.history import object_history, owner_of, received_changes
from app.sync.service import local_status, object_record
from app.sync.sim_world import SimReplica, World

ORG, PROJ = "0" * 31 + "1", "0" * 31 + "2"


def test_history_is_the_same_on_every_workstation(pair: World) -> None:
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
               ("INSERT INTO project(id, title, carrier_id) VALUES (?, 'Jardin', ?)", (PROJ, ORG)))
    pair.settle(1)
    pair.write(b, ("UPDATE project SET title = 'Jardin partagé'", ()))
    pair.write(a, ("UPDATE project SET deleted = 1", ()))
    pair.settle(2)
    for replica in (a, b):
        history = object_history(replica.path, "project", PROJ)
        changes = {(e.field, e.before, e.after, e.author) for e in history}
        assert changes == {
            ("Création", "", "Jardin partagé", "Agent poste1"),  # named as it is now
            ("Intitulé", "Jardin", "Jardin partagé", "Agent poste2"),
            ("Suppression", "présent", "supprimé", "Agent poste1"),
        }, replica.path.name  # the edit's re-assertion of the row, concurrent with its deletion, is no change
        assert history[-1].column == "*"  # newest first: the creation comes last


def test_a_received_concurrent_edit_shows_what_its_author_replaced(pair: World) -> None:
    """Both workstations change the title offline: each history line says what *its author* saw before,
    not what the receiving workstation held when the edit arrived."""
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO project(id, title) VALUES (?, 'Jardin')", (PROJ,)))
    pair.settle(1)
    pair.write(a, ("UPDATE project SET title = 'Jardin partagé'", ()))
    pair.write(b, ("UPDATE project SET title = 'Jardin solidaire'", ()))
    pair.write(a, ("UPDATE project SET title = 'Jardin partagé de Maillac'", ()))
    pair.settle(2)
    for replica in (a, b):
        titles = {(e.before, e.after) for e in object_history(replica.path, "project", PROJ)
                  if e.column == "title"}
        assert titles == {("Jardin", "Jardin partagé"), ("Jardin", "Jardin solidaire"),
                          ("Jardin partagé", "Jardin partagé de Maillac")}, replica.path.name


LINE, CAF, ML = "0" * 31 + "3", "0" * 31 + "4", "0" * 31 + "5"


def test_history_and_conflicts_read_as_a_coordinator_reads_them(pair: World) -> None:
    """Amounts in euros, dates, enum labels and the names of linked objects, never codes or ids; a fiche
    action's history includes its funding lines (who changed a figure); conflicts name the object."""
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS de Maillac')", (ORG,)),
               ("INSERT INTO organisation(id, name, short_name) VALUES (?, 'CAF de la Haute-Maille', 'CAF')",
                (CAF,)),
               ("INSERT INTO organisation(id, name) VALUES (?, 'Mission locale')", (ML,)),
               ("INSERT INTO project(id, title, carrier_id, starts_on) VALUES (?, 'Jardin', ?, '2027-01-01')",
                (PROJ, ORG)),
               ("INSERT INTO funding_line(id, project_id, funder_id, fiscal_year, amount_cents) "
                "VALUES (?, ?, ?, 2027, 760000)", (LINE, PROJ, CAF)))
    pair.settle(1)
    pair.write(b, ("UPDATE funding_line SET amount_cents = 910050, status = 'notified'", ()),
               ("UPDATE project SET starts_on = '2027-01-15', status = 'instruction'", ()))
    pair.write(a, ("UPDATE project SET carrier_id = ?", (CAF,)))
    pair.write(b, ("UPDATE project SET carrier_id = ?", (ML,)))  # concurrent with a's: a conflict
    pair.settle(2)
    for replica in (a, b):
        history = object_history(replica.path, "project", PROJ)
        changes = {(e.field, e.before, e.after) for e in history}
        line = "Financement « CAF · 2027 »"  # a part is named short; a link's value in full
        assert {
            (f"{line} : Montant", "7\u00a0600,00\u00a0€", "9\u00a0100,50\u00a0€"),
            (f"{line} : Statut du financement", "Prévisionnel", "Notifié"),
            ("Ajout : Financement", "", "CAF · 2027"),
            ("Début", "01/01/2027", "15/01/2027"),
            ("Statut", "Idée", "En instruction"),
            ("Porteur", "CCAS de Maillac", "CAF de la Haute-Maille"),
            ("Création", "", "Jardin"),
        } <= changes, replica.path.name
        assert history[-1].field == "Création"  # under the parts its transaction added
        [conflict] = object_record(replica.path, "project", PROJ).conflicts
        assert conflict.label == "Fiche action « Jardin »" and not conflict.mergeable  # a link
        assert {v.value for v in conflict.values} == {"Mission locale", "CAF de la Haute-Maille"}
        assert {v.raw for v in conflict.values} == {ML, CAF}  # « keep this one » writes the id back


def test_flags_and_rates_read_as_words_and_french_numbers(pair: World) -> None:
    a, _b = pair.replicas
    pair.write(a, ("INSERT INTO pool_member(id, first_name, last_name) VALUES (?, 'Anne', 'Martins')",
                   (ORG,)), ("INSERT INTO meeting(id, number) VALUES (?, 3)", (PROJ,)))
    pair.write(a, ("UPDATE pool_member SET working_time = '0.8'", ()), ("UPDATE meeting SET urgent = 1", ()))
    member = {(e.field, e.before, e.after) for e in object_history(a.path, "pool_member", ORG)}
    meeting = {(e.field, e.before, e.after) for e in object_history(a.path, "meeting", PROJ)}
    assert ("Quotité", "1", "0,8") in member and ("Création", "", "Anne Martins") in member
    assert ("Urgence", "non", "oui") in meeting and ("Création", "", "n° 3") in meeting


def test_the_owner_of_a_row_is_found_up_its_links(pair: World) -> None:
    """A ballot belongs to its vote, its point, then its séance; a row nothing shows has no owner."""
    a = pair.replicas[0]
    names = ("body", "meeting", "item", "vote", "ballot", "org")
    ids = {name: f"{n:032x}" for n, name in enumerate(names, 1)}
    pair.write(a, ("INSERT INTO body(id, code) VALUES (?, 'CA')", (ids["body"],)),
               ("INSERT INTO meeting(id, body_id) VALUES (?, ?)", (ids["meeting"], ids["body"])),
               ("INSERT INTO agenda_item(id, meeting_id) VALUES (?, ?)", (ids["item"], ids["meeting"])),
               ("INSERT INTO vote(id, item_id) VALUES (?, ?)", (ids["vote"], ids["item"])),
               ("INSERT INTO ballot(id, vote_id) VALUES (?, ?)", (ids["ballot"], ids["vote"])),
               ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (ids["org"],)))
    shown = {"meeting", "body", "project"}
    assert owner_of(a.path, "ballot", ids["ballot"], shown) == ("meeting", ids["meeting"])
    assert owner_of(a.path, "meeting", ids["meeting"], shown) == ("meeting", ids["meeting"])
    assert owner_of(a.path, "organisation", ids["org"], shown) is None
    assert owner_of(a.path, "ballot", "f" * 32, shown) is None  # not (or no longer) here


def test_a_body_history_includes_its_seats_representatives(pair: World) -> None:
    """Parts of parts come with an object: a seat's titulaire renamed shows in its instance's history,
    named by the person, and « Afficher l'objet » on the person opens the instance."""
    a, b = pair.replicas
    body, seat, person, other = (f"{n:032x}" for n in range(11, 15))
    pair.write(a, ("INSERT INTO body(id, code, name) VALUES (?, 'CA', 'Conseil')", (body,)),
               ("INSERT INTO body(id, code, name) VALUES (?, 'BU', 'Bureau')", (other,)),
               ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (ORG,)),
               ("INSERT INTO seat(id, body_id, organisation_id) VALUES (?, ?, ?)", (seat, body, ORG)),
               ("INSERT INTO representative(id, seat_id, full_name, title) VALUES (?, ?, 'Anne Roux', 'DGA')",
                (person, seat)))
    pair.settle(1)
    pair.write(b, ("UPDATE representative SET title = 'Directrice'", ()))
    pair.settle(2)
    for replica in (a, b):
        history = object_history(replica.path, "body", body)
        changes = {(e.subject, e.field, e.before, e.after) for e in history}
        seat_person = "CAF › Anne Roux"  # the seat, then its titulaire
        assert (seat_person, f"Représentant « {seat_person} » : Fonction", "DGA", "Directrice") in changes
        assert (seat_person, "Ajout : Représentant", "", seat_person) in changes, replica.path.name
        assert not [e for e in object_history(replica.path, "body", other) if e.table != "body"]
    assert owner_of(a.path, "representative", person, {"body"}) == ("body", body)


def test_a_seance_history_includes_its_votes_and_ballots(pair: World) -> None:
    """Who changed a head count or a named ballot after the séance is part of the séance's history (a
    public body answers for its figures): the vote is named by its point, the ballot by its seat."""
    a, b = pair.replicas
    meeting, item, vote, seat, ballot = (f"{n:032x}" for n in range(21, 26))
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (ORG,)),
               ("INSERT INTO meeting(id, number) VALUES (?, 4)", (meeting,)),
               ("INSERT INTO agenda_item(id, meeting_id, title) VALUES (?, ?, 'Budget primitif 2027')",
                (item, meeting)),
               ("INSERT INTO vote(id, item_id, votes_for) VALUES (?, ?, 12)", (vote, item)),
               ("INSERT INTO seat(id, organisation_id) VALUES (?, ?)", (seat, ORG)),
               ("INSERT INTO ballot(id, vote_id, seat_id, choice) VALUES (?, ?, ?, 'for')",
                (ballot, vote, seat)))
    pair.settle(1)
    pair.write(b, ("UPDATE vote SET votes_for = 11", ()), ("UPDATE ballot SET choice = 'against'", ()))
    pair.settle(2)
    for replica in (a, b):
        history = object_history(replica.path, "meeting", meeting)
        changes = {(e.subject, e.field, e.before, e.after) for e in history}
        assert ("Budget primitif 2027", "Vote « Budget primitif 2027 » : Voix pour", "12", "11") in changes
        assert ("Budget primitif 2027 › CAF", "Bulletin « Budget primitif 2027 › CAF » : Choix", "Pour",
                "Contre") in changes, replica.path.name
    assert owner_of(a.path, "ballot", ballot, {"meeting"}) == ("meeting", meeting)


def test_received_changes_start_after_the_snapshot_a_workstation_was_loaded_from(pair: World) -> None:
    """A workstation loaded from the share's snapshot received the whole base: that is not its colleagues'
    news. « Modifications reçues » lists what changed after, and says since when (migration 0006)."""
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CCAS')", (ORG,)),
               ("INSERT INTO project(id, title, carrier_id) VALUES (?, 'Jardin', ?)", (PROJ, ORG)))
    pair.settle(1)
    pair.write(b, ("UPDATE project SET title = 'Jardin partagé'", ()))
    pair.settle(2)
    pair.sync(a, snapshot=True)
    fresh = pair.add_replica()
    pair.sync(fresh)
    assert _received(fresh) == []
    assert local_status(fresh.path).joined  # when it was loaded

    pair.write(a, ("UPDATE project SET title = 'Jardin solidaire'", ()))
    pair.settle(1)

    assert _received(fresh) == [("Intitulé", "Jardin partagé → Jardin solidaire")]
    assert any(field == "Création" for field, _change in _received(b))
    assert local_status(b.path).joined == ""  # it synced its way in: everything it got was received


def _received(replica: SimReplica) -> list[tuple[str, str]]:
    conn = sqlite3.connect(replica.path)
    try:
        me = conn.execute("SELECT replica_id FROM sync_state").fetchone()[0]
        return [(change.entry.field, change.change) for change in received_changes(conn, me)]
    finally:
        conn.close()
