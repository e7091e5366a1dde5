"""SIREN / SIRET checks and organisation name normalisation (issue 5). Stdlib and app.domain only.

SIREN: 9 digits, Luhn key. SIRET: SIREN + 5-digit NIC, Luhn key over the 14 digits, except La Poste
(SIREN 356 000 000), whose establishments' SIRET have digits summing to a multiple of 5 instead.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from app.domain.enums import OrganisationType
from app.domain.errors import DomainError

LA_POSTE_SIREN = "356000000"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\s|\u00a0|\u202f")


def clean_digits(text: str) -> str:
    """"552 100 554" → "552100554" (spaces of any kind dropped, nothing else touched)."""
    return _DIGITS.sub("", text or "")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siren_problem(siren: str) -> str | None:
    """French reason why `siren` is not a valid SIREN, or None ("" is valid: not known yet)."""
    value = clean_digits(siren)
    if not value:
        return None
    if len(value) != 9 or not value.isdigit() or not luhn_valid(value):
        return f"Le SIREN {siren} n'est pas valide (9 chiffres, clé de Luhn)."
    return None


def siret_problem(siret: str) -> str | None:
    """French reason why `siret` is not a valid SIRET, or None ("" is valid: not known yet)."""
    value = clean_digits(siret)
    if not value:
        return None
    if len(value) == 14 and value.isdigit():
        if value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
            return None
        if luhn_valid(value) and luhn_valid(value[:9]):
            return None
    return f"Le SIRET {siret} n'est pas valide (14 chiffres, clé de Luhn)."


def normalised_name(name: str) -> str:
    """A comparison key: "Mission locale  de l'Ouest-Maille" = "MISSION LOCALE DE L OUEST MAILLE"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")
    return _NON_ALNUM.sub(" ", plain).strip()


class InvalidOrganisationError(DomainError):
    """Invalid fields of an organisation declared or changed; `problems` maps each field to French."""

    def __init__(self, problems: dict[str, str], *, what: str = "déclarée") -> None:
        super().__init__(f"L'organisation ne peut pas être {what} :\n" + "\n".join(problems.values()))
        self.problems = problems


EDITABLE_FIELDS = ("name", "short_name", "siren", "siret", "address", "kind")


@dataclass(frozen=True)
class OrganisationSummary:
    """One organisation as the Instances page lists it, with where it appears (issue 3: editable from one
    place, its history and conflicts beside it)."""

    id: uuid.UUID
    name: str
    short_name: str
    kind: OrganisationType
    siren: str
    siret: str
    address: str
    seats: tuple[str, ...] = ()  # the codes of the instances where it sits
    carried: tuple[str, ...] = ()  # the codes of the fiches action it carries
    funded: tuple[str, ...] = ()  # the codes of the fiches action it funds

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def fields(self) -> dict[str, Any]:
        """The editable fields, as update_organisation takes them."""
        return {name: getattr(self, name) for name in EDITABLE_FIELDS}


@dataclass(frozen=True)
class MergeReceipt:
    """What one « Fusionner… » changed, so that « Annuler la fusion » puts back exactly that."""

    keep_id: uuid.UUID
    drop_id: uuid.UUID
    dropped_label: str
    moved: tuple[tuple[str, str, uuid.UUID], ...]  # (table, column, row id) that named the absorbed one
    # (the absorbed one's call, the kept one's call it became, the payments that moved with it)
    calls: tuple[tuple[uuid.UUID, uuid.UUID, tuple[uuid.UUID, ...]], ...]
    partners: tuple[uuid.UUID, ...]  # partner lines dropped because the fiche had both
    filled: tuple[str, ...]  # the kept one's blanks filled from the absorbed one


@dataclass(frozen=True)
class MergeResult:
    kept: OrganisationSummary
    receipt: MergeReceipt
