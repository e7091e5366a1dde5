"""A merge of two organisations on one workstation while another, offline, links a fiche to the absorbed
one: nothing is lost. The link arrives, and brings the absorbed organisation back from the bin (a child
re-asserts its parent), where the list shows it to merge again; every invariant holds."""

from __future__ import annotations

import uuid

from app import db
from app.services.organisation_merge import merge_organisations, unmerge_organisations
from app.services.organisation_register import list_organisations
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World

KEEP, TWIN, PROJ, LINE = ("0" * 31 + str(i) for i in range(1, 5))


def test_a_link_to_the_absorbed_organisation_made_offline_is_kept(pair: World) -> None:
    a, b = pair.replicas
    organisation = "INSERT INTO organisation(id, name, short_name) VALUES (?, ?, ?)"
    pair.write(a, (organisation, (KEEP, "Mission locale", "ML")),
               (organisation, (TWIN, "MISSION LOCALE", "")),
               ("INSERT INTO project(id, code, title, carrier_id) VALUES (?, 'FA-1', 'Jardin', ?)",
                (PROJ, TWIN)))
    pair.settle(1)
    db.init_engine(a.path)
    try:
        with db.unit_of_work() as session:
            merge_organisations(session, uuid.UUID(KEEP), uuid.UUID(TWIN))
    finally:
        db.dispose()
    pair.write(b, ("INSERT INTO funding_line(id, project_id, funder_id, amount_cents) "
                   "VALUES (?, ?, ?, 500)", (LINE, PROJ, TWIN)))
    pair.settle(2)

    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    for replica in pair.replicas:
        db.init_engine(replica.path)
        try:
            with db.unit_of_work() as session:
                found = {o.id.hex: o for o in list_organisations(session)}
        finally:
            db.dispose()
        assert found[KEEP].carried == ("FA-1",)  # the merge went through
        assert found[TWIN].funded == ("FA-1",)  # the line made offline is there, its funder back in the list


def test_a_merge_undone_reaches_every_workstation(pair: World) -> None:
    """Undone on the workstation that merged, while another renames the kept organisation offline: both
    end with the absorbed one back, carrying its fiche, and the rename kept."""
    a, b = pair.replicas
    organisation = "INSERT INTO organisation(id, name, short_name) VALUES (?, ?, ?)"
    pair.write(a, (organisation, (KEEP, "Mission locale", "ML")),
               (organisation, (TWIN, "MISSION LOCALE", "")),
               ("INSERT INTO project(id, code, title, carrier_id) VALUES (?, 'FA-1', 'Jardin', ?)",
                (PROJ, TWIN)))
    pair.settle(1)
    db.init_engine(a.path)
    try:
        with db.unit_of_work() as session:
            receipt = merge_organisations(session, uuid.UUID(KEEP), uuid.UUID(TWIN)).receipt
        pair.settle(1)
        with db.unit_of_work() as session:
            unmerge_organisations(session, receipt)
    finally:
        db.dispose()
    pair.write(b, ("UPDATE organisation SET name = 'Mission locale de Maillac' WHERE id = ?", (KEEP,)))
    pair.settle(2)

    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    for replica in pair.replicas:
        db.init_engine(replica.path)
        try:
            with db.unit_of_work() as session:
                found = {o.id.hex: o for o in list_organisations(session)}
        finally:
            db.dispose()
        assert found[TWIN].carried == ("FA-1",) and found[KEEP].carried == ()
        assert found[KEEP].name == "Mission locale de Maillac"
