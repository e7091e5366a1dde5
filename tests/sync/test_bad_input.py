"""Bad input and a failing share: a clear French message, nothing half-applied, the app keeps working."""

from __future__ import annotations

import gc
import hashlib
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from app.domain.errors import DomainError
from app.sync import segment
from app.sync.faults import SimulatedCrash, corrupt
from app.sync.round import STATE_NOT_WRITTEN, run_round
from app.sync.share import Share, ShareError, ShareFileGoneError, ShareFullError, ShareGoneError
from app.sync.share_format import WrongPassphraseError, open_format
from app.sync.sim_checks import check_no_loss, check_world, converged, dump
from app.sync.sim_world import World, _conn


def _seg_files(world: World) -> list[Path]:
    return sorted((world.share_dir / "maillage-sync" / "replicas").glob("*/seg/*.chg"))


def _edit_and_publish(world: World) -> None:
    a = world.replicas[0]
    world.edit(a, 3)
    world.sync(a)


def test_wrong_passphrase_is_told_at_once_and_nothing_is_sent(pair: World) -> None:
    _edit_and_publish(pair)
    b = pair.replicas[1]
    pair.edit(b, 2)
    pair.passphrase = "mauvaise phrase"
    with pytest.raises(WrongPassphraseError, match="Phrase secrète de synchronisation incorrecte"):
        pair.sync(b)
    assert len(_seg_files(pair)) == 1
    assert pair.query(b, "SELECT ok, message FROM sync_round")[-1][0] == 0


def test_tampered_and_foreign_files_go_to_quarantine_with_their_reason(pair: World) -> None:
    _edit_and_publish(pair)
    a, b = pair.replicas
    pair.edit(a, 2)
    pair.sync(a)
    first, second = _seg_files(pair)
    corrupt(second, mode="flip", rng=random.Random(3))
    folder = first.parent
    (folder / "0000000009-0000000009.0123456789abcdef.chg").write_bytes(b"pas un segment")
    report = pair.sync(b)
    reasons = dict(pair.query(b, "SELECT name, reason FROM sync_quarantine"))
    assert second.name in reasons and "0000000009-0000000009.0123456789abcdef.chg" not in reasons  # gap waits
    assert "altéré" in reasons[second.name] or "empreinte" in reasons[second.name]
    assert report.received == 1  # the first segment applied, the tampered one not at all
    pair.sync(a)  # the owner finds its altered segment and re-publishes it from its outbox
    pair.sync(b)
    assert pair.query(b, "SELECT count(*) FROM sync_quarantine") == [(0,)]
    assert converged(pair) and check_world(pair) == []


def test_unauthentic_segment_is_never_applied(pair: World, tmp_path: Path) -> None:
    _edit_and_publish(pair)
    good = _seg_files(pair)[0]
    header, body = segment.read_header(good.read_bytes())
    forged = segment._canon(header) + b"\n" + bytes(b ^ 1 for b in body[:40]) + body[40:]
    header["body_sha256"] = hashlib.sha256(forged.partition(b"\n")[2]).hexdigest()
    forged = segment._canon(header) + b"\n" + forged.partition(b"\n")[2]
    digest = hashlib.sha256(forged).hexdigest()
    good.unlink()
    (good.parent / segment.seg_name(1, 1, digest)).write_bytes(forged)
    b = pair.replicas[1]
    pair.sync(b)
    reasons = [r for (r,) in pair.query(b, "SELECT reason FROM sync_quarantine")]
    assert reasons and "non authentique" in reasons[0]
    assert pair.query(b, "SELECT count(*) FROM organisation") == [(0,)]


def test_a_segment_whose_header_says_no_schema_goes_to_quarantine(pair: World) -> None:
    """A header is read before the authentication: a schema in words (a stray file with a well-formed
    name and hashes) is quarantined like any foreign file, the round does not stop on it."""
    _edit_and_publish(pair)
    good = _seg_files(pair)[0]
    header, body = segment.read_header(good.read_bytes())
    forged = segment._canon({**header, "schema": "version deux"}) + b"\n" + body
    good.unlink()
    (good.parent / segment.seg_name(1, 1, hashlib.sha256(forged).hexdigest())).write_bytes(forged)
    b = pair.replicas[1]

    pair.sync(b)

    reasons = [r for (r,) in pair.query(b, "SELECT reason FROM sync_quarantine")]
    assert reasons == ["en-tête incohérent : version de schéma illisible"]
    assert pair.query(b, "SELECT count(*) FROM organisation") == [(0,)]


def test_newer_schema_segment_is_quarantined_as_update_required(
    pair: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment, "SCHEMA_MAJOR", 2)
    _edit_and_publish(pair)  # written by a newer version
    monkeypatch.setattr(segment, "SCHEMA_MAJOR", 1)
    b = pair.replicas[1]
    pair.edit(b, 1)
    report = pair.sync(b)  # keeps working: its own work is published
    assert any("mise à jour requise" in q for q in report.quarantined)
    assert pair.query(b, "SELECT published_seq FROM sync_state") == [(1,)]
    assert pair.query(b, "SELECT count(*) FROM sync_vector WHERE seq > 0") == [(1,)]


def test_share_vanishing_mid_round_aborts_cleanly(pair: World) -> None:
    a, b = pair.replicas
    for _ in range(3):
        pair.edit(a, 2)
        pair.sync(a)
    with _conn(b.path) as conn:
        before = dump(conn)
    for gone_at in range(1, 30):
        with pytest.raises(ShareGoneError, match="inaccessible"):
            pair.sync(b, gone_at=gone_at)
        assert gc.isenabled()  # paused for the round only, whatever its end
        with _conn(b.path) as conn:
            state = dump(conn)
        assert check_world(pair) == []
        if state != before:
            break
    pair.edit(b, 1)  # still usable offline
    pair.settle(2)
    assert converged(pair) and check_no_loss(pair) == []


def test_full_share_sends_nothing_and_retries_later(pair: World) -> None:
    a = pair.replicas[0]
    pair.edit(a, 2)
    with pytest.raises(ShareFullError, match="plein"):
        pair.sync(a, full=True)
    assert pair.query(a, "SELECT published_seq FROM sync_state") == [(0,)]
    pair.settle(2)
    assert converged(pair)


@pytest.mark.parametrize("max_bytes", [segment.MAX_BYTES, 200], ids=["whole", "in-parts"])
def test_crash_at_every_share_operation_then_recovery(
    pair: World, max_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment, "MAX_BYTES", max_bytes)  # 200: most transactions split in parts
    a, b = pair.replicas
    crash_at = 1
    while True:
        pair.edit(a, 2)
        pair.edit(b, 1)
        try:
            pair.sync(a, crash_at=crash_at)
            pair.sync(b, crash_at=crash_at)
        except SimulatedCrash:
            assert check_world(pair) == []
            crash_at += 1 if crash_at < 24 else 5  # every step of publish, then a sample of ingest steps
            continue
        break
    assert crash_at > 10
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    assert any(segment.parse_part(p.name) for p in _seg_files(pair)) == (max_bytes == 200)


def test_republish_after_crash_gives_the_identical_file(pair: World) -> None:
    a = pair.replicas[0]
    pair.edit(a, 3)
    for crash_at in range(1, 60):  # find the crash between the rename and the local record
        with pytest.raises(SimulatedCrash):
            pair.sync(a, crash_at=crash_at)
        if _seg_files(pair) and pair.query(a, "SELECT published_seq FROM sync_state") == [(0,)]:
            break
    else:
        pytest.fail("no crash point between rename and record")
    before = {f.name: f.read_bytes() for f in _seg_files(pair)}
    pair.sync(a)
    after = {f.name: f.read_bytes() for f in _seg_files(pair)}
    assert after == before and pair.query(a, "SELECT published_seq FROM sync_state") == [(1,)]


def test_format_json_holds_salt_and_key_check_but_no_user_text(pair: World) -> None:
    _edit_and_publish(pair)
    data = json.loads((pair.share_dir / "maillage-sync" / "FORMAT.json").read_text())
    assert {"salt", "key_check", "schema_majors", "protocol"} <= set(data)
    for path in (pair.share_dir / "maillage-sync").rglob("*.chg"):
        assert b"Org" not in path.read_bytes()


def test_a_new_share_needs_a_passphrase_of_twelve_characters(tmp_path: Path) -> None:
    share = Share(tmp_path)
    with pytest.raises(DomainError, match="au moins 12 caractères"):
        open_format(share, "trop court")
    assert list(tmp_path.iterdir()) == []  # nothing written on the share, not even our folder
    open_format(share, "douze caract")  # exactly twelve: created
    assert share.exists("FORMAT.json")
    with pytest.raises(WrongPassphraseError):
        open_format(share, "autre")  # joining: the length does not matter, the key check does


def test_the_saved_passphrase_is_never_readable_by_others(template_db: Path, tmp_path: Path) -> None:
    """Kept outside the database, owner-only from its creation, and again when an older file had wider
    rights."""
    import os
    import shutil
    import stat

    from app.sync.service import _passphrase_file, save_setup, saved_passphrase

    path = tmp_path / "poste.sqlite"
    shutil.copy(template_db, path)
    share = tmp_path / "partage"
    share.mkdir()
    old = os.umask(0o022)
    try:
        secret = _passphrase_file()
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_text("ancienne")
        secret.chmod(0o644)
        save_setup(path, share, "phrase secrète du département")
    finally:
        os.umask(old)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert saved_passphrase() == "phrase secrète du département"


@pytest.mark.parametrize("altered", ["[]", '{"salt": "00", "key_check": "x", "protocol": "deux"}',
                                     '{"salt": "00", "key_check": "x", "n": 1000}',
                                     '{"salt": "00", "key_check": "x", "n": 1073741824}'])
def test_a_format_file_of_another_shape_is_refused_in_french(tmp_path: Path, altered: str) -> None:
    """Not an object, a protocol in words, a scrypt cost that is not one (or would take hours)."""
    share = Share(tmp_path)
    share.check()
    (share.root / "FORMAT.json").write_text(altered)

    with pytest.raises(DomainError, match="n'est pas un dossier de synchronisation Maillage valide"):
        open_format(share, "phrase secrète du département")


def test_files_windows_leaves_in_the_share_s_folders_are_ignored(pair: World) -> None:
    """desktop.ini and Thumbs.db, that Windows Explorer writes into the folders it shows, and a note put
    by hand: in every folder of the share. « replicas/Thumbs.db » stopped every round (« Not a
    directory »)."""
    a, b = pair.replicas
    pair.edit(a, 4)
    pair.sync(a, snapshot=True)
    pair.sync(b)
    root = pair.share_dir / "maillage-sync"
    folders = [root, root / "replicas", root / "snapshots",
               *[d / sub for d in (root / "replicas").iterdir() for sub in ("seg", "files", "state")]]
    for folder in folders:
        folder.mkdir(exist_ok=True)
        for name in ("desktop.ini", "Thumbs.db", "LISEZMOI.txt"):
            (folder / name).write_text("[.ShellClassInfo]")
    pair.edit(a, 3)

    for replica in (a, b, a):
        pair.sync(replica)
    fresh = pair.add_replica()
    report = pair.sync(fresh)

    assert any("instantané" in w for w in report.warnings)
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
    assert all((folder / "desktop.ini").exists() for folder in folders)  # left as they are


def test_a_stray_file_named_like_the_next_segment_does_not_hold_the_real_one_back(pair: World) -> None:
    """An empty file and a folder named like workstation A's next transaction, beside the real one
    (a copy tool's leftover, a hand): the stray file goes to quarantine, the folder is ignored, and the
    real segment is applied in the same round. It waited for ever behind the quarantined file."""
    a, b = pair.replicas
    pair.edit(a, 2)
    pair.sync(a)
    pair.sync(b)
    [folder] = {f.parent for f in _seg_files(pair)}
    (folder / "0000000002-0000000002.0123456789abcdef.chg").write_bytes(b"")
    (folder / "0000000002-0000000002.00000000000000ff.chg").mkdir()
    pair.edit(a, 3)
    pair.sync(a)

    report = pair.sync(b)

    assert report.received == 1 and [q.split(" : ")[0] for q in report.quarantined] == [
        "0000000002-0000000002.0123456789abcdef.chg"]
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []


def test_a_file_where_another_workstation_s_folder_should_be_does_not_stop_the_round(pair: World) -> None:
    """B's heartbeat and segment folders replaced by files (by hand): A's rounds go on without them;
    B's own round says which folder is not one, in French."""
    a, b = pair.replicas
    pair.edit(a, 1)
    pair.edit(b, 1)
    pair.settle(1)
    b_id = str(pair.query(b, "SELECT replica_id FROM sync_state")[0][0])
    for sub in ("state", "seg"):
        target = pair.share_dir / "maillage-sync" / "replicas" / b_id / sub
        shutil.rmtree(target)
        target.write_text("remplacé par un fichier")
    pair.edit(a, 2)

    assert pair.sync(a).sent == 1

    told = rf"« replicas/{b_id}/(seg|state)[^»]* » : (un fichier porte déjà ce nom|ce n'est pas un dossier)"
    with pytest.raises(DomainError, match=told):
        pair.sync(b)


class _AntivirusShare(Share):
    """Takes the first segment away between the listing and the reading, as an antivirus does."""

    def __init__(self, directory: Path, aside: Path) -> None:
        super().__init__(directory)
        self.aside, self.taken = aside, ""

    def read(self, rel: str) -> bytes:
        if "/seg/" in rel and not self.taken:
            self.taken = rel
            (self.root / rel).rename(self.aside)
        return super().read(rel)


def test_a_segment_gone_between_the_listing_and_the_reading_waits_for_the_next_round(
    pair: World, tmp_path: Path
) -> None:
    """It read « Le disque de ce poste a refusé une écriture (le dossier n'existe pas) »: the share's
    file, not this workstation's disk, and nothing to fail a round for."""
    a, b = pair.replicas
    pair.edit(a, 2)
    pair.sync(a)
    share = _AntivirusShare(pair.share_dir, tmp_path / "mis-de-cote.chg")

    report = run_round(b.path, pair.share_dir, pair.passphrase, share=share)

    assert report.received == 0 and any("disparu du partage pendant la lecture" in w for w in report.waiting)
    share.aside.rename(share.root / share.taken)  # the antivirus gives it back
    assert pair.sync(b).received == 1
    assert converged(pair) and check_world(pair) == []


def test_a_share_file_gone_is_told_as_the_share_s_not_this_disk_s(tmp_path: Path) -> None:
    share = Share(tmp_path)
    share.check()

    with pytest.raises(ShareFileGoneError, match=r"« absent\.json » a disparu du dossier partagé") as told:
        share.read("absent.json")
    assert isinstance(told.value, FileNotFoundError)  # the steps that pass over a vanished file still do


RECEIVED_ONE = r"* Les modifications des autres postes ont été reçues \(1 transaction\)\."


def test_a_full_share_still_brings_what_the_others_sent_before(pair: World) -> None:
    """Nothing can be sent, but what B published before the share filled up is received: the round fails
    on the sending and says what it received all the same. It received nothing before."""
    a, b = pair.replicas
    pair.edit(b, 2)
    pair.sync(b)
    pair.edit(a, 1)

    with pytest.raises(ShareError, match=r"plein : rien n'a été envoyé." + RECEIVED_ONE):
        pair.sync(a, full=True)

    assert pair.query(a, "SELECT published_seq FROM sync_state") == [(0,)]
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []


def test_a_read_only_share_is_told_and_still_brings_the_others_changes(pair: World) -> None:
    """The share mounted read-only (a real bind mount; needs root): told in French, received anyway."""
    a, b = pair.replicas
    pair.edit(b, 2)
    pair.sync(b)
    pair.edit(a, 1)
    share = str(pair.share_dir)
    done = subprocess.run(["mount", "--bind", share, share], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"pas de montage en lecture seule : {done.stderr.strip() or done.returncode}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", share], check=True)
        with pytest.raises(DomainError, match=r"est en lecture seule : rien n'a été envoyé." + RECEIVED_ONE):
            pair.sync(a)
    finally:
        subprocess.run(["umount", share], check=False)
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []


def test_a_share_that_fills_up_after_the_sending_says_the_changes_went_out(pair: World) -> None:
    """Room for this workstation's transaction, not for its heartbeat: the round went
    through; it said « rien n'a été envoyé », though everything had been."""
    a, b = pair.replicas
    pair.sync(a)
    pair.edit(a, 2)

    report = pair.sync(a, full_after=1)  # its transaction (its identity, unchanged, is not written again)

    assert report.sent == 1 and report.warnings == [STATE_NOT_WRITTEN]
    assert pair.sync(b).received == 1
    pair.settle(2)
    assert converged(pair) and check_world(pair) == [] and check_no_loss(pair) == []
