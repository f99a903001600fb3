"""Consoles and the streams results and messages go to: rich on demand, data in 64 KiB writes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facts.cli.terminal import for_terminal, visible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def console(stderr: bool = False) -> Console:
    """Return a rich console; a fixed width when not on a terminal, unless COLUMNS says otherwise."""
    from rich.console import Console

    width = None if (sys.stderr if stderr else sys.stdout).isatty() else 100
    return Console(stderr=stderr, width=width if "COLUMNS" not in os.environ else None)


def print_renderable(renderable: RenderableType) -> None:
    """Draw a rich renderable on stdout."""
    console().print(renderable)


def write_csv(text: str) -> None:
    """Print CSV as it is for a program, with controls shown when it goes to a terminal."""
    for_terminal(sys.stdout).write(text)


class Chunks:
    """Collect streamed output and write it to stdout 64 KiB at a time.

    Memory stays bounded, a small answer is one write as it always was (so `| grep -q` that
    stops reading early does not meet a half-written answer, even with PYTHONUNBUFFERED), and
    a large one makes few system calls.
    """

    _SIZE = 1 << 16

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self._SIZE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        sys.stdout.write("".join(self._parts))
        self._parts.clear()
        self._size = 0

    def __enter__(self) -> Chunks:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.flush()


def say_waiting(root: Path) -> Callable[[], None]:
    """Return what to call when another process has held the store at root for a second."""

    def say() -> None:
        from facts.store.atomic import lock_timeout

        note(f"Waiting for another facts process to finish writing {root} (up to {lock_timeout():.0f} s)...")

    return say


def note(message: str) -> None:
    """Tell the user something on stderr, away from the results."""
    sys.stderr.write(visible(message) + "\n")


class BuildProgress:
    """A rich progress bar on stderr for index builds, drawn only when stderr is a terminal.

    A total of 0 draws a bar that only says work is going on (no share done, no time left).
    """

    def __init__(self, label: str = "Indexing the store") -> None:
        self._label = label
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

            self._progress = Progress(
                self._label,
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("build", total=total or None)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
