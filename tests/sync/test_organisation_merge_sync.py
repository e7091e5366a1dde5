"""A merge of two organisations on one workstation while another, offline, links a fiche to the absorbed
one: nothing is lost. The link arrives, and brings the absorbed organisation back from the bin (a child
re-asserts its parent), where the list shows it to merge again; every invariant holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from app import db
from app.domain.organisations import OrganisationSummary
from app.services.organisation_merge import merge_organisations, unmerge_organisations
from app.services.organisation_register import list_organisations
from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World

KEEP, TWIN, PROJ, LINE = ("0" * 31 + str(i) for i in range(1, 5))


def _twins_with_a_fiche(pair: World) -> None:
    """The same organisation declared twice on A, the twin carrying a fiche; both workstations have it."""
    organisation = "INSERT INTO organisation(id, name, short_name) VALUES (?, ?, ?)"
    pair.write(pair.replicas[0], (organisation, (KEEP, "Mission locale", "ML")),
               (organisation, (TWIN, "MISSION LOCALE", "")),
               ("INSERT INTO project(id, code, title, carrier_id) VALUES (?, 'FA-1', 'Jardin', ?)",
                (PROJ, TWIN)))
    pair.settle(1)


def _lists(pair: World) -> Iterator[dict[str, OrganisationSummary]]:
    """Each workstation's organisations as its list shows them, by id, once every invariant is checked."""
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    for replica in pair.replicas:
        db.init_engine(replica.path)
        try:
            with db.unit_of_work() as session:
                yield {o.id.hex: o for o in list_organisations(session)}
        finally:
            db.dispose()


def test_a_link_to_the_absorbed_organisation_made_offline_is_kept(pair: World) -> None:
    a, b = pair.replicas
    _twins_with_a_fiche(pair)
    db.init_engine(a.path)
    try:
        with db.unit_of_work() as session:
            merge_organisations(session, uuid.UUID(KEEP), uuid.UUID(TWIN))
    finally:
        db.dispose()
    pair.write(b, ("INSERT INTO funding_line(id, project_id, funder_id, amount_cents) "
                   "VALUES (?, ?, ?, 500)", (LINE, PROJ, TWIN)))
    pair.settle(2)

    for found in _lists(pair):
        assert found[KEEP].carried == ("FA-1",)  # the merge went through
        assert found[TWIN].funded == ("FA-1",)  # the line made offline is there, its funder back in the list


def test_a_merge_undone_reaches_every_workstation(pair: World) -> None:
    """Undone on the workstation that merged, while another renames the kept organisation offline: both
    end with the absorbed one back, carrying its fiche, and the rename kept."""
    a, b = pair.replicas
    _twins_with_a_fiche(pair)
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

    for found in _lists(pair):
        assert found[TWIN].carried == ("FA-1",) and found[KEEP].carried == ()
        assert found[KEEP].name == "Mission locale de Maillac"
