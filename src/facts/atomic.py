"""Replace files so that a process killed at any moment leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator, Sequence
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


_ONE_BY_ONE = 8  # up to this many files, fsync each; more, sync the file system once


def replace_many(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write each file beside its target, flush them all to disk, rename them into place, flush the folders.

    The same guarantee as `replacing` for every file. Many files are flushed with one sync of
    the file system rather than one fsync each, which costs milliseconds a file on common disks:
    a batch of a thousand new sources then takes a fraction of a second, not five.
    """
    import tempfile

    temps: list[tuple[str, Path]] = []
    many = len(files) > _ONE_BY_ONE
    try:
        for target, data in files:
            fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((temp_name, target))
            with open(fd, "wb") as handle:
                handle.write(data)
                if not many:
                    handle.flush()
                    os.fsync(handle.fileno())
        if many:
            os.sync()  # returns once everything written is on disk (Linux; POSIX only schedules it)
        for temp_name, target in temps:
            os.replace(temp_name, target)
    except BaseException:
        for temp_name, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise
    for folder in {target.parent for target, _ in files}:
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


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
