"""Read documents as they come (text in any common encoding, web pages) and take many of them at once.

The public API: `read_document` turns a file's bytes into a `Document` (its text and what is known
about it), and `propose_claims` turns a `Document` into proposed claims, a pure function that runs
anywhere (a process pool, a Dask worker). `facts.ingest.batch` adds many documents to a store.
"""

from facts.ingest.documents import Details, Document, read_document
from facts.ingest.proposals import propose_claims

__all__ = ["Details", "Document", "propose_claims", "read_document"]
