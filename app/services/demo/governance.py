"""Governing bodies as the convention constitutive sets them: rules, seats, droits statutaires, people."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.enums import BodyKind, MajorityKind, MatterKind, QuorumBasis, TerritoryLevel
from app.models.body import Body, MajorityRule, Representative, Seat
from app.services.demo.common import DEPT_NAME, Ctx
from app.services.demo.names import email, person
from app.services.demo.organisations import PRESIDENT

TWO_THIRDS = Decimal("0.6667")
MAJORITIES = {
    MatterKind.ORDINARY: MajorityKind.SIMPLE,
    MatterKind.BUDGET: MajorityKind.TWO_THIRDS,
    MatterKind.PROGRAMME: MajorityKind.SIMPLE,
    MatterKind.STATUTES: MajorityKind.TWO_THIRDS,
    MatterKind.MEMBERSHIP: MajorityKind.UNANIMITY,
}
TITLES = {
    "etat": (
        "Directeur départemental de l'emploi, du travail et des solidarités",
        "Secrétaire générale de la préfecture",
    ),
    "departement": ("Vice-président du Département chargé de l'insertion", "Conseillère départementale"),
    "caf": ("Directrice de la CAF", "Responsable du service d'action sociale"),
    "ft": ("Directeur territorial de France Travail", "Directrice de l'agence de Maillac"),
    "msa": ("Responsable de l'action sanitaire et sociale", "Chargée de développement social local"),
    "fas": ("Délégué départemental", "Administratrice"),
    "epci": ("Président de la communauté", "Vice-présidente chargée de l'emploi"),
}
STATE_CHANGE = date(2025, 9, 1)  # the DDETS director changed: representatives carry validity dates
START = date(2024, 1, 1)


@dataclass
class SeatRef:
    id: uuid.UUID
    key: str
    rights: Decimal
    has_vote: bool
    people: list[tuple[uuid.UUID, str, bool, date, date | None]] = field(default_factory=list)

    def representative(self, day: date, *, substitute: bool = False) -> tuple[uuid.UUID, str]:
        """The titulaire (or suppléant) in office on `day`."""
        for rep_id, name, is_substitute, start, end in self.people:
            if is_substitute == substitute and start <= day and (end is None or day <= end):
                return rep_id, name
        raise LookupError(self.key)


@dataclass
class BodyRef:
    id: uuid.UUID
    code: str
    seats: list[SeatRef]

    @property
    def voters(self) -> list[SeatRef]:
        return [seat for seat in self.seats if seat.has_vote]


@dataclass(frozen=True)
class BodySpec:
    code: str
    name: str
    kind: BodyKind
    basis: QuorumBasis
    threshold: Decimal
    seats: tuple[tuple[str, int], ...]  # organisation key ("epci:N": the N-th most populated EPCI), rights %
    days: int  # convocation delay


BODIES = (
    BodySpec(
        "CA",
        "Conseil d'administration",
        BodyKind.BOARD,
        QuorumBasis.RIGHTS,
        TWO_THIRDS,
        (("etat", 30), ("departement", 40), ("caf", 20), ("ft", 10), ("msa", 0)),
        20,
    ),
    BodySpec(
        "COPIL",
        "Comité de pilotage du PDI",
        BodyKind.COPIL,
        QuorumBasis.MEMBERS,
        Decimal("0.5"),
        (
            ("etat", 20),
            ("departement", 30),
            ("caf", 15),
            ("ft", 15),
            ("msa", 5),
            ("epci:0", 5),
            ("epci:1", 5),
            ("fas", 5),
        ),
        15,
    ),
    BodySpec(
        "AG",
        "Assemblée générale",
        BodyKind.GENERAL_ASSEMBLY,
        QuorumBasis.RIGHTS,
        Decimal("0.5"),
        (("etat", 30), ("departement", 40), ("caf", 15), ("ft", 10), ("msa", 5)),
        20,
    ),
)


def write_bodies(ctx: Ctx) -> None:
    """CA (rights quorum ⅔), COPIL (members quorum ½) and AG, with seats and representatives."""
    epcis = sorted(ctx.refs["groups"][TerritoryLevel.EPCI], key=lambda g: -g.population)[:2]
    aliases = {f"epci:{number}": f"epci:{group.code}" for number, group in enumerate(epcis)}
    ctx.refs["bodies"] = {spec.code: _body(ctx, spec, aliases) for spec in BODIES}


def _body(ctx: Ctx, spec: BodySpec, aliases: dict[str, str]) -> BodyRef:
    body_id = ctx.id("body", spec.code)
    ctx.add(
        Body,
        id=body_id,
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        quorum_basis=spec.basis,
        quorum_threshold=spec.threshold,
        quorum_on_second_convocation=False,
        abstentions_counted=False,
        casting_vote=True,
        convocation_days=spec.days,
        urgent_convocation_days=5,
        max_proxies=2,
        weighted_votes=spec.basis is QuorumBasis.RIGHTS,
        rules_text=_rules(spec),
    )
    for matter, majority in MAJORITIES.items():
        ctx.add(
            MajorityRule,
            id=ctx.id("majority_rule", spec.code, matter.value),
            body_id=body_id,
            matter=matter,
            majority=majority,
        )
    seats = [
        _seat(ctx, spec.code, body_id, position, aliases.get(key, key), rights)
        for position, (key, rights) in enumerate(spec.seats, 1)
    ]
    return BodyRef(body_id, spec.code, seats)


def _rules(spec: BodySpec) -> str:
    """The reminder printed on convocations."""
    share = "des droits statutaires" if spec.basis is QuorumBasis.RIGHTS else "des membres"
    return (
        f"L'instance délibère valablement lorsque les membres présents ou représentés réunissent "
        f"au moins {_share(spec.threshold)} {share}. Sur seconde convocation, aucun quorum n'est requis. "
        "Un membre ne peut détenir plus de deux pouvoirs. En cas de partage égal des voix, celle du "
        "président est prépondérante."
    )


def _share(threshold: Decimal) -> str:
    return "les deux tiers" if threshold == TWO_THIRDS else "la moitié"


def _seat(ctx: Ctx, body: str, body_id: uuid.UUID, position: int, key: str, rights: int) -> SeatRef:
    seat = SeatRef(ctx.id("seat", body, key), key, Decimal(rights), rights > 0)
    ctx.add(
        Seat,
        id=seat.id,
        body_id=body_id,
        organisation_id=ctx.refs["orgs"][key],
        voting_rights=seat.rights,
        has_vote=seat.has_vote,
        position=position,
    )
    titles = TITLES[key.partition(":")[0]]
    periods: list[tuple[bool, date, date | None]] = [(False, START, None), (True, START, None)]
    if key == "etat":
        periods = [(False, START, date(2025, 8, 31)), (False, STATE_CHANGE, None), (True, START, None)]
    for number, (substitute, start, end) in enumerate(periods):
        first, last = person(ctx.rng)
        full = PRESIDENT if key == "departement" and not substitute else f"{first} {last}"
        rep_id = ctx.id("representative", body, key, number)
        ctx.add(
            Representative,
            id=rep_id,
            seat_id=seat.id,
            full_name=full,
            title=titles[substitute],
            is_substitute=substitute,
            email=email(full.partition(" ")[0], full.partition(" ")[2], _domain(key)),
            valid_from=start,
            valid_to=end,
        )
        seat.people.append((rep_id, full, substitute, start, end))
    return seat


def _domain(key: str) -> str:
    domains = {
        "etat": "haute-maille.gouv.fr",
        "departement": "haute-maille.fr",
        "caf": "caf96.fr",
        "ft": "francetravail.fr",
        "msa": "msa-limousin-maille.fr",
        "fas": "federationsolidarite.org",
    }
    return domains.get(key, f"cc-{DEPT_NAME.lower()}.fr")
