"""Who else reports a claim: reported_by and conflicts, show's other reports, conflicts, the cache."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app
from facts.search.cache import building_prefix
from facts.search.statement_cache import open_statements, statements_path
from facts.search.statement_grouping import MAX_POSTING
from facts.search.statement_rule import sample_keys, words
from facts.search.upkeep import StoreCaches
from facts.store.models import Claim, Source, Span, Speaker, StoreManifest
from facts.store.paths import StorePaths, resolve_store
from facts.store.writer import add_to_store, write_store

# Two made-up reports of one briefing: one credits the press secretary and quotes "withdrawing",
# the other credits "a Pentagon official" and quotes "leaving".
FIRST = (
    "Washington. The press secretary, Dana Reyes, spoke on Friday.\n"
    '"The United States is not withdrawing its advisers from the region this year," Reyes said.\n'
    "Rain is expected in the capital on Saturday, forecasters said.\n"
)
SECOND = (
    "A Pentagon official briefed reporters on Friday.\n"
    '"The United States is not leaving its advisers from the region this year," the official said.\n'
    "The official said the budget talks would resume next month.\n"
)
SPEAKERS = [
    {"id": "dana-reyes", "name": "Dana Reyes", "kind": "person", "role": "Press Secretary"},
    {"id": "pentagon-official", "name": "a Pentagon official", "kind": "unnamed"},
]


def _claim(
    claim_id: str, text: str, source: str, body: str, speaker: str, kind: str = "quote"
) -> dict[str, Any]:
    start = body.index(text)
    return {
        "id": claim_id,
        "text": text,
        "kind": kind,
        "speaker": speaker,
        "date": "2025-05-02",
        "source": source,
        "span": {"start": start, "end": start + len(text)},
    }


def _store(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    sources = []
    for name, body in (("first.txt", FIRST), ("second.txt", SECOND)):
        (root / "sources" / name).write_text(body, encoding="utf-8")
        digest = hashlib.sha256(body.encode()).hexdigest()
        sources.append(
            {"file": name, "title": f"Report {name[:-4]}", "published": "2025-05-02", "sha256": digest}
        )
    manifest = {"format": 1, "speakers": SPEAKERS, "sources": sources}
    (root / "store.json").write_text(json.dumps(manifest), encoding="utf-8")
    said_first = "The United States is not withdrawing its advisers from the region this year,"
    said_second = "The United States is not leaving its advisers from the region this year,"
    claims = [
        _claim("first-reyes", said_first, "first.txt", FIRST, "dana-reyes"),
        _claim(
            "first-rain",
            "Rain is expected in the capital on Saturday",
            "first.txt",
            FIRST,
            "dana-reyes",
            "reported",
        ),
        _claim("second-official", said_second, "second.txt", SECOND, "pentagon-official"),
        _claim(
            "second-budget",
            "the budget talks would resume next month",
            "second.txt",
            SECOND,
            "pentagon-official",
            "reported",
        ),
    ]
    (root / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return root


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    return result


def test_the_store_is_valid(tmp_path: Path) -> None:
    result = run("validate", "--store", str(_store(tmp_path / "s")))
    assert result.exit_code == 0, result.output


def test_search_json_carries_reported_by_and_conflicts(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    claims = {c["id"]: c for c in json.loads(run("list", "--store", store, "--json").stdout)}
    assert claims["first-reyes"]["reported_by"] == {"sources": 2, "claims": ["second-official"]}
    assert claims["first-reyes"]["conflicts"] == [
        {"claim": "second-official", "speaker": "pentagon-official"}
    ]
    assert claims["second-official"]["conflicts"] == [{"claim": "first-reyes", "speaker": "dana-reyes"}]
    assert claims["first-rain"]["reported_by"] == {"sources": 1, "claims": []}
    assert claims["first-rain"]["conflicts"] == []
    found = json.loads(run("search", "advisers", "--store", store, "--json").stdout)
    assert {c["id"]: c["reported_by"]["sources"] for c in found} == {"first-reyes": 2, "second-official": 2}


def test_show_lists_the_other_report_with_the_differing_word(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    shown = run("show", "first-reyes", "--store", store, "--format", "tsv").stdout
    assert (
        "also reported: second-official — 2025-05-02 — a Pentagon official — Report second"
        " (a different speaker)" in shown
    )
    assert "not [leaving] its advisers" in shown
    detail = json.loads(run("show", "second-official", "--store", store, "--json").stdout)
    assert detail["other_reports"][0]["differing"] == ["withdrawing"]
    table = run("show", "first-reyes", "--store", store, "--format", "table").stdout
    assert "Also reported (2 sources)" in table and "a different speaker" in table


def test_tables_mark_corroborated_and_conflicting_claims(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    table = run("list", "--store", store, "--format", "table").stdout
    assert table.count("reported by 2 sources") == 2
    assert "conflict: also credited to pentagon-official" in table
    assert "conflict: also credited to dana-reyes" in table


def test_conflicts_in_every_format(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    found = json.loads(run("conflicts", "--store", store, "--json").stdout)
    assert [(s["sources"], s["reason"], s["speakers"]) for s in found] == [
        (2, "speakers", ["dana-reyes", "pentagon-official"])
    ]
    assert [c["id"] for c in found[0]["claims"]] == ["first-reyes", "second-official"]
    lines = run("conflicts", "--store", store, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["speakers"] for line in lines] == [["dana-reyes", "pentagon-official"]]
    tsv = run("conflicts", "--store", store, "--format", "tsv", "--header").stdout.splitlines()
    assert tsv[0].split("\t")[:4] == ["statement", "sources", "reason", "id"]
    assert [row.split("\t")[3] for row in tsv[1:]] == ["first-reyes", "second-official"]
    csv = run("conflicts", "--store", store, "--format", "csv").stdout.splitlines()
    assert len(csv) == 3 and csv[0].startswith("statement,sources,reason,id")
    table = run("conflicts", "--store", store, "--format", "table").stdout
    assert "different speakers, 2 sources" in table


def test_conflicts_on_a_store_without_any(tiny_store: Path) -> None:
    result = run("conflicts", "--store", str(tiny_store), "--format", "table")
    assert result.exit_code == 0 and "No conflicting statements found." in result.stderr
    assert run("conflicts", "--store", str(tiny_store), "--json").stdout.strip() == "[]"


def test_search_corroborated_and_sort_sources(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    kept = run("search", "the", "--store", store, "--corroborated", "2", "--format", "tsv").stdout
    assert sorted(line.split("\t")[0] for line in kept.splitlines()) == ["first-reyes", "second-official"]
    ordered = run(
        "search", "the", "--store", store, "--sort", "sources", "--format", "tsv"
    ).stdout.splitlines()
    assert {line.split("\t")[0] for line in ordered[:2]} == {"first-reyes", "second-official"}
    assert len(ordered) == 4
    one = run("search", "the", "--store", store, "--sort", "sources", "--limit", "1", "--format", "tsv")
    assert len(one.stdout.splitlines()) == 1 and "--limit 0" in one.stderr
    bad = run("search", "the", "--store", store, "--sort", "loudness")
    assert bad.exit_code != 0 and "--sort takes one of relevance, sources" in bad.stderr


def test_plain_queries_do_not_build_the_statements(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    assert run("search", "advisers", "--store", str(store), "--format", "tsv").exit_code == 0
    assert not statements_path(resolve_store(store)).exists()
    run("search", "advisers", "--store", str(store), "--json")
    assert statements_path(resolve_store(store)).exists()


def test_the_statements_cache_follows_the_store(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    paths = resolve_store(store)
    statements = open_statements(paths)
    assert statements.reach(["first-reyes"]) == {"first-reyes": (2, 2)}
    statements.close()
    # Remove the second report: the cache is stale and must not be used.
    lines = (store / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"second-official"' not in line]
    (store / "claims.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    os.utime(store / "claims.jsonl", ns=(1, 1))
    statements = open_statements(paths)
    assert statements.reach(["first-reyes"]) == {"first-reyes": (1, 1)}
    statements.close()


def test_another_store_never_reads_this_ones_statements(tmp_path: Path, tiny_store: Path) -> None:
    store = _store(tmp_path / "s")
    open_statements(resolve_store(store)).close()
    other = open_statements(resolve_store(tiny_store))
    assert other.reach(["first-reyes"]) == {"first-reyes": (1, 1)}
    assert other.conflicts() == []
    other.close()


def test_export_carries_the_fields_and_the_store_is_unchanged(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")

    def files() -> dict[str, bytes]:  # the lock file a reader may make is the store's machinery
        return {p.name: p.read_bytes() for p in store.rglob("*") if p.is_file() and p.name != ".store.lock"}

    before = files()
    lines = run("export", "--store", str(store)).stdout.splitlines()
    exported = {c["id"]: c for c in map(json.loads, lines)}
    assert exported["second-official"]["reported_by"] == {"sources": 2, "claims": ["first-reyes"]}
    assert files() == before


def test_json_lines_with_the_new_fields_are_what_json_itself_writes(tmp_path: Path) -> None:
    store = str(_store(tmp_path / "s"))
    lines = run("list", "--store", store, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 4
    for line in lines:
        record = json.loads(line)
        assert list(record)[-2:] == ["reported_by", "conflicts"]
        assert line == json.dumps(record, ensure_ascii=False)


# Additions: the cached statements gain the new claims in place, and end as a rebuild would.
WRITER_SPEAKER = Speaker(id="ana-perez", name="Ana Pérez", kind="person")
OTHER_SPEAKER = Speaker(id="port-officials", name="port officials", kind="unnamed")

OLD_DOCUMENTS = {
    "old-a.txt": [
        "the harbour bridge will reopen to traffic in early March after repairs",
        "the ferry company cut its winter timetable to four crossings a day",
        "No comment",
    ],
    "old-b.txt": [
        "the harbour bridge will reopen to traffic in early March",
        "fishing quotas for the northern grounds will fall by a tenth next season",
    ],
    "old-c.txt": [
        "the ferry company cut its winter timetable to three crossings a day",
        "the port will never close the eastern quay to cargo ships",
    ],
}
NEW_DOCUMENT = [
    # the same words as an old claim, in other type
    "The harbour bridge will reopen to traffic in early March after repairs.",
    # near an old claim: joins the fishing quota statement
    "fishing quotas for the northern grounds will fall by a tenth next year",
    # the negation guard keeps this one apart from the quay claim
    "the port will close the eastern quay to cargo ships",
    # new and alone, then reported again in this same document
    "a new lifeboat station opens on the western pier in the spring",
    "a new lifeboat station opens on the western pier in spring",
    "Too short",
]


def _claims_from(file: str, lines: list[str], speaker: str) -> tuple[tuple[Source, bytes], list[Claim]]:
    text = "\n".join(lines)
    data = text.encode("utf-8")
    source = Source(file=file, title=f"Title of {file}", sha256=hashlib.sha256(data).hexdigest())
    claims, offset = [], 0
    for i, line in enumerate(lines):
        claims.append(
            Claim(
                id=f"{file[:-4]}-{i}",
                text=line,
                kind="quote" if i % 2 == 0 else "reported",
                speaker=speaker,
                date="2025-01-01",
                source=file,
                span=Span(start=offset, end=offset + len(line)),
            )
        )
        offset += len(line) + 1
    return (source, data), claims


def _add(paths: StorePaths, file: str, lines: list[str], speaker: str = WRITER_SPEAKER.id) -> None:
    source, claims = _claims_from(file, lines, speaker)
    add_to_store(paths, [WRITER_SPEAKER, OTHER_SPEAKER], [source], claims, caches=StoreCaches())


def _contents(paths: StorePaths) -> dict[str, Any]:
    """Everything the statements file holds, with statements named by their first claim."""
    with contextlib.closing(sqlite3.connect(statements_path(paths))) as db:
        first = dict(db.execute("SELECT id, first FROM statements"))
        return {
            "statements": sorted(
                db.execute("SELECT claims, sources, speakers, wordings, first FROM statements")
            ),
            "members": sorted(
                (claim, first[statement], *rest)
                for claim, statement, *rest in db.execute("SELECT * FROM members")
            ),
            "wordings": sorted(db.execute("SELECT * FROM wordings")),
            "samples": sorted(db.execute("SELECT * FROM samples")),
            "meta": sorted(db.execute("SELECT * FROM meta")),
        }


def _old_store(root: Path) -> StorePaths:
    paths = StorePaths(root)
    write_store(paths, StoreManifest(format=1, speakers=(), sources=()), [])
    for n, (file, lines) in enumerate(OLD_DOCUMENTS.items()):
        _add(paths, file, lines, [WRITER_SPEAKER.id, OTHER_SPEAKER.id][n % 2])
    return paths


def test_an_addition_updates_the_statements_in_place_as_a_rebuild_would(tmp_path: Path) -> None:
    """After facts add, the cached statements are the old file updated, equal to a fresh build."""
    paths = _old_store(tmp_path / "s")
    open_statements(paths).close()
    target = statements_path(paths)
    inode = target.stat().st_ino
    _add(paths, "new.txt", NEW_DOCUMENT, OTHER_SPEAKER.id)
    assert target.stat().st_ino == inode  # updated, not rebuilt
    statements = open_statements(paths)  # fresh: opened as it is
    assert target.stat().st_ino == inode
    reach = statements.reach(["old-a-0", "old-b-1", "new-3", "old-c-1", "new-5"])
    statements.close()
    assert reach == {
        "old-a-0": (3, 3),
        "old-b-1": (2, 2),
        "new-3": (1, 2),
        "old-c-1": (1, 1),
        "new-5": (1, 1),
    }
    updated = _contents(paths)
    target.unlink()
    open_statements(paths).close()
    assert _contents(paths) == updated


def test_an_addition_joins_two_statements_into_one(tmp_path: Path) -> None:
    """A new report that bridges two statements merges them, counts and all, as a rebuild would."""
    paths = _old_store(tmp_path / "s")
    open_statements(paths).close()
    _add(paths, "bridge.txt", ["the ferry company cut its winter timetable to crossings a day"])
    statements = open_statements(paths)
    reach = statements.reach(["old-a-1", "old-c-0"])
    statements.close()
    assert reach == {"old-a-1": (3, 3), "old-c-0": (3, 3)}
    updated = _contents(paths)
    statements_path(paths).unlink()
    open_statements(paths).close()
    assert _contents(paths) == updated


def test_an_addition_that_would_make_a_key_boilerplate_leaves_a_rebuild(tmp_path: Path) -> None:
    """A key pushed over MAX_POSTING claims would drop old pairs: the file is left to be rebuilt."""
    paths = _old_store(tmp_path / "s")
    # Two shingles a claim (fewer than SAMPLES), so each claim is filed under both.
    lines = [f"the word{n} quiet lighthouse" for n in range(MAX_POSTING)]
    (key,) = set(sample_keys(words("quiet lighthouse")))
    _add(paths, "many.txt", lines)
    open_statements(paths).close()
    target = statements_path(paths)
    inode = target.stat().st_ino
    assert dict(_contents(paths)["samples"])[key] is not None  # 64: still a key
    _add(paths, "one-more.txt", ["the other quiet lighthouse"])
    open_statements(paths).close()  # stale, so rebuilt
    assert target.stat().st_ino != inode
    assert dict(_contents(paths)["samples"])[key] is None  # 65: boilerplate


def test_a_failed_update_changes_nothing_and_the_next_command_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that fails half way rolls back: the old file, stale, is rebuilt on next need."""
    paths = _old_store(tmp_path / "s")
    open_statements(paths).close()
    before = _contents(paths)
    import facts.search.statement_build as statement_build

    def broken(*args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(statement_build, "_join", broken)
    _add(paths, "new.txt", NEW_DOCUMENT)
    assert _contents(paths) == before  # nothing of the update was kept
    monkeypatch.undo()
    statements = open_statements(paths)
    assert statements.reach(["new-3"]) == {"new-3": (1, 2)}
    statements.close()


def test_a_killed_update_is_never_read(tmp_path: Path) -> None:
    """A rollback journal left by a killed update makes the file stale: it is rebuilt, not read."""
    paths = _old_store(tmp_path / "s")
    open_statements(paths).close()
    target = statements_path(paths)
    inode = target.stat().st_ino
    Path(f"{target}-journal").write_bytes(b"left by a killed update")
    open_statements(paths).close()
    assert target.stat().st_ino != inode
    assert not Path(f"{target}-journal").exists()


KILLED_UPDATE = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import facts.search.statement_build as statement_build
import test_statement_cache as helpers
from facts.store.paths import StorePaths
join = statement_build._join
def join_then_die(*args):
    join(*args)  # the statements are rewritten in the open transaction, then the process dies
    os.kill(os.getpid(), signal.SIGKILL)
statement_build._join = join_then_die
helpers._add(StorePaths(Path(sys.argv[1])), "new.txt", helpers.NEW_DOCUMENT)
"""


def test_an_update_killed_before_its_commit_leaves_a_file_that_is_rebuilt(tmp_path: Path) -> None:
    """A facts add killed inside the statements update: the next command rebuilds them, right."""
    paths = _old_store(tmp_path / "s")
    open_statements(paths).close()
    target = statements_path(paths)
    inode = target.stat().st_ino
    process = subprocess.run(
        [sys.executable, "-c", KILLED_UPDATE, str(paths.root), str(Path(__file__).parent)],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr
    statements = open_statements(paths)
    reach = statements.reach(["old-a-0", "new-3"])
    statements.close()
    assert target.stat().st_ino != inode  # rebuilt, not read half-updated
    assert reach == {"old-a-0": (3, 3), "new-3": (1, 2)}
    rebuilt = _contents(paths)
    target.unlink()
    open_statements(paths).close()
    assert _contents(paths) == rebuilt


def test_a_command_that_builds_the_index_builds_the_statements_alongside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big store's statements are built by a second process while the index is built; when the
    command is done they are fresh, and the same as a build in one process."""
    from facts.cli.query import open_store_index
    from facts.search import statement_cache
    from facts.search.index import index_path

    paths = _old_store(tmp_path / "s")
    open_store_index(paths.root).close()
    assert not statement_cache._side_builds  # a small store: built in the command, when needed
    _add(paths, "new.txt", NEW_DOCUMENT, OTHER_SPEAKER.id)
    index_path(paths).unlink()  # the index to build; the statements were never built
    monkeypatch.setattr(statement_cache, "SIDE_BUILD_BYTES", 0)
    open_store_index(paths.root).close()
    assert len(statement_cache._side_builds) == 1
    statement_cache.wait_for_side_builds()  # what the command does on exit
    target = statements_path(paths)
    inode = target.stat().st_ino
    statements = open_statements(paths)  # fresh: opened as the child left it
    statements.close()
    assert target.stat().st_ino == inode
    built_alongside = _contents(paths)
    target.unlink()
    open_statements(paths).close()
    assert _contents(paths) == built_alongside
    open_store_index(paths.root).close()  # the index is fresh: nothing is started
    assert not statement_cache._side_builds


def test_a_killed_builds_unfinished_file_is_removed_by_the_next_build(tmp_path: Path) -> None:
    paths = _old_store(tmp_path / "s")
    target = statements_path(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    leftover = target.parent / f"{building_prefix(target)}k1ll3d.tmp"
    leftover.write_bytes(b"half a file")
    open_statements(paths).close()
    assert not leftover.exists()
    assert target.is_file()


def test_ctrl_c_while_waiting_for_a_side_build_interrupts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child then removes its unfinished file (as a build interrupted in one process does)."""
    from facts.search import statement_cache

    class Child:
        signals: list[int] = []

        def wait(self) -> int:
            raise KeyboardInterrupt

        def send_signal(self, number: int) -> None:
            self.signals.append(number)

    child = Child()
    monkeypatch.setattr(statement_cache, "_side_builds", [child])
    statement_cache.wait_for_side_builds()  # no traceback: the interrupt is the user's answer
    assert child.signals == [signal.SIGINT]
    assert statement_cache._side_builds == []


def test_building_or_waiting_for_the_statements_is_told_and_opening_fresh_ones_is_not(
    tmp_path: Path,
) -> None:
    import threading

    from facts.store.atomic import locked

    paths = _old_store(tmp_path / "s")
    told: list[str] = []
    open_statements(paths, busy=lambda: told.append("built")).close()
    assert told == ["built"]
    open_statements(paths, busy=lambda: told.append("fresh")).close()
    assert told == ["built"]
    # Another process building them holds their lock: the wait is told (after a second).
    statements_path(paths).unlink()
    held, release = threading.Event(), threading.Event()

    def builder() -> None:
        with locked(statements_path(paths).with_suffix(".lock")):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=builder)
    thread.start()
    held.wait(5)
    threading.Timer(1.5, release.set).start()
    open_statements(paths, busy=lambda: told.append("waited")).close()
    thread.join()
    assert told[:2] == ["built", "waited"]


def test_a_bar_that_only_says_work_is_going_on_draws_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from facts.cli.output import BuildProgress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    progress = BuildProgress("Grouping claims into statements")
    progress(0, 0)
    progress(0, 0)
    assert progress._progress is not None
    progress.close()
