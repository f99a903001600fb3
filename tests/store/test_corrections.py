"""Tests of the corrections: remove, edit, speakers merge and edit, init and store, all through the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facts.cli import correction
from facts.cli.app import app
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, read_manifest

ARTICLES = Path(__file__).parents[1] / "data" / "articles"

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def claims(store: Path) -> dict[str, dict[str, object]]:
    lines = (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return {c["id"]: c for c in map(json.loads, filter(None, lines))}


def ok(*args: str) -> object:
    result = run(*args)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return result


def valid(store: Path) -> bool:
    return list(find_problems(StorePaths(store))) == []


def test_remove_claims_retires_their_ids(tiny_store: Path) -> None:
    """Removed claims are gone, their ids are retired, and the store still validates."""
    ok("remove", "harbor-perez-tolls", "harbor-council", "--store", str(tiny_store))
    assert set(claims(tiny_store)) == {"harbor-perez-ahead", "harbor-engineer-trucks"}
    manifest = read_manifest(StorePaths(tiny_store))
    assert set(manifest.retired_claims) == {"harbor-perez-tolls", "harbor-council-reopen"}
    assert valid(tiny_store)


def test_remove_unknown_or_ambiguous_id_changes_nothing(tiny_store: Path) -> None:
    """An id that matches nothing exits 1; a prefix of several names them; nothing is written."""
    before = (tiny_store / "claims.jsonl").read_bytes()
    result = run("remove", "nothing-here", "--store", str(tiny_store))
    assert result.exit_code == 1 and "No claim has the id" in result.stderr  # type: ignore[attr-defined]
    result = run("remove", "harbor-perez", "--store", str(tiny_store))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "harbor-perez-ahead, harbor-perez-tolls" in result.stderr  # type: ignore[attr-defined]
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_remove_source_takes_its_claims_file_and_lone_speakers(tiny_store: Path) -> None:
    """--source removes the document, its claims, its file and the speakers left with no claim."""
    ok("remove", "--source", "harbor.txt", "--store", str(tiny_store))
    manifest = read_manifest(StorePaths(tiny_store))
    assert manifest.sources == () and manifest.speakers == ()
    assert claims(tiny_store) == {}
    assert not (tiny_store / "sources" / "harbor.txt").exists()
    assert set(manifest.retired_speakers) == {"ana-perez", "city-council", "council-engineer"}
    assert valid(tiny_store)


def test_remove_source_keep_speakers(tiny_store: Path) -> None:
    ok("remove", "--source", "harbor.txt", "--keep-speakers", "--store", str(tiny_store))
    assert len(read_manifest(StorePaths(tiny_store)).speakers) == 3
    assert valid(tiny_store)


def test_dry_run_prints_the_change_and_writes_nothing(tiny_store: Path) -> None:
    before = {p.name: p.read_bytes() for p in tiny_store.iterdir() if p.is_file()}
    result = ok("remove", "--source", "harbor.txt", "--dry-run", "--store", str(tiny_store))
    assert "remove source harbor.txt" in result.stdout  # type: ignore[attr-defined]
    assert "remove speaker ana-perez" in result.stdout  # type: ignore[attr-defined]
    assert {p.name: p.read_bytes() for p in tiny_store.iterdir() if p.is_file()} == before


def test_a_terminal_is_asked_before_writing(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the change is shown and a 'no' writes nothing; --yes skips the question."""
    monkeypatch.setattr(correction, "on_terminal", lambda: True)
    monkeypatch.setattr(correction, "input_is_terminal", lambda: True)
    result = runner.invoke(app, ["remove", "harbor-perez-tolls", "--store", str(tiny_store)], input="n\n")
    assert result.exit_code == 1 and "remove claim harbor-perez-tolls" in result.stdout
    assert "harbor-perez-tolls" in claims(tiny_store)
    result = runner.invoke(app, ["remove", "harbor-perez-tolls", "--store", str(tiny_store)], input="y\n")
    assert result.exit_code == 0 and "harbor-perez-tolls" not in claims(tiny_store)
    ok("remove", "harbor-perez-ahead", "--yes", "--store", str(tiny_store))
    assert "harbor-perez-ahead" not in claims(tiny_store)


def test_a_terminal_without_input_needs_yes(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(correction, "on_terminal", lambda: True)
    monkeypatch.setattr(correction, "input_is_terminal", lambda: False)
    result = run("remove", "harbor-perez-tolls", "--store", str(tiny_store))
    assert result.exit_code == 2 and "--yes" in result.stderr  # type: ignore[attr-defined]


def test_edit_speaker_date_and_kind(tiny_store: Path) -> None:
    """--speaker takes a name or alias; --date sets the precision; --kind ignores case."""
    ok(
        "edit", "harbor-perez-tolls", "--speaker", "the city council", "--date", "2025-03",
        "--kind", "Quote", "--store", str(tiny_store),
    )  # fmt: skip
    claim = claims(tiny_store)["harbor-perez-tolls"]
    assert claim["speaker"] == "city-council" and claim["kind"] == "quote"
    assert claim["date"] == "2025-03-01" and claim["date_precision"] == "month"
    assert claim["date_basis"]
    assert valid(tiny_store)
    listed = json.loads(ok("by-speaker", "city council", "--json", "--store", str(tiny_store)).stdout)  # type: ignore[attr-defined]
    assert "harbor-perez-tolls" in [c["id"] for c in listed]


def test_edit_text_span_takes_the_source_slice(tiny_store: Path) -> None:
    text = (tiny_store / "sources" / "harbor.txt").read_text(encoding="utf-8")
    ok("edit", "harbor-perez-ahead", "--text-span", "116:140", "--store", str(tiny_store))
    claim = claims(tiny_store)["harbor-perez-ahead"]
    assert claim["text"] == text[116:140] and claim["span"] == {"start": 116, "end": 140}
    assert valid(tiny_store)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-02-30"], "2025-02-30 is not a date."),
        (["--date", "March"], "--date takes a date"),
        (["--date", "2026-01-01"], "after its source was published"),
        (["--text-span", "10:5"], "the end must be after the start"),
        (["--text-span", "100:99999"], "runs past the end"),
        (["--date", "2025-0\u00b2"], "--date takes a date"),
        (["--date", "2025-" + "1" * 5000], "--date takes a date"),
        (["--text-span", "\u00b2:5"], "--text-span takes START:END"),
        (["--text-span", "5:" + "9" * 5000], "--text-span takes START:END"),
        (["--kind", "rumour"], "--kind takes one of"),
        (["--speaker", "nobody at all"], "No speaker has the id, name or alias"),
        ([], "Nothing to change"),
    ],
)
def test_edit_refuses_what_would_break_the_store(tiny_store: Path, args: list[str], message: str) -> None:
    before = (tiny_store / "claims.jsonl").read_bytes()
    result = run("edit", "harbor-perez-ahead", *args, "--store", str(tiny_store))
    assert result.exit_code in (1, 2), result.output  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_merge_moves_claims_and_keeps_old_ids_findable(tiny_store: Path) -> None:
    """Merged speakers' claims go to KEEP; their ids and names become aliases; their ids retire."""
    ok("speakers", "merge", "ana-perez", "council-engineer", "--store", str(tiny_store))
    manifest = read_manifest(StorePaths(tiny_store))
    assert [s.id for s in manifest.speakers] == ["ana-perez", "city-council"]
    perez = manifest.speakers[0]
    assert {"council-engineer", "unnamed council engineer", "a council engineer"} <= set(perez.aliases)
    assert claims(tiny_store)["harbor-engineer-trucks"]["speaker"] == "ana-perez"
    assert manifest.retired_speakers == ("council-engineer",)
    assert valid(tiny_store)
    found = json.loads(ok("by-speaker", "council-engineer", "--json", "--store", str(tiny_store)).stdout)  # type: ignore[attr-defined]
    assert {c["speaker"]["id"] for c in found} == {"ana-perez"}
    assert len(found) == 3


def test_merge_into_itself_is_refused(tiny_store: Path) -> None:
    result = run("speakers", "merge", "ana-perez", "Pérez", "--store", str(tiny_store))
    assert result.exit_code == 2 and "cannot be merged into itself" in result.stderr  # type: ignore[attr-defined]


def test_speakers_edit(tiny_store: Path) -> None:
    """A new name keeps the old one as an alias; aliases come and go; an empty role clears it."""
    ok(
        "speakers", "edit", "ana-perez", "--name", "Ana María Pérez", "--role", "",
        "--add-alias", "Ms. Pérez", "--remove-alias", "pérez", "--kind", "Person",
        "--store", str(tiny_store),
    )  # fmt: skip
    speaker = read_manifest(StorePaths(tiny_store)).speakers[0]
    assert speaker.name == "Ana María Pérez" and speaker.role is None
    assert speaker.aliases == ("Mayor Ana Pérez", "Ana Pérez", "Ms. Pérez")
    assert valid(tiny_store)


def _share_alias(store: Path, alias: str) -> None:
    data = json.loads((store / "store.json").read_text("utf-8"))
    for speaker in data["speakers"]:
        speaker["aliases"].append(alias)
    (store / "store.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def test_speakers_edit_adds_an_alias_another_speaker_has(tiny_store: Path) -> None:
    """An alias another speaker has is added all the same: aliases are labels, not keys."""
    store = ("--store", str(tiny_store), "--yes")
    ok("speakers", "edit", "ana-perez", "--add-alias", "the city council", *store)
    assert "the city council" in read_manifest(StorePaths(tiny_store)).speakers[0].aliases
    assert valid(tiny_store)


def test_a_shared_alias_never_blocks_merge_rename_or_removal(tiny_store: Path) -> None:
    """With "the statement" an alias of three speakers, merge, rename and --remove-alias all work."""
    _share_alias(tiny_store, "the statement")
    assert valid(tiny_store)
    store = ("--store", str(tiny_store), "--yes")
    ok("speakers", "edit", "council-engineer", "--name", "the statement", *store)
    ok("speakers", "edit", "city-council", "--remove-alias", "the statement", *store)
    ok("speakers", "merge", "ana-perez", "council-engineer", *store)
    speakers = {s.id: s for s in read_manifest(StorePaths(tiny_store)).speakers}
    assert "the statement" not in speakers["city-council"].aliases
    assert set(speakers) == {"ana-perez", "city-council"} and "the statement" in speakers["ana-perez"].aliases
    assert valid(tiny_store)


def test_a_shared_alias_names_its_speakers_when_looked_up(tiny_store: Path) -> None:
    """A lookup by an alias several speakers share lists them and asks for an id, changing nothing."""
    _share_alias(tiny_store, "the statement")
    before = (tiny_store / "store.json").read_bytes()
    result = run("speakers", "edit", "the statement", "--role", "x", "--store", str(tiny_store), "--yes")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "names 3 speakers: ana-perez, city-council, council-engineer" in result.stderr  # type: ignore[attr-defined]
    assert (tiny_store / "store.json").read_bytes() == before


def test_speakers_still_lists(tiny_store: Path) -> None:
    listed = json.loads(ok("speakers", "--json", "--store", str(tiny_store)).stdout)  # type: ignore[attr-defined]
    assert [s["id"] for s in listed][:1] == ["ana-perez"]


def test_a_removed_id_is_not_reused_when_the_document_comes_back(tmp_path: Path) -> None:
    """Adding a removed document again gives its claims new ids, never the retired ones."""
    store = tmp_path / "store"
    ok("init", str(store))
    article = ARTICLES / "ferry-fire.txt"
    ok("add", str(article), "--published", "2022-08-18", "--accept", "all", "--store", str(store))
    first = set(claims(store))
    ok("remove", "--source", "ferry-fire.txt", "--store", str(store))
    ok("add", str(article), "--published", "2022-08-18", "--accept", "all", "--store", str(store))
    second = set(claims(store))
    assert len(second) == len(first) and not (first & second)
    manifest = read_manifest(StorePaths(store))
    assert "lena-fischer" in manifest.retired_speakers  # kept through the second `facts add`
    assert "lena-fischer" not in {s.id for s in manifest.speakers}
    assert "lena-fischer-2" in {c["speaker"] for c in claims(store).values()}
    assert valid(store)


def test_init_makes_an_empty_store_with_usual_permissions(tmp_path: Path) -> None:
    store = tmp_path / "new"
    old = os.umask(0o022)
    try:
        ok("init", str(store))
    finally:
        os.umask(old)
    assert valid(store)
    assert (store / "store.json").stat().st_mode & 0o777 == 0o644
    assert (store / "claims.jsonl").stat().st_mode & 0o777 == 0o644
    assert run("init", str(store)).exit_code == 1  # type: ignore[attr-defined]


def test_a_write_keeps_the_mode_of_the_file_it_replaces(tiny_store: Path) -> None:
    (tiny_store / "claims.jsonl").chmod(0o640)
    ok("remove", "harbor-perez-tolls", "--store", str(tiny_store))
    assert (tiny_store / "claims.jsonl").stat().st_mode & 0o777 == 0o640


def test_store_says_which_and_why(tiny_store: Path) -> None:
    info = json.loads(ok("store", "--json", "--store", str(tiny_store)).stdout)  # type: ignore[attr-defined]
    assert info["reason"] == "the --store option" and info["claims"] == 4 and info["speakers"] == 3
    result = runner.invoke(app, ["store", "--json"], env={"FACTS_STORE": str(tiny_store)})
    assert json.loads(result.stdout)["reason"] == "the FACTS_STORE environment variable"
    info = json.loads(ok("store", "--json").stdout)  # type: ignore[attr-defined]
    assert info["reason"].startswith("the demo store") and info["writable"] is False
    assert "index" in ok("store").stdout  # type: ignore[attr-defined]


def test_a_correction_without_a_store_of_your_own_is_refused() -> None:
    """Without --store and before you have a store, a correction is refused: the demo store is read-only."""
    result = run("remove", "003-singh-not-withdrawing", "--yes")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "no store of your own" in result.stderr and "facts init" in result.stderr  # type: ignore[attr-defined]
    info = json.loads(ok("store", "--json").stdout)  # type: ignore[attr-defined]
    assert info["reason"].startswith("the demo store") and info["claims"] == 28
    assert not Path(info["user_store"]).exists()


@pytest.mark.parametrize("crash_at", [1, 2, 3])  # store.json (retiring ids), claims.jsonl, store.json
def test_a_crash_at_any_rename_leaves_old_or_new_files(
    tiny_store: Path, monkeypatch: pytest.MonkeyPatch, crash_at: int
) -> None:
    """Stop the write at each rename in turn: the store validates and each file is old or new."""
    from facts.store import rewrite
    from facts.store.corrections import plan_remove_source

    paths = StorePaths(tiny_store)
    old = {name: (tiny_store / name).read_bytes() for name in ("store.json", "claims.jsonl")}
    calls = {"n": 0}
    real_replace = os.replace

    def crashing_replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == crash_at:
            raise KeyboardInterrupt  # a stand-in for the process dying here
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", crashing_replace)
    with pytest.raises(KeyboardInterrupt):
        rewrite.apply(paths, lambda view: plan_remove_source(view, "harbor.txt", False))
    monkeypatch.setattr(os, "replace", real_replace)
    assert valid(tiny_store)
    remaining = set(claims(tiny_store))
    assert remaining in ({json.loads(x)["id"] for x in old["claims.jsonl"].decode().splitlines()}, set())
    if not remaining:
        assert len(read_manifest(paths).retired_claims) == 4  # a removed claim's id is always retired
    assert not list(tiny_store.glob(".*.tmp"))


REMOVER = """
import json, sys
from pathlib import Path
from facts.store import rewrite
from facts.store.corrections import plan_remove_claims
from facts.store.paths import StorePaths

paths = StorePaths(Path(sys.argv[1]))
for claim_id in json.loads(sys.argv[2]):
    rewrite.apply(paths, lambda view: plan_remove_claims(view, [claim_id]))
"""


def test_a_killed_correction_leaves_the_old_store_or_the_new(tmp_path: Path) -> None:
    """SIGKILL during a series of removals: the store validates and holds all but a prefix of them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    root = tmp_path / "store"
    generate(3_000, root)
    paths = StorePaths(root)
    everything = list(claims(root))
    for round_number, delay in enumerate((0.5, 1.1, 1.9)):
        order = everything[round_number * 50 : round_number * 50 + 50]
        before = set(claims(root))
        process = subprocess.Popen(
            [sys.executable, "-c", REMOVER, str(root), json.dumps(order)], env=os.environ.copy()
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert valid(root)
        gone = before - set(claims(root))
        done = len(gone)
        assert gone == set(order[:done]), "the removals that happened are a prefix of those asked for"
        assert set(order[:done]) <= set(read_manifest(paths).retired_claims)


@pytest.mark.parametrize(
    "command", [["remove"], ["edit"], ["speakers", "merge"], ["speakers", "edit"], ["init"], ["store"]]
)
def test_every_new_command_has_help_with_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "facts " in result.stdout and "Example" in result.stdout  # type: ignore[attr-defined]


def test_a_refused_first_correction_does_not_make_your_store() -> None:
    """A correction that fails on the bundled store leaves no user store behind."""
    from facts.store.paths import user_store

    result = run("remove", "no-such-claim")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert not user_store().exists()


def test_validate_refuses_a_speaker_with_a_retired_id(tiny_store: Path) -> None:
    manifest = json.loads((tiny_store / "store.json").read_text("utf-8"))
    manifest["retired_speakers"] = ["ana-perez"]
    (tiny_store / "store.json").write_text(json.dumps(manifest), "utf-8")
    result = run("validate", "--store", str(tiny_store))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "speaker id 'ana-perez' was retired" in result.stdout  # type: ignore[attr-defined]
