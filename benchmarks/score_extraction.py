"""Score `facts extract` against hand-checked claims: precision and recall, overall and by kind.

Usage: python benchmarks/score_extraction.py [--markdown]

Documents:
- the two bundled documents, against the bundled store's 28 claims;
- the constructed articles in tests/data/articles/, against their *.labels.json files.

Each document is run through the real command, `python -m facts extract FILE --published DATE
--json`, against an empty store, so no speaker is found by looking it up in the store that holds
the answers. A proposal is correct when its span overlaps a hand-checked claim's span and its
speaker is the same entity: the proposed speaker's name, with any leading article (and the word
"unnamed") dropped, equals the checked speaker's name or one of its aliases, or, for a person, its
surname does. Precision counts proposals that match some checked claim; recall counts checked
claims that some proposal matches. Dates are compared on the matched pairs.
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


def table(results: dict[str, dict[str, Counter[str]]]) -> str:
    lines = [
        "| documents | kind | proposed | correct | checked | found | precision | recall | dates right |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, counts in results.items():
        for kind, c in counts.items():
            if not (c["proposed"] or c["checked"]):
                continue
            lines.append(
                f"| {name} | {kind} | {c['proposed']} | {c['correct']} | {c['checked']} | {c['found']} "
                f"| {ratio(c['correct'], c['proposed'])} | {ratio(c['found'], c['checked'])} "
                f"| {ratio(c['dated'], c['found'])} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args()
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
