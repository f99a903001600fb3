"""Tests of speakers add, remove and prune, edit --speaker with a new person, and sources edit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli import correction
from facts.cli.app import app
from facts.store.paths import StorePaths
from facts.store.reader import find_problems, read_manifest

ARTICLES = Path(__file__).parents[1] / "data" / "articles"
PAGES = Path(__file__).parents[1] / "data" / "pages"
runner = CliRunner()


def run(*args: str, store: Path, stdin: str | None = None) -> Any:
    return runner.invoke(app, [*args, "--store", str(store)], input=stdin)


def ok(*args: str, store: Path) -> Any:
    result = run(*args, store=store)
    assert result.exit_code == 0, result.output
    return result


def claims(store: Path) -> dict[str, dict[str, Any]]:
    lines = (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return {c["id"]: c for c in map(json.loads, filter(None, lines))}


def speakers(store: Path) -> dict[str, Any]:
    return {s.id: s for s in read_manifest(StorePaths(store)).speakers}


def valid(store: Path) -> bool:
    return list(find_problems(StorePaths(store))) == []


def test_speakers_add_makes_a_speaker_claims_can_be_given_to(tiny_store: Path) -> None:
    """speakers add writes a valid speaker with an id from its name, which edit --speaker then finds."""
    ok("speakers", "add", "Jane Roe", "--role", "Singer", "--alias", "Ms. Roe", "--yes", store=tiny_store)
    added = speakers(tiny_store)["jane-roe"]
    assert (added.name, added.role, added.kind.value, added.aliases) == (
        "Jane Roe",
        "Singer",
        "person",
        ("Ms. Roe",),
    )
    ok("edit", "harbor-perez-ahead", "--speaker", "Ms. Roe", "--yes", store=tiny_store)
    assert claims(tiny_store)["harbor-perez-ahead"]["speaker"] == "jane-roe"
    assert valid(tiny_store)


def test_speakers_add_refuses_a_name_a_speaker_has(tiny_store: Path) -> None:
    """A name that is already a speaker's name or alias is refused with exit 1, and nothing is written."""
    before = (tiny_store / "store.json").read_bytes()
    result = run("speakers", "add", "mayor ana pérez", "--yes", store=tiny_store)
    assert result.exit_code == 1 and "already names speaker ana-perez" in result.stderr
    assert (tiny_store / "store.json").read_bytes() == before


def test_speakers_add_follows_the_stores_one_rule_for_aliases(tiny_store: Path) -> None:
    """An alias another speaker has is a shared label, not a clash: the speaker is added, the store valid."""
    result = run(
        "speakers", "add", "Ana Maria Pérez", "--alias", "Mayor Ana Pérez", "--yes", store=tiny_store
    )
    assert result.exit_code == 0, result.output
    assert valid(tiny_store)


def test_speakers_add_takes_a_fresh_id_when_the_name_was_retired(tiny_store: Path) -> None:
    """A new speaker never takes an id that was retired, so old ids keep meaning what they meant."""
    ok("speakers", "remove", "council-engineer", "--reassign", "city-council", "--yes", store=tiny_store)
    ok("speakers", "add", "Council Engineer", "--kind", "unnamed", "--yes", store=tiny_store)
    assert "council-engineer-2" in speakers(tiny_store)
    assert valid(tiny_store)


def test_edit_to_a_new_person_needs_yes_without_a_terminal(tiny_store: Path) -> None:
    """Without a terminal and without --yes, an unknown --speaker is an error that names both ways on."""
    before = (tiny_store / "claims.jsonl").read_bytes()
    result = run("edit", "harbor-perez-ahead", "--speaker", "Jane Roe", store=tiny_store)
    assert result.exit_code == 1
    assert "--yes" in result.stderr and "facts speakers add" in result.stderr
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_edit_to_a_new_person_with_yes_adds_the_speaker(tiny_store: Path) -> None:
    """--yes adds the new speaker and gives it the claim in one write."""
    ok("edit", "harbor-perez-ahead", "--speaker", "Jane Roe", "--yes", store=tiny_store)
    assert speakers(tiny_store)["jane-roe"].name == "Jane Roe"
    assert claims(tiny_store)["harbor-perez-ahead"]["speaker"] == "jane-roe"
    assert valid(tiny_store)


def test_edit_to_a_new_person_on_a_terminal_shows_and_asks(
    tiny_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the new speaker is shown in the preview and written once the user says yes."""
    monkeypatch.setattr(correction, "on_terminal", lambda: True)
    monkeypatch.setattr(correction, "input_is_terminal", lambda: True)
    result = run("edit", "harbor-perez-ahead", "--speaker", "Jane Roe", store=tiny_store, stdin="y\n")
    assert result.exit_code == 0, result.output
    assert "add speaker jane-roe (Jane Roe, person)" in result.stdout
    assert claims(tiny_store)["harbor-perez-ahead"]["speaker"] == "jane-roe"


def test_speakers_remove_is_refused_while_claims_point_to_it(tiny_store: Path) -> None:
    """A speaker with claims is not removed; the error says how (--reassign or merge)."""
    result = run("speakers", "remove", "ana-perez", "--yes", store=tiny_store)
    assert result.exit_code == 1 and "--reassign" in result.stderr
    assert "ana-perez" in speakers(tiny_store)


def test_speakers_remove_with_reassign_moves_the_claims_and_retires_the_id(tiny_store: Path) -> None:
    """--reassign gives the claims to the other speaker, removes this one and retires its id."""
    ok("speakers", "remove", "Pérez", "--reassign", "city-council", "--yes", store=tiny_store)
    assert "ana-perez" not in speakers(tiny_store)
    assert claims(tiny_store)["harbor-perez-tolls"]["speaker"] == "city-council"
    assert "ana-perez" in read_manifest(StorePaths(tiny_store)).retired_speakers
    assert valid(tiny_store)


def test_speakers_prune_removes_only_speakers_without_claims(tiny_store: Path) -> None:
    """prune lists and removes the speakers no claim points to, and leaves the others."""
    ok("speakers", "add", "Jane Roe", "--yes", store=tiny_store)
    ok("speakers", "add", "Harbor Port Authority", "--kind", "institution", "--yes", store=tiny_store)
    shown = ok("speakers", "prune", "--dry-run", store=tiny_store).stdout
    assert "remove speaker jane-roe" in shown and "harbor-port-authority" in shown
    assert "ana-perez" not in shown
    ok("speakers", "prune", "--yes", store=tiny_store)
    assert set(speakers(tiny_store)) == {"ana-perez", "city-council", "council-engineer"}
    result = ok("speakers", "prune", "--yes", store=tiny_store)
    assert "Nothing to change" in result.stderr


def _date_bases(store: Path, bases: dict[str, tuple[str, str]]) -> None:
    """Give some claims of the tiny store a date and the basis the extractor would have written."""
    lines = []
    for claim in claims(store).values():
        if claim["id"] in bases:
            claim["date"], claim["date_basis"] = bases[claim["id"]]
        lines.append(json.dumps(claim, ensure_ascii=False) + "\n")
    (store / "claims.jsonl").write_text("".join(lines), encoding="utf-8")


def test_sources_edit_published_moves_the_claims_dated_from_it(tiny_store: Path) -> None:
    """Claims dated from the publication date follow a new one and the preview says so; others stay."""
    _date_bases(
        tiny_store,
        {
            "harbor-council-reopen": ("2025-03-14", "the publication date, 2025-03-14"),
            "harbor-perez-ahead": ("2025-03-14", "the date printed at the top of the text, 2025-03-14"),
            "harbor-perez-tolls": ("2025-03-10", "“on Monday” in the text: the Monday up to 2025-03-14"),
            "harbor-engineer-trucks": ("2025-03-14", "the publication date, 2025-03-14"),
        },
    )
    shown = ok("sources", "edit", "harbor.txt", "--published", "2025-03-12", "--dry-run", store=tiny_store)
    assert "source harbor.txt: published 2025-03-14 → 2025-03-12" in shown.stdout
    assert "claim harbor-council-reopen: date 2025-03-14 → 2025-03-12 (dated from the publication date)" in (
        shown.stdout
    )
    assert "claim harbor-perez-tolls keeps 2025-03-10, dated from the text counted from 2025-03-14" in (
        shown.stdout
    )
    ok("sources", "edit", "harbor.txt", "--published", "2025-03-12", "--yes", store=tiny_store)
    after = claims(tiny_store)
    assert {after[i]["date"] for i in ("harbor-council-reopen", "harbor-perez-ahead")} == {"2025-03-12"}
    assert after["harbor-perez-tolls"]["date"] == "2025-03-10"
    source = read_manifest(StorePaths(tiny_store)).sources[0]
    assert str(source.published) == "2025-03-12"
    assert valid(tiny_store)


def test_sources_edit_refuses_a_date_before_claims_it_does_not_move(tiny_store: Path) -> None:
    """A publication date before a claim dated otherwise is refused, naming the claim, and nothing changes."""
    before = (tiny_store / "store.json").read_bytes()
    result = run("sources", "edit", "harbor.txt", "--published", "2025-03-01", "--yes", store=tiny_store)
    assert (
        result.exit_code == 1 and "harbor-council-reopen" in result.stderr and "facts edit" in result.stderr
    )
    assert (tiny_store / "store.json").read_bytes() == before


def test_sources_edit_details(tiny_store: Path) -> None:
    """Title, outlet, author and URL change; an empty value clears one; an empty title is refused."""
    ok(
        "sources", "edit", "harbor.txt", "--title", "Bridge Reopens", "--author", "A. Writer",
        "--url", "https://example.org/bridge", "--outlet", "", "--yes", store=tiny_store,
    )  # fmt: skip
    source = read_manifest(StorePaths(tiny_store)).sources[0]
    assert (source.title, source.author, source.url, source.outlet) == (
        "Bridge Reopens", "A. Writer", "https://example.org/bridge", None,
    )  # fmt: skip
    assert valid(tiny_store)
    assert run("sources", "edit", "harbor.txt", "--title", " ", "--yes", store=tiny_store).exit_code == 2
    missing = run("sources", "edit", "nope.txt", "--title", "X", "--yes", store=tiny_store)
    assert missing.exit_code == 1 and "No source has the file name" in missing.stderr


def test_sources_edit_after_add_moves_the_extracted_claims(tiny_store: Path) -> None:
    """End to end: claims `facts add` dated from --published follow `facts sources edit --published`."""
    args = ["--published", "2022-08-18", "--accept", "all"]
    ok("add", str(ARTICLES / "ferry-fire.txt"), *args, store=tiny_store)
    added = [c for c in claims(tiny_store).values() if c["source"] == "ferry-fire.txt"]
    following = {c["id"] for c in added if (c["date_basis"] or "").startswith("the publication date")}
    assert following
    ok("sources", "edit", "ferry-fire.txt", "--published", "2022-08-19", "--yes", store=tiny_store)
    after = claims(tiny_store)
    assert {after[i]["date"] for i in following} == {"2022-08-19"}
    assert valid(tiny_store)


def test_sources_still_lists(tiny_store: Path) -> None:
    """`facts sources` without a subcommand lists the sources as before."""
    listed = json.loads(ok("sources", "--json", store=tiny_store).stdout)
    assert [s["file"] for s in listed] == ["harbor.txt"]


@pytest.mark.parametrize(
    "command", [["speakers", "add"], ["speakers", "remove"], ["speakers", "prune"], ["sources", "edit"]]
)
def test_each_record_command_has_help_with_an_example(command: list[str]) -> None:
    """Every new command's --help shows an example."""
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout
    assert (
        f"Usage: facts {' '.join(command)} " in result.stdout
        and f"facts {' '.join(command)} " in (result.stdout.split("Example", 1)[1])
    )


def test_sources_edit_finds_a_page_by_the_name_it_was_added_under(tiny_store: Path) -> None:
    """sources edit takes the name a page was added under (page.html), as remove --source does."""
    ok("add", str(PAGES / "ferry-page.html"), "--accept", "all", store=tiny_store)
    stored = next(s for s in read_manifest(StorePaths(tiny_store)).sources if s.original is not None)
    assert stored.file != "ferry-page.html"
    ok("sources", "edit", "ferry-page.html", "--author", "A. Writer", "--yes", store=tiny_store)
    edited = next(s for s in read_manifest(StorePaths(tiny_store)).sources if s.file == stored.file)
    assert edited.author == "A. Writer"
    assert valid(tiny_store)
