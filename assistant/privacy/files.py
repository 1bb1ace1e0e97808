"""Files under the data dir readable by their owner only: folders 0700, files 0600, any umask."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700 folders; an existing `path` is made 0700."""
    missing = [parent for parent in (path, *path.parents) if not parent.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)
    path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty as a 0600 file if it is missing; an existing one is made 0600.

    An existing file is never opened: closing any descriptor of a SQLite database drops every
    POSIX lock this process holds on it, which can corrupt the database under another
    connection of the same process.
    """
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        pass
    else:
        os.close(descriptor)
    path.chmod(FILE_MODE)
    return path


def restrict_tree(root: Path) -> None:
    """Make every folder under `root` (and root) 0700 and every file 0600; links are left alone."""
    if not root.is_dir():
        return
    root.chmod(DIR_MODE)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            target = Path(folder, name)
            if not target.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    target.chmod(DIR_MODE)
        for name in files:
            target = Path(folder, name)
            if not target.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    target.chmod(FILE_MODE)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside the block get no group or other permissions."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
