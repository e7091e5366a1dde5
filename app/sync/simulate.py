"""`python -m app.sync.simulate --replicas 5 --ops 2000 --seed S --share DIR [--segment-bytes N]`

Randomised concurrent work through the real code paths: local transactions captured by the triggers,
rounds through a fault-injecting share (sharing violations, stale listings, crashes), clock jumps, a
cloned database, a workstation bootstrapped from a snapshot, one already on a newer schema, and segments
applied a second time. Prints what it checked; exit 0 only when every invariant holds.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.sync import segment
from app.sync.faults import SimulatedCrash
from app.sync.share import ShareError
from app.sync.sim_checks import check_no_loss, check_redelivery, check_world, converged
from app.sync.sim_world import YEAR_MS, World

log = logging.getLogger(__name__)


def make_template(root: Path) -> Path:
    from app.db_open import migrate

    root.mkdir(parents=True, exist_ok=True)
    path = root / "template.sqlite"
    migrate(path, root / "backups").dispose()
    return path


STATS = ("transactions", "rounds", "crashes", "clock_jumps", "conflicts_seen", "snapshots", "redeliveries")


def _step(world: World, rng: random.Random, stats: dict[str, int]) -> None:
    replica = rng.choice(world.replicas)
    roll = rng.random()
    if roll < 0.6:
        world.edit(replica, rng.randint(1, 3))
        stats["transactions"] += 1
    elif roll < 0.97:
        faults = {"violations": 0.2, "stale": 0.3}
        if rng.random() < 0.15:
            faults["crash_at"] = rng.randint(1, 40)
        try:
            report = world.sync(replica, **faults)  # type: ignore[arg-type]
            stats["conflicts_seen"] = max(stats["conflicts_seen"], report.conflicts)
        except (SimulatedCrash, ShareError):
            stats["crashes"] += 1
        stats["rounds"] += 1
    else:
        replica.clock_offset_ms = rng.choice([-YEAR_MS, 0, YEAR_MS])
        stats["clock_jumps"] += 1


def run(replicas: int, ops: int, seed: int, share: Path, *, check_every: int = 50) -> tuple[bool, list[str]]:
    rng = random.Random(seed)
    root = share.parent / f".simulate-{seed}"
    root.mkdir(parents=True, exist_ok=True)
    world = World(root, make_template(root), rng=rng)
    world.share_dir = share
    share.mkdir(parents=True, exist_ok=True)
    for _ in range(replicas):
        world.add_replica()
    stats = dict.fromkeys(STATS, 0)
    problems: list[str] = []
    for step in range(ops):
        _step(world, rng, stats)
        if step == ops // 3:
            world.add_future_replica()  # I8: a workstation already on a newer schema publishes
        if step == ops // 2:
            world.add_replica(source=world.replicas[0].path)  # a cloned database
            world.sync(world.replicas[1], snapshot=True)
            stats["snapshots"] += 1
        if step == 3 * ops // 4:
            world.sync(world.add_replica())  # a new workstation: bootstraps from the snapshot
        if step % check_every == 0:
            problems += check_world(world)
            again = check_redelivery(world, rng.choice(world.replicas), rng.randrange(10**6))
            if again is not None:
                problems += again
                stats["redeliveries"] += 1
    for replica in world.replicas:
        replica.clock_offset_ms = 0
    world.settle()
    problems += check_world(world, delivered=True) + check_no_loss(world) + world.violations
    done = converged(world)
    lines = [
        f"postes : {len(world.replicas)} (dont 1 base copiée et 1 amorcée par instantané), "
        f"plus 1 poste d'un schéma plus récent, transactions locales : {stats['transactions']}",
        f"synchronisations : {stats['rounds']}, pannes injectées : {stats['crashes']}, "
        f"sauts d'horloge : {stats['clock_jumps']}, segments appliqués une seconde fois : "
        f"{stats['redeliveries']}",
        f"convergence : {'oui' if done else 'NON'} (le poste amorcé par instantané compris : I9)",
        f"conflits observés (max) : {stats['conflicts_seen']}",
        f"écritures perdues : {sum(1 for p in problems if p.startswith('I2') or ' I2 ' in p)}",
        f"segment du schéma plus récent : mis en quarantaine partout, jamais appliqué (I8) : "
        f"{'oui' if not any('I8' in p for p in problems) else 'NON'}",
        f"invariants I1 à I9 : {'tenus' if done and not problems else 'VIOLÉS'}",
    ]
    return done and not problems, lines + problems[:20]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.sync.simulate", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=5)
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--share", type=Path, default=None)
    parser.add_argument(
        "--segment-bytes", type=int, default=None, help="octets par segment (petit : en parties)"
    )
    args = parser.parse_args(argv)
    if args.segment_bytes:
        segment.MAX_BYTES = args.segment_bytes  # this process only: the simulator's own workstations
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="maillage-sim-") as scratch:
        os.environ.setdefault("MAILLAGE_HOME", str(Path(scratch) / "home"))
        share = args.share or Path(scratch) / "share"
        ok, lines = run(args.replicas, args.ops, args.seed, share.resolve())
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
