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
    """Run a command to the end, its output discarded; return wall time and peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1) or (process.returncode == 1 and "rg" not in command[0]):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr}")
    return Run(seconds, usage.ru_maxrss)


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


def table(rows: list[Row], size: int, build: Run, query_peak: int) -> str:
    lines = [
        f"Store of {size:,} claims (benchmarks/generate.py) and the bundled store. Machine: {machine()}.",
        "",
        "| what | facts | baseline | baseline time | ratio | target | met |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        base = statistics.median(b.seconds for b in r.baseline) if r.baseline else None
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
        target = f"≤ {r.target:g}×" if r.target is not None else ""
        met = "" if r.target is None or r.ratio is None else ("yes" if r.ratio <= r.target else "**no**")
        lines.append(
            f"| {r.what} | {fmt_ms(r.seconds)} | {r.baseline_name} | "
            f"{fmt_ms(base) if base is not None else ''} | {ratio} | {target} | {met} |"
        )
    build_ok = build.seconds <= 60 and build.peak_kib <= 2**20
    lines += [
        f"| index build, {size:,} claims | {fmt_ms(build.seconds)}, peak {build.peak_kib / 1024:,.0f} MiB "
        f"| | | | ≤ 60 s, ≤ 1 GiB | {'yes' if build_ok else '**no**'} |",
        f"| largest query process | peak {query_peak / 1024:,.0f} MiB | | | | ≤ 50 MiB "
        f"| {'yes' if query_peak <= 50 * 1024 else '**no**'} |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="claims in the synthetic store")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("The benchmark compares with ripgrep: install it first (apt-get install ripgrep).")
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
        build = run_once([facts, "sources", "--store", str(store)], env)
        pass_ = [python, "-c", "pass"]
        big = ["--store", str(store), "--json"]
        rows = [
            pair(
                "bundled: `facts search withdrawal --json`",
                [facts, "search", "withdrawal", "--json"],
                "`python -c pass`",
                pass_,
                8,
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
        million = args.size >= 1_000_000  # the targets against rg are set for 1M claims
        for word, share, target in (
            (RARE_WORD, "0.01%", None),
            (ONE_PERCENT_WORD, "1%", 0.5 if million else None),
            (COMMON_WORD, "20%", 1.0 if million else None),
        ):
            rows.append(
                pair(
                    f"search `{word}` ({share} of claims), top 50",
                    [facts, "search", word, *big],
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
                [facts, "by-speaker", surname, *big],
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
        query_peak = max(r.peak_kib for row in rows for r in row.facts)
        result = table(rows, args.size, build, query_peak)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    (out / f"results-{args.size}.md").write_text(result, encoding="utf-8")
    print(result)


if __name__ == "__main__":
    main()
