"""The users file: JSON read with clear errors, written atomically with mode 0600."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from assistant.access.users import Users
from assistant.errors import InputError
from assistant.files import read_input_bytes

FILE_MODE = 0o600
MAX_FILE_BYTES = 5_000_000


def load_users(path: Path, *, missing_ok: bool = False) -> Users:
    """The users in the file; a missing file is no users when `missing_ok`, else an error."""
    if missing_ok and not path.exists():
        return Users()
    data = read_input_bytes(path, max_bytes=MAX_FILE_BYTES)
    try:
        return Users.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        raise InputError(f"not a valid users file ({detail})", path) from None


def save_users(path: Path, users: Users) -> None:
    """Replace the file in one step: a temporary file in the same folder, made 0600 before any
    content is written, flushed to disk, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(users.model_dump(mode="json"), indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
