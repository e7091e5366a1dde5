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
    """Ops applied so far; once all are, what remains is the commit (seconds for a million ops)."""
    if done >= total:
        return saving(done)
    return f"Application : {count(done)} modifications sur {count(total)}"


def applying_parts(done: int, part: int, parts: int) -> str:
    """A split transaction from an older sender: its last part does not say how many ops it holds."""
    if part >= parts:
        return saving(done)
    return f"Application : partie {part} sur {parts} ({count(done)} modifications)"


def saving(done: int) -> str:
    return f"Enregistrement : {count(done)} modifications"


def gathering(total: int) -> str:
    """Before the first part: one SQL statement picks the latest op of each field (seconds for a million)."""
    return f"Publication : lecture d'une transaction de {count(total)} modifications"


def publishing_part(part: int, done: int, total: int) -> str:
    return f"Publication : partie {part}, {count(done)} modifications sur {count(total)}"


def publishing(done: int, total: int) -> str:
    return f"Publication : {count(done)} transaction{'s' if total > 1 else ''} sur {count(total)}"


def size(number: int) -> str:
    """Bytes as the Explorer tells them: « 420 Mo », « 1 282 Mo »; under a megabyte, « 380 Ko »."""
    if number < 1 << 20:
        return f"{count(-(-number // 1024))}{NBSP}Ko"
    return f"{count(number >> 20)}{NBSP}Mo"


def snapshot_preparing() -> str:
    """The base copied (VACUUM INTO) and sealed, beside it: seconds for a gigabyte, not counted."""
    return "Instantané pour les nouveaux postes : préparation"


def snapshot_sending(done: int, total: int) -> str:
    return f"Instantané pour les nouveaux postes : envoi, {size(done)} sur {size(total)}"


def bootstrap_copying(done: int, total: int) -> str:
    return f"Démarrage : copie de l'instantané, {size(done)} sur {size(total)}"


def bootstrap_checking() -> str:
    """Hash and decryption of the whole snapshot: seconds for a gigabyte, not counted."""
    return "Démarrage : vérification de l'instantané"


def bootstrap_loading(table: int, tables: int) -> str:
    """Tables copied into the local database; once all are, what remains is the commit."""
    if table >= tables:
        return "Démarrage : enregistrement de l'instantané"
    return f"Démarrage : chargement de l'instantané, table {table} sur {tables}"
