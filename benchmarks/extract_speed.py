"""Time the extractor in this process: ms per 1,000 words on a corpus, and how it grows with size.

Usage: python benchmarks/extract_speed.py [--gold FOLDER]

Prints a table. With --gold, the first rows time `extract_claims` over every article of a folder in
the gold format (best of three passes; reading the files is not timed). The other rows time
generated texts of growing size, made of one paragraph with no line break, and of adversarial
shapes (stray apostrophes, a sentence that never ends, thousands of speakers); each is shown as
the ratio of its time to the 50,000-character paragraph's, measured in the same run. Linear work
gives a ratio close to the ratio of the sizes.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from facts.extract import extract_claims

PUBLISHED = date(2024, 1, 1)
SENTENCE = "The mayor said the plan would work, and “we will build it,” said Jane Doe. "


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Return the shortest of several timings of work, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def extract(text: str) -> Callable[[], object]:
    return lambda: extract_claims(text, file="a.txt", published=PUBLISHED)


def corpus_rows(folder: Path) -> list[str]:
    articles = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    texts = [(folder / a["file"]).read_bytes().decode("utf-8") for a in articles]
    words = sum(len(t.split()) for t in texts)
    seconds = best_of(3, lambda: [extract(t)() for t in texts])
    return [
        f"| {folder.name}: {len(texts)} articles, {words:,} words | {seconds:.2f} s | "
        f"{seconds / words * 1e6:.2f} ms per 1,000 words |"
    ]


def paragraph(size: int) -> str:
    return (SENTENCE * (size // len(SENTENCE) + 1))[:size]


def shape_rows() -> list[str]:
    shapes = {
        "paragraph, 50,000 characters (baseline)": paragraph(50_000),
        "paragraph, 200,000 characters": paragraph(200_000),
        "paragraph, 800,000 characters": paragraph(800_000),
        '`"word said Jane Doe, ` × 10,000 (210 KB)': '"word said Jane Doe, ' * 10_000,
        '`"word said Jane Doe, ` × 40,000 (840 KB)': '"word said Jane Doe, ' * 40_000,
        "stray opening apostrophes `x 'a ` × 100,000 (500 KB)": "x 'a " * 100_000,
        "5,000 different speakers (210 KB)": "".join(
            f"Name{i} Surname{i} said the plan works well. " for i in range(5_000)
        ),
        "20,000 different speakers (860 KB)": "".join(
            f"Name{i} Surname{i} said the plan works well. " for i in range(20_000)
        ),
    }
    baseline = best_of(3, extract(shapes["paragraph, 50,000 characters (baseline)"]))
    rows = []
    for name, text in shapes.items():
        seconds = best_of(3, extract(text))
        rows.append(f"| {name} | {seconds:.3f} s | {seconds / baseline:.1f}× the baseline |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, help="a folder in the gold format, to time a real corpus")
    args = parser.parse_args()
    print("| work | time | figure |")
    print("| --- | ---: | ---: |")
    if args.gold is not None:
        print("\n".join(corpus_rows(args.gold)))
    print("\n".join(shape_rows()))


if __name__ == "__main__":
    main()
