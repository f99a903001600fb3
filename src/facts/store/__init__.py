"""The store: the only code that reads or writes store files (store.json, claims.jsonl, sources/)."""
