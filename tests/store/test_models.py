"""Tests of the store's pydantic models."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from facts.store.models import Claim, ClaimKind, DatePrecision, Span, Speaker

SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)


def _claim(**changes: object) -> Claim:
    data: dict[str, object] = {
        "id": "c-1",
        "text": "hello",
        "kind": "quote",
        "speaker": "s",
        "date": "2024-09-27",
        "source": "a.txt",
        "span": {"start": 3, "end": 8},
    }
    data.update(changes)
    return Claim.model_validate(data)


def test_claim_parses_real_types() -> None:
    """A claim's date becomes a date and its kind an enum member."""
    claim = _claim()
    assert claim.date == dt.date(2024, 9, 27)
    assert claim.kind is ClaimKind.QUOTE
    assert claim.date_precision is DatePrecision.DAY


def test_claim_rejects_unknown_fields() -> None:
    """A misspelt field is an error, not silently dropped."""
    with pytest.raises(ValidationError, match="Extra inputs"):
        _claim(speeker="x")


def test_span_must_not_be_empty_or_reversed() -> None:
    """A span ends after it starts."""
    with pytest.raises(ValidationError):
        Span(start=5, end=5)


def test_claim_rejects_impossible_dates() -> None:
    """2024-02-30 is not a date."""
    with pytest.raises(ValidationError):
        _claim(date="2024-02-30")


def test_claim_rejects_unknown_kind() -> None:
    """kind is a closed set."""
    with pytest.raises(ValidationError):
        _claim(kind="rumour")


def test_claim_is_frozen() -> None:
    """Claims cannot be changed after loading."""
    with pytest.raises(ValidationError):
        _claim().text = "changed"  # type: ignore[misc]


@given(
    cid=SLUG,
    text=st.text(min_size=1, max_size=60),
    start=st.integers(0, 10_000),
    kind=st.sampled_from(list(ClaimKind)),
    day=st.dates(),
    precision=st.sampled_from(list(DatePrecision)),
    basis=st.none() | st.text(max_size=40),
)
def test_claim_round_trips_through_json(
    cid: str,
    text: str,
    start: int,
    kind: ClaimKind,
    day: dt.date,
    precision: DatePrecision,
    basis: str | None,
) -> None:
    """Any valid claim written as JSON reads back equal."""
    claim = Claim(
        id=cid,
        text=text,
        kind=kind,
        speaker="s",
        date=day,
        date_precision=precision,
        date_basis=basis,
        source="a.txt",
        span=Span(start=start, end=start + len(text)),
    )
    assert Claim.model_validate_json(claim.model_dump_json()) == claim


def test_speaker_aliases_are_a_tuple_of_names() -> None:
    """Aliases default to none and may not be empty strings."""
    assert Speaker(id="x", name="X", kind="person").aliases == ()
    with pytest.raises(ValidationError):
        Speaker(id="x", name="X", kind="person", aliases=[""])


def test_committed_json_schemas_are_current() -> None:
    """facts/schema/ holds what scripts/write_schema.py generates from the models today."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("write_schema", root / "scripts" / "write_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.schema_texts().items():
        assert (root / "facts" / "schema" / name).read_text("utf-8") == text, name
