"""Score the quotation check: news-style quotations of the test transcripts, classified against gold.

Run: python benchmarks/quote_check.py  (reads tests/data/transcripts/ and its quotations.json)
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from facts.extract.transcript import is_transcript, transcript_claims
from facts.search.primary import check_quotations

FOLDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "transcripts"


def primaries(folder: Path) -> list[tuple[str, str, str]]:
    """Return (id, speaker name, text) of every claim of the folder's transcripts."""
    found = []
    for path in sorted(folder.iterdir()):
        text = path.read_text("utf-8") if path.suffix != ".json" else ""
        if is_transcript(text):
            claims = transcript_claims(text, file=path.name, published=date(2025, 12, 1)).claims
            found.extend((c["id"], c["speaker"]["name"], c["text"]) for c in claims)
    return found


def score(folder: Path = FOLDER) -> tuple[int, int, Counter[tuple[str, str]]]:
    """Return quotations classified right, all quotations, and (gold, found) pair counts."""
    gold = json.loads((folder / "quotations.json").read_text("utf-8"))["quotations"]
    quotations = [(str(n), q["speaker"], q["text"]) for n, q in enumerate(gold)]
    checked = check_quotations(quotations, primaries(folder))
    pairs = Counter((q["verdict"], c.verdict) for q, c in zip(gold, checked, strict=True))
    right = sum(n for (want, got), n in pairs.items() if want == got)
    return right, len(gold), pairs


def main() -> None:
    right, total, pairs = score()
    for (want, got), n in sorted(pairs.items()):
        print(f"gold {want:9} -> {got:9} {n:3}")
    print(f"{right}/{total} = {right / total:.3f} classified right")


if __name__ == "__main__":
    main()
