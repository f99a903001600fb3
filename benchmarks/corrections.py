"""Time the writes and the export against `facts validate` of the same store, and print a table.

    python benchmarks/corrections.py --size 100000

A correction validates the whole new store before it renames anything, and an export reads and
checks every claim, so `facts validate` is their yardstick: the ratio says what writing or
serialising adds. Generates a synthetic store (benchmarks/generate.py) in a temporary folder,
runs each command and `facts validate` alternately (median of --runs), and prints a markdown
table with wall time, peak memory and the ratio. Uses the `facts` on PATH (install first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command to the end, its output discarded; return wall seconds and peak KiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {stderr}")
    return seconds, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000, help="claims in the generated store")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median)")
    args = parser.parse_args()
    facts = shutil.which("facts")
    if facts is None:
        raise SystemExit("Install the project first: pip install .")
    with tempfile.TemporaryDirectory() as work:
        store = Path(work) / "store"
        generate(args.size, store)
        env = {**os.environ, "FACTS_CACHE_DIR": f"{work}/cache", "XDG_DATA_HOME": f"{work}/data"}
        on = ["--store", str(store)]
        yardstick = [facts, "validate", *on]
        ids = iter(f"c{n:07d}" for n in range(args.size))  # the generator's claim ids
        speakers = iter(f"spk-{n:05d}" for n in range(0, 5_000, 2))
        cases = {
            "`facts edit ID --kind quote --yes`": lambda: [
                facts,
                "edit",
                "c0000001",
                "--kind",
                "quote",
                "--yes",
                *on,
            ],
            "`facts remove ID --yes`": lambda: [facts, "remove", next(ids), "--yes", *on],
            "`facts speakers edit ID --add-alias …`": lambda: [
                facts,
                "speakers",
                "edit",
                next(speakers),
                "--add-alias",
                f"alias {time.time_ns()}",
                "--yes",
                *on,
            ],  # fmt: skip
            "`facts export` (JSON Lines)": lambda: [facts, "export", *on],
            "`facts export --format csv`": lambda: [facts, "export", "--format", "csv", *on],
        }
        run_once(yardstick, env)  # warm the page cache
        print(f"Store of {args.size:,} claims; median of {args.runs} runs; yardstick `facts validate`.\n")
        print("| what | wall | peak | `facts validate` | ratio |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for what, command in cases.items():
            timed, base = [], []
            for _ in range(args.runs):
                timed.append(run_once(command(), env))
                base.append(run_once(yardstick, env))
            seconds = statistics.median(t for t, _ in timed)
            base_seconds = statistics.median(t for t, _ in base)
            peak = max(p for _, p in timed) / 1024
            ratio = seconds / base_seconds
            print(f"| {what} | {seconds:.2f} s | {peak:.0f} MiB | {base_seconds:.2f} s | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
