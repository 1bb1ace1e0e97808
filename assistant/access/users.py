"""The reviewers who may sign in: names with their password hashes, and the checks on both."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.access.passwords import PasswordHash, hash_password, verify_password
from assistant.errors import InputError

MAX_NAME_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def name_problem(name: str) -> str | None:
    """Why a reviewer name cannot be used, or None."""
    if not name.strip():
        return "the name must not be empty"
    if name != " ".join(name.split()):
        return "the name must not have leading, trailing or repeated spaces"
    if _CONTROL.search(name):
        return "the name must not contain control characters"
    if len(name) > MAX_NAME_CHARS:
        return f"the name must have at most {MAX_NAME_CHARS} characters"
    return None


class User(BaseModel):
    """One reviewer: the name signed on every change, and the password hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    password: PasswordHash
    added_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("name")
    @classmethod
    def _usable_name(cls, value: str) -> str:
        problem = name_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class Users(BaseModel):
    """Everyone in the users file; names are unique, ignoring case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(default=1, ge=1, le=1)
    users: list[User] = Field(default_factory=list)

    @field_validator("users")
    @classmethod
    def _unique_names(cls, users: list[User]) -> list[User]:
        seen: set[str] = set()
        for user in users:
            if user.name.casefold() in seen:
                raise ValueError(f"the name {user.name!r} appears twice")
            seen.add(user.name.casefold())
        return users

    def find(self, name: str) -> User | None:
        key = name.strip().casefold()
        return next((user for user in self.users if user.name.casefold() == key), None)

    def with_user(self, user: User, *, replace: bool = False) -> Users:
        """These users with `user` added (or, with replace, its password changed)."""
        if self.find(user.name) is not None and not replace:
            raise InputError(f"a user named {user.name!r} already exists (use --replace)")
        others = [u for u in self.users if u.name.casefold() != user.name.casefold()]
        return Users(version=self.version, users=[*others, user])

    def without(self, name: str) -> Users:
        """These users without the one named."""
        found = self.find(name)
        if found is None:
            raise InputError(f"no user named {name!r}")
        return Users(version=self.version, users=[u for u in self.users if u is not found])


@cache
def _decoy() -> PasswordHash:
    return hash_password("decoy password that nobody has")


def authenticate(users: Users, name: str, password: str) -> User | None:
    """The user whose name and password these are, or None.

    An unknown name costs the same hashing as a known one, so timing tells no names apart.
    """
    user = users.find(name)
    matches = verify_password(password, user.password if user else _decoy())
    return user if user is not None and matches else None
