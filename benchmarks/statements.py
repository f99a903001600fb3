"""Time the grouping of claims into statements against the index build of the same store.

    python benchmarks/generate.py --size 1000000 --out /tmp/store-1m
    python benchmarks/statements.py --store /tmp/store-1m

Each build runs in a process of its own (wall time and peak memory from the operating system),
alternately, median of --runs: the index build (validation included, as a first command does it)
and the statements build (claims.jsonl read and grouped, the cache file written). Then queries
on the built caches, alternately: a search printed as TSV (which never opens the statements) and
the same search as JSON (which adds reported_by and conflicts). Ratios are to the index build, and
to the TSV query.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_INDEX = (
    "import sys, pathlib; from facts.index import rebuild_index; from facts.paths import resolve_store; "
    "rebuild_index(resolve_store(pathlib.Path(sys.argv[1]))).close()"
)
BUILD_STATEMENTS = (
    "import sys, pathlib; from facts.corroboration import open_statements, statements_path; "
    "from facts.paths import resolve_store; p = resolve_store(pathlib.Path(sys.argv[1])); "
    "statements_path(p).unlink(missing_ok=True); open_statements(p).close()"
)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a process; return its wall time in seconds and its peak resident memory in bytes."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv} failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store, e.g. from generate.py")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median)")
    parser.add_argument("--queries", type=int, default=7, help="queries of each kind (median)")
    parser.add_argument("--word", default="quorvant", help="the word searched for")
    args = parser.parse_args()
    env = {**os.environ, "FACTS_CACHE_DIR": tempfile.mkdtemp(prefix="facts-bench-cache-")}
    store = str(args.store.resolve())
    builds: dict[str, list[tuple[float, int]]] = {"index": [], "statements": []}
    for _ in range(args.runs):
        builds["index"].append(timed([sys.executable, "-c", BUILD_INDEX, store], env))
        builds["statements"].append(timed([sys.executable, "-c", BUILD_STATEMENTS, store], env))
    search = [sys.executable, "-m", "facts", "search", args.word, "--store", store, "--limit", "50"]
    queries: dict[str, list[float]] = {"tsv": [], "json": []}
    for _ in range(args.queries):
        queries["tsv"].append(timed([*search, "--format", "tsv"], env)[0])
        queries["json"].append(timed([*search, "--json"], env)[0])
    claims = sum(1 for _ in (args.store / "claims.jsonl").open(encoding="utf-8"))
    index_time = statistics.median(t for t, _ in builds["index"])
    tsv_time = statistics.median(queries["tsv"])
    machine = platform.processor() or platform.machine()
    print(f"{claims:,} claims; {machine}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print()
    print("| what | wall (median) | peak | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in builds.items():
        wall = statistics.median(t for t, _ in runs)
        peak = max(m for _, m in runs) / 2**20
        print(
            f"| {name} build | {wall:.1f} s | {peak:.0f} MiB | {wall / index_time:.2f}× of the index build |"
        )
    for name, times in queries.items():
        wall = statistics.median(times)
        what = f"`search {args.word} --limit 50` as {name}"
        print(f"| {what} | {wall * 1000:.0f} ms | | {wall / tsv_time:.2f}× of TSV |")


if __name__ == "__main__":
    main()
