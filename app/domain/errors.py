"""Expected failures, with French messages fit for a dialog or the CLI's stderr."""

from __future__ import annotations


class DomainError(Exception):
    """A failure the user can understand and act on. `str(exc)` is the French message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object asked for does not exist (or is in the bin)."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} introuvable : {key}.")


class NewerValue(DomainError):
    """A value written by a newer version of the app (received by sync) that this version cannot apply:
    a ballot's choice, a majority rule… Nothing is computed from it; updating the app is the remedy."""

    def __init__(self, what: str, value: object) -> None:
        super().__init__(f"{what} (« {value} ») vient d'une version plus récente de Maillage, que ce poste "
                         "ne sait pas encore appliquer : mettez Maillage à jour sur ce poste. Rien n'a été "
                         "calculé ni enregistré.")


def require_known(member: object, what: str) -> None:
    """Raise NewerValue for an enum code this version does not know (LabelledEnum.unknown)."""
    if getattr(member, "unknown", False):
        raise NewerValue(what, getattr(member, "value", member))


class Cancelled(DomainError):
    """The user cancelled a long task."""

    def __init__(self) -> None:
        super().__init__("Opération annulée.")


class DatabaseRefused(DomainError):
    """The file cannot be opened as this app's database; it was left untouched."""
