"""« Échanges » on the Synchronisation page and in `sync status`: for each other workstation, whether it
has this one's saved changes and whether this one has its own, as of its last round on the share."""

from __future__ import annotations

import socket
import sqlite3

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
