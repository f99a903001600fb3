"""Build gold.json for the house-style articles from their *.labels.json files.

Usage: python benchmarks/house/build_gold.py

Two folders: tuned/ holds the articles the rules were developed against, heldout/ articles written
afterwards and scored without changing a rule for them.

Each labels file lists an article's claims as [kind, speaker, mentions, quote, stance?, date?]
(the date when the text dates the statement itself, as a hearing "yesterday"); the quote
must occur exactly once in the article. The result has the per-article gold format of
benchmarks/score_extraction.py --gold (PolNeAR's conversion): offsets, speaker, speaker_mentions,
speaker_resolved and kind, plus the claim's stance and the date it should get.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def article_gold(labels_path: Path) -> dict[str, object]:
    """Return one article's gold record, checking that every quote is in the text exactly once."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    file = labels_path.name.replace(".labels.json", ".txt")
    text = (labels_path.parent / file).read_bytes().decode("utf-8")
    claims = []
    for kind, speaker, mentions, quote, *rest in labels["claims"]:
        start = text.find(quote)
        if start < 0 or text.find(quote, start + 1) >= 0:
            sys.exit(f"{labels_path.name}: {quote[:40]!r} is not exactly once in {file}")
        claims.append(
            {
                "speaker": speaker,
                "speaker_mentions": mentions,
                "speaker_resolved": speaker,
                "kind": kind,
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "tags": [],
                "cue_class": "-",
                "stance": rest[0] if rest else "asserts",
                "date": rest[1] if len(rest) > 1 else labels.get("expect_date", labels["publication_date"]),
            }
        )
    return {
        "file": file,
        "publication_date": labels["publication_date"],
        "claims": claims,
        "optional_claims": [],
    }


if __name__ == "__main__":
    for folder in (HERE / "tuned", HERE / "heldout"):
        gold = [article_gold(p) for p in sorted(folder.glob("*.labels.json"))]
        text = json.dumps(gold, indent=1, ensure_ascii=False) + "\n"
        (folder / "gold.json").write_text(text, encoding="utf-8")
        claims = sum(len(a["claims"]) for a in gold)  # type: ignore[arg-type]
        print(f"wrote {folder / 'gold.json'}: {len(gold)} articles, {claims} claims")
