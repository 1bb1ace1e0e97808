"""Password hashes: salted per user, verified in constant time, never holding the password."""

from __future__ import annotations

import pytest

from assistant.access.passwords import hash_password, password_problem, verify_password
from assistant.access.users import User, Users, authenticate, name_problem
from assistant.errors import InputError


@pytest.fixture(scope="module")
def users() -> Users:
    return Users(
        users=[
            User(name="Dr. Rivera", password=hash_password("same password")),
            User(name="Dr. Chen", password=hash_password("same password")),
        ]
    )


@pytest.mark.slow
def test_each_user_gets_a_fresh_salt_and_key(users: Users) -> None:
    rivera, chen = (user.password for user in users.users)
    assert rivera.salt != chen.salt and rivera.key != chen.key
    assert len(bytes.fromhex(rivera.salt)) == 16
    assert "same password" not in users.model_dump_json()


@pytest.mark.slow
def test_verify_accepts_the_password_and_rejects_any_other(users: Users) -> None:
    stored = users.users[0].password
    assert verify_password("same password", stored)
    assert not verify_password("same passwore", stored)
    assert not verify_password("", stored)


@pytest.mark.slow
def test_authenticate_needs_both_name_and_password(users: Users) -> None:
    signed_in = authenticate(users, "dr. rivera", "same password")
    assert signed_in is not None and signed_in.name == "Dr. Rivera"
    assert authenticate(users, "Dr. Rivera", "wrong password") is None
    assert authenticate(users, "Dr. Nobody", "same password") is None


def test_adding_a_taken_name_or_removing_an_unknown_one_is_an_error(users: Users) -> None:
    taken = User(name="DR. CHEN", password=users.users[1].password)
    with pytest.raises(InputError, match="already exists"):
        users.with_user(taken)
    replaced = users.with_user(taken, replace=True)
    assert [user.name for user in replaced.users] == ["Dr. Rivera", "DR. CHEN"]
    with pytest.raises(InputError, match=r"no user named 'Dr\. Nobody'"):
        users.without("Dr. Nobody")
    assert [user.name for user in users.without("dr. chen").users] == ["Dr. Rivera"]


@pytest.mark.parametrize(
    ("password", "problem"),
    [("short", "at least 8"), (" padded password", "space"), ("long enough", None)],
)
def test_weak_passwords_are_refused(password: str, problem: str | None) -> None:
    found = password_problem(password)
    assert (found is None) if problem is None else (problem in str(found))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        (" Dr. A", "spaces"),
        ("Dr.\tA", "spaces"),
        ("Dr.\x07A", "control"),
        ("x" * 101, "at most"),
        ("Dr. Ana Rivera", None),
    ],
)
def test_unusable_names_are_refused(name: str, problem: str | None) -> None:
    found = name_problem(name)
    assert (found is None) if problem is None else (problem in str(found))
