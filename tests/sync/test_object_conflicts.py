"""An object's conflicts with its parts' (app.sync.service.object_conflicts(parts=True)): what detail
panes and forms show. A part in the bin counts: a partner link removed here and edited there is a
« supprimé ici / modifié là » conflict of the fiche action's."""

from __future__ import annotations

from app.sync.service import object_conflicts
from app.sync.sim_world import World

PROJ, ORG, LINK = "0" * 31 + "1", "0" * 31 + "2", "0" * 31 + "3"


def test_a_part_removed_here_and_edited_there_shows_on_its_object(pair: World) -> None:
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO organisation(id, name) VALUES (?, 'CAF')", (ORG,)),
               ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin')", (PROJ,)),
               ("INSERT INTO project_partner(id, project_id, organisation_id, role) "
                "VALUES (?, ?, ?, 'Relais')", (LINK, PROJ, ORG)))
    pair.settle(1)
    pair.write(a, ("UPDATE project_partner SET deleted = 1", ()))
    pair.write(b, ("UPDATE project_partner SET role = 'Financeur'", ()))
    pair.settle(2)
    for replica in pair.replicas:
        assert object_conflicts(replica.path, "project", PROJ) == ()  # the fiche's own fields: none
        [conflict] = object_conflicts(replica.path, "project", PROJ, parts=True)
        assert (conflict.table, conflict.row_id, conflict.deletion) == ("project_partner", LINK, True)
        assert conflict.label == "Partenaire « CAF »"
