"""The GIP identity (business settings): read with typed defaults, validated, saved as Setting rows."""

from __future__ import annotations

import base64
import io
import logging
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.ids import natural_id
from app.domain.rebase import rebase_or_refuse
from app.domain.settings import GIP_SETTINGS, LOGO_KEY, SPECS, GipIdentity
from app.models.settings import Setting

log = logging.getLogger(__name__)

_DEPARTMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$")
_REQUIRED = ("gip.name", "gip.short_name")
LOGO_HEIGHT = 300  # pixels kept: 13 mm at about 600 dpi


class InvalidIdentityError(DomainError):
    """Some fields are invalid; `problems` maps each setting key to its French message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("Identité du GIP incomplète ou invalide :\n" + "\n".join(problems.values()))
        self.problems = problems


def get_identity(session: Session) -> GipIdentity:
    """The stored identity, each missing key falling back to its declared default."""
    keys = [spec.key for spec in GIP_SETTINGS] + [LOGO_KEY]
    stmt = select(Setting).where(Setting.key.in_(keys), Setting.deleted.is_(False))
    values = {row.key: row.value for row in session.scalars(stmt)}
    return GipIdentity.from_values(values, logo=_decoded(values.pop(LOGO_KEY, "")))


def save_identity(session: Session, values: Mapping[str, str], *,
                  base: Mapping[str, str] | None = None) -> GipIdentity:
    """Validate then store every GIP setting given; unknown keys are refused. `base`: the settings as the
    form loaded them; only what the form changed is then checked and written (a value stored as it was,
    such as a logo path from another workstation, does not stop a change elsewhere), and a setting also
    changed on another workstation meanwhile raises EditedElsewhereError (app.domain.rebase)."""
    clean = normalise_identity(values, check=changed_identity(values, base) if base is not None else None)
    if base is not None:
        identity = get_identity(session)
        stored = {key: getattr(identity, key.removeprefix("gip.")) for key in clean}
        clean = rebase_or_refuse(_plain({key: base[key] for key in clean}), clean, stored,
                                 label=lambda key: SPECS[key].label, shown=stored.__getitem__)
    if "gip.logo_path" in clean and _logo_to_store(session, clean["gip.logo_path"]):
        clean[LOGO_KEY] = _logo_png(clean["gip.logo_path"])  # the image itself goes in the base
    for key, value in clean.items():
        row = session.get(Setting, natural_id("setting", key))
        if row is None:
            session.add(Setting(id=natural_id("setting", key), key=key, value=value))
        else:
            row.value, row.deleted = value, False
    session.flush()
    log.info("GIP identity saved (%d settings)", len(clean))
    return get_identity(session)


def _logo_to_store(session: Session, path: str) -> bool:
    """A logo chosen or cleared here; or one chosen before the image was stored in the base, whose file
    this workstation has. A path left as stored, whose file is on another workstation, changes nothing."""
    stored = {key: row.value for key in ("gip.logo_path", LOGO_KEY)
              if (row := session.get(Setting, natural_id("setting", key))) is not None and not row.deleted}
    if path != stored.get("gip.logo_path", ""):
        return True
    return bool(path) and not stored.get(LOGO_KEY) and Path(path).is_file()


def _logo_png(path: str) -> str:
    """The logo file as stored (base64 PNG, at most LOGO_HEIGHT pixels high: a document prints it 13 mm
    high), or "" for none; InvalidIdentityError when it is not an image this app can print."""
    if not path:
        return ""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.thumbnail((LOGO_HEIGHT * 4, LOGO_HEIGHT))
            png = io.BytesIO()
            image.convert("RGBA").save(png, format="PNG", optimize=True)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise InvalidIdentityError({"gip.logo_path": f"Le fichier « {path} » n'est pas une image lisible : "
                                                      "choisissez un logo PNG ou JPEG."}) from exc
    return base64.b64encode(png.getvalue()).decode("ascii")


def _decoded(stored: str) -> bytes:
    try:
        return base64.b64decode(stored, validate=True)
    except ValueError:  # damaged or written otherwise: no logo rather than no document
        log.warning("Stored logo cannot be read: printed without it")
        return b""


def normalise_identity(values: Mapping[str, str], *,
                       check: Mapping[str, str] | None = None) -> dict[str, str]:
    """Trimmed values with ISO dates, or InvalidIdentityError listing every problem in French (of those in
    `check` only, when given)."""
    unknown = sorted(set(values) - set(SPECS))
    if unknown:
        raise DomainError(f"Paramètres inconnus : {', '.join(unknown)}.")
    checked = values if check is None else check
    problems = validate_identity({key: value.strip() for key, value in checked.items()})
    if problems:
        raise InvalidIdentityError(problems)
    return _plain(values)


def changed_identity(values: Mapping[str, str], base: Mapping[str, str]) -> dict[str, str]:
    """The settings of `values` that differ from `base` once stored alike (a date typed either way)."""
    plain, before = _plain(values), _plain({key: base.get(key, "") for key in values})
    return {key: value for key, value in values.items() if plain[key] != before[key]}


def _plain(values: Mapping[str, str]) -> dict[str, str]:
    """Settings as stored: trimmed, the convention's date in ISO, the département's code in capitals."""
    clean = {key: value.strip() for key, value in values.items()}
    day = _parse_date(clean.get("gip.convention_date", ""))
    if day is not None:
        clean["gip.convention_date"] = day.isoformat()
    if clean.get("gip.department_code"):
        clean["gip.department_code"] = clean["gip.department_code"].upper()
    return clean


def validate_identity(values: Mapping[str, str]) -> dict[str, str]:
    """Problems per key (empty when valid). Pure: the dialog calls it before saving."""
    problems: dict[str, str] = {}
    for key in _REQUIRED:
        if key in values and not values[key].strip():
            problems[key] = f"« {SPECS[key].label} » est obligatoire."
    code = values.get("gip.department_code", "").strip().upper()
    if code and not _DEPARTMENT.match(code):
        problems["gip.department_code"] = (
            f"Le code du département « {code} » n'existe pas (ex. : 19, 2A, 974)."
        )
    day = values.get("gip.convention_date", "").strip()
    if day and _parse_date(day) is None:
        problems["gip.convention_date"] = (
            f"La date de la convention « {day} » n'est pas une date (JJ/MM/AAAA)."
        )
    logo = values.get("gip.logo_path", "").strip()
    if logo and not Path(logo).is_file():
        problems["gip.logo_path"] = f"Le fichier du logo « {logo} » est introuvable."
    return problems


def _parse_date(text: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
