"""Time bulk output (export, list and every match of a word) against sqlite-utils over the same claims.

    python benchmarks/bulk_output.py --size 1000000
    python benchmarks/bulk_output.py --store STORE --db claims.db --runs 5

Needs sqlite-utils (`pip install sqlite-utils`) and GNU time (/usr/bin/time). A synthetic store
of --size claims is made with generate.py (or --store is used: a generated store, with its
claims-flat.jsonl). The sqlite-utils database is built from claims-flat.jsonl (the --json
contract's shape) with `sqlite-utils insert --nl`, then `enable-fts` over the claim text with
porter stemming (or --db is used). The store's index and statements are built first, in an
empty cache (or --cache, built before), and their time printed: the rows measure a warm cache,
as a second command sees it.

Each row runs facts and its baseline as whole processes, alternately (one warm-up run of each,
then --runs pairs), their output thrown away; the table gives the median wall time of each,
the ratio of the medians, and the peak resident memory of each process from `/usr/bin/time -f %M`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import COMMON_WORD, generate  # noqa: E402
from run import TIME, Run, fmt_ms, machine, run_once  # noqa: E402


def sqlite_utils_db(flat: Path, database: Path, env: dict[str, str]) -> None:
    """Build sqlite-utils' database of the claims: one table, full-text search over the text."""
    utils = [sys.executable, "-m", "sqlite_utils"]
    print(f"building {database} with sqlite-utils", file=sys.stderr)
    subprocess.run([*utils, "insert", str(database), "claims", str(flat), "--nl"], check=True, env=env)
    fts = [*utils, "enable-fts", str(database), "claims", "text", "--tokenize", "porter"]
    subprocess.run(fts, check=True, env=env)


def paired(
    command: list[str], baseline: list[str], env: dict[str, str], runs: int
) -> tuple[list[Run], list[Run]]:
    """Run a command and its baseline alternately, after one warm-up run of each."""
    run_once(command, env)
    run_once(baseline, env)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(run_once(command, env))
        theirs.append(run_once(baseline, env))
    return ours, theirs


def row(what: str, goal: float, base_name: str, ours: list[Run], theirs: list[Run]) -> str:
    """One line of the table: times, ratio of medians, peaks, and whether the goal is met."""
    mine = statistics.median(r.seconds for r in ours)
    base = statistics.median(r.seconds for r in theirs)
    ratio = mine / base
    peak, base_peak = (max(r.peak_kib for r in runs) / 1024 for runs in (ours, theirs))
    met = "yes" if ratio <= goal else "**no**"
    return (
        f"| {what} | {fmt_ms(mine)} | {peak:,.0f} MiB | {base_name} | {fmt_ms(base)} | "
        f"{base_peak:,.0f} MiB | {ratio:.2f}× | ≤ {goal:g}× | {met} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="claims in the synthetic store")
    parser.add_argument("--store", type=Path, help="a generated store to use (with its claims-flat.jsonl)")
    parser.add_argument("--db", type=Path, help="sqlite-utils' database of the store's claims, if built")
    parser.add_argument("--runs", type=int, default=3, help="timed pairs of each row")
    parser.add_argument("--word", default=COMMON_WORD, help="the word every match of which is printed")
    parser.add_argument("--cache", type=Path, help="a cache folder to use (and keep) instead of an empty one")
    args = parser.parse_args()
    if not Path(TIME).exists():
        raise SystemExit(f"The benchmark measures memory with GNU time: install it ({TIME}).")
    with tempfile.TemporaryDirectory(prefix="bulk-bench-") as folder:
        work = Path(folder)
        env = {**os.environ, "FACTS_CACHE_DIR": str(args.cache or work / "cache")}
        env.pop("FACTS_STORE", None)
        store = args.store
        if store is None:
            store = work / "store"
            with contextlib.redirect_stdout(sys.stderr):
                generate(args.size, store)
        database = args.db
        if database is None:
            database = work / "claims.db"
            sqlite_utils_db(store / "claims-flat.jsonl", database, env)
        facts = [sys.executable, "-m", "facts"]
        at = ["--store", str(store)]
        build = run_once([*facts, "list", "--limit", "1", "--json", *at], env)
        built = "opened" if args.cache else "built"
        print(f"index and statements {built} in {fmt_ms(build.seconds)}", file=sys.stderr)
        utils = [sys.executable, "-m", "sqlite_utils"]
        rows = ("`sqlite-utils rows --nl`", [*utils, "rows", str(database), "claims", "--nl"])
        word = args.word
        search = (
            f"`sqlite-utils search {word} --nl`",
            [*utils, "search", str(database), "claims", word, "--nl"],
        )
        cases = [
            ("`facts export --format jsonl`", ["export", "--format", "jsonl"], rows),
            ("`facts list --limit 0 --format jsonl`", ["list", "--limit", "0", "--format", "jsonl"], rows),
            (f"`facts search {word} --json` (every match)", ["search", word, "--json"], search),
            (
                f"`facts search {word} --format jsonl` (every match)",
                ["search", word, "--format", "jsonl"],
                search,
            ),
        ]
        lines = [
            f"Machine: {machine()}. Store: {store.name}, {build_count(store):,} claims; "
            f"index and statements {built} in {fmt_ms(build.seconds)}.",
            "",
            "| what | facts | peak | baseline | baseline time | baseline peak | ratio | goal | met |",
            "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for what, command, (name, baseline) in cases:
            ours, theirs = paired([*facts, *command, *at], baseline, env, args.runs)
            lines.append(row(what, 1.0, name, ours, theirs))
            print(lines[-1], file=sys.stderr)
        shutil.rmtree(work / "cache", ignore_errors=True)
    print("\n".join(lines))


def build_count(store: Path) -> int:
    with open(store / "claims.jsonl", "rb") as handle:
        return sum(1 for _ in handle)


if __name__ == "__main__":
    main()
