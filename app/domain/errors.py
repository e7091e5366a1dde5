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


class Cancelled(DomainError):
    """The user cancelled a long task."""

    def __init__(self) -> None:
        super().__init__("Opération annulée.")


class DatabaseRefused(DomainError):
    """The file cannot be opened as this app's database; it was left untouched."""
