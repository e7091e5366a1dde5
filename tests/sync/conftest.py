"""Sync test fixtures: simulated workstations over the real migrated template and a real folder."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.sync.sim_world import World


@pytest.fixture
def world(template_db: Path, tmp_path: Path) -> World:
    return World(tmp_path, template_db, rng=random.Random(42))


@pytest.fixture
def pair(world: World) -> World:
    world.add_replica()
    world.add_replica()
    return world
