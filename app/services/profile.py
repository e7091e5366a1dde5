"""The workstation's user profile: who is recorded as the author of every change and document."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.settings import UserProfile
from app.models.settings import WorkstationProfile

log = logging.getLogger(__name__)

MAX_LENGTH = 120
_LABELS = {"full_name": "Nom et prénom", "function": "Fonction", "organisation": "Organisation"}


class InvalidProfileError(DomainError):
    """Some fields are invalid; `problems` maps each field name to its French message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("Profil incomplet :\n" + "\n".join(problems.values()))
        self.problems = problems


def validate_profile(full_name: str, function: str, organisation: str) -> dict[str, str]:
    """Problems per field (empty when valid). Pure: the dialog calls it before saving."""
    values = {
        "full_name": full_name.strip(),
        "function": function.strip(),
        "organisation": organisation.strip(),
    }
    problems: dict[str, str] = {}
    for field, value in values.items():
        label = _LABELS[field]
        if not value:
            problems[field] = f"« {label} » est obligatoire."
        elif len(value) > MAX_LENGTH:
            problems[field] = f"« {label} » ne doit pas dépasser {MAX_LENGTH} caractères."
    if "full_name" not in problems and len(values["full_name"]) < 3:
        problems["full_name"] = "Indiquez votre prénom et votre nom (au moins 3 caractères)."
    return problems


def get_profile(session: Session) -> UserProfile | None:
    """This workstation's profile, or None before the first start's dialog."""
    row = session.scalars(select(WorkstationProfile).order_by(WorkstationProfile.id.desc()).limit(1)).first()
    if row is None or not row.full_name:
        return None
    return UserProfile(row.full_name, row.function, row.organisation)


def save_profile(session: Session, full_name: str, function: str, organisation: str) -> UserProfile:
    """Validate, then store the profile (one row per workstation database; replaced when edited)."""
    problems = validate_profile(full_name, function, organisation)
    if problems:
        raise InvalidProfileError(problems)
    row = session.scalars(select(WorkstationProfile).limit(1)).first()
    if row is None:
        row = WorkstationProfile(created_at=datetime.now())
        session.add(row)
    row.full_name, row.function, row.organisation = full_name.strip(), function.strip(), organisation.strip()
    session.flush()
    log.info("Workstation profile saved for %s", row.full_name)
    return UserProfile(row.full_name, row.function, row.organisation)
