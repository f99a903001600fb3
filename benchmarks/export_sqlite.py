"""Time `facts export --format sqlite` against `sqlite-utils insert` of the same claims, with peak memory.

    python benchmarks/export_sqlite.py                       # 2,000 and 20,000 claims
    python benchmarks/export_sqlite.py --size 100000
    python benchmarks/export_sqlite.py --size 1000000 --size 100000

For each size, a synthetic store is made with generate.py (or --store is used), and in one run,
each command in a process of its own (wall time, and peak resident memory from the operating
system, os.wait4), one after the other:

Wall time and CPU time (user and system) are both printed: on a busy machine the CPU time is the
steadier figure, and the ratio is of CPU times, to the plain insert's.

* facts export, cold: the store read and checked, the statements grouped (their cache is empty),
  the database and its metadata written;
* facts export, warm: the same with the statements' cache already built (what a second export pays);
* sqlite-utils insert of the same claims as JSON Lines (generate.py's claims-flat.jsonl: the
  --json contract's shape) into one table, nothing else;
* the same insert followed by `sqlite-utils enable-fts` over the claim text with porter stemming,
  which is closer to what the export builds.

Memory is flat when the peak does not grow with the number of claims: compare the sizes' rows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402


class Run(NamedTuple):
    seconds: float
    cpu_seconds: float  # user and system time: steadier than wall time on a shared machine
    peak_mib: float


def timed(argv: list[str], env: dict[str, str]) -> Run:
    """Run a process to the end; return its wall time and peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed: {error}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(store: Path, work: Path) -> list[tuple[str, Run]]:
    """Run the four commands on one store; return each one's name and run."""
    env = {**os.environ, "FACTS_CACHE_DIR": str(work / "cache")}
    # Both through this interpreter, so the run measures the environment it is started from.
    facts = [sys.executable, "-m", "facts", "export", "--format", "sqlite", "--store", str(store)]
    utils = [sys.executable, "-m", "sqlite_utils"]
    flat = store / "claims-flat.jsonl"
    database = work / "sqlite-utils.db"
    runs = [
        ("facts export, cold", timed([*facts, str(work / "cold.db")], env)),
        ("facts export, warm", timed([*facts, str(work / "warm.db")], env)),
        ("sqlite-utils insert", timed([*utils, "insert", str(database), "claims", str(flat), "--nl"], env)),
    ]
    fts = timed([*utils, "enable-fts", str(database), "claims", "text", "--tokenize", "porter"], env)
    insert = runs[-1][1]
    both = Run(*(a + b for a, b in zip(insert[:2], fts[:2], strict=True)), max(insert.peak_mib, fts.peak_mib))
    runs.append(("  + sqlite-utils enable-fts", both))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="claims in the store (repeatable)")
    parser.add_argument("--store", type=Path, help="measure this store instead (needs claims-flat.jsonl)")
    parser.add_argument("--text", choices=["vocabulary", "news-like"], default="news-like")
    args = parser.parse_args()
    sizes = args.size or [2_000, 20_000]
    print(f"{'claims':>10}  {'command':<28} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'CPU ratio':>10}")
    for size in [None] if args.store else sizes:
        with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
            work = Path(folder)
            store = args.store
            if store is None:
                store = work / "store"
                with contextlib.redirect_stdout(sys.stderr):  # its progress, away from the table
                    generate(size, store, text=args.text)
            rows = measure(store, work)
            base = dict(rows)["sqlite-utils insert"].cpu_seconds
            count = size if size is not None else sum(1 for _ in (store / "claims.jsonl").open())
            for name, run in rows:
                ratio = run.cpu_seconds / base
                print(
                    f"{count:>10,}  {name:<28} {run.seconds:>8.2f} {run.cpu_seconds:>8.2f} "
                    f"{run.peak_mib:>9.0f} {ratio:>9.2f}x",
                    flush=True,
                )
            shutil.rmtree(work / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
