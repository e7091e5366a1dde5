"""The pick lists of the fiche action form (issue 5): one call, plain DTOs, sorted for display."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import TerritoryLevel
from app.domain.organisations import normalised_name
from app.domain.programme import number_key
from app.domain.project_form import Choice, FormChoices
from app.models.diagnostic import Need
from app.models.framework import Axis, Framework
from app.models.geography import Territory
from app.models.organisation import Organisation, Service
from app.models.pool import PoolMember

_LEVEL_ORDER = {level: rank for rank, level in enumerate(
    (TerritoryLevel.DEPARTEMENT, TerritoryLevel.TAS, TerritoryLevel.BASSIN, TerritoryLevel.EPCI,
     TerritoryLevel.CUSTOM, TerritoryLevel.COMMUNE))}


def form_choices(session: Session) -> FormChoices:
    """Live organisations, agents, needs, territories, services and axes for the form's lists."""
    return FormChoices(_organisations(session), _pool(session), _needs(session), _territories(session),
                       _services(session), _axes(session))


def _organisations(session: Session) -> tuple[Choice, ...]:
    rows = session.scalars(select(Organisation).where(Organisation.deleted.is_(False)))
    choices = [Choice(o.id, o.name, " · ".join(filter(None, (o.short_name, o.kind.label, o.siren))))
               for o in rows]
    return tuple(sorted(choices, key=lambda c: normalised_name(c.label)))


def _pool(session: Session) -> tuple[Choice, ...]:
    rows = session.scalars(select(PoolMember).where(PoolMember.deleted.is_(False)))
    choices = [Choice(m.id, f"{m.first_name} {m.last_name}".strip(), m.function.label) for m in rows]
    return tuple(sorted(choices, key=lambda c: normalised_name(c.label.split(" ", 1)[-1])))


def _needs(session: Session) -> tuple[Choice, ...]:
    rows = session.scalars(select(Need).where(Need.deleted.is_(False)))
    ordered = sorted(rows, key=lambda n: (n.priority.value, n.rank, n.code))
    return tuple(Choice(n.id, f"{n.code} – {n.title}", n.priority.label) for n in ordered)


def _territories(session: Session) -> tuple[Choice, ...]:
    rows = session.scalars(select(Territory).where(Territory.deleted.is_(False)))
    ordered = sorted(rows, key=lambda t: (_LEVEL_ORDER.get(t.level, 9), normalised_name(t.name)))
    return tuple(Choice(t.id, t.name, f"{t.level.label} {t.code}".strip()) for t in ordered)


def _services(session: Session) -> tuple[Choice, ...]:
    stmt = (select(Service, Organisation.short_name, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Service.organisation_id)
            .where(Service.deleted.is_(False)))
    choices = [Choice(s.id, s.name, short or name or "") for s, short, name in session.execute(stmt)]
    return tuple(sorted(choices, key=lambda c: (normalised_name(c.detail), normalised_name(c.label))))


def _axes(session: Session) -> tuple[Choice, ...]:
    stmt = (select(Axis, Framework.code)
            .join(Framework, Framework.id == Axis.framework_id)
            .where(Axis.deleted.is_(False), Framework.deleted.is_(False)))
    rows = sorted(session.execute(stmt), key=lambda r: (r[1], number_key(r[0].number)))
    return tuple(Choice(axis.id, f"{code} · {axis.number} {axis.title}", code) for axis, code in rows)
