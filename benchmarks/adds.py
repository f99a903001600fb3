"""Time adding one article to a big store, and the first query after it, against `python -c pass`.

    python benchmarks/generate.py --size 10000000 --out /tmp/store-10m
    FACTS_CACHE_DIR=/tmp/cache-10m facts search quorvant --store /tmp/store-10m   # builds the index
    FACTS_CACHE_DIR=/tmp/cache-10m python benchmarks/adds.py --store /tmp/store-10m

The store must be one you may change (each run adds an article of 11 claims under a name and
first line of its own) and its index built in FACTS_CACHE_DIR, so that what is timed is the add,
not a first build. Each row is --runs whole processes, alternately with `python -c pass` (Python's
own start-up, the floor of any command); peak memory is each process's own (`/usr/bin/time`).
Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Run, article_copy, run_once  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store you may add to, index built")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    facts = shutil.which("facts") or sys.exit("`facts` is not on PATH")
    env = dict(os.environ)
    store = str(args.store)
    adds: list[Run] = []
    firsts: list[Run] = []
    floors: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.runs):
            article = article_copy(Path(folder), number)
            add = [facts, "add", str(article), "--published", "2025-03-01", "--accept", "all"]
            adds.append(run_once([*add, "--store", store], env))
            firsts.append(
                run_once([facts, "search", "ferry", "--store", store, "--json", "--limit", "50"], env)
            )
            floors.append(run_once([sys.executable, "-c", "pass"], env))
    floor = statistics.median(r.seconds for r in floors)
    print(f"Store: {store}; {args.runs} runs each, medians\n")
    print("| what | seconds | × `python -c pass` | peak MiB |")
    print("| --- | ---: | ---: | ---: |")
    for what, runs in (("add one article (11 claims)", adds), ("first query after the add", firsts)):
        seconds = statistics.median(r.seconds for r in runs)
        mib = max(r.peak_kib for r in runs) / 1024
        print(f"| {what} | {seconds:.3f} | {seconds / floor:.1f} | {mib:.0f} |")
    print(f"| `python -c pass` | {floor:.3f} | 1.0 | {max(r.peak_kib for r in floors) / 1024:.0f} |")


if __name__ == "__main__":
    main()
