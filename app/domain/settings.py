"""Business settings, declared once with their typed defaults (Vorta's pattern)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: str


GIP_SETTINGS = (
    SettingSpec("gip.name", "Nom du GIP", "GIP Insertion et Territoires"),
    SettingSpec("gip.short_name", "Sigle", "GIP IT"),
    SettingSpec("gip.seat", "Siège", ""),
    SettingSpec("gip.department_code", "Code du département", ""),
    SettingSpec("gip.department_name", "Département", ""),
    SettingSpec("gip.logo_path", "Logo (fichier image)", ""),
    SettingSpec("gip.director", "Directeur ou directrice", ""),
    SettingSpec("gip.president", "Président ou présidente", ""),
    SettingSpec("gip.city", "Ville (lieu de signature)", ""),
    SettingSpec("gip.convention_date", "Date de la convention constitutive", ""),
)

SPECS = {spec.key: spec for spec in GIP_SETTINGS}
LOGO_KEY = "gip.logo"  # the image chosen through « gip.logo_path », as base64 PNG (not a form field)

# The demo's département (Haute-Maille): no real one uses this code, and the identity form refuses it.
FICTIONAL_DEPARTMENT_CODE = "96"


@dataclass(frozen=True)
class GipIdentity:
    """What every official document prints in its header and signature blocks."""

    name: str
    short_name: str
    seat: str
    department_code: str
    department_name: str
    logo_path: str
    director: str
    president: str
    city: str
    convention_date: str
    logo: bytes = b""  # the logo itself (PNG), stored in the base: every workstation prints the same

    @classmethod
    def from_values(cls, values: dict[str, str], logo: bytes = b"") -> GipIdentity:
        fields = {spec.key.removeprefix("gip."): values.get(spec.key, spec.default) for spec in GIP_SETTINGS}
        return cls(**fields, logo=logo)


@dataclass(frozen=True)
class UserProfile:
    """Who works on this workstation: the author of every change and document."""

    full_name: str
    function: str
    organisation: str

    @property
    def signature(self) -> str:
        return f"{self.full_name} ({self.function}, {self.organisation})"
