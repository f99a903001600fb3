"""Tests of `facts extract` and `facts add` on web pages, other encodings and many documents at once."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

PAGE = Path(__file__).parents[1] / "data" / "pages" / "ferry-page.html"
runner = CliRunner()


def records(store: Path) -> dict[str, Any]:
    """Return a store's speakers, sources and retired ids as JSON, whatever its format."""
    from facts.store.paths import StorePaths
    from facts.store.reader import read_manifest

    return read_manifest(StorePaths(store)).model_dump(mode="json")


def run(*args: str, stdin: str | bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def article(town: str, person: str, day: int) -> str:
    """Write a small dated article with one quotation and one reported claim."""
    return (
        f"{town} council votes on the harbour plan\n\n"
        f"{town.upper()}, March {day}, 2024 - The council approved the harbour plan on Tuesday.\n\n"
        f"\u201cThis is a good day for {town},\u201d said Mayor {person}.\n\n"
        f"Local fishermen said that the new quay would be ready by summer.\n"
    )


def manifest(store: Path) -> dict[str, Any]:
    return records(store)


def claims_in(store: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of mixed documents: UTF-8 and Latin-1 text, a web page, a nested folder."""
    root = tmp_path / "articles"
    (root / "2024").mkdir(parents=True)
    (root / "alder.txt").write_text(article("Alder", "Ines Moreau", 4), encoding="utf-8")
    (root / "birch.txt").write_bytes(
        article("Birch", "José Peña", 5).replace("\u201c", '"').replace("\u201d", '"').encode("latin-1")
    )
    (root / "2024" / "cedar.txt").write_text(article("Cedar", "Ines Moreau", 6), encoding="utf-8")
    shutil.copy(PAGE, root / "ferry.html")
    return root


def test_a_web_page_is_added_with_its_details_and_kept_byte_for_byte(tiny_store: Path) -> None:
    """`facts add page.html` records title, date, author, outlet, URL and the page itself; show works."""
    result = run("add", str(PAGE), "--accept", "all", "--store", str(tiny_store))
    assert result.exit_code == 0, result.output
    source = next(s for s in manifest(tiny_store)["sources"] if s["file"] == "ferry-page.html.txt")
    assert source["title"] == "Harbor ferry halted after engine fire"
    assert (source["published"], source["author"], source["outlet"]) == (
        "2022-08-18",
        "Maya Lindqvist",
        "Brennan Courier",
    )
    assert source["url"] == "https://courier.example/2022/08/18/ferry-fire"
    original = source["original"]
    kept = (tiny_store / "originals" / "ferry-page.html").read_bytes()
    assert kept == PAGE.read_bytes() and original["sha256"] == hashlib.sha256(kept).hexdigest()
    assert original["media_type"] == "text/html" and original["derived_by"].startswith("trafilatura")
    claims = [c for c in claims_in(tiny_store) if c["source"] == "ferry-page.html.txt"]
    assert claims and not any("prices" in c["text"] for c in claims)
    shown = run("show", claims[0]["id"], "--store", str(tiny_store), "-f", "tsv")
    assert shown.exit_code == 0, shown.output
    assert "context: The Port of Brennan suspended" in shown.stdout
    assert run("validate", "--store", str(tiny_store)).exit_code == 0
    listed = run("sources", "--store", str(tiny_store), "-f", "tsv")
    assert "ferry-page.html.txt\t2022-08-18\t" in listed.stdout
    assert "\tBrennan Courier\tMaya Lindqvist\thttps://courier.example/2022/08/18/ferry-fire" in listed.stdout


def test_validate_notices_a_changed_or_missing_original(tiny_store: Path) -> None:
    """The page a source was derived from is checked by its SHA-256 like the source itself."""
    assert run("add", str(PAGE), "--accept", "all", "--store", str(tiny_store)).exit_code == 0
    kept = tiny_store / "originals" / "ferry-page.html"
    kept.write_bytes(kept.read_bytes() + b"<!-- edited -->")
    result = run("validate", "--store", str(tiny_store))
    assert result.exit_code == 1 and "originals/ferry-page.html: -: the file was changed" in result.stdout
    kept.unlink()
    result = run("validate", "--store", str(tiny_store))
    assert result.exit_code == 1 and "the original of ferry-page.html.txt: no such file" in result.stdout


def test_command_line_details_override_the_page(tiny_store: Path) -> None:
    """--outlet, --author, --url, --title and --published win over the page's own metadata."""
    result = run(
        "add", str(PAGE), "--accept", "all", "--outlet", "The Courier", "--author", "M. L.",
        "--url", "https://example.org/f", "--title", "Ferry fire", "--published", "2022-08-19",
        "--store", str(tiny_store),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    source = next(s for s in manifest(tiny_store)["sources"] if s["file"] == "ferry-page.html.txt")
    assert [source[k] for k in ("outlet", "author", "url", "title", "published")] == [
        "The Courier", "M. L.", "https://example.org/f", "Ferry fire", "2022-08-19",
    ]  # fmt: skip


def test_a_text_file_takes_outlet_url_and_author(tiny_store: Path, tmp_path: Path) -> None:
    """The source details of a plain article come from the options, and `facts sources` shows them."""
    path = tmp_path / "alder.txt"
    path.write_text(article("Alder", "Ines Moreau", 4), encoding="utf-8")
    result = run(
        "add", str(path), "--accept", "all", "--outlet", "Alder Post", "--author", "Kim Ode",
        "--url", "https://alder.example/plan", "--store", str(tiny_store),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    table = run("sources", "--store", str(tiny_store), "-f", "table")
    assert "Alder Post" in table.stdout and "by Kim Ode" in table.stdout
    assert "https://alder.example/plan" in table.stdout
    listed = json.loads(run("list", "--source", "alder", "--json", "--store", str(tiny_store)).stdout)
    assert listed[0]["source"]["author"] == "Kim Ode"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_is_added_at_once_and_again_adds_nothing(tiny_store: Path, folder: Path, jobs: str) -> None:
    """Folders are read recursively in parallel, written once, and a second run finds every document."""
    (folder / "notes.bin").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "undated.txt").write_text("Ana said that it rained all week.\n", encoding="utf-8")
    result = run("add", str(folder), "--accept", "all", "--jobs", jobs, "--store", str(tiny_store))
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Added 4 documents (") and lines[-1].endswith("0 already present; 2 failed.")
    assert any(line.startswith("Skipped ") and "notes.bin is not text" in line for line in lines)
    assert any(line.startswith("Skipped ") and "undated.txt prints no date" in line for line in lines)
    files = {s["file"] for s in manifest(tiny_store)["sources"]}
    assert {"alder.txt", "birch.txt", "cedar.txt", "ferry.html.txt"} <= files
    assert run("validate", "--store", str(tiny_store)).exit_code == 0
    before = (tiny_store / "claims.jsonl").read_bytes()
    again = run("add", str(folder), "--glob", "*.txt", "--accept", "all", "--store", str(tiny_store))
    assert again.stderr.strip().splitlines()[-1].endswith("3 already present; 1 failed.")
    assert (tiny_store / "claims.jsonl").read_bytes() == before


def test_a_folder_is_written_in_batches_and_a_killed_add_goes_on_where_it_stopped(
    tiny_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch of a folder add is its own write; killed at the third, a second run adds only the rest."""
    from facts.cli import batch

    root = tmp_path / "many"
    root.mkdir()
    for n in range(7):
        (root / f"town-{n}.txt").write_text(article(f"Town{n}", f"Person{n} Quill", 1 + n), encoding="utf-8")
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 2)
    written: list[int] = []
    real_write = batch.write_batch

    def write_two_then_die(paths: Any, plan: Any) -> int:
        if len(written) == 2:
            raise KeyboardInterrupt  # as a kill between two batches
        written.append(len(plan.sources))
        return real_write(paths, plan)

    monkeypatch.setattr(batch, "write_batch", write_two_then_die)
    killed = run("add", str(root), "--accept", "all", "--jobs", "1", "--store", str(tiny_store))
    assert killed.exit_code == 130
    assert written == [2, 2]
    assert (
        len({s["file"] for s in manifest(tiny_store)["sources"]} & {f"town-{n}.txt" for n in range(7)}) == 4
    )
    monkeypatch.setattr(batch, "write_batch", real_write)
    again = run("add", str(root), "--accept", "all", "--jobs", "1", "--store", str(tiny_store))
    assert again.exit_code == 0, again.output
    assert again.stderr.strip().splitlines()[-1].startswith("Added 3 documents (")
    assert again.stderr.strip().endswith("4 already present; 0 failed.")
    assert {f"town-{n}.txt" for n in range(7)} <= {s["file"] for s in manifest(tiny_store)["sources"]}
    assert run("validate", "--store", str(tiny_store)).exit_code == 0


def test_one_new_person_in_two_documents_becomes_one_speaker(tiny_store: Path, folder: Path) -> None:
    """Documents extracted apart still share a speaker new to the store, as one-by-one adding would."""
    result = run("add", str(folder), "--glob", "*.txt", "--accept", "all", "--store", str(tiny_store))
    assert result.exit_code == 0, result.output
    moreau = [s for s in manifest(tiny_store)["speakers"] if s["name"] == "Ines Moreau"]
    assert len(moreau) == 1
    sources = {c["source"] for c in claims_in(tiny_store) if c["speaker"] == moreau[0]["id"]}
    assert sources == {"alder.txt", "cedar.txt"}


def test_a_changed_document_is_refused_unless_replace(tiny_store: Path, tmp_path: Path) -> None:
    """Same name, new content: refused with a hint; --replace swaps the source and its claims."""
    path = tmp_path / "alder.txt"
    path.write_text(article("Alder", "Ines Moreau", 4), encoding="utf-8")
    assert run("add", str(path), "--accept", "all", "--store", str(tiny_store)).exit_code == 0
    path.write_text(article("Alder", "Ruth Obi", 5), encoding="utf-8")
    refused = run("add", str(path), str(path.parent), "--accept", "all", "--store", str(tiny_store))
    assert refused.exit_code == 1 and "--replace" in refused.stderr
    replaced = run("add", str(path), "--accept", "all", "--replace", "--store", str(tiny_store))
    assert replaced.exit_code == 0, replaced.output
    texts = [c["text"] for c in claims_in(tiny_store) if c["source"] == "alder.txt"]
    assert "This is a good day for Alder" in texts
    speakers = {c["speaker"] for c in claims_in(tiny_store) if c["source"] == "alder.txt"}
    assert any("ruth-obi" in s for s in speakers) and not any("moreau" in s for s in speakers)
    assert (tiny_store / "sources" / "alder.txt").read_text(encoding="utf-8") == path.read_text("utf-8")
    assert run("validate", "--store", str(tiny_store)).exit_code == 0


def test_standard_input_is_a_document(tiny_store: Path) -> None:
    """`cat article.txt | facts extract - --published DATE` proposes its claims."""
    text = article("Alder", "Ines Moreau", 4)
    result = run(
        "extract", "-", "--published", "2024-05-01", "--store", str(tiny_store), "--json", stdin=text
    )
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert {c["date"] for c in claims} == {"2024-05-01"}
    assert claims[0]["source"]["file"].startswith("stdin-")
    assert "proposed from standard input" in result.stderr


def test_extract_of_many_documents_prints_one_list(tiny_store: Path, folder: Path) -> None:
    """Proposals of a folder come out as one JSON Lines stream that `facts add --from` takes back."""
    result = run("extract", str(folder), "--jsonl", "--store", str(tiny_store))
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    files = {c["source"]["file"] for c in claims}
    assert files == {"alder.txt", "birch.txt", "cedar.txt", "ferry.html.txt"}
    candidates = folder / "candidates.jsonl"
    candidates.write_text(result.stdout, encoding="utf-8")
    (folder / "2024" / "cedar.txt").rename(folder / "cedar.txt")  # documents are looked for beside it
    added = run("add", "--from", str(candidates), "--store", str(tiny_store))
    assert added.exit_code == 0, added.output
    assert added.stderr.strip().endswith("0 already present; 0 failed.")
    assert {c["id"] for c in claims} <= {c["id"] for c in claims_in(tiny_store)}
    assert run("validate", "--store", str(tiny_store)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "{folder}"], "--accept all"),
        (["add", "{folder}", "--accept", "interactive"], "one document at a time"),
        (["extract", "{folder}", "--title", "T"], "--title describes one document"),
        (["extract", "{folder}", "--glob", "*.pdf"], "No documents found"),
    ],
)
def test_batch_usage_errors_are_one_sentence(
    folder: Path, tiny_store: Path, args: list[str], words: str
) -> None:
    """Options that cannot apply to many documents exit 2 with one line."""
    result = run(*[a.format(folder=folder) for a in args], "--store", str(tiny_store))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr


def test_a_store_without_the_new_details_is_written_as_before(tiny_store: Path, tmp_path: Path) -> None:
    """A source with no author and no original is written without those keys, so older readers still work."""
    path = tmp_path / "alder.txt"
    path.write_text(article("Alder", "Ines Moreau", 4), encoding="utf-8")
    assert run("add", str(path), "--accept", "all", "--store", str(tiny_store)).exit_code == 0
    for source in manifest(tiny_store)["sources"]:
        assert "author" not in source and "original" not in source
