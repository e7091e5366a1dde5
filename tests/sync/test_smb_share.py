"""Three workstations synchronising through a real SMB share (Samba on loopback, smbnetfs FUSE mount).
Skipped, with the reason, where the machine cannot provide it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sync.sim_checks import check_no_loss, check_world, converged
from app.sync.sim_world import World
from tests.sync.smb_server import SmbMount, unavailable_reason

pytestmark = pytest.mark.smb


@pytest.fixture(scope="module")
def smb_share(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"partage SMB réel indisponible : {reason}")
    mount = SmbMount(tmp_path_factory.mktemp("smb"))
    try:
        try:
            mount.start()
        except (RuntimeError, OSError) as exc:
            pytest.skip(f"partage SMB réel indisponible : {exc}")
        yield mount.share_dir
    finally:
        mount.stop()


def test_three_workstations_through_a_real_smb_share(
    smb_share: Path, template_db: Path, tmp_path: Path
) -> None:
    world = World(tmp_path, template_db, rng=random.Random(3))
    world.share_dir = smb_share / "sync"
    world.share_dir.mkdir()
    for _ in range(3):
        world.add_replica()
    rng = random.Random(5)
    for _ in range(30):
        replica = rng.choice(world.replicas)
        if rng.random() < 0.6:
            world.edit(replica, rng.randint(1, 3))
        else:
            world.sync(replica)
    world.settle(2)
    assert converged(world)
    assert check_world(world) == [] and check_no_loss(world) == []
    assert list((smb_share / "sync" / "maillage-sync" / "replicas").glob("*/seg/*.chg"))
