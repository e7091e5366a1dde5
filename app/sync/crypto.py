"""The departmental key: scrypt from the sync passphrase, AES-256-GCM for segments and snapshots."""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.errors import DomainError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
CHECK_LABEL = b"maillage-sync key check v1"


class UnauthenticError(Exception):
    """The file was not sealed with our key, or was altered."""


@lru_cache(maxsize=16)
def derive_key(passphrase: str, salt: bytes, n: int = SCRYPT_N) -> bytes:
    if not passphrase:
        raise DomainError("La phrase secrète de synchronisation est vide.")
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def new_salt() -> bytes:
    return os.urandom(16)


def key_check(key: bytes) -> str:
    return hmac.new(key, CHECK_LABEL, hashlib.sha256).hexdigest()


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Deterministic nonce (from key, aad and content): re-publishing gives the identical file."""
    nonce = hmac.new(key, aad + hashlib.sha256(plaintext).digest(), hashlib.sha256).digest()[:12]
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < 28:
        raise UnauthenticError("fichier tronqué")
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], aad)
    except InvalidTag as exc:
        raise UnauthenticError("authentification échouée") from exc
