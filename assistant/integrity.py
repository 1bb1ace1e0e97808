"""sha256 checks for the data files the tool ships with or writes."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from assistant.errors import IntegrityError

_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file at `path`, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str) -> None:
    """Raise `IntegrityError` naming `path` unless its content has the expected sha256."""
    try:
        actual = sha256_file(path)
    except OSError as exc:
        raise IntegrityError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if actual != expected_sha256:
        raise IntegrityError(
            f"{path}: sha256 {actual} does not match the expected {expected_sha256}; "
            "the file is damaged or is not the one this version of the tool was built for"
        )


def verify_bytes(data: bytes, expected_sha256: str, source: str) -> None:
    """Raise `IntegrityError` naming `source` unless `data` has the expected sha256."""
    actual = sha256_bytes(data)
    if actual != expected_sha256:
        raise IntegrityError(
            f"{source}: sha256 {actual} does not match the expected {expected_sha256}"
        )


def package_dir(module: str, requirement: str, purpose: str) -> Path:
    """The folder of an installed package, found without importing (running) it."""
    spec = importlib.util.find_spec(module)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise IntegrityError(
            f"{purpose} needs the package {requirement}; "
            f"install it with: pip install '{requirement}'"
        )
    return Path(locations[0])
