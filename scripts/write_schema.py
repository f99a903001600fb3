"""Write the JSON Schemas of the store's files, generated from the pydantic models.

Run from the checkout: python scripts/write_schema.py
"""

from __future__ import annotations

import json
from pathlib import Path

from facts.store.models import Claim, Source, Speaker, StoreHeader, StoreManifest

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "facts" / "schema"
SCHEMAS = {
    "store.schema.json": StoreHeader,  # store.json of format 2
    "speaker.schema.json": Speaker,  # a line of speakers.jsonl
    "source.schema.json": Source,  # a line of sources.jsonl
    "claim.schema.json": Claim,  # a line of claims.jsonl
    "store-format-1.schema.json": StoreManifest,  # store.json of format 1, which listed everything
}


def schema_texts() -> dict[str, str]:
    """Return each schema file's name and its JSON text."""
    return {
        name: json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMAS.items()
    }


if __name__ == "__main__":
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_DIR / name}")
