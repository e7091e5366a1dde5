"""The departmental key: scrypt from the sync passphrase, AES-256-GCM for segments and snapshots.

A sealed file is nonce (12 bytes), ciphertext, tag (16 bytes). `seal`/`unseal` work in memory (segments,
documents); `seal_file`/`unseal_file` give the same bytes streamed, a chunk at a time, for snapshots: a
département's base of a gigabyte is never held whole in memory (nor three times, as it was).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.errors import DomainError
from app.files import sha256_of

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
CHECK_LABEL = b"maillage-sync key check v1"
NONCE, TAG = 12, 16
CHUNK = 8 << 20


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


def _nonce(key: bytes, aad: bytes, content_sha256: bytes) -> bytes:
    """Deterministic (from key, aad and content): re-publishing gives the identical file."""
    return hmac.new(key, aad + content_sha256, hashlib.sha256).digest()[:NONCE]


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = _nonce(key, aad, hashlib.sha256(plaintext).digest())
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE + TAG:
        raise UnauthenticError("fichier tronqué")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], aad)
    except InvalidTag as exc:
        raise UnauthenticError("authentification échouée") from exc


def seal_file(key: bytes, source: Path, target: Path, aad: bytes) -> str:
    """`seal` of `source`'s content written to `target` (the same bytes), a chunk at a time; returns the
    sealed file's sha256."""
    nonce = _nonce(key, aad, bytes.fromhex(sha256_of(source, chunk=CHUNK)))
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    sealed = hashlib.sha256()
    with open(source, "rb") as plain, open(target, "wb") as out:

        def put(data: bytes) -> None:
            out.write(data)
            sealed.update(data)

        put(nonce)
        while block := plain.read(CHUNK):
            put(encryptor.update(block))
        put(encryptor.finalize())
        put(encryptor.tag)
    return sealed.hexdigest()


def unseal_file(key: bytes, source: Path, target: Path, aad: bytes) -> None:
    """`unseal` of `source` written to `target`, a chunk at a time. The tag is checked at the end: on
    UnauthenticError `target` holds unauthenticated bytes, and the caller must remove it unread."""
    size = source.stat().st_size
    if size < NONCE + TAG:
        raise UnauthenticError("fichier tronqué")
    with open(source, "rb") as sealed, open(target, "wb") as out:
        nonce = sealed.read(NONCE)
        sealed.seek(size - TAG)
        tag = sealed.read(TAG)
        sealed.seek(NONCE)
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad)
        left = size - NONCE - TAG
        while left:
            block = sealed.read(min(CHUNK, left))
            if not block:  # the file shrank while read
                raise UnauthenticError("fichier tronqué")
            left -= len(block)
            out.write(decryptor.update(block))
        try:
            out.write(decryptor.finalize())
        except InvalidTag as exc:
            raise UnauthenticError("authentification échouée") from exc
