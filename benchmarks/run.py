"""Time whole `facts` processes against `python -c pass` and `rg -c -i`, and print a table.

    python benchmarks/run.py --size 1000000

Needs ripgrep (`rg`) on PATH. Installs the project into a clean virtual environment, generates a
synthetic store of --size claims (benchmarks/generate.py), builds its index with an empty cache,
and times each command against its baseline, the two interleaved in one run, median of --runs.
Writes the markdown table to benchmarks/out/results-SIZE.md and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import COMMON_SURNAME, COMMON_WORD, ONE_PERCENT_WORD, RARE_WORD, generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIME = "/usr/bin/time"  # GNU time, for each process's own peak memory
ARTICLES = ROOT / "tests" / "data" / "articles"
# In 48% of the claims' texts of a 1,000,000-claim store and in many headlines: searched in
# every field, it matches 518,237 claims.
BIG_WORD = "budget"


@dataclass
class Run:
    seconds: float
    peak_kib: int


@dataclass
class Row:
    what: str
    facts: list[Run]
    baseline_name: str
    baseline: list[Run] | None
    target: float | None  # the largest ratio allowed, if the issue sets one

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.facts)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.seconds / statistics.median(r.seconds for r in self.baseline)


def run_once(command: list[str], env: dict[str, str]) -> Run:
    """Run a command to the end, its output discarded; return wall time and its own peak memory.

    The peak comes from `/usr/bin/time -f %M`: a child's ru_maxrss as seen from this process
    would include this (large) process's memory at the fork.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        timed = [TIME, "-q", "-f", "%M", "-o", peak.name, *command]
        start = time.perf_counter()
        process = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        seconds = time.perf_counter() - start
        text = peak.read().strip().splitlines()
    if process.returncode not in (0, 1) or (process.returncode == 1 and "rg" not in command[0]):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {process.stderr.decode()}")
    return Run(seconds, int(text[-1]) if text else 0)


def pair(
    what: str,
    command: list[str],
    baseline_name: str,
    baseline: list[str] | None,
    target: float | None,
    env: dict[str, str],
    runs: int,
) -> Row:
    """Time a command and its baseline alternately, after one warm-up run of each."""
    run_once(command, env)
    if baseline:
        run_once(baseline, env)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(run_once(command, env))
        if baseline:
            theirs.append(run_once(baseline, env))
    row = Row(what, ours, baseline_name, theirs if baseline else None, target)
    print(f"  {what}: {row.seconds * 1000:.0f} ms", file=sys.stderr)
    return row


def make_venv(path: Path) -> Path:
    """Create a clean virtual environment with the project installed (not editable)."""
    if path.exists():
        shutil.rmtree(path)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    pip = [str(path / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, str(ROOT)], check=True)
    return path / "bin"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kib / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


@dataclass
class Absolute:
    """A row measured on its own: time and peak memory against fixed goals."""

    what: str
    runs: list[Run]
    max_seconds: float | None
    max_mib: float | None

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def mib(self) -> float:
        return max(r.peak_kib for r in self.runs) / 1024

    @property
    def met(self) -> bool:
        return (self.max_seconds is None or self.seconds <= self.max_seconds) and (
            self.max_mib is None or self.mib <= self.max_mib
        )


def table(rows: list[Row], absolute: list[Absolute], size: int) -> str:
    lines = [
        f"Store of {size:,} claims (benchmarks/generate.py) and the bundled store. Machine: {machine()}.",
        "",
        "| what | facts | peak memory | baseline | baseline time | ratio | goal | met |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        base = statistics.median(b.seconds for b in r.baseline) if r.baseline else None
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
        target = f"≤ {r.target:g}×" if r.target is not None else ""
        met = "" if r.target is None or r.ratio is None else ("yes" if r.ratio <= r.target else "**no**")
        peak = max(run.peak_kib for run in r.facts) / 1024
        lines.append(
            f"| {r.what} | {fmt_ms(r.seconds)} | {peak:,.0f} MiB | {r.baseline_name} | "
            f"{fmt_ms(base) if base is not None else ''} | {ratio} | {target} | {met} |"
        )
    for a in absolute:
        goal = ", ".join(
            part
            for part in (
                f"≤ {fmt_ms(a.max_seconds)}" if a.max_seconds is not None else "",
                f"≤ {a.max_mib:,.0f} MiB" if a.max_mib is not None else "",
            )
            if part
        )
        met = ("yes" if a.met else "**no**") if goal else ""
        lines.append(f"| {a.what} | {fmt_ms(a.seconds)} | {a.mib:,.0f} MiB | | | | {goal} | {met} |")
    return "\n".join(lines) + "\n"


def absolute(
    what: str, command: list[str], env: dict[str, str], runs: int, seconds: float | None, mib: float | None
) -> Absolute:
    row = Absolute(what, [run_once(command, env) for _ in range(runs)], seconds, mib)
    print(f"  {what}: {row.seconds * 1000:.0f} ms, {row.mib:.0f} MiB", file=sys.stderr)
    return row


def article_copy(folder: Path, number: int) -> Path:
    """A test article under a name and first line of its own, so each add has something new to add."""
    tag = f"bench-{time.time_ns()}-{number}"
    target = folder / f"{tag}.txt"
    text = (ARTICLES / "ferry-fire.txt").read_text(encoding="utf-8")
    target.write_text(f"{tag}\n\n{text}", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="claims in the synthetic store")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--big-runs", type=int, default=1, help="runs of each slow row (list, add)")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("The benchmark compares with ripgrep: install it first (apt-get install ripgrep).")
    if not Path(TIME).exists():
        raise SystemExit(f"The benchmark measures memory with GNU time: install it ({TIME}).")
    print("installing into a clean virtual environment", file=sys.stderr)
    bin_dir = make_venv(out / "venv")
    facts, python = str(bin_dir / "facts"), str(bin_dir / "python")

    store = out / f"store-{args.size}"
    if not (store / "store.json").exists():
        print(f"generating {args.size:,} claims", file=sys.stderr)
        generate(args.size, store)
    flat = str(store / "claims-flat.jsonl")

    cache = Path(tempfile.mkdtemp(prefix="facts-bench-cache-"))
    env = {**os.environ, "FACTS_CACHE_DIR": str(cache)}
    env.pop("FACTS_STORE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        print("building the index", file=sys.stderr)
        million = args.size >= 1_000_000  # the goals are set for 1M claims
        build = Absolute(
            f"index build from scratch, {args.size:,} claims",
            [run_once([facts, "sources", "--store", str(store)], env)],
            40 if million else None,
            1024,
        )
        pass_ = [python, "-c", "pass"]
        big = ["--store", str(store), "--json"]
        top = [*big, "--limit", "50"]  # --json prints every match unless --limit says otherwise
        rows = [
            pair(
                "bundled: `facts search withdrawal --json`",
                [facts, "search", "withdrawal", "--json"],
                "`python -c pass`",
                pass_,
                3.5,
                env,
                args.runs,
            ),
            pair(
                "bundled: `facts search withdrawal --format table`",
                [facts, "search", "withdrawal", "--format", "table"],
                "`python -c pass`",
                pass_,
                12,
                env,
                args.runs,
            ),
            pair("`facts --help`", [facts, "--help"], "`python -c pass`", pass_, 15, env, args.runs),
        ]
        for word, share, target in (
            (RARE_WORD, "0.01%", None),
            (ONE_PERCENT_WORD, "1%", 0.3 if million else None),
            (COMMON_WORD, "20%", 0.3 if million else None),
        ):
            rows.append(
                pair(
                    f"search `{word}` ({share} of claims), top 50",
                    [facts, "search", word, *top],
                    f"`rg -c -i {word}`",
                    [rg, "-c", "-i", word, flat],
                    target,
                    env,
                    args.runs,
                )
            )
        surname = COMMON_SURNAME.lower()
        rows.append(
            pair(
                f"`by-speaker {surname}`, first 50",
                [facts, "by-speaker", surname, *top],
                f"`rg -c -i {surname}`",
                [rg, "-c", "-i", surname, flat],
                0.5 if million else None,
                env,
                args.runs,
            )
        )
        rows.append(
            pair(
                f"search `{COMMON_WORD}` --json, 1,000 results",
                [facts, "search", COMMON_WORD, *big, "--limit", "1000"],
                f"`rg -c -i {COMMON_WORD}`",
                [rg, "-c", "-i", COMMON_WORD, flat],
                None,
                env,
                args.runs,
            )
        )
        slow = [build]
        slow.append(
            absolute(
                f"`search {BIG_WORD} --in text,speaker,source --limit 0 --format jsonl` (518,237 matches)",
                [facts, "search", BIG_WORD, "--in", "text,speaker,source", "--store", str(store)]
                + ["--limit", "0", "--format", "jsonl"],
                env,
                args.big_runs,
                None,
                100,
            )
        )
        slow.append(
            absolute(
                "`list --limit 0 --format jsonl`",
                [facts, "list", "--store", str(store), "--limit", "0", "--format", "jsonl"],
                env,
                args.big_runs,
                10 if million else None,
                100,
            )
        )
        slow.append(
            absolute(
                "`validate` (the full check; peak memory flat in the number of claims)",
                [facts, "validate", "--store", str(store)],
                env,
                args.big_runs,
                None,
                None,
            )
        )
        # Last, as they change the store: add an 11-claim article, then query it at once.
        adds, firsts = [], []
        for number in range(args.big_runs):
            article = article_copy(out, number)
            add = [facts, "add", str(article), "--published", "2025-03-01", "--accept", "all"]
            adds.append(run_once([*add, "--store", str(store)], env))
            firsts.append(run_once([facts, "search", "ferry", "--store", str(store), "--json"], env))
            article.unlink()
        slow.append(Absolute("add one article (11 claims)", adds, 1 if million else None, 150))
        slow.append(Absolute("first query after the add", firsts, 0.2 if million else None, None))
        for row in slow[-2:]:
            print(f"  {row.what}: {row.seconds * 1000:.0f} ms, {row.mib:.0f} MiB", file=sys.stderr)
        result = table(rows, slow, args.size)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    (out / f"results-{args.size}.md").write_text(result, encoding="utf-8")
    print(result)


if __name__ == "__main__":
    main()
