"""Score transcript reading against hand-made gold: turn speakers right, and questions taken as claims.

Run: python benchmarks/transcripts.py [FOLDER]  (default: tests/data/transcripts, with its gold.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

from facts.extract.transcript import asks, speaking_turns
from facts.ingest.readers import read_bytes


class Score(NamedTuple):
    """Turns whose speaker matched the gold, of all gold turns; non-claim turns (null in the gold) taken
    as claims, and of those the questions (a turn ending in "?")."""

    right: int
    turns: int
    non_claims_taken: int
    questions_taken: int


def score(folder: Path) -> dict[str, Score]:
    """Score each transcript in the folder's gold.json."""
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    scores = {}
    for name, expected in gold.items():
        if name.startswith("_"):
            continue
        document = read_bytes((folder / name).read_bytes(), name)
        found = [
            (
                document.text[t.paragraphs[0][0] :] if t.paragraphs else "",
                None if v.asks or asks(document.text, t) else v.name,
            )
            for t, v in speaking_turns(document.text)
        ]
        right = sum(
            1
            for (start, who), (text, got) in zip(expected, found, strict=False)
            if text.startswith(start) and got == who
        )
        taken = [text for (_, who), (text, got) in zip(expected, found, strict=False) if who is None and got]
        asked = sum(1 for text in taken if text.split("\n", 1)[0].rstrip(" )]").endswith("?"))
        scores[name] = Score(right, len(expected) + max(0, len(found) - len(expected)), len(taken), asked)
    return scores


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "tests/data/transcripts"
    scores = score(folder)
    for name, s in scores.items():
        print(
            f"{name:32} {s.right:3}/{s.turns:<3} turns right, {s.non_claims_taken} non-claim turns taken"
            f" ({s.questions_taken} questions)"
        )
    right, turns = sum(s.right for s in scores.values()), sum(s.turns for s in scores.values())
    taken = sum(s.non_claims_taken for s in scores.values())
    asked = sum(s.questions_taken for s in scores.values())
    figure = f"{right / turns:.3f} turn-speaker accuracy"
    print(f"{'all':32} {right:3}/{turns:<3} = {figure}, {taken} non-claim turns taken ({asked} questions)")


if __name__ == "__main__":
    main()
