"""Rules across rows that merging cannot keep (SYNC.md "Merge"): two workstations each respect them
offline and break them together. Remote data is applied all the same; after the round both workstations
list the object for review, by name, and so do `sync` and `check`."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app import db
from app.cli import main
from app.sync.service import local_status
from app.sync.sim_world import World

PROJ, ANNE, BRUNO = "0" * 31 + "1", "0" * 31 + "2", "0" * 31 + "3"


def _two_pilots(pair: World) -> None:
    a, b = pair.replicas
    member = "INSERT INTO pool_member(id, first_name, last_name) VALUES (?, ?, ?)"
    pair.write(a, ("INSERT INTO project(id, code, title) VALUES (?, 'FA-1', 'Jardin partagé')", (PROJ,)),
               (member, (ANNE, "Anne", "Martins")), (member, (BRUNO, "Bruno", "Rouchon")))
    pair.settle(1)
    pilot = "INSERT INTO assignment(id, member_id, project_id, role) VALUES (?, ?, ?, 'pilot')"
    pair.write(a, (pilot, ("a" * 32, ANNE, PROJ)))  # offline, each names a pilot
    pair.write(b, (pilot, ("b" * 32, BRUNO, PROJ)))
    pair.settle(2)


def test_two_pilots_named_offline_are_both_kept_and_listed_for_review(pair: World) -> None:
    _two_pilots(pair)
    for replica in pair.replicas:
        status = local_status(replica.path)
        assert [(i.rule, i.label) for i in status.to_review] == [
            ("projet avec plusieurs pilotes", "Fiche action « FA-1 — Jardin partagé »")]
        line = "À vérifier : projet avec plusieurs pilotes — Fiche action « FA-1 — Jardin partagé »"
        assert line in status.describe()
        assert pair.query(replica, "SELECT count(*) FROM assignment WHERE role = 'pilot'") == [(2,)]


def test_check_names_the_objects_at_fault(pair: World, capsys: pytest.CaptureFixture[str]) -> None:
    _two_pilots(pair)
    path: Path = pair.replicas[0].path
    try:
        assert main(["--db", str(path), "check"]) == 1
    finally:
        db.dispose()
    out = capsys.readouterr().out
    assert "PROBLÈME : projet avec plusieurs pilotes (1 cas : Fiche action « FA-1 — Jardin partagé »)" in out


MEETING, SEAT, BODY = "0" * 31 + "6", "0" * 31 + "7", "0" * 31 + "8"


CLOSED_EDITED = "séance close : présences, pouvoirs ou votes modifiés après la clôture"


def _held_meeting(pair: World) -> None:
    a, _b = pair.replicas
    pair.write(a, ("INSERT INTO body(id, code, name) VALUES (?, 'CA', 'Conseil d''administration')", (BODY,)),
               ("INSERT INTO meeting(id, body_id, number, starts_at, status) "
                "VALUES (?, ?, 12, '2026-03-14 14:00:00.000000', 'held')", (MEETING, BODY)),
               ("INSERT INTO attendance(id, meeting_id, status) VALUES (?, ?, 'present')", (SEAT, MEETING)))
    pair.settle(1)
    assert local_status(a.path).to_review == ()


def _listed_on_both(pair: World) -> None:
    for replica in pair.replicas:
        [item] = local_status(replica.path).to_review
        assert item.rule == CLOSED_EDITED
        assert item.table == "meeting" and item.label == "Séance « CA n° 12 du 14/03/2026 »"


@pytest.mark.parametrize("offset_ms", [60_000, -3_600_000], ids=["clock-ahead", "clock-an-hour-late"])
def test_a_closed_meeting_whose_attendance_changes_elsewhere_is_listed(pair: World, offset_ms: int) -> None:
    """One laptop closes the meeting; the other, not knowing, still changes an attendance: kept, and the
    meeting is listed for review on both, whatever the laptop's clock says (causality, not clocks)."""
    a, b = pair.replicas
    _held_meeting(pair)
    pair.write(a, ("UPDATE meeting SET status = 'closed'", ()))
    b.clock_offset_ms = offset_ms
    pair.write(b, ("UPDATE attendance SET status = 'excused'", ()))
    pair.settle(2)
    _listed_on_both(pair)


def test_a_proxy_given_elsewhere_after_the_closing_is_listed(pair: World) -> None:
    """A row created concurrently with the closing is a change too (a creation is its '*' head)."""
    a, b = pair.replicas
    _held_meeting(pair)
    pair.write(a, ("UPDATE meeting SET status = 'closed'", ()))
    pair.write(b, ("INSERT INTO proxy(id, meeting_id) VALUES (?, ?)", ("9" * 32, MEETING)))
    pair.settle(2)
    _listed_on_both(pair)


def test_changes_the_closing_had_seen_are_not_listed_whatever_the_clocks(pair: World) -> None:
    """A laptop an hour ahead changes an attendance; the other workstation receives it, then closes the
    meeting: its clock (which does not adopt a clock that far ahead) orders the closing first, but the
    closing had seen the change. Nothing to review."""
    a, b = pair.replicas
    _held_meeting(pair)
    b.clock_offset_ms = 3_600_000
    pair.write(b, ("UPDATE attendance SET status = 'excused'", ()))
    pair.sync(b)
    pair.sync(a)  # a receives the change, then closes
    pair.write(a, ("UPDATE meeting SET status = 'closed'", ()))
    pair.settle(2)
    for replica in pair.replicas:
        assert pair.query(replica, "SELECT status FROM meeting") == [("closed",)]
        assert local_status(replica.path).to_review == ()


def test_a_conflict_names_the_workstation_when_no_profile_is_filled_in(pair: World) -> None:
    a, b = pair.replicas
    pair.write(a, ("INSERT INTO project(id, title) VALUES (?, 'Jardin')", (PROJ,)))
    pair.settle(1)
    for replica, title in ((a, "Jardin A"), (b, "Jardin B")):
        pair.write(replica, ("DELETE FROM workstation_profile", ()),
                   ("UPDATE project SET title = ?", (title,)))
    pair.settle(2)
    [conflict] = local_status(b.path).conflicts
    authors = {v.value: v.author for v in conflict.values}
    host = socket.gethostname().split(".")[0]
    assert authors == {"Jardin B": "ce poste", "Jardin A": f"{host} (profil non renseigné)"}  # a's last label
