"""Open files the way a fact tool may: regular files only, inside their folder, and read within a bound.

A store or a candidates file may come from someone else. A name in it must not reach a file
outside its folder (an absolute path, `..`, a symlink), and a FIFO or a device must not block
a command or fill its memory. Every refusal is an OSError whose strerror says why in a few words,
so the callers' one-sentence messages ("Cannot read X: ...") cover it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

# A news article is tens of kilobytes; the biggest documents worth extracting are a few MB.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
# A candidates file holds one document's claims, each a few hundred bytes of JSON.
MAX_CANDIDATES_BYTES = 64 * 1024 * 1024

_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC  # O_NONBLOCK: opening a FIFO must not wait


class RefusedFile(OSError):
    """A file facts will not open: not a regular file, a symlink out of its folder, or too large."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


def is_plain_name(name: str) -> bool:
    """Whether name is a single file name: no folder part, not `.` or `..`, no NUL."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\x00")


def open_regular(path: Path, *, follow_symlinks: bool = True) -> BinaryIO:
    """Open a regular file for reading; refuse a FIFO, a device, a folder, and a symlink unless followed."""
    flags = _READ_FLAGS | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise _explained(err, path) from None
    return _regular_handle(fd, path)


def open_inside(folder: Path, name: str) -> BinaryIO:
    """Open folder/name for reading, refusing a name or symlink that leads out of the folder."""
    if not is_plain_name(name):
        raise RefusedFile(folder / name, f"{name!r} is not a plain file name inside {folder}")
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as err:
        raise _explained(err, folder) from None
    try:
        fd = os.open(name, _READ_FLAGS | os.O_NOFOLLOW, dir_fd=folder_fd)
    except OSError as err:
        raise _explained(err, folder / name) from None
    finally:
        os.close(folder_fd)
    return _regular_handle(fd, folder / name)


def read_bounded(handle: BinaryIO, limit: int, path: Path | str) -> bytes:
    """Read a whole open file, refusing one longer than limit bytes rather than filling memory."""
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise RefusedFile(path, f"it is larger than {limit // (1024 * 1024)} MiB, the most facts reads")
    return data


def check_regular(path: Path) -> None:
    """Refuse a path that is a symlink or anything but a regular file, without opening it."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as err:
        raise _explained(err, path) from None
    if not stat.S_ISREG(mode):
        raise RefusedFile(path, _kind(mode))


def check_real_folder(path: Path) -> None:
    """Refuse a folder that is a symlink (which could lead anywhere) or not a folder at all."""
    mode = os.lstat(path).st_mode
    if not stat.S_ISDIR(mode):
        raise RefusedFile(path, _kind(mode))


def _regular_handle(fd: int, path: Path) -> BinaryIO:
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise RefusedFile(path, _kind(mode))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "it is a symbolic link, and facts reads and writes only files inside the store"
    if stat.S_ISDIR(mode):
        return "it is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    return "it is not a regular file"


def _explained(err: OSError, path: Path) -> OSError:
    # O_NOFOLLOW fails with ELOOP on a symlink, O_DIRECTORY with ENOTDIR: say what that means.
    if err.errno == errno.ELOOP:
        return RefusedFile(path, _kind(stat.S_IFLNK))
    if err.errno == errno.ENOTDIR:
        try:
            return RefusedFile(path, _kind(os.lstat(path).st_mode))
        except OSError:
            pass
    if err.errno == errno.ENXIO:  # a FIFO with no reader, opened for writing
        return RefusedFile(path, _kind(stat.S_IFIFO))
    if err.filename is None:
        err.filename = str(path)
    return err
