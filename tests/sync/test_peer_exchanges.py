"""« Échanges » on the Synchronisation page and in `sync status`: for each other workstation, whether it
has this one's saved changes and whether this one has its own, as of its last round on the share."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

from app.domain.sync import PeerInfo
from app.sync.service import local_status
from app.sync.sim_world import World


def _peer(world: World, i: int) -> PeerInfo:
    [peer] = local_status(world.replicas[i].path).peers
    return peer


def test_each_way_is_counted_until_both_have_everything(pair: World) -> None:
    a, b = pair.replicas
    pair.edit(a, 1)
    pair.edit(a, 1)
    pair.settle(1)  # a publishes its two saves, b receives them
    pair.edit(a, 1)
    pair.sync(a)  # a third save published; b's last heartbeat had two
    peer = _peer(pair, 0)
    assert (peer.waiting, peer.to_receive) == (1, 0)
    assert peer.exchanges == "attend 1 enregistrement de ce poste"
    assert ", attend 1 enregistrement de ce poste" in local_status(a.path).describe()  # `sync status`

    pair.edit(b, 1)
    pair.sync(b)  # b receives the third save and publishes one of its own, which a has not yet
    assert _peer(pair, 1).exchanges == "attend 1 enregistrement de ce poste"
    pair.sync(a)
    assert _peer(pair, 0).exchanges == "à jour dans les deux sens"
    pair.sync(b)  # b reads a's new heartbeat
    assert _peer(pair, 1).exchanges == "à jour dans les deux sens"


def test_the_wording_counts_both_ways() -> None:
    peer = PeerInfo("r" * 32, "Poste de Tulle", "0.1.0", "", "", waiting=3, to_receive=2)
    assert peer.exchanges == "attend 3 enregistrements de ce poste ; 2 enregistrements à recevoir de lui"


def test_what_could_not_be_received_is_counted(pair: World) -> None:
    """A segment of b's altered on the share is quarantined here: its save is still to receive."""
    a, b = pair.replicas
    pair.settle(1)
    pair.edit(b, 1)
    pair.sync(b)
    [segment] = (pair.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg")
    data = bytearray(segment.read_bytes())
    data[-1] ^= 0xFF
    segment.write_bytes(bytes(data))
    pair.sync(a)
    peer = _peer(pair, 0)
    assert (peer.waiting, peer.to_receive) == (0, 1)
    assert peer.exchanges == "1 enregistrement à recevoir de lui"


def test_each_workstation_is_named_by_its_user_and_computer_a_profile_changed_later_shows(
        pair: World) -> None:
    """SYNC.md's label « (workstation, user) », as of the workstation's last round: a name typed or
    changed after its first round reaches the others; without a profile, the computer's name."""
    a, b = pair.replicas
    host = socket.gethostname().split(".")[0]
    for replica in (a, b, a):
        pair.sync(replica)
    assert _peer(pair, 0).label == f"Agent poste2 ({host})"
    for typed, shown in (("Jeanne Martin", f"Jeanne Martin ({host})"),
                         ("", f"{host} (profil non renseigné)")):
        conn = sqlite3.connect(b.path)
        with conn:
            conn.execute("DELETE FROM workstation_profile")
            if typed:
                conn.execute("INSERT INTO workstation_profile(id, full_name, function, organisation) "
                             "VALUES (1, ?, 'Coordinatrice', 'GIP')", (typed,))
        conn.close()
        pair.sync(b)
        pair.sync(a)
        assert _peer(pair, 0).label == shown


def _set_profile(path: Path, name: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM workstation_profile")
        conn.execute("INSERT INTO workstation_profile(id, full_name, function, organisation) "
                     "VALUES (1, ?, 'Coordinatrice', 'GIP')", (name,))
    conn.close()


def test_no_file_on_the_share_names_the_user_in_clear(pair: World) -> None:
    """SYNC.md "Security": the share is readable by the département's IT staff. The computer's name
    stays in clear (folders' write rights are set by it); the user's name is sealed, and read back."""
    a, b = pair.replicas
    _set_profile(b.path, "Jeanne Martin")
    for replica in (a, b, a):
        pair.sync(replica)
    host = socket.gethostname().split(".")[0]
    assert _peer(pair, 0).label == f"Jeanne Martin ({host})"
    files = [p for p in (pair.share_dir / "maillage-sync").rglob("*") if p.is_file()]
    assert any(p.name == "replica.json" for p in files) and any(p.parent.name == "state" for p in files)
    assert not [p for p in files if b"Jeanne Martin" in p.read_bytes() or b"Martin" in p.read_bytes()]
    identity = json.loads((pair.share_dir / "maillage-sync" / "replicas" / _peer(pair, 0).replica_id
                           / "replica.json").read_bytes())
    assert identity["computer"] == host and set(identity) == {"computer", "user", "created", "app_version"}


def test_an_identity_in_clear_from_an_earlier_version_is_read_then_sealed_by_its_owner(pair: World) -> None:
    a, b = pair.replicas
    _set_profile(b.path, "Jeanne Martin")
    pair.sync(b)
    folder = next(p for p in (pair.share_dir / "maillage-sync" / "replicas").iterdir()
                  if (p / "replica.json").exists())
    for beat in (folder / "state").iterdir():
        beat.unlink()  # as an earlier version left its folder: no heartbeat of this form
    earlier = {"label": "Jeanne Martin (PC-ANCIEN)", "created": "2026-01-05T08:00:00+00:00",
               "app_version": "0.1.0"}
    (folder / "replica.json").write_text(json.dumps(earlier))
    pair.sync(a)
    assert _peer(pair, 0).label == "Jeanne Martin (PC-ANCIEN)"  # still read
    pair.sync(b)  # its owner rewrites it
    identity = json.loads((folder / "replica.json").read_bytes())
    assert "label" not in identity and b"Martin" not in (folder / "replica.json").read_bytes()
    assert identity["created"] == "2026-01-05T08:00:00+00:00"  # when it joined is kept
    pair.sync(a)
    assert _peer(pair, 0).label == f"Jeanne Martin ({socket.gethostname().split('.')[0]})"


def test_a_name_sealed_for_another_workstation_or_altered_is_not_shown(pair: World) -> None:
    """A name copied from another workstation's identity (its seal names that workstation) or altered
    reads « (nom illisible) » beside the computer's name: never someone else's name."""
    a, b = pair.replicas
    _set_profile(a.path, "Paul Durand")
    _set_profile(b.path, "Jeanne Martin")
    for replica in (a, b, a):
        pair.sync(replica)
    folders = {p.name: p for p in (pair.share_dir / "maillage-sync" / "replicas").iterdir()}
    beats = {name: json.loads(next((p / "state").iterdir()).read_bytes()) for name, p in folders.items()}
    b_id = _peer(pair, 0).replica_id
    [a_id] = set(folders) - {b_id}
    for forged in (beats[a_id]["user"], "A" + beats[b_id]["user"][1:]):
        beat_file = next((folders[b_id] / "state").iterdir())
        beat_file.write_text(json.dumps({**beats[b_id], "user": forged}))
        pair.sync(a)
        assert _peer(pair, 0).label == f"{beats[b_id]['computer']} (nom illisible)"


def test_a_file_put_by_hand_in_a_heartbeat_folder_is_ignored(pair: World) -> None:
    """A file that is not a heartbeat (« notes.json », put there by hand) would sort after the heartbeats:
    the owner kept it and removed its own new heartbeat, and the others read it as the newest."""
    a, b = pair.replicas
    _set_profile(b.path, "Jeanne Martin")
    pair.sync(b)
    replicas = pair.share_dir / "maillage-sync" / "replicas"
    [folder] = [p for p in replicas.iterdir() if (p / "state").is_dir()]  # B's: A has not synced yet
    (folder / "state" / "x-notes.json").write_text("{pas du JSON")
    pair.sync(b)
    beats = sorted(p.name for p in (folder / "state").iterdir())
    assert len(beats) == 2 and beats[0][:20].isdigit() and beats[1] == "x-notes.json"  # left as it is
    pair.sync(a)
    peer = _peer(pair, 0)
    assert peer.label.startswith("Jeanne Martin (") and peer.exchanges == "à jour dans les deux sens"


def test_an_altered_heartbeat_vector_reads_as_nothing_applied(pair: World) -> None:
    """A heartbeat whose applied vector was altered by hand (a list, a seq in words): the rounds go on,
    its workstation counts as having nothing yet, which only holds back the collection of segments."""
    a, b = pair.replicas
    pair.edit(a, 2)
    for replica in (a, b, a):
        pair.sync(replica)
    replicas = pair.share_dir / "maillage-sync" / "replicas"
    b_id = _peer(pair, 0).replica_id
    beat_file = next((replicas / b_id / "state").iterdir())
    beat = json.loads(beat_file.read_bytes())
    for altered in ([1, 2], {_peer(pair, 1).replica_id: "beaucoup"}):
        beat_file.write_text(json.dumps({**beat, "vector": altered}))
        pair.sync(a, snapshot=True)  # reads it, and collects with it
        assert _peer(pair, 0).exchanges == "attend 1 enregistrement de ce poste"  # A's one transaction
