"""Running the real services on one simulated workstation of a sync World."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from app import db
from app.sync.sim_world import SimReplica

T = TypeVar("T")


def run_on(replica: SimReplica, work: Callable[[Session], T]) -> T:
    """`work` in one unit of work on `replica`'s database (committed when it returns)."""
    db.init_engine(replica.path)
    try:
        with db.unit_of_work() as session:
            return work(session)
    finally:
        db.dispose()
