"""Stored text never controls the terminal: escapes and bidi overrides are shown, markup is never read."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.terminal import escape_json, visible

runner = CliRunner()

# Clear the screen, set the window title, a hyperlink to a local file, move the cursor up, an
# 8-bit CSI, a right-to-left override and a right-to-left isolate.
HOSTILE = (
    "\x1b[2J\x1b]0;owned\x07\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\"
    "\x1b[5A\x9b31m\r\b\u202eevil\u202c\u2067isolate\u2069"
)
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAME = "[bold red]Mallory[/] [link=file:///etc/passwd]Eve[/link]"
TITLE = "[link=file:///etc/passwd]Harbor news[/link]"


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    """A valid store whose claim, speaker, alias and source title carry escapes and markup."""
    claim_text = f"the bridge {HOSTILE} reopens"
    text = f"Harbor news\n\nMallory said that {claim_text} on Monday.\n"
    store = tmp_path / "store"
    (store / "sources").mkdir(parents=True)
    (store / "sources" / "harbor.txt").write_text(text, encoding="utf-8")
    manifest = {
        "format": 1,
        "speakers": [
            {
                "id": "mallory",
                "name": NAME,
                "kind": "person",
                "role": "[blink]Spokesperson[/blink]\x1b[31m",
                "organization": None,
                "aliases": ["[reverse]Mal[/reverse]\u202e"],
            }
        ],
        "sources": [
            {
                "file": "harbor.txt",
                "title": TITLE + "\u202e",
                "outlet": "[i]Gazette[/i]",
                "url": None,
                "published": "2025-03-14",
                "published_note": None,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        ],
    }
    (store / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
    start = text.index(claim_text)
    claim = {
        "id": "harbor-mallory-reopens",
        "text": claim_text,
        "kind": "reported",
        "speaker": "mallory",
        "date": "2025-03-14",
        "date_precision": "day",
        "date_basis": None,
        "source": "harbor.txt",
        "span": {"start": start, "end": start + len(claim_text)},
    }
    (store / "claims.jsonl").write_text(json.dumps(claim) + "\n", encoding="utf-8")
    assert run("validate", "--store", str(store)).exit_code == 0
    return store


def strings_in(value: Any) -> Iterator[str]:
    """Every string in decoded JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def assert_inert(output: str) -> None:
    """Nothing in the output can act on a terminal."""
    assert not ACTING.search(output), repr(ACTING.search(output))


COMMANDS = [
    ("list",),
    ("search", "bridge"),
    ("by-speaker", "mallory"),
    ("show", "harbor-mallory-reopens"),
    ("speakers",),
    ("sources",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["table", "tsv", "csv"])
def test_stored_text_is_printed_as_text(
    hostile_store: Path, command: tuple[str, ...], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables, TSV and show print escapes as visible signs; CSV keeps the data exactly for programs."""
    monkeypatch.setenv("COLUMNS", "400")  # so no cell wraps in the middle of the markup
    result = run(*command, "--format", fmt, "--store", str(hostile_store))
    assert result.exit_code == 0, result.output
    if fmt == "csv":  # not a terminal: CSV is data; the exact text is there
        assert any(text in result.stdout for text in (HOSTILE, NAME, TITLE))
        return
    assert_inert(result.stdout)
    if fmt == "table" and command[0] in ("list", "by-speaker", "search"):
        assert NAME in result.stdout  # the markup is printed, not interpreted
    if fmt == "table" and command[0] == "speakers":  # the name's column folds it; the role's does not
        assert "[blink]Spokesperson[/blink]" in result.stdout
    if command[0] == "sources" and fmt == "table":
        assert TITLE in result.stdout and "[i]Gazette[/i]" in result.stdout
    if command[0] in ("list", "show", "by-speaker"):
        assert "␛[2J" in result.stdout and "<U+202E>" in result.stdout


def test_csv_on_a_terminal_is_shown_safely(hostile_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV written to a terminal gets the same visible signs as the other formats."""
    import facts.cli.output

    monkeypatch.setattr(facts.cli.output.sys.stdout, "isatty", lambda: True, raising=False)
    printed: list[str] = []
    monkeypatch.setattr(facts.cli.output.sys.stdout, "write", printed.append, raising=False)
    facts.cli.output.write_csv(f"id,text\nx,{HOSTILE}\n")
    assert_inert("".join(printed))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_every_character_escaped(hostile_store: Path, command: tuple[str, ...], fmt: str) -> None:
    """JSON output escapes the characters (decoding gives the stored text back exactly)."""
    result = run(*command, "--format", fmt, "--store", str(hostile_store))
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    decoded = (
        [json.loads(line) for line in result.stdout.splitlines()]
        if fmt == "jsonl"
        else [json.loads(result.stdout)]
    )
    assert {NAME, TITLE + "\u202e"} & set(strings_in(decoded)) or any(
        HOSTILE in text for text in strings_in(decoded)
    )


def test_the_interactive_review_shows_escapes(tmp_path: Path, tiny_store: Path) -> None:
    """The review prompt on stderr shows a quotation's escapes instead of sending them."""
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Harbor news\n\nAna Pérez said that the bridge {HOSTILE} will reopen on Monday.\n", encoding="utf-8"
    )
    result = run(
        "add",
        str(article),
        "--published",
        "2025-03-14",
        "--accept",
        "interactive",
        "--store",
        str(tiny_store),
        stdin="n\n" * 5,
    )
    assert result.exit_code == 0, result.output
    assert "[1/" in result.stderr and "␛[2J" in result.stderr
    assert_inert(result.stderr)


def test_names_in_errors_and_notes_are_shown_safely(tmp_path: Path) -> None:
    """A file name with escapes, echoed in an error, is shown, not sent."""
    result = run("add", str(tmp_path / "x\x1b]0;owned\x07.txt"), "--accept", "all")
    assert result.exit_code == 1
    assert "␛]0;owned␇" in result.stderr
    assert_inert(result.stderr)


@given(st.text())
def test_visible_leaves_nothing_that_acts(text: str) -> None:
    """Whatever the text, its visible form has no control or direction character left."""
    assert not ACTING.search(visible(text).replace("\n", "").replace("\t", ""))


@given(st.text())
def test_escaped_json_decodes_to_the_same_text(text: str) -> None:
    """Escaping JSON for the terminal never changes what a program reads."""
    dumped = escape_json(json.dumps(text, ensure_ascii=False))
    assert json.loads(dumped) == text
    assert not ACTING.search(dumped)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "jsonld"])
def test_export_keeps_every_character_escaped(hostile_store: Path, fmt: str) -> None:
    """`facts export` as JSON escapes the characters too, and decodes to the stored text."""
    result = run("export", "--format", fmt, "--store", str(hostile_store))
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    lines = result.stdout.splitlines()
    decoded = [json.loads(line) for line in lines] if fmt == "jsonl" else json.loads(result.stdout)
    assert any(HOSTILE in text for text in strings_in(decoded))


def test_a_planned_correction_shows_escapes(hostile_store: Path) -> None:
    """The lines a correction prints before writing show the claim's escapes instead of sending them."""
    result = run("remove", "harbor-mallory-reopens", "--dry-run", "--store", str(hostile_store))
    assert result.exit_code == 0, result.output
    assert result.stdout and "harbor-mallory-reopens" in result.stdout
    assert_inert(result.stdout + result.stderr)


def _on_terminal(*args: str) -> str:
    """Run facts with stdout and stderr on a pseudo-terminal; return all it printed."""
    import os
    import subprocess
    import sys

    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": "400", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "facts", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # the other end closed: Linux says EIO
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=120)
    return b"".join(chunks).decode("utf-8", "replace")


def test_export_csv_on_a_terminal_is_shown_safely(hostile_store: Path) -> None:
    """`facts export --format csv` on a terminal shows the stored escapes instead of sending them."""
    printed = _on_terminal("export", "--format", "csv", "--store", str(hostile_store))
    assert "harbor-mallory-reopens" in printed
    assert "\x1b]0;owned" not in printed and "\x1b[2J" not in printed and "\u202e" not in printed
    assert "␛[2J" in printed and "<U+202E>" in printed
    assert "␍\n" not in printed and "␍\r\n" not in printed  # CSV's CR LF ends lines on a screen


def test_skipped_lines_beside_the_progress_bar_are_shown_safely(tmp_path: Path) -> None:
    """A file name with escapes, in a "Skipped" line printed beside the progress bar, is shown safely."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(3):
        (folder / f"empty{number}.txt").write_text("")
    (folder / "x\x1b]0;owned\x07\x1b[2J.txt").write_text("")
    printed = _on_terminal("extract", str(folder), "--json")
    assert "Skipped" in printed and "is empty" in printed
    assert "\x1b]0;owned" not in printed and "\x1b[2J" not in printed
    assert "␛]0;owned␇␛[2J" in printed


HIDDEN = ["a\u200bb", "Sin\u200dgh", "x\u2060y", "\ufeffword", "tag\U000e0041\U000e0042", "\u3164"]


@pytest.mark.parametrize("text", HIDDEN, ids=ascii)
def test_characters_that_hide_text_are_shown(text: str) -> None:
    """Zero-width and tag characters that could hide text are shown, and JSON escapes them losslessly."""
    shown = visible(text)
    assert "<U+" in shown and shown.isprintable()
    dumped = escape_json(json.dumps(text, ensure_ascii=False))
    assert dumped.isascii() and json.loads(dumped) == text


@pytest.mark.parametrize("text", ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0645", "\U0001f468\u200d\U0001f469"])
def test_joiners_that_shape_a_script_are_kept(text: str) -> None:
    """A zero-width joiner or non-joiner between Persian letters or emoji shapes them and is kept."""
    assert visible(text) == text


def test_csv_of_search_piped_keeps_exact_text(hostile_store: Path) -> None:
    """CSV sent to a program keeps every stored character, zero-width ones included."""
    result = run("list", "--format", "csv", "--store", str(hostile_store))
    assert result.exit_code == 0, result.output
    assert HOSTILE in result.stdout
