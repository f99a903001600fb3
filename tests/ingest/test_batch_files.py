"""Tests that many documents are read as one is: regular files, within the size bound, never waited for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from facts.store.files import MAX_DOCUMENT_BYTES

FACTS = [sys.executable, "-m", "facts"]
ARTICLE = (
    "Harbour plan approved\n\nALDER, March 4, 2024 - The council approved the plan on Tuesday.\n\n"
    "\u201cThis is a good day for Alder,\u201d said Mayor Ines Moreau.\n"
)


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # A hang or a read of /dev/zero without bound would end in the timeout, failing the test.
    return subprocess.run([*FACTS, *args], capture_output=True, text=True, timeout=60)


def _folder_with(tmp_path: Path, bad: str) -> Path:
    """A folder of one good article and one bad entry of the given kind."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alder.txt").write_text(ARTICLE, encoding="utf-8")
    target = folder / "bad.txt"
    if bad == "fifo":
        os.mkfifo(target)
    elif bad == "zero":
        target.symlink_to("/dev/zero")
    else:  # a readable article, padded to one byte over the bound (made here, never committed)
        data = ARTICLE.encode("utf-8")
        target.write_bytes(data + b"\n" * (MAX_DOCUMENT_BYTES + 1 - len(data)))
    return folder


@pytest.mark.parametrize(
    ("bad", "why"),
    [("fifo", "FIFO"), ("zero", "device"), ("big", "larger than 16 MiB")],
)
def test_a_bad_file_in_a_folder_is_skipped_and_the_others_extracted(
    tmp_path: Path, bad: str, why: str
) -> None:
    """A FIFO, a symlink to /dev/zero or an oversized file in a folder is named in one line and skipped."""
    folder = _folder_with(tmp_path, bad)
    result = _run(
        "extract",
        str(folder),
        "--jobs",
        "2",
        "--json",
        "--store",
        str(Path(__file__).parents[1] / "data" / "store"),
    )
    assert result.returncode == 1
    claims = json.loads(result.stdout)
    assert claims and {c["source"]["file"] for c in claims} == {"alder.txt"}
    skipped = [line for line in result.stderr.splitlines() if "bad.txt" in line]
    assert len(skipped) == 1 and why in skipped[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", ["fifo", "zero", "big"])
def test_a_bad_file_in_a_folder_does_not_stop_an_add(tiny_store: Path, tmp_path: Path, bad: str) -> None:
    """Adding a folder with a bad entry adds the good article and reports the bad one as failed."""
    folder = _folder_with(tmp_path, bad)
    result = _run("add", str(folder), "--accept", "all", "--store", str(tiny_store))
    assert result.returncode == 1
    assert "Skipped" in result.stderr and "bad.txt" in result.stderr
    assert "Added 1 document" in result.stderr and "1 failed" in result.stderr
    files = {s["file"] for s in records(tiny_store)["sources"]}
    assert "alder.txt" in files and "bad.txt" not in files


def test_dev_zero_among_paths_is_refused_in_one_line(tmp_path: Path) -> None:
    """`facts extract /dev/zero a.txt` says /dev/zero is a device and extracts a.txt."""
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = _run("extract", "/dev/zero", str(good), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)
    assert "Skipped /dev/zero: Cannot read /dev/zero: it is a device, not a regular file." in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
