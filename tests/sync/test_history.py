"""Every object's history from the sync log: who, when, which field, before → after, which workstation."""

from __future__ import annotations

from app.sync.service import object_history
from app.sync.sim_world import World

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
        changes = {(e.column, e.before, e.after, e.author) for e in history}
        assert ("title", "Jardin", "Jardin partagé", "Agent poste2") in changes
        assert ("*", "", "", "Agent poste1") in changes
        assert ("deleted", "présent", "supprimé", "Agent poste1") in changes
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
