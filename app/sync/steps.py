"""What the long steps of a round tell the user, with their counts (issue 3): « Réception : partie 12 sur
94 », « Application : 350 000 modifications sur 1 380 890 », « Publication : partie 3, … »."""

from __future__ import annotations

NBSP = "\u00a0"


def count(number: int) -> str:
    """1380890 → « 1 380 890 » (no-break spaces, as amounts elsewhere in the app)."""
    return f"{number:,}".replace(",", NBSP)


def receiving(part: int, parts: int) -> str:
    return f"Réception : partie {part} sur {parts}"


def applying(done: int, total: int) -> str:
    return f"Application : {count(done)} modifications sur {count(total)}"


def applying_parts(done: int, part: int, parts: int) -> str:
    """A split transaction from an older sender: its last part does not say how many ops it holds."""
    return f"Application : partie {part} sur {parts} ({count(done)} modifications)"


def publishing_part(part: int, done: int, total: int) -> str:
    return f"Publication : partie {part}, {count(done)} modifications sur {count(total)}"


def publishing(done: int, total: int) -> str:
    return f"Publication : {count(done)} transaction{'s' if total > 1 else ''} sur {count(total)}"
