"""The grouping of claims into statements: the rule, hand-made pairs and the bundled store."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from facts.search.statement_grouping import (
    MAX_POSTING,
    ClaimText,
    Report,
    distinct_reports,
    drift,
    group_statements,
)
from facts.search.statement_rule import (
    MIN_WORDS,
    SAMPLES,
    WINDOW,
    content_words,
    same_statement,
    sample_keys,
    words,
)

# Pairs written for these tests: the same statement as two outlets would carry it.
SAME = [
    ("The US is not withdrawing from Iraq.", "“The U.S. is not withdrawing from Iraq,”"),
    ("We are not withdrawing our troops from the region", "We are not leaving our troops from the region"),
    (
        "the city will open three new shelters before the winter storms arrive",
        "the city will open 3 new shelters before the winter storms arrive",
    ),
    (
        "Our budget will not cover the cost of the new bridge next year",
        "our budget will not cover the cost of the new bridge",
    ),
    (
        "The ministry says the dam is safe and inspections found no cracks",
        "The ministry says the dam is safe, and its inspections found no cracks",
    ),
    (
        "all foreign forces are present in the country at the invitation of the government",
        "All foreign forces are present in the country at the invitation of the government.",
    ),
    (
        "The mayor said the bridge would reopen to traffic in early March after repairs",
        "the bridge would reopen to traffic in early March after the repairs, the mayor said",
    ),
    (
        "prices of bread and milk rose sharply in the northern provinces last month",
        "bread and milk prices rose sharply last month in the northern provinces",
    ),
    (
        "I don't have numbers to share with you today about the deployment",
        "I do not have numbers to share with you today about the deployment",
    ),
    (
        "the hospital has enough beds and staff to handle the flu season",
        "the hospital has enough staff and beds to handle this flu season",
    ),
    (
        "the coalition mission will end in September and the advisers will leave",
        "The coalition's mission will end in September, and advisers will leave",
    ),
    (
        "the company plans to cut four hundred jobs at its plant in the south",
        "the firm plans to cut four hundred jobs at its southern plant",
    ),
    # A quotation cut out of a longer one, after a negated clause that does not reach it (the
    # bundled store's Singh quotation and a shorter report of it), and one cut with words left out:
    (
        "I don’t have numbers to read out and locations to share with you, but I think it’s fair "
        "to say that our footprint is going to be changing within the country",
        "Our footprint is going to be changing within the country",
    ),
    (
        "we will keep the harbour open through the winter, whatever the cost to the city, and "
        "repair the quay in spring",
        "we will keep the harbour open … and repair the quay in spring",
    ),
    # Paraphrases in other words, as the two seed reports of the bundled store carry the timeline:
    (
        "a plan to conclude the coalition's military mission by September 2025",
        "the military mission in Iraq would end in September 2025",
    ),
    (
        "the United States is not withdrawing its forces from the country",
        "the end of the mission would not result in a full withdrawal of United States forces",
    ),
]
# Pairs that look alike but are different statements.
DIFFERENT = [
    ("The US is not withdrawing from Iraq", "The US is withdrawing from Syria"),
    (
        "the city will open three new shelters before the winter",
        "the city will close three old shelters after the winter",
    ),
    ("prices of bread rose sharply last month", "prices of fuel fell sharply this month"),
    (
        "the minister said the talks with the union had failed",
        "the union said the talks with the minister had gone well",
    ),
    ("We will win this election", "We will lose this election"),
    (
        "the hospital has enough beds for the flu season",
        "the school has enough teachers for the new term",
    ),
    (
        "the mission in Iraq will end in September 2025",
        "the mission in Syria will continue until September 2026",
    ),
    ("Yes.", "Yes."),
    ("No comment", "No comment"),
    (
        "the bridge will reopen to traffic in March",
        "the tunnel will close to traffic in March for repairs to its lights",
    ),
    (
        "inflation is the main worry of voters in the capital",
        "unemployment is the main worry of voters in the north",
    ),
    (
        "the army has no plans to send more troops to the border",
        "the army plans to send more troops to the border next week",
    ),
    (
        "the minister will visit Paris on Monday to meet the president",
        "the minister will visit Berlin on Monday to meet the chancellor",
    ),
    (
        "the central bank will raise interest rates by half a point in June",
        "the central bank will cut interest rates by half a point in June",
    ),
    # Cuts that drop a negation reaching the words kept, or leave one out of the middle:
    (
        "I do not believe the new bridge will open to traffic before the end of the year",
        "the new bridge will open to traffic before the end of the year",
    ),
    (
        "the council will close the harbour road, though not before the summer season ends",
        "the council will close the harbour road before the summer season ends",
    ),
    (
        "the army will not, under any plan we have seen, send more troops to the border",
        "the army will … send more troops to the border",
    ),
]


def _grouped(a: str, b: str) -> bool:
    return same_statement(words(a), words(b))


def test_hand_made_pairs_precision_and_recall() -> None:
    found_same = sum(_grouped(a, b) for a, b in SAME)
    found_different = sum(_grouped(a, b) for a, b in DIFFERENT)
    precision = found_same / (found_same + found_different)
    recall = found_same / len(SAME)
    # docs/statements.md quotes these figures; change both together.
    assert (found_same, found_different) == (14, 1), (precision, recall)


def test_a_quotation_cut_from_a_longer_one_is_the_same_statement() -> None:
    """A cut after a negated clause that does not reach it is grouped; one that drops a negation
    reaching its words, or a cut too short to tell, is not."""
    long = "I don't have figures for you, but our footprint is going to be changing within the country"
    assert _grouped(long, "Our footprint is going to be changing within the country")
    assert not _grouped(
        "I don't think our footprint is going to be changing within the country",
        "our footprint is going to be changing within the country",
    )
    assert not _grouped(long, "within the country")
    # Grouped as the build groups them, whatever the order the claims come in.
    claims = [
        ClaimText("b", long, "s", "x"),
        ClaimText("a", "our footprint is going to be changing", "s", "y"),
    ]
    assert group_statements(claims) == [["a", "b"]]


def test_claims_sharing_a_window_of_shingles_share_a_key() -> None:
    """Any WINDOW shingles in a row that two claims share give them a common key, so a quotation
    cut out of a long claim is always compared with it, however many shingles the long one has."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(400)]
    for _ in range(500):
        long = rng.choices(vocabulary, k=rng.randint(12, 60))
        size = rng.randint(WINDOW + 1, 10)
        at = rng.randrange(len(long) - size + 1)
        cut = long[at : at + size]
        assert set(sample_keys(cut)) & set(sample_keys(long)), (cut, long)


def test_nested_spans_and_cut_quotations_are_not_counted_apart() -> None:
    """A span inside another of its source, and a quotation cut from a longer one, add no speaker
    and no wording; another source crediting another speaker still does."""
    long = " ".join(words("our footprint is going to be changing within the country, she said"))
    cut = " ".join(words("our footprint is going to be changing within the country"))
    nested = [Report("singh", "a.txt", 10, 80, long), Report("pentagon", "a.txt", 10, 66, cut)]
    assert distinct_reports(nested) == (1, 1)
    assert distinct_reports([*nested, Report("singh", "b.txt", 0, 56, cut)]) == (1, 1)
    assert distinct_reports([*nested, Report("austin", "b.txt", 0, 56, cut)]) == (2, 1)
    other = " ".join(words("our footprint is going to be growing within the country"))
    assert distinct_reports([*nested, Report("singh", "b.txt", 0, 56, other)]) == (1, 2)


def test_normalising_ignores_case_punctuation_quote_marks_and_spacing() -> None:
    assert words("“The  U.S. isn’t\nleaving,” she said.") == words('"the u.s. isnt leaving" She said')


def test_short_quotations_are_never_grouped() -> None:
    assert not _grouped("Not withdrawing", "Not withdrawing")


def test_grouping_is_transitive_and_ordered() -> None:
    claims = [
        ClaimText("c", "the bridge will reopen to traffic in early March after repairs", "x", "s2"),
        ClaimText("a", "the bridge will reopen to traffic in early March", "y", "s1"),
        ClaimText(
            "b",
            "“The bridge will reopen to traffic in early March after repairs, and the road too”",
            "z",
            "s3",
        ),
        ClaimText("d", "something else entirely about the weather in the hills", "x", "s1"),
    ]
    assert group_statements(claims) == [["a", "b", "c"]]
    assert group_statements(reversed(claims)) == [["a", "b", "c"]]


def test_many_identical_claims_are_one_statement() -> None:
    claims = [
        ClaimText(f"c{i:03}", "the same words carried by many outlets today", "x", f"s{i}")
        for i in range(200)
    ]
    groups = group_statements(claims)
    assert len(groups) == 1 and len(groups[0]) == 200


def test_bundled_store_groups_the_shared_invitation_words() -> None:
    path = Path(__file__).parents[2] / "facts" / "claims.jsonl"
    claims = [
        ClaimText(c["id"], c["text"], c["speaker"], c["source"])
        for c in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]
    groups = group_statements(claims)
    assert groups == [["000-iraq-invitation", "000-singh-invitation"]]
    # Pairs a reader judges to be the same statement: the shared words, and the joint statement's
    # timeline and Singh's "not withdrawing" carried by both seed reports in other words.
    truth = {
        ("000-iraq-invitation", "000-singh-invitation"),
        ("000-statement-plan-september-2025", "003-statement-end-september-2025"),
        ("000-statement-plan-september-2025", "003-statement-first-stage"),
        ("003-statement-end-september-2025", "003-statement-first-stage"),
        ("000-statement-syria-2026", "003-statement-second-stage"),
        ("000-singh-not-withdrawing", "003-singh-not-withdrawing"),
    }
    found = {(g[i], g[j]) for g in groups for i in range(len(g)) for j in range(i + 1, len(g))}
    # Precision 1/1, recall 1/6: paraphrases in other words are out of the rule's reach.
    assert (len(found & truth), len(found - truth), len(truth)) == (1, 0, 6)


def test_drift_marks_the_words_that_differ() -> None:
    pieces = drift("We are not withdrawing from Iraq.", "“We are not leaving Iraq,” she said")
    assert "".join(p for p, _ in pieces) == "“We are not leaving Iraq,” she said"
    assert [p.strip() for p, changed in pieces if changed] == ["leaving", "she", "said"]
    assert not any(changed for _, changed in drift("The U.S. is here", "the US is here"))


def _reference_groups(claims: list[ClaimText]) -> list[list[str]]:
    """The rule applied the slow, plain way: every shingle's claims listed, every candidate pair checked."""
    ordered = sorted(claims, key=lambda c: c.id)
    tokens = [words(c.text) for c in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[max(root(i), root(j))] = min(root(i), root(j))

    first_with: dict[tuple[str, ...], int] = {}
    held: dict[int, list[int]] = {}
    for i, toks in enumerate(tokens):
        if len(toks) < MIN_WORDS:
            continue
        if toks in first_with:
            join(i, first_with[toks])
            continue
        first_with[toks] = i
        content = [t for t in toks if t in content_words(toks)]
        shingles = [_shingle_value(x, y) for x, y in zip(content, content[1:], strict=False)]
        keys = set(sorted(set(shingles))[:SAMPLES])
        if len(set(shingles)) >= SAMPLES + WINDOW:  # and the smallest of every WINDOW in a row
            keys |= {min(shingles[k : k + WINDOW]) for k in range(len(shingles) - WINDOW + 1)}
        for key in keys:
            held.setdefault(key, []).append(i)
    for claims_of in held.values():
        if len(claims_of) <= MAX_POSTING:
            for n, i in enumerate(claims_of):
                for j in claims_of[n + 1 :]:
                    if same_statement(tokens[i], tokens[j]):
                        join(i, j)
    groups: dict[int, list[str]] = {}
    for i, claim in enumerate(ordered):
        groups.setdefault(root(i), []).append(claim.id)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def _shingle_value(first: str, second: str) -> int:
    """A shingle's value as the rule in statement_rule.py defines it, worked out plainly."""
    a, b = (hashlib.blake2b(w.encode(), digest_size=8).digest() for w in (first, second))
    low = 2**63  # values are cut to 63 bits
    return (int.from_bytes(a, "big") % low * 0x205B33031F0B9745 ^ int.from_bytes(b, "big") % low) % low


def test_the_fast_grouping_equals_the_rule_applied_plainly() -> None:
    """Over claims from a small vocabulary (shingles past the bound, near copies, negations,
    repeats, claims given out of id order), the build finds exactly the plain rule's statements."""
    rng = random.Random(13)
    vocabulary = "bridge harbour ferry quay not never the a of to will reopen close port city council".split()
    claims: list[ClaimText] = []
    for n in range(3_000):
        if claims and rng.random() < 0.4:
            base = rng.choice(claims).text.split()
            change = rng.randrange(4)
            if change == 0 and len(base) > 4:
                del base[rng.randrange(len(base))]
            elif change == 1:
                base[rng.randrange(len(base))] = rng.choice(vocabulary)
            elif change == 2:
                base = ["Not", *base]
            text = " ".join(base) + rng.choice(["", ".", "!"])
        else:
            text = " ".join(rng.choices(vocabulary, k=rng.randint(2, 14)))
        claims.append(ClaimText(f"c{rng.randrange(10**6):06}-{n}", text, "s", "f"))
    expected = _reference_groups(claims)
    assert len(expected) > 50  # the draw does group claims, and some shingles pass the bound
    assert group_statements(claims) == expected
