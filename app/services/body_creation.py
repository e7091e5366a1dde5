"""« Nouvelle instance… » (issue 4): a body declared from the convention constitutive or for a programme
(a COPIL, a comité de programmation), with the usual rules of its kind; « Modifier l'instance… » then
sets its exact rules and seats. No Qt, no commit.

Its code is printed in every decision number ({YYYY}-{CODE}-{NNN}): capitals and digits, unique among the
live bodies. The row's id comes from the code (app.domain.ids.natural_id), so two workstations declaring
the same body offline make one row, which sync merges, instead of two bodies numbering the same
decisions."""

from __future__ import annotations

import logging
import re
import uuid
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.body_editing import InvalidBodyError
from app.domain.enums import BodyKind, MajorityKind, MatterKind, QuorumBasis
from app.domain.ids import majority_rule_row_id, natural_id
from app.models.body import Body, MajorityRule
from app.services.shared_rows import shared_row

log = logging.getLogger(__name__)

CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
# the bodies of members voting by droits statutaires; the others count heads (a COPIL, a comité technique)
_WEIGHTED = (BodyKind.GENERAL_ASSEMBLY, BodyKind.BOARD, BodyKind.BUREAU)


def create_body(session: Session, *, code: str, name: str, kind: BodyKind) -> uuid.UUID:
    """A new body with the usual rules of its kind (quorum of half the rights or of half the members,
    simple majority for every matter); raises InvalidBodyError with one message per field."""
    code, name = code.strip().upper(), " ".join(name.split())
    problems = _problems(session, code, name)
    if problems:
        raise InvalidBodyError(problems)
    weighted = kind in _WEIGHTED
    body = shared_row(session, Body, natural_id("body", code), code=code, name=name, kind=kind,
                      quorum_basis=QuorumBasis.RIGHTS if weighted else QuorumBasis.MEMBERS,
                      quorum_threshold=Decimal("0.5"), weighted_votes=weighted,
                      rules_text=_rules_text(weighted))
    for matter in MatterKind:
        shared_row(session, MajorityRule, majority_rule_row_id(body.id, matter.value), body_id=body.id,
                   matter=matter, majority=MajorityKind.SIMPLE)
    session.flush()
    log.info("Body %s created", code)
    return body.id


def _problems(session: Session, code: str, name: str) -> dict[str, str]:
    problems = {}
    if not code:
        problems["code"] = ("Le code de l'instance est obligatoire (par exemple « COPIL » ou « CP ») : il "
                            "figure dans les numéros de décision.")
    elif not CODE.match(code):
        problems["code"] = (f"« {code} » ne convient pas : le code figure dans les numéros de décision "
                            "(2027-CA-001) ; lettres et chiffres seulement, 10 au plus, en commençant par "
                            "une lettre.")
    else:
        same = session.scalars(select(Body).where(Body.code == code, Body.deleted.is_(False))).first()
        if same is not None:
            problems["code"] = f"Le code « {code} » est déjà celui de l'instance « {same.name} »."
    if not name:
        problems["name"] = ("Le nom de l'instance est obligatoire (par exemple « Comité de pilotage "
                            "mobilité »).")
    return problems


def _rules_text(weighted: bool) -> str:
    """The reminder printed on convocations, until « Modifier l'instance… » sets the convention's."""
    share = "la moitié des droits statutaires" if weighted else "la moitié de ses membres"
    return (f"L'instance délibère valablement lorsque les membres présents ou représentés réunissent au "
            f"moins {share}. Les décisions sont prises à la majorité simple des suffrages exprimés.")
