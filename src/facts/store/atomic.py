"""Replace files so that a process killed at any moment leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from facts.errors import StoreError
from facts.store.files import RefusedFile

# A writer holds the store's lock for the time it takes to write the store's files; a minute of
# waiting means the holder is stuck (or a huge store is being rewritten), and the user should know.
LOCK_TIMEOUT_SECONDS = 60.0
LOCK_TIMEOUT_ENV = "FACTS_LOCK_TIMEOUT"
_SAY_WAITING_AFTER = 1.0
_POLL_SECONDS = 0.05


def lock_timeout() -> float:
    """Return how long a writer waits for a lock: $FACTS_LOCK_TIMEOUT seconds, else a minute."""
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, LOCK_TIMEOUT_SECONDS)))
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


@contextlib.contextmanager
def locked(
    lock_path: Path, on_wait: Callable[[], None] | None = None, timeout: float = math.inf
) -> Iterator[None]:
    """Hold an exclusive lock on a lock file for the duration of the block.

    The lock file is never followed through a symlink (which could create a file anywhere) and
    must be a regular file. If another process holds the lock, on_wait is called once after a
    second, and after timeout seconds (by default it waits as long as it takes) StoreError is raised.
    """
    try:
        fd = os.open(
            lock_path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666
        )
    except OSError:
        if not os.path.islink(lock_path):
            raise
        raise RefusedFile(
            lock_path, "it is a symbolic link, and facts writes only in its own files"
        ) from None
    with os.fdopen(fd, "wb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise RefusedFile(lock_path, "it is not a regular file")
        _acquire(handle.fileno(), lock_path, on_wait, timeout)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(
    fd: int, lock_path: Path, on_wait: Callable[[], None] | None, timeout: float, mode: int = fcntl.LOCK_EX
) -> None:
    started = time.monotonic()
    said = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        waited = time.monotonic() - started
        if waited >= timeout:
            raise StoreError(
                f"Another facts process has held {lock_path} for {waited:.0f} seconds; gave up waiting.",
                hint=f"Try again when it has finished (set {LOCK_TIMEOUT_ENV} to wait longer).",
            )
        if not said and waited >= _SAY_WAITING_AFTER and on_wait is not None:
            on_wait()
            said = True
        time.sleep(_POLL_SECONDS)


def acquire_shared(fd: int, lock_path: Path, on_wait: Callable[[], None] | None = None) -> None:
    """Take a shared lock (a reader's), waiting at most lock_timeout() seconds for a writer.

    on_wait is called if the writer holds it for over a second.
    """
    _acquire(fd, lock_path, on_wait, lock_timeout(), fcntl.LOCK_SH)


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
    modes = [replacement_mode(target) for target, _ in files]
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
        for (temp_name, target), mode in zip(temps, modes, strict=True):
            os.chmod(temp_name, mode)  # as `replacing` does: the mode of the file replaced, or the umask's
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

    If the block fails, the temporary file is removed and target is untouched. The new file keeps
    the mode of the file it replaces, or follows the umask if it is new, as an ordinary write would.
    """
    import tempfile  # only writers need it; queries import this module too

    mode = replacement_mode(target)
    fd, temp_name = tempfile.mkstemp(prefix=prefix or f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(temp_name)
        with open(temp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)  # after writing: the mode may be read-only
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


def replacement_mode(target: Path) -> int:
    """The permission bits a replacement of target gets: target's own, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.lstat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """Return the process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
