"""Time the grouping of claims into statements against the index build of the same store.

    python benchmarks/generate.py --size 1000000 --out /tmp/store-1m
    python benchmarks/statements.py --store /tmp/store-1m
    python benchmarks/generate.py --size 1000000 --text news-like --out /tmp/news-1m
    python benchmarks/statements.py --store /tmp/news-1m

Each build runs in a process of its own (wall time and peak memory from the operating system),
alternately, median of --runs: the index build (validation included, as a first command does it),
the statements build (claims.jsonl read and grouped, the cache file written), and the two as a
command that finds neither fresh runs them: the index build with the statements built alongside
in a second process, timed until both have ended (peak memory: each process's own). Then queries
on the built caches, alternately: a search printed as TSV (which never opens the statements) and
the same search as JSON (which adds reported_by and conflicts). Ratios are to the index build, and
to the TSV query.

With --add ARTICLE..., each article is then added (`facts add ARTICLE --accept all`) to the store,
which must be a copy you may change, and the time the addition spends updating the cached
statements is printed beside the whole addition's; the last row says whether the updated file
equals a build from scratch.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD_INDEX = (
    "import sys, pathlib; from facts.search.index import rebuild_index; "
    "from facts.store.paths import resolve_store; "
    "rebuild_index(resolve_store(pathlib.Path(sys.argv[1]))).close()"
)
BUILD_STATEMENTS = (
    "import sys, pathlib; from facts.search.statement_cache import open_statements, statements_path; "
    "from facts.store.paths import resolve_store; p = resolve_store(pathlib.Path(sys.argv[1])); "
    "statements_path(p).unlink(missing_ok=True); open_statements(p).close()"
)
# What a command does when it finds neither fresh: the index, with the statements built alongside.
BUILD_BOTH = (
    "import sys, pathlib; from facts.search.index import rebuild_index; "
    "from facts.search.statement_cache import build_alongside, statements_path, wait_for_side_builds; "
    "from facts.store.paths import resolve_store; p = resolve_store(pathlib.Path(sys.argv[1])); "
    "statements_path(p).unlink(missing_ok=True); "
    "rebuild_index(p, alongside=build_alongside).close(); wait_for_side_builds(); "
    # Each process's own peak: the side build's is the children's, not this process's.
    "import json, resource; print(json.dumps([resource.getrusage(who).ru_maxrss for who in "
    "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]), file=sys.stderr)"
)

# A facts add whose statements update is timed from inside (the rest of the addition is the same).
ADD = """
import json, sys, time
import facts.search.statement_cache as statement_cache
spent = []
update = statement_cache.add_to_statements
def timed(*args):
    start = time.perf_counter()
    updated = update(*args)
    spent.append((time.perf_counter() - start, updated))
    return updated
statement_cache.add_to_statements = timed
from facts.cli.entry import main
sys.argv = ["facts", "add", *sys.argv[1:], "--accept", "all", "--published", "2025-01-01"]
start = time.perf_counter()
try:
    main()
except SystemExit:
    pass
print(json.dumps({"add": time.perf_counter() - start, "statements": spent}), file=sys.stderr)
"""
# The cached statements' tables, statement numbers replaced by their first claim.
CONTENTS = """
import hashlib, sqlite3, sys, pathlib
from facts.search.statement_cache import statements_path
from facts.store.paths import resolve_store
db = sqlite3.connect(statements_path(resolve_store(pathlib.Path(sys.argv[1]))))
first = dict(db.execute("SELECT id, first FROM statements"))
digest = hashlib.sha256()
for query in ("SELECT claims, sources, speakers, wordings, first FROM statements ORDER BY first",
              "SELECT * FROM members ORDER BY claim", "SELECT * FROM wordings ORDER BY words",
              "SELECT * FROM samples ORDER BY key"):
    for row in db.execute(query):
        row = (first[row[1]], *row[2:]) if query.endswith("BY claim") else row
        digest.update(repr(row).encode())
print(digest.hexdigest())
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a process; return its wall time in seconds and its peak resident memory in bytes (the
    largest of it and the children it waited for, as the operating system reports it)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv} failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024


def timed_both(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Run BUILD_BOTH; return its wall time and the peak memory of the index process and of the
    statements process it started, each in bytes."""
    start = time.perf_counter()
    process = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True
    )
    elapsed = time.perf_counter() - start
    own, children = json.loads(process.stderr.strip().splitlines()[-1])
    return elapsed, own * 1024, children * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store, e.g. from generate.py")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median)")
    parser.add_argument("--queries", type=int, default=7, help="queries of each kind (median)")
    parser.add_argument("--word", default="quorvant", help="the word searched for")
    parser.add_argument(
        "--add", nargs="*", type=Path, default=[], help="articles to add to the store (a copy you may change)"
    )
    args = parser.parse_args()
    env = {**os.environ, "FACTS_CACHE_DIR": tempfile.mkdtemp(prefix="facts-bench-cache-")}
    store = str(args.store.resolve())
    builds: dict[str, list[tuple[float, int]]] = {"index": [], "statements": [], "both": []}
    side_peaks: list[int] = []
    for _ in range(args.runs):
        builds["index"].append(timed([sys.executable, "-c", BUILD_INDEX, store], env))
        builds["statements"].append(timed([sys.executable, "-c", BUILD_STATEMENTS, store], env))
        wall, own, side = timed_both([sys.executable, "-c", BUILD_BOTH, store], env)
        builds["both"].append((wall, own))
        side_peaks.append(side)
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
    names = {
        "index": "index build",
        "statements": "statements build",
        "both": "index build with the statements built alongside (a first command)",
    }
    for name, runs in builds.items():
        wall = statistics.median(t for t, _ in runs)
        peak = f"{max(m for _, m in runs) / 2**20:.0f} MiB"
        if name == "both":
            peak += f"; statements process {max(side_peaks) / 2**20:.0f} MiB"
        print(f"| {names[name]} | {wall:.1f} s | {peak} | {wall / index_time:.2f}× of the index build |")
    for name, times in queries.items():
        wall = statistics.median(times)
        what = f"`search {args.word} --limit 50` as {name}"
        print(f"| {what} | {wall * 1000:.0f} ms | | {wall / tsv_time:.2f}× of TSV |")

    for article in args.add:
        process = subprocess.run(
            [sys.executable, "-c", ADD, str(article.resolve()), "--store", store],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        report = json.loads(process.stderr.strip().splitlines()[-1])
        for seconds, updated in report["statements"]:
            how = "updated in place" if updated else "left to be rebuilt"
            print(
                f"| `facts add {article.name}`: the statements ({how}) | {seconds * 1000:.0f} ms | "
                f"| {seconds / report['add']:.2f}× of the whole add ({report['add'] * 1000:.0f} ms) |"
            )
    if args.add:
        contents = [sys.executable, "-c", CONTENTS, store]
        updated = subprocess.run(contents, env=env, capture_output=True, text=True, check=True).stdout
        subprocess.run([sys.executable, "-c", BUILD_STATEMENTS, store], env=env, check=True)
        rebuilt = subprocess.run(contents, env=env, capture_output=True, text=True, check=True).stdout
        print(f"| statements after the additions equal a build from scratch | {updated == rebuilt} | | |")


if __name__ == "__main__":
    main()
