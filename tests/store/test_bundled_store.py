"""Tests of the bundled store: its sources, its claims' provenance and attribution."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from facts.store.paths import StorePaths, bundled_store
from facts.store.reader import find_problems, load_store

ROOT = bundled_store()
CLAIMS = [json.loads(line) for line in (ROOT / "claims.jsonl").read_text("utf-8").splitlines()]
MANIFEST = json.loads((ROOT / "store.json").read_text("utf-8"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _source(name: str) -> str:
    return (ROOT / "sources" / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_claim_text_is_its_source_slice(claim: dict[str, object]) -> None:
    """Every bundled claim's text is exactly its source's characters at its span."""
    span = claim["span"]
    assert isinstance(span, dict)
    assert _source(str(claim["source"]))[span["start"] : span["end"]] == claim["text"]


def test_bundled_store_has_no_problems() -> None:
    """The bundled store passes every check the loader makes."""
    assert list(find_problems(StorePaths(ROOT))) == []


def test_bundled_store_loads_every_claim() -> None:
    """Loading streams all the claims of claims.jsonl."""
    manifest, claims = load_store(StorePaths(ROOT))
    assert len(list(claims)) == len(CLAIMS)
    assert 25 <= len(CLAIMS) <= 45
    assert len(manifest.sources) == 2


def test_recorded_hashes_match_the_files() -> None:
    """Each source's recorded SHA-256 is the hash of the shipped file."""
    for source in MANIFEST["sources"]:
        data = (ROOT / "sources" / source["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not beside this checkout")
def test_sources_are_the_seed_documents_byte_for_byte() -> None:
    """The shipped sources are the seed documents, unchanged."""
    for source in MANIFEST["sources"]:
        shipped = (ROOT / "sources" / source["file"]).read_bytes()
        assert shipped == (SEEDS / source["file"]).read_bytes()


def _by_id(claim_id: str) -> dict[str, object]:
    return next(c for c in CLAIMS if c["id"] == claim_id)


def test_singh_is_one_speaker_across_both_documents() -> None:
    """'Singh' in 000 and 'Deputy Pentagon Press Secretary Sabrina Singh' in 003 are one speaker."""
    files = {c["source"] for c in CLAIMS if c["speaker"] == "sabrina-singh"}
    assert files == {"000_d84966d1273fc390.txt", "003_0070d81cdb036f1a.txt"}


def test_key_quotations_are_attributed_and_dated() -> None:
    """Singh's and the officials' quotations carry the right speaker and the 27 September date."""
    singh = _by_id("003-singh-not-withdrawing")
    assert singh["text"] == "The US is not withdrawing from Iraq"
    assert (singh["speaker"], singh["kind"], singh["date"]) == (
        "sabrina-singh",
        "quote",
        "2024-09-27",
    )
    official = _by_id("000-official-never-quite-out")
    assert official["speaker"] == "unnamed-us-official"
    state = _by_id("003-state-official-not-the-end")
    assert state["speaker"] == "us-state-department-official"


def test_unnamed_officials_are_kept_apart() -> None:
    """The official of 000 and the State Department official of 003 are different speakers."""
    speakers_000 = {c["speaker"] for c in CLAIMS if c["source"].startswith("000") and c["kind"] == "quote"}
    speakers_003 = {
        c["speaker"] for c in CLAIMS if "official" in str(c["speaker"]) and c["source"].startswith("003")
    }
    assert speakers_000 == {"unnamed-us-official"}
    assert speakers_003 == {"us-state-department-official"}


def test_captions_carry_their_own_dates() -> None:
    """Caption claims are dated by their captions: 31 July 2024 and 27 February 2023."""
    dates = {c["date"] for c in CLAIMS if c["kind"] == "caption"}
    assert dates == {"2024-07-31", "2023-02-27"}


def test_january_is_a_month_precision_date() -> None:
    """'In January' is recorded as January 2024, known to the month."""
    claim = _by_id("003-us-begin-negotiations")
    assert (claim["date"], claim["date_precision"]) == ("2024-01-01", "month")


def test_every_direct_quotation_is_in_the_store() -> None:
    """Every passage inside curly double quotes in the sources is a quote claim (or holds one)."""
    import re

    quotes = {(c["source"], c["text"]) for c in CLAIMS if c["kind"] == "quote"}
    for source in MANIFEST["sources"]:
        for match in re.finditer(r"“([^”]*)”", _source(source["file"])):
            inner = match.group(1).rstrip(",")
            assert (source["file"], inner) in quotes, inner


def test_undated_claims_explain_their_date() -> None:
    """A claim whose source prints no date for it says how its date was found."""
    for claim in CLAIMS:
        assert claim["date_basis"], claim["id"]
