"""FORMAT.json: protocol version, schema majors accepted, scrypt salt and key check (SYNC.md "Security")."""

from __future__ import annotations

import json

from app.domain.errors import DomainError
from app.sync.crypto import SCRYPT_N, derive_key, key_check, new_salt
from app.sync.segment import SCHEMA_MAJOR
from app.sync.share import Share

PROTOCOL = 1
MIN_PASSPHRASE = 12  # to create a share; joining one only needs the passphrase it was created with


class WrongPassphraseError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Phrase secrète de synchronisation incorrecte : elle ne correspond pas à celle du "
            "dossier partagé. Rien n'a été lu ni envoyé."
        )


def open_format(share: Share, passphrase: str) -> bytes:
    """The departmental key, creating FORMAT.json on first use; WrongPassphraseError if it does not match."""
    share.check(create=False)
    if not share.exists("FORMAT.json"):
        if len(passphrase.strip()) < MIN_PASSPHRASE:  # refused before anything is written on the share
            raise DomainError(
                f"Pour créer un dossier de synchronisation, choisissez une phrase secrète d'au moins "
                f"{MIN_PASSPHRASE} caractères : elle chiffre les données du département sur le partage. "
                "Le dossier n'a pas été initialisé."
            )
        share.check()
        salt = new_salt()
        key = derive_key(passphrase, salt, SCRYPT_N)
        data = {
            "protocol": PROTOCOL,
            "schema_majors": [SCHEMA_MAJOR],
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "salt": salt.hex(),
            "key_check": key_check(key),
        }
        share.write_atomic("FORMAT.json", json.dumps(data, indent=1).encode())
    try:
        data = json.loads(share.read("FORMAT.json"))
        salt, expected, n = bytes.fromhex(data["salt"]), str(data["key_check"]), int(data.get("n", SCRYPT_N))
        protocol = int(data.get("protocol", 0))
        if not 2 <= n <= 2**20 or n & (n - 1):  # scrypt's cost: a power of two, never hours of work
            raise ValueError(n)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DomainError(
            "Le fichier FORMAT.json du dossier partagé est illisible : ce dossier n'est pas un "
            "dossier de synchronisation Maillage valide."
        ) from exc
    if protocol > PROTOCOL:
        raise DomainError("Mise à jour requise : le dossier partagé utilise un protocole plus récent.")
    key = derive_key(passphrase, salt, n)
    if key_check(key) != expected:
        raise WrongPassphraseError()
    return key
