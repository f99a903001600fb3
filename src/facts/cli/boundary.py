"""The one place where a command's end becomes an exit code and at most one sentence on stderr.

Both ways a command runs end here: the fast path of entry.py and the Typer app (its group's
`main` in cli/app.py). A reader that went away (`| head -1`) ends the command quietly with 0, as
other command-line tools do; a full or closed stdout, and any other failed read or write of a
file (a full disk, a file-size limit, a read-only store), is one sentence and exit 1; Ctrl-C is
130. Nothing here imports Typer, so the fast path stays fast.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from facts.cli.terminal import visible
from facts.errors import FactsError
from facts.store.paths import os_error_message


class OutputError(Exception):
    """Writing the results to stdout failed (not an OSError, so no `except OSError` swallows it)."""

    def __init__(self, err: OSError) -> None:
        super().__init__(str(err))
        self.errno = err.errno


class _Output(io.TextIOBase):
    """Stdout as the commands see it: a failed write says it was stdout that failed."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            if not text:
                return 0
            raise OutputError(OSError(errno.EBADF, "closed"))
        try:
            return self._stream.write(text)
        except OSError as err:
            raise OutputError(err) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as err:
            raise OutputError(err) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:  # encoding, fileno and the rest, for rich
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def _reserve_closed_descriptors() -> None:
    """Put /dev/null where stdin, stdout or stderr was closed (`>&-`), so no file opened later
    takes its number and receives what was meant for the terminal."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            reserved = os.open(os.devnull, os.O_RDWR)
            if reserved != fd:
                os.dup2(reserved, fd)
                os.close(reserved)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - nowhere to tell; open for the process


def _silence_stdout() -> None:
    """Send what is left in stdout's buffer nowhere, so the exit does not fail flushing it."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        pass


def _output_code(err: OutputError) -> int:
    """Say why stdout could not be written, unless the reader just went away; return the exit code."""
    _silence_stdout()
    if err.errno == errno.EPIPE:
        return 0
    reason = "it is closed" if err.errno == errno.EBADF else os_error_message(OSError(err.errno, str(err)))
    sys.stderr.write(f"Error: Cannot write the output: {reason}.\n")
    return 1


def os_error_line(err: OSError) -> str:
    """Return the one line printed for a file that could not be read or written."""
    where = f"{err.filename}: " if err.filename else ""
    return visible(f"Error: {where}{os_error_message(err)}.") + "\n"


def error_line(err: FactsError) -> str:
    """Return the one line printed for an error: the sentence, then any hint (names in it shown safely)."""
    return visible(f"Error: {err.message}" + (f" {err.hint}" if err.hint else "")) + "\n"


def run(command: Callable[[], object]) -> None:
    """Run a command; return if it succeeded, else exit with its code, having said why in one line."""
    _reserve_closed_descriptors()
    original = sys.stdout
    sys.stdout = _Output(original)
    try:
        returned = command()
        sys.stdout.flush()
        code = returned if isinstance(returned, int) else 0
    except OutputError as err:
        code = _output_code(err)
    except FactsError as err:
        sys.stderr.write(error_line(err))
        code = err.exit_code
    except KeyboardInterrupt:
        code = 130
    except OSError as err:  # a full disk, a file-size limit, a read-only store: not a bug
        sys.stderr.write(os_error_line(err))
        code = 1
    finally:
        sys.stdout = original
    if code:
        sys.exit(code)
