"""Finding claims: the cached index of a store (SQLite records and a tantivy index of their words),
the query language, and the statements that group claims reporting the same words."""
