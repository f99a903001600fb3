"""Each claim records its cue as written, its lemma, and whether the speaker asserts, denies or asks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from facts.cli.app import app
from facts.cli.entry import parse_fast
from facts.extract import extract_claims
from facts.store.models import Claim, Stance

PUBLISHED = date(2025, 3, 4)


def claims_of(text: str) -> list[dict[str, Any]]:
    return [dict(c) for c in extract_claims(text, file="t.txt", published=PUBLISHED).claims]


def one(claims: list[dict[str, Any]], words: str) -> dict[str, Any]:
    found = [c for c in claims if words in c["text"]]
    assert len(found) == 1, claims
    return found[0]


def test_a_denial_is_recorded_as_denied_never_as_asserted() -> None:
    """ "The studio denied that a deal had been reached" is the studio denying it, with its cue."""
    claims = claims_of("Talks go on\n\nThe studio denied that a deal had been reached with the writers.")
    claim = one(claims, "a deal had been reached")
    assert (claim["speaker"]["name"], claim["stance"]) == ("The studio", "denies")
    assert (claim["cue"], claim["cue_lemma"]) == ("denied", "deny")


def test_every_form_of_deny_and_dispute_is_a_denial() -> None:
    """Present and past forms of deny, dispute and reject all record the stance "denies"."""
    text = (
        "Rail row\n\nThe operator denies that the trains were late. "
        "Mayor Ruth Okafor disputed claims that the line was unsafe. "
        "The union rejected suggestions that its members had walked out."
    )
    claims = claims_of(text)
    stances = {c["cue_lemma"]: c["stance"] for c in claims}
    assert stances == {"deny": "denies", "dispute": "denies", "reject": "denies"}


def test_a_question_is_asked_not_asserted() -> None:
    """A quoted question with "asked", and "asked whether", are questions."""
    claims = claims_of(
        'Budget gap\n\n"Where did the money go?" Ms. Hale asked. '
        "Councillor Tom Ruiz asked whether the audit would be published."
    )
    question = one(claims, "Where did the money go?")
    assert (question["speaker"]["name"], question["stance"], question["cue"]) == ("Hale", "asks", "asked")
    whether = one(claims, "the audit would be published")
    assert (whether["speaker"]["name"], whether["stance"]) == ("Tom Ruiz", "asks")


def test_said_and_according_to_are_assertions_with_their_cue() -> None:
    """An ordinary attribution asserts; its cue is kept as written and as a lemma."""
    claims = claims_of(
        "Bridge works\n\nAccording to the mayor, the bridge will reopen in May. "
        '"We are on schedule," the engineer told reporters.'
    )
    according = one(claims, "the bridge will reopen")
    assert (according["stance"], according["cue"], according["cue_lemma"]) == (
        "asserts",
        "According to",
        "according to",
    )
    told = one(claims, "We are on schedule")
    assert (told["stance"], told["cue"], told["cue_lemma"]) == ("asserts", "told", "tell")


def test_an_old_claim_without_stance_reads_as_before_and_is_written_as_before() -> None:
    """A stored claim without the new fields asserts by an unknown cue, and is written without them."""
    old = {
        "id": "c-1",
        "text": "The fund is empty",
        "kind": "reported",
        "speaker": "s-1",
        "date": "2024-01-02",
        "source": "a.txt",
        "span": {"start": 0, "end": 17},
    }
    claim = Claim.model_validate(old)
    assert (claim.stance, claim.cue, claim.cue_lemma) == (Stance.ASSERTS, None, None)
    assert set(json.loads(claim.model_dump_json())) == {*old, "date_precision", "date_basis"}
    denied = claim.model_copy(update={"stance": Stance.DENIES, "cue": "denied", "cue_lemma": "deny"})
    assert Claim.model_validate_json(denied.model_dump_json()) == denied


def test_the_fast_path_takes_stance_and_cue() -> None:
    """`list --stance denies --cue denied` is parsed without the full CLI."""
    query = parse_fast(["list", "--stance", "denies", "--cue=denied"], stdout_is_tty=False)
    assert query is not None
    assert (query.stance, query.cue) == ("denies", "denied")


def test_stance_and_cue_filter_list_search_and_by_speaker(tiny_store: Path, tmp_path: Path) -> None:
    """After adding an article, --stance and --cue select its denial in list, search and by-speaker."""
    article = tmp_path / "in" / "harbour-deal.txt"
    article.parent.mkdir()
    article.write_text(
        "Harbour deal in doubt\n\n"
        "The harbour board denied that a sale of the docks had been agreed. "
        'Board chair Anna Lindqvist said the talks would continue. "We will take our time," she said.\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    store = ["--store", str(tiny_store)]
    added = runner.invoke(app, ["add", str(article), "--published", "2025-03-04", "--accept", "all", *store])
    assert added.exit_code == 0, added.output

    def texts(*args: str) -> list[str]:
        result = runner.invoke(app, [*args, *store, "--json"])
        assert result.exit_code == 0, result.output
        return [c["text"] for c in json.loads(result.stdout)]

    denial = ["a sale of the docks had been agreed"]
    assert texts("list", "--stance", "denies") == denial
    assert texts("list", "--cue", "deny") == denial
    assert texts("list", "--cue", "Denied") == denial
    assert texts("search", "docks", "--stance", "denies") == denial
    assert texts("search", "docks", "--stance", "asserts") == []
    assert "the talks would continue" in texts("by-speaker", "Lindqvist", "--cue", "said")
    bad = runner.invoke(app, ["list", "--stance", "maybe", *store])
    assert bad.exit_code == 2 and "--stance takes one of" in bad.stderr
    table = runner.invoke(app, ["list", "--stance", "denies", *store, "--format", "table"])
    assert "reported · denies" in table.stdout
    [denied] = json.loads(runner.invoke(app, ["list", "--stance", "denies", *store, "--json"]).stdout)
    shown = runner.invoke(app, ["show", denied["id"], *store])
    assert shown.exit_code == 0 and "stance: denies (cue: denied)" in shown.stdout
    exported = runner.invoke(app, ["export", "--format", "jsonl", *store])
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {(c["stance"], c["cue"], c["cue_lemma"]) for c in lines if c["id"] == denied["id"]} == {
        ("denies", "denied", "deny")
    }
