"""Propose attributed claims from a plain-text news article: quotations, reported speech and captions.

Rule-based, in the tradition of textacy's direct quotations and the BBC's citron, as a pipeline of
stages, each a module: the article's layout (`text`), its quotations (`quotes`), the cues of
attribution (`lexicon`, `cues`), the speaker phrases (`mentions`) and who they are (`entities`), the
reported content (`content`), the walk over the document (`document`), dates (`dates`), and the
claims assembled with ids and dates (`claims`). `extract_claims` is the one entry point.
"""

from facts.extract.claims import Extraction, NewSpeaker, extract_claims, slug
from facts.extract.entities import StoreSpeaker

__all__ = ["Extraction", "NewSpeaker", "StoreSpeaker", "extract_claims", "slug"]
