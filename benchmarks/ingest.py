"""Time `facts add FOLDER` and `facts extract FOLDER --dask-scheduler local` on generated articles.

    python benchmarks/ingest.py --articles 1000     # needs the dask extra, or --no-dask

Generates --articles news articles (a quarter of them saved web pages, the rest UTF-8 text; each
with a dateline, quotations and reported speech by speakers drawn from a shared pool), then runs
each command in a fresh copy of the bundled store, --runs times, and prints a markdown table:
documents per second, the ratio of each run's time per document to the baseline's (the
one-process `facts add FOLDER --jobs 1`, run in turn with it; for the warm Dask rows, one worker),
and peak memory (the largest single process: the writer, or one extraction worker). A second
folder of a quarter as many articles shows whether memory grows with the number of documents.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
FIRST = "Amara Ben Carla Dmitri Elena Farid Grace Hiro Ines Jonas Kemi Luis Mara Nadia Omar Priya".split()
LAST = "Singh Garcia Chen Rossi Haddad Nguyen Silva Cohen Sato Mensah Larsen Novak Dubois Costa".split()
TOWNS = "Alder Birch Cedar Dunmore Elm Fairhaven Glenrock Harlow Ironbridge Juniper".split()
ROLES = ["Mayor", "Harbour Master", "Police Chief", "Council Member", "School Superintendent"]
MONTHS = "January February March April May June July August September October November December".split()
TOPICS = [
    ("the new bridge", "would open to traffic before the winter"),
    ("the water supply", "had been tested twice a week since the flood"),
    ("the school budget", "left no money for the planned library"),
    ("the harbour dredging", "would cost more than the council had set aside"),
    ("the bus timetable", "changed because too few drivers were available"),
]


def article(number: int, rng: random.Random) -> tuple[str, str]:
    """Return one article's headline and paragraphs, with about eight claims."""
    town = rng.choice(TOWNS)
    month, day, year = rng.randrange(12), rng.randrange(1, 28), rng.choice([2022, 2023, 2024])
    people = [(rng.choice(ROLES), f"{rng.choice(FIRST)} {rng.choice(LAST)}") for _ in range(3)]
    topic, finding = rng.choice(TOPICS)
    headline = f"{town} debates {topic} (report {number})"
    dateline = f"{town.upper()}, {MONTHS[month]} {day}, {year}"
    paragraphs = [f"{dateline} - The {town} council met on Tuesday about {topic}."]
    for role, name in people:
        paragraphs += [
            f"\u201cWe have listened to every resident who wrote about {topic},\u201d said {role} {name}.",
            f"{name.split()[1]} told reporters that {topic} {finding}.",
            f"\u201cNothing will be decided without a vote,\u201d {name.split()[1]} said. "
            f"\u201cThe people of {town} deserve to know the cost.\u201d",
        ]
    paragraphs.append(f"Residents said that {topic} had been discussed for {rng.randrange(2, 9)} years.")
    return headline, "\n\n".join(paragraphs)


def page(headline: str, body: str, number: int) -> str:
    """Wrap an article in a news site's page: navigation, an advert, the article, a footer."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{headline} | Valley Courier</title>"
        "<meta property='og:site_name' content='Valley Courier'>"
        f"<meta name='author' content='Staff reporter {number % 7}'>"
        f"<link rel='canonical' href='https://courier.example/{number}'></head>\n"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>\n"
        "<aside class='ad'>\u201cBest deals in the valley,\u201d said the owner of Valley Motors.</aside>\n"
        f"<article><h1>{headline}</h1>\n{paragraphs}\n</article>\n"
        "<footer>Copyright Valley Courier. All rights reserved.</footer></body></html>\n"
    )


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` articles into folder: every fourth a saved web page, the rest text."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for number in range(count):
        headline, body = article(number, rng)
        if number % 4 == 3:
            (folder / f"article-{number:05d}.html").write_text(page(headline, body, number), encoding="utf-8")
        else:
            (folder / f"article-{number:05d}.txt").write_text(f"{headline}\n\n{body}\n", encoding="utf-8")


class Run(NamedTuple):
    seconds: float
    peak_mib: float


def run_once(command: list[str], store: Path | None) -> Run:
    """Run a command in a fresh copy of the bundled store; return wall time and peak memory."""
    if store is not None:
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(ROOT / "facts", store, ignore=shutil.ignore_patterns("schema"))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {stderr}")
    return Run(seconds, usage.ru_maxrss / 1024)


def dask_throughput(folder: Path, workers: int, runs: int) -> tuple[float, float]:
    """Time extraction on a warm local Dask cluster (started and warmed up first); return median and min."""
    from facts.ingest.batch import Known, find_documents
    from facts.ingest.cluster import connect, extract_on_dask

    paths = find_documents([folder])
    client = connect("local", workers)
    try:
        list(extract_on_dask(client, paths[:64], Known()))  # every worker imports the extractor
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for _outcome in extract_on_dask(client, paths, Known()):
                pass
            times.append(time.perf_counter() - start)
    finally:
        client.close()
        client.cluster.close()
    return statistics.median(times), min(times)


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--facts", default=shutil.which("facts") or "facts", help="The facts command.")
    parser.add_argument("--no-dask", dest="dask", action="store_false", help="Skip the Dask rows.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="facts-ingest-"))
    try:
        big, small = work / "big", work / "small"
        generate(big, args.articles)
        generate(small, max(1, args.articles // 4))
        store = work / "store"
        os.environ.setdefault("FACTS_CACHE_DIR", str(work / "cache"))
        add = [args.facts, "add", "--accept", "all", "--store", str(store)]
        dask = [args.facts, "extract", "--jsonl", "--store", str(store), "--dask-scheduler", "local"]
        quarter = args.articles // 4
        cases = [
            ("facts add FOLDER --jobs 1", [*add, str(big), "--jobs", "1"], args.articles),
            ("facts add FOLDER --jobs 2", [*add, str(big), "--jobs", "2"], args.articles),
            (f"facts add FOLDER --jobs 2, {quarter} articles", [*add, str(small), "--jobs", "2"], quarter),
            (
                "facts extract FOLDER --dask-scheduler local --jobs 2",
                [*dask, str(big), "--jobs", "2"],
                args.articles,
            ),
        ]
        cases = [case for case in cases if args.dask or "--dask-scheduler" not in case[1]]
        baseline_command = cases[0][1]
        rows = []
        for what, command, documents in cases:
            ours, base = [], []
            for _ in range(args.runs):  # the case and the one-process baseline in turn, pair by pair
                ours.append(run_once(command, store))
                base.append(run_once(baseline_command, store))
            seconds = statistics.median(r.seconds for r in ours)
            ratio = statistics.median(o.seconds / b.seconds for o, b in zip(ours, base, strict=True))
            scaled = ratio * args.articles / documents  # per document, against the baseline's
            peak = statistics.median(r.peak_mib for r in ours)
            rows.append((what, documents, seconds, documents / seconds, scaled, peak))
            print(f"  {what}: {seconds:.2f} s", file=sys.stderr)
        # Adding again: every document is already in the store and recognised by its SHA-256.
        shutil.rmtree(store, ignore_errors=True)
        run_once(cases[1][1], store)
        again = [run_once(cases[1][1], None) for _ in range(args.runs)]
        seconds = statistics.median(r.seconds for r in again)
        peak = statistics.median(r.peak_mib for r in again)
        rows.append(
            (
                "facts add FOLDER again (all present)",
                args.articles,
                seconds,
                args.articles / seconds,
                None,
                peak,
            )
        )
        if args.dask:
            one, _ = dask_throughput(big, 1, args.runs)
            two, _ = dask_throughput(big, 2, args.runs)
            for workers, taken in ((1, one), (2, two)):
                what = f"Dask, warm local cluster, {workers} worker(s), extraction only"
                rows.append((what, args.articles, taken, args.articles / taken, taken / one, None))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.articles} generated articles, {os.cpu_count()} cores, median of {args.runs} runs\n")
    print("| command | documents | seconds | documents/s | time per document vs baseline | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for what, documents, seconds, rate, scaled, peak in rows:
        vs = f"{scaled:.2f}" if scaled is not None else "-"
        memory = f"{peak:.0f} MiB" if peak is not None else "-"
        print(f"| {what} | {documents} | {seconds:.2f} | {rate:.0f} | {vs} | {memory} |")


if __name__ == "__main__":
    main()
