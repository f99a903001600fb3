"""Replace files so that a process killed at any moment leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on a lock file for the duration of the block."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def replacing(target: Path, prefix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside target; when the block succeeds, flush it and rename it over target.

    If the block fails, the temporary file is removed and target is untouched.
    """
    import tempfile  # only writers need it; queries import this module too

    fd, temp_name = tempfile.mkstemp(prefix=prefix or f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file 0600: give it the mode of the file it replaces, or a new file's.
        os.fchmod(fd, _mode_for(target))
    finally:
        os.close(fd)
    try:
        yield Path(temp_name)
        with open(temp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    # Make the rename itself durable.
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _mode_for(target: Path) -> int:
    """Return the permission bits target has, or those a new file gets under the current umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask
