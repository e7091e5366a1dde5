"""A round reports real steps: preparing and publishing (indeterminate), one step per segment ingested,
then the heartbeat (issue 3: the progress bar of the Synchronisation page and of the status bar)."""

from __future__ import annotations

import random
from pathlib import Path

from app.domain.progress import Progress
from app.sync.round import run_round
from app.sync.sim_world import World


def test_round_progress_counts_the_segments_ingested(template_db: Path, tmp_path: Path) -> None:
    world = World(tmp_path, template_db, rng=random.Random(4))
    a, b = world.add_replica(), world.add_replica()
    for _ in range(3):
        world.edit(a, 2)
        world.sync(a)  # one segment per round: three segments for b
    steps: list[tuple[int, int, str]] = []

    run_round(b.path, world.share_dir, world.passphrase, progress=Progress(lambda *s: steps.append(s)))

    assert steps[0][:2] == (0, 0) and steps[1][:2] == (0, 0)  # preparing, publishing
    determinate = [(done, total) for done, total, _ in steps if total]
    assert determinate == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # listed, 3 segments, heartbeat
    assert all(message for _, _, message in steps)
