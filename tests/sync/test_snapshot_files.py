"""Snapshots sealed and opened a chunk at a time (a département's base of a gigabyte never whole in
memory), in the same format as before, and refused whole when they are not authentic."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from app.sync import crypto
from app.sync.crypto import UnauthenticError, seal, seal_file, unseal, unseal_file
from app.sync.faults import corrupt
from app.sync.round import connect
from app.sync.service import local_status
from app.sync.share import Share
from app.sync.sim_checks import check_world, dump
from app.sync.sim_world import World

KEY = bytes(range(32))
AAD = b"00000000000000000042-poste:{}"


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 1000)


@pytest.mark.parametrize("length", [0, 1, 999, 1000, 4321])
def test_a_file_sealed_in_chunks_is_the_file_sealed_whole(
    tmp_path: Path, small_chunks: None, length: int
) -> None:
    content = os.urandom(length)
    plain, sealed, opened = tmp_path / "base.sqlite", tmp_path / "base.snap", tmp_path / "ouvert.sqlite"
    plain.write_bytes(content)

    digest = seal_file(KEY, plain, sealed, AAD)

    assert sealed.read_bytes() == seal(KEY, content, AAD)  # snapshots already on a share still open
    assert digest == crypto.hashlib.sha256(sealed.read_bytes()).hexdigest()
    assert unseal(KEY, sealed.read_bytes(), AAD) == content
    unseal_file(KEY, sealed, opened, AAD)
    assert opened.read_bytes() == content


@pytest.mark.parametrize("alteration", ["flip", "truncate", "other-aad", "other-key"])
def test_an_altered_sealed_file_is_refused(tmp_path: Path, small_chunks: None, alteration: str) -> None:
    plain, sealed, opened = tmp_path / "base.sqlite", tmp_path / "base.snap", tmp_path / "ouvert.sqlite"
    plain.write_bytes(os.urandom(5000))
    seal_file(KEY, plain, sealed, AAD)
    key, aad = KEY, AAD
    if alteration in ("flip", "truncate"):
        corrupt(sealed, mode=alteration, rng=random.Random(4))
    elif alteration == "other-aad":
        aad = AAD.replace(b"42", b"43")
    else:
        key = bytes(32)

    with pytest.raises(UnauthenticError):
        unseal_file(key, sealed, opened, aad)


def _snapshot_files(world: World) -> tuple[Path, Path]:
    folder = world.share_dir / "maillage-sync" / "snapshots"
    return next(folder.glob("*.snap")), next(folder.glob("*.json"))


def _leftovers(world: World) -> list[str]:
    """Temporary copies of a snapshot beside the workstations' bases."""
    return sorted(p.name for p in world.root.iterdir() if p.name.startswith((".snapshot-", ".bootstrap-")))


def _same_base(world: World, fresh_index: int, other_index: int) -> bool:
    one, two = (connect(world.replicas[i].path) for i in (fresh_index, other_index))
    try:
        return dump(one) == dump(two)
    finally:
        one.close()
        two.close()


def _published(world: World) -> World:
    a, b = world.add_replica(), world.add_replica()
    world.edit(a, 4)
    world.edit(b, 3)
    world.settle(1)
    world.sync(a, snapshot=True)
    return world


def test_publishing_and_loading_a_snapshot_leave_no_copy_beside_the_bases(world: World) -> None:
    _published(world)
    assert _leftovers(world) == []

    report = world.sync(world.add_replica())

    assert report.warnings == ["Poste initialisé depuis un instantané du dossier partagé."]
    last_round = local_status(world.replicas[2].path).last_round
    assert last_round is not None and last_round.message == report.warnings[0]  # shown on its page
    assert _leftovers(world) == [] and _same_base(world, 2, 0)


@pytest.mark.parametrize("manifest_follows", [False, True], ids=["hash", "authentication"])
def test_an_altered_snapshot_is_not_loaded_and_the_segments_bring_everything(
    world: World, manifest_follows: bool
) -> None:
    """A bit flipped on the share: refused by the manifest's hash, or, when the manifest was rewritten
    to match (someone who cannot seal), by the authentication; the new workstation then replays the
    segments, leaving no unauthenticated copy behind."""
    _published(world)
    snap, manifest = _snapshot_files(world)
    corrupt(snap, mode="flip", rng=random.Random(9))
    if manifest_follows:
        data = json.loads(manifest.read_text())
        data["sha256"] = crypto.hashlib.sha256(snap.read_bytes()).hexdigest()
        manifest.write_text(json.dumps(data))

    report = world.sync(world.add_replica())

    assert not any("instantané" in w for w in report.warnings)
    world.settle(1)
    assert _leftovers(world) == [] and _same_base(world, 2, 0) and check_world(world) == []


def test_a_snapshot_of_a_newer_schema_is_not_even_copied(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _published(world)
    _snap, manifest = _snapshot_files(world)
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "schema": "99.0"}))
    copied: list[str] = []
    download = Share.download
    monkeypatch.setattr(Share, "download", lambda self, rel, *a, **k: copied.append(rel) or download(
        self, rel, *a, **k))

    world.sync(world.add_replica())

    assert copied == []
    world.settle(1)
    assert _same_base(world, 2, 0)


def test_a_snapshot_gone_from_the_share_meanwhile_leaves_the_segments_to_do_it(world: World) -> None:
    """Its workstation replaced it by a newer one between our listing and our copy."""
    _published(world)
    snap, _manifest = _snapshot_files(world)
    snap.unlink()

    world.sync(world.add_replica())

    world.settle(1)
    assert _leftovers(world) == [] and _same_base(world, 2, 0)


@pytest.mark.parametrize("altered", [
    "[1, 2]", "{pas du json", '{"size": "beaucoup"}', "size-as-text", "no-vector",
])
def test_a_manifest_of_another_shape_is_left_out_and_the_segments_bring_everything(
    world: World, altered: str
) -> None:
    """A stray or altered manifest (not JSON, not an object, a size in words, no vector) is never
    trusted: the round does not stop on it, and the new workstation replays the segments."""
    _published(world)
    _snap, manifest = _snapshot_files(world)
    data = json.loads(manifest.read_text())
    if altered == "size-as-text":
        data["size"] = "beaucoup"
    elif altered == "no-vector":
        del data["vector"]
    manifest.write_text(json.dumps(data) if altered in ("size-as-text", "no-vector") else altered)

    report = world.sync(world.add_replica())

    assert not any("instantané" in w for w in report.warnings)
    world.settle(1)
    assert _same_base(world, 2, 0) and check_world(world) == []
