"""`write_demo`: the deterministic demo département, written into an empty database."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.demo import DemoSummary
from app.domain.enums import ValueStatus
from app.domain.errors import DomainError
from app.domain.progress import NO_PROGRESS, Progress
from app.models.body import Body
from app.models.geography import IndicatorValue, Territory
from app.models.project import Project
from app.models.settings import DEMO_MARK, LocalMeta
from app.services.demo.common import DEPT_NAME, SCALES, Ctx, flush
from app.services.demo.diagnostic import write_diagnostic
from app.services.demo.evaluation import write_evaluations
from app.services.demo.funding import write_contributions, write_funding
from app.services.demo.geography import write_geography
from app.services.demo.governance import write_bodies
from app.services.demo.history import write_history
from app.services.demo.indicators import write_indicators
from app.services.demo.meetings import write_meetings
from app.services.demo.organisations import write_organisations, write_settings
from app.services.demo.pool import write_assignments, write_pool
from app.services.demo.portfolio import write_frameworks, write_projects

log = logging.getLogger(__name__)

# Order matters: each step reads what the previous ones left in ctx.refs.
STEPS: tuple[Callable[[Ctx], None], ...] = (
    write_settings,
    write_geography,
    write_organisations,
    write_indicators,
    write_diagnostic,
    write_frameworks,
    write_pool,
    write_bodies,
    write_projects,
    write_meetings,
    write_history,
    write_assignments,
    write_funding,
    write_contributions,
    write_evaluations,
)


def write_demo(
    session: Session, *, seed: int = 1, size: str = "small", progress: Progress = NO_PROGRESS
) -> DemoSummary:
    """Write the Haute-Maille demo into an empty database. Same seed, same rows and ids. No commit."""
    if size not in SCALES:
        raise DomainError(f"Taille de démonstration inconnue : « {size} » (choisir small ou large).")
    _refuse_non_empty(session)
    ctx = Ctx(session, seed, size, SCALES[size], random.Random(seed), progress)
    for step in STEPS:
        started = time.perf_counter()
        ctx.rng = random.Random(f"{seed}/{step.__name__}")  # steps stay independent of each other
        step(ctx)
        log.debug("demo step %s: %.2f s", step.__name__, time.perf_counter() - started)
    flush(ctx)
    session.merge(LocalMeta(key=DEMO_MARK, value=f"seed={seed} size={size}"))
    session.flush()
    return _summary(ctx)


def _refuse_non_empty(session: Session) -> None:
    found = [
        label
        for label, model in (("projets", Project), ("territoires", Territory), ("organes", Body))
        if session.scalar(select(func.count()).select_from(model)) or 0
    ]
    if found:
        raise DomainError(
            "La base n'est pas vide : elle contient déjà des " + ", ".join(found) + ". Le département "
            "de démonstration ne s'écrit que dans une base neuve : choisissez un autre fichier "
            "(option --db) ou créez une nouvelle base."
        )


def _summary(ctx: Ctx) -> DemoSummary:
    counts = ctx.counts
    secret = (
        ctx.session.scalar(
            select(func.count())
            .select_from(IndicatorValue)
            .where(IndicatorValue.status == ValueStatus.SECRET)
        )
        or 0
    )
    return DemoSummary(
        seed=ctx.seed,
        size=ctx.size,
        department=DEPT_NAME,
        territories=counts["territory"],
        indicators=counts["indicator"],
        indicator_values=counts["indicator_value"],
        secret_values=secret,
        needs=counts["need"],
        organisations=counts["organisation"],
        projects=counts["project"],
        funding_lines=counts["funding_line"],
        pool_members=counts["pool_member"],
        assignments=counts["assignment"],
        bodies=counts["body"],
        meetings=counts["meeting"],
        decisions=counts["decision"],
        evaluations=counts["evaluation"],
        total_rows=sum(counts.values()),
    )
