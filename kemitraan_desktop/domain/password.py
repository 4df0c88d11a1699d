"""The program password's rules: how it is hashed and checked, how long it must be, how long a
person waits after mistakes. No storage here (``services/password.py`` keeps it).

scrypt from the standard library: a random 16-byte salt, n=2**14, r=8, p=1 (about 55 ms on the
development laptop: slow enough to make guessing expensive, quick enough not to be felt), the
parameters stored beside the key so that they can be raised later without breaking old records.
Checking compares in constant time (``hmac.compare_digest``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from kemitraan_desktop.i18n import _

from .errors import UserError

SCHEME = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
DIGEST_BYTES = 32
MIN_LENGTH = 6
# A record edited by hand may not ask for more memory or work than this.
_MAX_MEMORY = 64 * 1024 * 1024


@dataclass(frozen=True)
class PasswordHash:
    """A stored password: scrypt's parameters, the salt and the derived key."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def encode(self) -> str:
        """``scrypt$n$r$p$salt$key`` (salt and key in base64): the text that is stored."""
        return "$".join((SCHEME, str(self.n), str(self.r), str(self.p),
                         base64.b64encode(self.salt).decode("ascii"),
                         base64.b64encode(self.digest).decode("ascii")))

    @classmethod
    def decode(cls, text: str) -> PasswordHash:
        """The record of :meth:`encode`; ValueError when it is not one this program can check."""
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != SCHEME:
            raise ValueError("not a scrypt password record")
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
        if (n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16
                or 128 * n * r > _MAX_MEMORY or n * p > 2**20
                or len(salt) < 8 or not 16 <= len(digest) <= 64):
            raise ValueError("scrypt parameters out of range")
        return cls(n, r, p, salt, digest)


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # The same characters typed on another keyboard or input method give the same bytes.
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=2 * 128 * n * r * p + 2**20)


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                  salt: bytes | None = None) -> PasswordHash:
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    return PasswordHash(n, r, p, salt, _derive(password, salt, n, r, p, DIGEST_BYTES))


def verify_password(password: str, stored: PasswordHash | str) -> bool:
    """Whether *password* is the one *stored*, compared in constant time. A record this program
    cannot read matches no password."""
    try:
        record = stored if isinstance(stored, PasswordHash) else PasswordHash.decode(stored)
    except (ValueError, TypeError):
        return False
    derived = _derive(password, record.salt, record.n, record.r, record.p, len(record.digest))
    return hmac.compare_digest(derived, record.digest)


def wait_after(wrong_attempts: int) -> int:
    """Seconds to wait before the next try: none after the first two mistakes, then 2, 4, 8,
    16, and at most 30."""
    if wrong_attempts < 3:
        return 0
    return min(2 ** (wrong_attempts - 2), 30)


def check_new_password(new: str, repeated: str) -> None:
    """Raise ``UserError`` (its ``field`` names the box) unless *new* may become the password
    and was typed the same twice."""
    if len(new) < MIN_LENGTH:
        raise UserError(_("The new password must have at least {count} characters.").format(
            count=MIN_LENGTH), "new_password")
    if new != repeated:
        raise UserError(_("The two new passwords are not the same. Type them again."),
                        "repeat_password")
