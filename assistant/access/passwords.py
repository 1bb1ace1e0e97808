"""Salted scrypt password hashes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SALT_BYTES = 16
KEY_BYTES = 32
SCRYPT_N = 1 << 17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_CHARS = 8


class PasswordHash(BaseModel):
    """A password as stored: the scrypt parameters, the user's random salt and the derived key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["scrypt"] = "scrypt"
    n: int = Field(ge=2, le=1 << 20)
    r: int = Field(ge=1, le=32)
    p: int = Field(ge=1, le=16)
    salt: str = Field(pattern=r"^[0-9a-f]{32,}$")
    key: str = Field(pattern=r"^[0-9a-f]{64}$")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p, dklen=KEY_BYTES
    )


def hash_password(password: str) -> PasswordHash:
    """Hash a password with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return PasswordHash(n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, salt=salt.hex(), key=key.hex())


def verify_password(password: str, stored: PasswordHash) -> bool:
    """Whether the password derives the stored key (compared in constant time)."""
    key = _derive(password, bytes.fromhex(stored.salt), stored.n, stored.r, stored.p)
    return hmac.compare_digest(key, bytes.fromhex(stored.key))


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"the password must have at least {MIN_PASSWORD_CHARS} characters"
    if password != password.strip():
        return "the password must not start or end with a space"
    return None
