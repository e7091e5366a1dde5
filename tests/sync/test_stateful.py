"""Hypothesis stateful test: ≥ 4 workstations, random edits, deletes, child inserts and resolutions,
rounds in random orders with duplicates, crashes at any share operation, stale listings, sharing
violations, clock jumps of ±1 year, a snapshot bootstrap and a cloned database; I1–I9 after every step."""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app.sync import segment
from app.sync.faults import SimulatedCrash
from app.sync.share import ShareError
from app.sync.sim_checks import check_no_loss, check_redelivery, check_world, converged
from app.sync.sim_world import YEAR_MS, World

TEMPLATE: list[Path] = []


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="sync-stateful-"))
        self.world = World(self.tmp, TEMPLATE[0], rng=random.Random(0))
        for _ in range(4):
            self.world.add_replica()
        self.extra = 0

    def teardown(self) -> None:
        try:
            for replica in self.world.replicas:
                replica.clock_offset_ms = 0
            self.world.settle(3)
            assert converged(self.world), "I1 : pas de convergence après livraison complète"
            assert check_no_loss(self.world) == []
            assert check_world(self.world, delivered=True) == []
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @rule(i=st.integers(0, 5), count=st.integers(1, 3), seed=st.integers(0, 2**16))
    def edit(self, i: int, count: int, seed: int) -> None:
        self.world.rng.seed(seed)
        self.world.edit(self.world.replicas[i % len(self.world.replicas)], count)

    @rule(
        i=st.integers(0, 5),
        crash_at=st.none() | st.integers(1, 40),
        stale=st.sampled_from([0.0, 0.5]),
        violations=st.sampled_from([0.0, 0.3]),
    )
    def sync(self, i: int, crash_at: int | None, stale: float, violations: float) -> None:
        replica = self.world.replicas[i % len(self.world.replicas)]
        with contextlib.suppress(SimulatedCrash, ShareError):
            self.world.sync(replica, crash_at=crash_at, stale=stale, violations=violations)

    @rule(i=st.integers(0, 5), jump=st.sampled_from([-YEAR_MS, 0, YEAR_MS]))
    def clock_jump(self, i: int, jump: int) -> None:
        self.world.replicas[i % len(self.world.replicas)].clock_offset_ms = jump

    @rule(i=st.integers(0, 5), pick=st.integers(0, 10**6))
    def duplicate_delivery(self, i: int, pick: int) -> None:
        """I3: re-applying any segment already applied changes nothing."""
        replica = self.world.replicas[i % len(self.world.replicas)]
        assert not check_redelivery(self.world, replica, pick)

    @precondition(lambda self: not self.world.future)
    @rule()
    def newer_workstation(self) -> None:
        """I8: a workstation on a newer schema publishes; nobody applies it (checked at every step),
        everybody quarantines it once delivered (teardown)."""
        with contextlib.suppress(ShareError):
            self.world.add_future_replica()

    @precondition(lambda self: self.extra < 2)
    @rule(i=st.integers(0, 3), bootstrap=st.booleans())
    def new_workstation(self, i: int, bootstrap: bool) -> None:
        """A cloned database (fork) or a new workstation bootstrapped from a snapshot (I9)."""
        self.extra += 1
        if not bootstrap:
            self.world.add_replica(source=self.world.replicas[i].path)
            return
        try:
            self.world.sync(self.world.replicas[i], snapshot=True)
        except ShareError:
            return
        self.world.sync(self.world.add_replica())

    @invariant()
    def invariants_hold(self) -> None:
        assert check_world(self.world) == [] and self.world.violations == []


@pytest.fixture(autouse=True)
def _template(template_db: Path) -> None:
    TEMPLATE[:] = [template_db]


TestSync = SyncMachine.TestCase
TestSync.settings = settings(
    max_examples=8, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)


class InPartsMachine(SyncMachine):
    """The same, with segments of 250 bytes: most transactions are published in parts."""

    def __init__(self) -> None:
        self.saved_limit = segment.MAX_BYTES
        segment.MAX_BYTES = 250
        super().__init__()

    def teardown(self) -> None:
        try:
            super().teardown()
        finally:
            segment.MAX_BYTES = self.saved_limit


TestSyncInParts = InPartsMachine.TestCase
TestSyncInParts.settings = settings(
    max_examples=4, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)
