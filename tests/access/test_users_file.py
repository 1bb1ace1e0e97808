"""The users file on disk: private, replaced in one step, and read with clear errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from assistant.access.passwords import PasswordHash
from assistant.access.users import User, Users
from assistant.access.users_file import load_users, save_users
from assistant.errors import InputError

STORED = PasswordHash(n=16, r=1, p=1, salt="00" * 16, key="11" * 32)


def test_saved_file_is_private_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "users.json"
    users = Users(users=[User(name="Dr. Rivera", password=STORED)])
    save_users(path, users)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_users(path) == users
    save_users(path, users.without("Dr. Rivera"))
    assert load_users(path).users == []
    assert [p.name for p in path.parent.iterdir()] == ["users.json"]


def test_missing_file_is_no_users_only_when_allowed(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    assert load_users(path, missing_ok=True).users == []
    with pytest.raises(InputError, match=f"{path}: file not found"):
        load_users(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", "not a valid users file (Invalid JSON"),
        ('{"users": [{"name": "A"}]}', "users.0.password: Field required"),
        ('{"users": [], "extra": 1}', "extra: Extra inputs are not permitted"),
    ],
)
def test_damaged_file_is_an_error_naming_it(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_users(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)
