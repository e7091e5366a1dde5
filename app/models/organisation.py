"""Organisations (members, carriers, funders, partners) and the services of member administrations."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Mapped

from app.domain.enums import OrganisationType
from app.models.base import Synced, enum_col, fk, text_col


class Organisation(Synced):
    """Deduplicated on SIREN: id = uuid5("siren", siren) when known."""

    __tablename__ = "organisation"

    name: Mapped[str] = text_col()
    short_name: Mapped[str] = text_col()  # "État", "CAF", "Département"
    siren: Mapped[str] = text_col()
    siret: Mapped[str] = text_col()
    kind: Mapped[OrganisationType] = enum_col(OrganisationType, OrganisationType.PARTNER)
    address: Mapped[str] = text_col()
    logo_path: Mapped[str] = text_col()


class Service(Synced):
    """A service of a member administration that can be mobilised on projects (DDETS, SDIS...)."""

    __tablename__ = "service"

    organisation_id: Mapped[uuid.UUID | None] = fk("organisation.id")
    name: Mapped[str] = text_col()
    contact: Mapped[str] = text_col()
