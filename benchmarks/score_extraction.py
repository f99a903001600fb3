"""Score `facts extract` against hand-checked claims: precision and recall, overall and by kind.

Usage: python benchmarks/score_extraction.py [--gold FOLDER] [--show wrong,speaker,missed] [--limit N]
       [--lenient-names] [--conversion-verbs]

Without --gold it scores the project's own material:

Documents:
- the two bundled documents, against the bundled store's 28 claims;
- the constructed articles in tests/data/articles/, against their *.labels.json files.

With --gold it scores a folder in the per-article gold format of PolNeAR's conversion (a
gold.json list of articles, each with its text file, its core `claims` and `optional_claims`), by
that format's rule: a proposal is correct when its span overlaps a core claim by at least half of
the shorter span and its speaker matches (the gold speaker, a named mention of it, its resolved
name, or a fuller name containing one of those; an unresolved pronoun matches anyone); a proposal
that overlaps only optional claims is neutral and not counted. Articles are extracted in this
process, through the same public function `facts extract` calls, with the article's publication
date from the gold and an empty store. Two variants say where the gap to the gold is: --lenient-names
also takes a proposal's role and name together ("Vice President Joseph R. Biden Jr.") and gold
names without an honorific ("Ms. Gedrich" for "Robyn Gedrich"); --conversion-verbs runs the
extractor with only the verbs of saying the gold's conversion keeps.

For the project's own material, each document is run through the real command, `python -m facts
extract FILE --published DATE --json`, against an empty store, so no speaker is found by looking it
up in the store that holds the answers. A proposal is correct when its span overlaps a hand-checked
claim's span and its speaker is the same entity: the proposed speaker's name, with any leading
article (and the word "unnamed") dropped, equals the checked speaker's name or one of its aliases,
or, for a person, its surname does. Precision counts proposals that match some checked claim; recall
counts checked claims that some proposal matches. Dates are compared on the matched pairs.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "facts"
ARTICLES = ROOT / "tests" / "data" / "articles"
# The bundled documents' publication dates: 000 prints none and reports the announcement of
# 27 September 2024 (../shared/seeds/README.md); 003 was published on 2 October 2024.
BUNDLED_PUBLISHED = {"000_d84966d1273fc390.txt": "2024-09-27", "003_0070d81cdb036f1a.txt": "2024-10-02"}
KINDS = ("quote", "reported", "caption")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip())
    return re.sub(r"^unnamed\s+", "", text)


def bundled_documents() -> list[dict[str, Any]]:
    manifest = json.loads((STORE / "store.json").read_text(encoding="utf-8"))
    speakers = {s["id"]: [s["name"], *s["aliases"]] for s in manifest["speakers"]}
    claims = [json.loads(line) for line in (STORE / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    return [
        {
            "set": "bundled",
            "path": STORE / "sources" / file,
            "published": published,
            "claims": [
                {**c, "names": speakers[c["speaker"]], "start": c["span"]["start"], "end": c["span"]["end"]}
                for c in claims
                if c["source"] == file
            ],
        }
        for file, published in BUNDLED_PUBLISHED.items()
    ]


def constructed_documents() -> list[dict[str, Any]]:
    documents = []
    for labels_path in sorted(ARTICLES.glob("*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        path = labels_path.with_name(labels_path.name.replace(".labels.json", ".txt"))
        text = path.read_text(encoding="utf-8")
        claims = []
        for claim in labels["claims"]:
            start = text.find(claim["text"])
            if start < 0 or text.find(claim["text"], start + 1) >= 0:
                sys.exit(f"{labels_path.name}: {claim['text'][:40]!r} is not exactly once in {path.name}")
            speaker = labels["speakers"][claim["speaker"]]
            names = [speaker["name"], *speaker["aliases"]]
            claims.append({**claim, "names": names, "start": start, "end": start + len(claim["text"])})
        documents.append(
            {"set": "constructed", "path": path, "published": labels["published"], "claims": claims}
        )
    return documents


def extract(path: Path, published: str, store: Path) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "facts", "extract", str(path), "--published", published]
    result = subprocess.run([*command, "--store", str(store), "--json"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def same_speaker(proposal: dict[str, Any], names: list[str]) -> bool:
    known = {fold(n) for n in names}
    speaker = proposal["speaker"]
    if fold(speaker["name"]) in known:
        return True
    return speaker["kind"] == "person" and fold(speaker["name"].split()[-1]) in known


def overlaps(proposal: dict[str, Any], claim: dict[str, Any]) -> bool:
    span = proposal["span"]
    return span["start"] < claim["end"] and claim["start"] < span["end"]


def empty_store(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "store.json").write_text(
        json.dumps({"format": 1, "speakers": [], "sources": []}), encoding="utf-8"
    )
    (folder / "claims.jsonl").write_text("", encoding="utf-8")
    return folder


def score(documents: list[dict[str, Any]], store: Path) -> dict[str, Counter[str]]:
    """Count per kind and overall: proposals, correct ones, checked claims, claims found, dates right."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ("all", *KINDS)}
    for document in documents:
        proposals = extract(document["path"], document["published"], store)
        for proposal in proposals:
            right = [
                c for c in document["claims"] if overlaps(proposal, c) and same_speaker(proposal, c["names"])
            ]
            for key in ("all", proposal["kind"]):
                counts[key]["proposed"] += 1
                counts[key]["correct"] += bool(right)
            if not right:
                name = proposal["speaker"]["name"]
                print(f"  wrong  {document['path'].name}: {name}: {proposal['text'][:70]}")
        for claim in document["claims"]:
            found = [p for p in proposals if overlaps(p, claim) and same_speaker(p, claim["names"])]
            for key in ("all", claim["kind"]):
                counts[key]["checked"] += 1
                counts[key]["found"] += bool(found)
                counts[key]["dated"] += any(p["date"] == claim["date"] for p in found)
            if not found:
                print(f"  missed {document['path'].name}: {claim['names'][0]}: {claim['text'][:70]}")
    return counts


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "–"


def markdown(header: list[str], rows: list[list[object]]) -> str:
    """Render rows as a Markdown table, numbers right-aligned."""
    align = ["---" if n < 2 else "---:" for n in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    return "\n".join([*lines, *("| " + " | ".join(map(str, row)) + " |" for row in rows)])


def counted(name: str, kind: str, c: Counter[str]) -> list[object]:
    """The columns both tables share: counts, precision and recall."""
    found = [c["proposed"], c["correct"], c["checked"], c["found"]]
    return [name, kind, *found, ratio(c["correct"], c["proposed"]), ratio(c["found"], c["checked"])]


def table(results: dict[str, dict[str, Counter[str]]]) -> str:
    header = "documents kind proposed correct checked found precision recall".split() + ["dates right"]
    rows = [
        [*counted(name, kind, c), ratio(c["dated"], c["found"])]
        for name, counts in results.items()
        for kind, c in counts.items()
        if c["proposed"] or c["checked"]
    ]
    return markdown(header, rows)


# --- a folder in the gold format (PolNeAR's conversion) ----------------------------------------

PRONOUNS = frozenset("he she it they we i you who which that his her its their him them whom one".split())


def normalise(text: str) -> str:
    """Casefold, straighten quotes and apostrophes, and collapse whitespace (U+00A0 too)."""
    text = text.casefold().translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return " ".join(text.split())


def bare(name: str) -> str:
    """Drop a leading article, and the word "unnamed" that facts puts before an unnamed source."""
    return re.sub(r"^(?:(?:the|a|an)\s+)?(?:unnamed\s+)?", "", normalise(name))


def without_honorific(name: str) -> str:
    return re.sub(r"^(?:mr|mrs|ms|miss|dr)\.?\s+", "", name)


def gold_names(claim: dict[str, Any], lenient: bool = False) -> list[str]:
    names = [claim["speaker"], *(m for m in claim["speaker_mentions"] if normalise(m) not in PRONOUNS)]
    if claim.get("speaker_resolved"):
        names.append(claim["speaker_resolved"])
    found = [bare(n) for n in names if bare(n)]
    return [without_honorific(n) for n in found] if lenient else found


def speaker_matches(predicted: str, claim: dict[str, Any], lenient: bool = False) -> bool:
    """Apply the gold format's speaker rule: equal, or a fuller name with every word of a gold name.

    lenient also takes a gold name without its honorific ("Ms. Gedrich" is matched by "Robyn Gedrich").
    """
    if "pronoun_speaker" in claim["tags"] and not claim.get("speaker_resolved"):
        return True
    name = bare(predicted)
    words = set(name.split())
    return any(name == gold or set(gold.split()) <= words for gold in gold_names(claim, lenient))


def proposed_names(speaker: dict[str, Any], lenient: bool) -> list[str]:
    """Return the names a proposal gives its speaker: its name, and leniently its role and name together."""
    name = speaker["name"]
    return [name, f"{speaker['role']} {name}"] if lenient and speaker["role"] else [name]


def span_overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    return min(e1, e2) - max(s1, s2) >= 0.5 * min(e1 - s1, e2 - s2)


def is_full_name(speaker: dict[str, Any]) -> bool:
    """Tell whether a proposed speaker is named in full: a person with two names, or a named body."""
    name = speaker["name"]
    if speaker["kind"] == "person":
        return len(name.split()) >= 2
    return speaker["kind"] == "institution" and any(c.isupper() for c in name)


GOLD_KINDS = {"direct_quote": "quote", "reported": "reported"}


# The verbs whose relations PolNeAR's conversion keeps as claims (core or optional; README of the
# gold folder). Its other verbs of saying (warn, explain, state, tweet, ...) are dropped there, so a
# claim the extractor finds with them counts as wrong.
CONVERSION_VERBS = """
    say tell write add reply exclaim note claim insist complain argue assert speculate clarify report
    announce boast ask promise pledge vow urge hint suggest outline acknowledge deny
    """.split()


def restrict_verbs(lemmas: list[str]) -> None:
    """Let the extractor use only these verbs of saying: an experiment on the gold's verb list."""
    import facts.extract.cues as cues
    import facts.extract.document as document
    from facts.extract.lexicon import inflections

    forms = {f for lemma in lemmas for f in (lemma, *inflections(lemma))}
    for module in (cues, document):
        module.SPEECH_VERBS = module.SPEECH_VERBS & forms  # type: ignore[attr-defined]
        module.PARTICIPLES = module.PARTICIPLES & forms  # type: ignore[attr-defined]


def score_gold(folder: Path, show: set[str], limit: int, lenient: bool = False) -> dict[str, Counter[str]]:
    """Score every article of a gold folder; print up to `limit` mismatches of the kinds in `show`."""
    from facts.extract import extract_claims

    articles = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ("all", "quote", "reported", "caption")}
    shown = Counter[str]()

    def report(what: str, line: str) -> None:
        if what in show and shown[what] < limit:
            shown[what] += 1
            print(line)

    for article in articles:
        text = (folder / article["file"]).read_bytes().decode("utf-8")
        # A gold with no publication date leaves the extractor to find the date the text prints.
        given = article["publication_date"]
        published = date.fromisoformat(given) if given else None
        proposals = extract_claims(text, file=article["file"], published=published).claims
        core, optional = article["claims"], article["optional_claims"]
        found = [False] * len(core)
        for proposal in proposals:
            s, e = proposal["span"]["start"], proposal["span"]["end"]
            name = proposal["speaker"]["name"]
            spans = [i for i, c in enumerate(core) if span_overlaps(s, e, c["start"], c["end"])]
            names = proposed_names(proposal["speaker"], lenient)
            right = [i for i in spans if any(speaker_matches(n, core[i], lenient) for n in names)]
            if not spans and any(span_overlaps(s, e, c["start"], c["end"]) for c in optional):
                continue  # neutral
            for key in ("all", proposal["kind"]):
                counts[key]["proposed"] += 1
                counts[key]["correct"] += bool(right)
                counts[key]["span_correct"] += bool(spans)
                counts[key]["full_name"] += bool(right) and is_full_name(proposal["speaker"])
            for i in right:
                if not found[i]:
                    _judge_matched(counts, core[i], proposal)
                found[i] = True
            for claim in (*(core[i] for i in spans), *optional):
                # A denial is never to be recorded as an assertion (PolNeAR keeps "deny" cues optional).
                denied = claim.get("stance") == "denies" or claim["cue_class"].startswith("den")
                if denied and span_overlaps(s, e, claim["start"], claim["end"]):
                    counts["all"]["denials"] += 1
                    counts["all"]["denials_asserted"] += proposal.get("stance", "asserts") == "asserts"
                    break
            if not right:
                gold = core[spans[0]]["speaker"] if spans else "-"
                report(
                    "speaker" if spans else "wrong",
                    f"  {'speaker' if spans else 'wrong  '} {article['file'][:40]}@{s}: {name!r} "
                    f"(gold {gold!r}): {text[s:e][:90]!r}",
                )
        for i, claim in enumerate(core):
            kind = GOLD_KINDS[claim["kind"]]
            spanned = any(
                span_overlaps(p["span"]["start"], p["span"]["end"], claim["start"], claim["end"])
                for p in proposals
            )
            for key in ("all", kind):
                counts[key]["checked"] += 1
                counts[key]["found"] += found[i]
                counts[key]["span_found"] += spanned
            if not found[i]:
                report(
                    "missed",
                    f"  missed  {article['file'][:40]}@{claim['start']}: {claim['speaker']!r} "
                    f"[{claim['cue_class']}{' spanned' if spanned else ''}]: {claim['quote'][:90]!r}",
                )
    return counts


def _judge_matched(counts: dict[str, Counter[str]], claim: dict[str, Any], proposal: dict[str, Any]) -> None:
    """Count, on a matched claim, the date and stance right where the gold gives them."""
    kind = GOLD_KINDS[claim["kind"]]
    for key in ("all", kind):
        if "date" in claim:
            counts[key]["date_checked"] += 1
            counts[key]["date_right"] += proposal["date"] == claim["date"]
        if "stance" in claim:
            counts[key]["stance_checked"] += 1
            counts[key]["stance_right"] += proposal.get("stance", "asserts") == claim["stance"]


def gold_table(name: str, counts: dict[str, Counter[str]]) -> str:
    header = "documents kind proposed correct gold found precision recall".split()
    header += ["span-only P", "span-only R", "speaker right", "full names", "dates right", "stance right"]
    rows = [
        [
            *counted(name, kind, c),
            ratio(c["span_correct"], c["proposed"]),
            ratio(c["span_found"], c["checked"]),
            ratio(c["correct"], c["span_correct"]),
            ratio(c["full_name"], c["correct"]),
            ratio(c["date_right"], c["date_checked"]),
            ratio(c["stance_right"], c["stance_checked"]),
        ]
        for kind, c in counts.items()
        if c["proposed"] or c["checked"]
    ]
    return markdown(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, help="a folder with gold.json and the article texts")
    parser.add_argument("--show", default="", help="mismatches to print: wrong,speaker,missed")
    parser.add_argument("--limit", type=int, default=10**9, help="at most this many of each")
    parser.add_argument(
        "--lenient-names",
        action="store_true",
        help="also match a speaker by role and name together, and gold names without an honorific",
    )
    parser.add_argument(
        "--conversion-verbs",
        action="store_true",
        help="experiment: use only the verbs of saying the gold's conversion keeps",
    )
    args = parser.parse_args()
    if args.conversion_verbs:
        restrict_verbs(CONVERSION_VERBS)
    if args.gold is not None:
        counts = score_gold(
            args.gold, set(filter(None, args.show.split(","))), args.limit, args.lenient_names
        )
        print(gold_table(args.gold.name, counts))
        denials = counts["all"]
        print(
            f"\nProposals on a denial: {denials['denials']}, of which recorded as an assertion: "
            f"{denials['denials_asserted']}."
        )
        return
    with tempfile.TemporaryDirectory() as folder:
        store = empty_store(Path(folder) / "store")
        print("Mismatches:")
        results = {
            "bundled (2 documents)": score(bundled_documents(), store),
            f"constructed ({len(list(ARTICLES.glob('*.labels.json')))} articles)": score(
                constructed_documents(), store
            ),
        }
    print()
    print(table(results))


if __name__ == "__main__":
    main()
