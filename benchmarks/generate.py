"""Generate a deterministic synthetic store that looks like a real one, for benchmarks.

    python benchmarks/generate.py --size 100000 --out /tmp/store-100k

Claims of 150-400 characters, about 5,000 speakers whose names share surnames, dates over ten
years, about 50 sources per 1,000 claims, and three planted words: RARE_WORD in about 0.01% of
claims, ONE_PERCENT_WORD in about 1%, COMMON_WORD in about 20%. Each source file is its claims'
texts one per line, so every claim is a true slice of its source and the store validates.
Besides the store it writes claims-flat.jsonl: the same claims in the --json contract shape
(speaker names and source titles included), one per line, for grep-like tools to search.

With --text news-like, claims are 10-40 words drawn the way words occur in news: about 40%
common function words, the rest from 50,000 made-up words whose frequencies fall off as in
natural language (Zipf's law), so most pairs of neighbouring words are rare and some are very
common; and 3% of claims report an earlier one again: the same words, one word changed, or a
part of it cut out. The default text (random draws from a 100-word vocabulary) makes nearly every
pair of words common, which hides what rare word pairs cost the grouping into statements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
from pathlib import Path

RARE_WORD, ONE_PERCENT_WORD, COMMON_WORD = "zephyrine", "quorvant", "lumbrel"
PLANTED = {RARE_WORD: 0.0001, ONE_PERCENT_WORD: 0.01, COMMON_WORD: 0.20}
COMMON_SURNAME = "Okafor"  # carried by about 2% of speakers, for the by-speaker benchmark
SPEAKERS = 5_000
CLAIMS_PER_SOURCE = 20
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3_652  # ten years

FIRST_NAMES = (
    "Amara Ben Carla Dmitri Elena Farid Grace Hiro Ines Jonas Kemi Luis Mara Nadia Omar Priya "
    "Quinn Rosa Samir Tara Umar Vera Wen Ximena Yusuf Zofia Anders Bea Chidi Dana Emil Fatima "
    "Goran Hana Ivan Julia Kofi Lena Mateo Nia"
).split()
SURNAMES = (
    "Singh Garcia Chen Müller Rossi Kowalski Haddad Nguyen Silva Ivanova Cohen Sato Mensah "
    "Larsen Novak Dubois Costa Petrov Ali Kim Brown Okoro Schmidt Fischer Romero Yilmaz Das "
    "Moreau Jensen Horvat Santos Ahmed Park Kaya Bauer Lopez Ruiz Tanaka Osei Berg"
).split()
ROLES = (
    "Minister of Defence",
    "Deputy Press Secretary",
    "Senior Analyst",
    "Spokesperson",
    "Mayor",
    "Senator",
    "Ambassador",
    "Chief Economist",
    "Police Commissioner",
    "Professor",
)
ORGS = (
    "Ministry of Defence",
    "Department of State",
    "City Council",
    "National Bank",
    "University",
    "Parliament",
    "Health Agency",
    "Central Command",
    "Energy Board",
    "Port Authority",
)
VOCABULARY = (
    "the government said troops would remain in the region while talks continue over the "
    "budget and the new agreement on security trade energy prices inflation election court "
    "ruling reform policy council vote minister report data growth rates border mission "
    "coalition partners forces officials announced that plans were not final and that the "
    "decision would come after a review of costs schedules and risks to public health safety "
    "water supply transport networks schools hospitals farmers workers companies markets"
).split()
ZIPF_WORDS = 50_000
ZIPF_EXPONENT = 1.05
NEWS_FUNCTION_WORDS = "the of and to a in that is for on was with he it as at by from not".split()
REPRINT_RATE = 0.03
VERBS = ("said", "told reporters", "stressed", "confirmed", "warned", "argued", "noted")


def speakers(rng: random.Random) -> list[dict[str, object]]:
    """Return SPEAKERS speakers; names repeat surnames, and COMMON_SURNAME is frequent."""
    result = []
    for i in range(SPEAKERS):
        surname = COMMON_SURNAME if rng.random() < 0.02 else rng.choice(SURNAMES)
        name = f"{rng.choice(FIRST_NAMES)} {surname}"
        result.append(
            {
                "id": f"spk-{i:05d}",
                "name": name,
                "kind": "person",
                "role": rng.choice(ROLES),
                "organization": rng.choice(ORGS),
                "aliases": [f"{name} ({i})"],
            }
        )
    return result


def claim_text(rng: random.Random) -> str:
    """Return one claim of 150-400 characters, with the planted words at their rates."""
    target = rng.randint(150, 400)
    words = rng.choices(VOCABULARY, k=target // 5)
    for word, rate in PLANTED.items():
        if rng.random() < rate:
            words[rng.randrange(len(words))] = word
    text = " ".join(words)
    while len(text) < 150:
        text += " " + rng.choice(VOCABULARY)
    return text[:400].rstrip()


class NewsLikeText:
    """Claims worded as news is (see the module's docstring), some reporting earlier ones again."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        letters = "abcdefghijklmnopqrstuvwxyz"
        self.words = ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(ZIPF_WORDS)]
        frequencies = (1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(ZIPF_WORDS))
        self.weights = list(itertools.accumulate(frequencies))
        self.recent: list[str] = []

    def __call__(self, rng: random.Random) -> str:
        if self.recent and rng.random() < REPRINT_RATE:
            words = rng.choice(self.recent).split()
            how = rng.randrange(3)
            if how == 1:
                words[rng.randrange(len(words))] = rng.choice(self.words[:2_000])
            elif how == 2:
                keep = rng.randint(len(words) // 2, len(words))
                start = rng.randrange(len(words) - keep + 1)
                words = words[start : start + keep]
            return " ".join(words)
        words = rng.choices(self.words, cum_weights=self.weights, k=rng.randint(10, 40))
        for n in range(len(words)):
            if rng.random() < 0.4:
                words[n] = rng.choice(NEWS_FUNCTION_WORDS)
        for word, rate in PLANTED.items():
            if rng.random() < rate:
                words[rng.randrange(len(words))] = word
        text = " ".join(words)
        if rng.random() < 0.05:
            self.recent.append(text)
            if len(self.recent) > 5_000:
                self.recent.pop(0)
        return text


def generate(size: int, out: Path, seed: int = 1, text: str = "vocabulary", store_format: int = 2) -> None:
    """Write a store of size claims, and claims-flat.jsonl, into out (format 1: as older facts wrote it)."""
    rng = random.Random(seed)
    make_text = NewsLikeText(rng) if text == "news-like" else claim_text
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    people = speakers(rng)
    sources = []
    n_sources = max(1, size // CLAIMS_PER_SOURCE)
    with (
        (out / "claims.jsonl").open("w", encoding="utf-8") as claims,
        (out / "claims-flat.jsonl").open("w", encoding="utf-8") as flat,
    ):
        made = 0
        for s in range(n_sources):
            count = CLAIMS_PER_SOURCE if s < n_sources - 1 else size - made
            published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            file = f"doc-{s:06d}.txt"
            title = f"Report {s}: " + " ".join(rng.choices(VOCABULARY, k=6))
            lines, offset = [], 0
            for _ in range(count):
                text = make_text(rng)
                speaker = people[rng.randrange(SPEAKERS)]
                day = published - dt.timedelta(days=rng.randrange(4))
                claim = {
                    "id": f"c{made:07d}",
                    "text": text,
                    "kind": "reported",
                    "speaker": speaker["id"],
                    "date": day.isoformat(),
                    "date_precision": "day",
                    "date_basis": None,
                    "source": file,
                    "span": {"start": offset, "end": offset + len(text)},
                }
                claims.write(json.dumps(claim) + "\n")
                flat.write(
                    json.dumps(
                        {
                            **claim,
                            "speaker": {k: speaker[k] for k in ("id", "name", "role", "organization")},
                            "source": {"file": file, "title": title},
                        }
                    )
                    + "\n"
                )
                lines.append(text)
                offset += len(text) + 1
                made += 1
            data = ("\n".join(lines) + "\n").encode("utf-8")
            (out / "sources" / file).write_bytes(data)
            sources.append(
                {
                    "file": file,
                    "title": title,
                    "outlet": "Synthetic Wire",
                    "url": None,
                    "published": published.isoformat(),
                    "published_note": None,
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
            if s % 1000 == 0:
                print(f"\r{made:,} claims", end="", file=sys.stderr)
    if store_format == 1:  # everything in store.json
        manifest = {"format": 1, "speakers": people, "sources": sources}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    else:  # as facts writes it: one record a line, store.json the format alone
        for name, records in (("speakers.jsonl", people), ("sources.jsonl", sources)):
            lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            (out / name).write_text("".join(lines), encoding="utf-8")
        text = json.dumps({"format": 2}, indent=2) + "\n"
    (out / "store.json").write_text(text, encoding="utf-8")
    print(f"\r{made:,} claims, {len(sources):,} sources in {out}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="number of claims")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the store to")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--text", choices=("vocabulary", "news-like"), default="vocabulary", help="how claims are worded"
    )
    parser.add_argument(
        "--format",
        type=int,
        choices=(1, 2),
        default=2,
        help="store format (1: as facts before 2026-12 wrote)",
    )
    args = parser.parse_args()
    generate(args.size, args.out, args.seed, args.text, args.format)


if __name__ == "__main__":
    main()
