"""Take a new document into a store: turn proposed claims into store records and add them safely."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

from pydantic import BaseModel, ConfigDict, ValidationError

from facts.errors import FactsError, StoreError
from facts.extract import Extraction, NewSpeaker, StoreSpeaker
from facts.ingest.documents import NO_DETAILS, Details, Document, read_document
from facts.ingest.planning import Accepted, SpeakerBook, digest, first_error, plan_document
from facts.ingest.proposals import propose_claims
from facts.ingest.stored import stored
from facts.store import bounded
from facts.store.atomic import current_umask
from facts.store.files import (
    MAX_CANDIDATES_BYTES,
    check_regular,
    is_plain_name,
    open_regular,
    read_bounded,
)
from facts.store.manifest import StoreView, read_view
from facts.store.paths import (
    MANIFEST_NAME,
    StorePaths,
    is_demo,
    os_error_message,
    resolve_store,
    user_store,
)
from facts.store.records import ClaimRecord
from facts.store.writer import add_to_store


class AddResult(NamedTuple):
    """What `facts add` changed: claims and speakers added, and the source's name in the store."""

    claims: int
    speakers: int
    source: str


def store_speakers(manifest: StoreView) -> list[StoreSpeaker]:
    """Return the store's speakers in the form the extractor matches names against."""
    return list(manifest.speakers)


def speaker_ids(paths: StorePaths) -> frozenset[str]:
    """Return the ids of the store's speakers now: what a proposal made next is matched against."""
    return frozenset(s.id for s in read_view(paths).speakers)


def stored_name(
    paths: StorePaths, document: Document, on_wait: Callable[[], None] | None = None
) -> str | None:
    """Return the name the store already keeps this exact document under, if any."""
    return stored(paths, digests=[document.sha256], on_wait=on_wait).documents.get(document.sha256)


def claims_of_source(paths: StorePaths, file: str) -> list[tuple[int, int, str]]:
    """Return (span start, span end, speaker id) of each claim of one source, from the store's index."""
    from facts.search.index import open_index

    index = open_index(paths)
    try:
        return index.claims_of_source(file)
    finally:
        index.close()


def propose(
    paths: StorePaths,
    document: Document,
    given: Details = NO_DETAILS,
    on_wait: Callable[[], None] | None = None,
) -> Extraction:
    """Run the extractor on a document, matching its speakers against the store's.

    on_wait is called if a writer holds the store for over a second.
    """
    manifest = read_view(paths)
    name = stored_name(paths, document, on_wait)
    same_source = {speaker for _, _, speaker in claims_of_source(paths, name)} if name else set()
    return propose_claims(
        document._replace(name=name or document.name),
        given=given,
        store_speakers=store_speakers(manifest),
        same_source=same_source,
    )


def read_candidates(path: Path) -> list[ClaimRecord]:
    """Read a candidates file (a regular file, within MAX_CANDIDATES_BYTES) and check its claims."""
    try:
        raw = read_bounded(open_regular(path), MAX_CANDIDATES_BYTES, path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FactsError(f"Cannot read {path}: {os_error_message(err)}.") from None
    return parse_candidates(raw, str(path))


def parse_candidates(raw: str, origin: str) -> list[ClaimRecord]:
    """Read the claims of a candidates file (the JSON array or JSON Lines `facts extract` prints)."""
    try:
        stripped = raw.lstrip()
        items: Any = (
            bounded.loads(raw)
            if stripped.startswith("[")
            else [bounded.loads(x) for x in raw.splitlines() if x.strip()]
        )
    except (json.JSONDecodeError, RecursionError) as err:
        raise FactsError(f"{origin} is not the JSON that `facts extract --json` prints: {err}.") from None
    if not isinstance(items, list):
        raise FactsError(f"{origin} is not a JSON array of claims.")
    claims: list[ClaimRecord] = []
    names: dict[str, tuple[int, str]] = {}  # speaker id -> (first claim giving it, its name)
    for number, item in enumerate(items, 1):
        try:
            claim = _Candidate.model_validate(item)
        except ValidationError as err:
            raise FactsError(f"{origin}: claim {number}: {first_error(err)}.") from None
        first, name = names.setdefault(claim.speaker.id, (number, claim.speaker.name))
        if name != claim.speaker.name:
            raise FactsError(
                f"{origin}: claims {first} and {number} give speaker {claim.speaker.id!r} two names, "
                f"{name!r} and {claim.speaker.name!r}.",
                hint="Give each speaker one id and one name.",
            )
        claims.append(cast(ClaimRecord, claim.model_dump()))
    return claims


class _Part(BaseModel):
    # strict: a span of 3.0, "3" or true is a mistake in the file, not an offset.
    model_config = ConfigDict(strict=True, frozen=True)


class _CandidateSpan(_Part):
    start: int
    end: int


class _CandidateSpeaker(_Part):
    id: str
    name: str
    kind: str | None = None
    role: str | None = None
    organization: str | None = None


class _CandidateSource(_Part):
    file: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


class _Candidate(_Part):
    """One claim of a candidates file, as `facts extract --json` prints it (extra fields are ignored)."""

    id: str
    text: str
    kind: str
    speaker: _CandidateSpeaker
    date: str | None  # None when the document prints no date; adding it then needs --published
    date_precision: str | None
    date_basis: str | None = None
    source: _CandidateSource
    span: _CandidateSpan
    stance: str = "asserts"  # absent from candidates files written before stances were recorded
    cue: str | None = None
    cue_lemma: str | None = None


def find_source_file(origin: Path, candidates: Sequence[ClaimRecord], given: Path | None) -> Path:
    """Find the document a candidates file was made from: as given, beside the candidates, or here.

    The file name comes from the candidates, which may come from anyone: it must name a regular
    file directly inside the folder, never a path or a symlink that leads out of it.
    """
    if given is not None:
        return given
    names = {c["source"]["file"] for c in candidates}
    if len(names) != 1:
        raise FactsError(
            f"{origin} has claims from {len(names)} sources; give one document's claims at a time."
        )
    return locate_source(origin, names.pop())


def locate_source(origin: Path, name: str) -> Path:
    """Find a candidates file's document by name, beside the candidates or here.

    A web page's claims name its derived text (page.html.txt); the page itself is found too. The
    name comes from the candidates, which may come from anyone: it must be a plain file name, and
    what it names a regular file, never a path or a symlink that leads out of these folders.
    """
    if not is_plain_name(name):
        raise FactsError(
            f"{origin} names its source {name!r}, which is not a file name beside it.",
            hint="Give the document's path: facts add FILE --from ...",
        )
    for candidate in dict.fromkeys((name, name.removesuffix(".txt"))):
        for folder in (origin.parent, Path.cwd()):
            if os.path.lexists(folder / candidate):
                try:
                    check_regular(folder / candidate)
                except OSError as err:
                    raise FactsError(
                        f"Cannot use {folder / candidate}, the source of {origin}: {os_error_message(err)}.",
                        hint="Give the document's path: facts add FILE --from ...",
                    ) from None
                return folder / candidate
    raise FactsError(
        f"Cannot find {name}, the source of {origin}.", hint="Give its path: facts add FILE --from ..."
    )


def candidate_documents(origin: Path, candidates: Sequence[ClaimRecord]) -> list[Accepted]:
    """Group a candidates file of many documents by document, reading each document it names."""
    groups: dict[str, list[ClaimRecord]] = {}
    for claim in candidates:
        groups.setdefault(claim["source"]["file"], []).append(claim)
    accepted = []
    for name, claims in groups.items():
        path = locate_source(origin, name)
        document = read_document(path)
        if document.name != name:
            raise FactsError(f"{path} is read as {document.name}, but {origin} names it {name}.")
        accepted.append(Accepted(str(path), document, claims, []))
    return accepted


def add_document(
    paths: StorePaths,
    document: Document,
    claims: Sequence[ClaimRecord],
    new_speakers: Sequence[NewSpeaker] = (),
    on_wait: Callable[[], None] | None = None,
    planned_with: Collection[str] | None = None,
) -> AddResult:
    """Add a document and the accepted claims about it to a store, with any speakers it does not have.

    on_wait is called if another writer holds the store for over a second. planned_with are the
    ids of the store's speakers when the claims were proposed (see speaker_ids); speakers added
    since are matched again under the writer's lock.
    """
    manifest = read_view(paths)
    found = stored(paths, names=[document.name], digests=[document.sha256], on_wait=on_wait)
    name = found.documents.get(document.sha256)  # the name the store keeps this document under
    in_store = name is not None
    if name is None:
        name = document.name
        same_name = found.names.get(name)
        if same_name is not None and same_name.sha256 != digest(document):
            raise FactsError(
                f"The store already has a different document named {name}.",
                hint="Pass --replace --accept all to replace it and its claims, or rename the file.",
            )
        in_store = same_name is not None
    # A document the store does not have yet has no claims to skip.
    known = set(claims_of_source(paths, name)) if in_store else set()
    plan = plan_document(SpeakerBook.of(manifest), document, name, claims, new_speakers, known)
    originals = [(document.original.file, document.data)] if document.original else []
    from facts.search.upkeep import StoreCaches  # the index and the statements: adds only

    try:
        added = add_to_store(
            paths,
            plan.speakers,
            [(plan.source, document.text_bytes())],
            plan.claims,
            originals,
            on_wait,
            planned_with=frozenset(s.id for s in manifest.speakers) if planned_with is None else planned_with,
            caches=StoreCaches(),
        )
    except OSError as err:  # a full disk, a read-only store or sources/ folder
        where = err.filename or paths.root
        raise StoreError(f"Cannot write to {where}: {os_error_message(err)}.") from None
    return AddResult(added, len(plan.speakers) if added else 0, name)


def writable_store(path: Path | None, *, create: bool = True) -> tuple[StorePaths, bool]:
    """Return the store a write changes: the one given, else your store, made empty if create is set.

    The bundled demo store lives inside the installed package and is never written. The second
    value says whether your store was just made.
    """
    if path is not None:
        paths = resolve_store(path)
        if is_demo(paths):
            raise StoreError(
                "The demo store is read-only.",
                hint="Leave out --store demo to write your own store, or give one `facts init PATH` made.",
            )
        return paths, False
    target = user_store()
    _remove_unfinished_copies(target)
    if (target / "store.json").is_file():
        return resolve_store(target), False
    if not create:
        raise StoreError(
            "You have no store of your own yet, and the demo store is read-only.",
            hint="`facts add FILE` or `facts init` makes your store.",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _copying(target):
            return _make_empty_store(target)
    except OSError as err:
        raise StoreError(f"Cannot create your store at {target}: {os_error_message(err)}.") from None


def _make_empty_store(target: Path) -> tuple[StorePaths, bool]:
    """Make an empty store at target, unless another process makes it first (then use theirs)."""
    from facts.store.models import FORMAT_VERSION, StoreManifest
    from facts.store.writer import write_store

    # A folder of our own, renamed into place whole, so two first adds at once never see half a store.
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        temporary.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a store follows the umask
        write_store(StorePaths(temporary), StoreManifest(format=FORMAT_VERSION, speakers=(), sources=()), [])
        temporary.rename(target)
    except OSError as err:
        shutil.rmtree(temporary, ignore_errors=True)
        if (target / MANIFEST_NAME).is_file():  # another process created it first: use theirs
            return resolve_store(target), False
        raise StoreError(f"Cannot create your store at {target}: {os_error_message(err)}.") from None
    return resolve_store(target), True


@contextlib.contextmanager
def _copying(target: Path) -> Iterator[None]:
    """Hold the store's parent folder locked shared: a first-use store is being made there."""
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_SH)
        yield
    finally:
        os.close(folder)


def _remove_unfinished_copies(target: Path) -> None:
    """Remove the folders of first-use stores whose makers were killed before they became the store.

    A store being made holds the parent folder locked shared (a lock the kernel drops when its
    process dies); only when nobody holds it are the leftovers a dead process's, never the
    folder another process is making.
    """
    try:
        leftovers = list(target.parent.glob(f".{target.name}.new-*"))
        if not leftovers:
            return
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a store is being made: a later start cleans up
            for leftover in leftovers:
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
        finally:
            os.close(folder)
    except OSError:
        return  # leftovers cost disk space only; they never stop an add
