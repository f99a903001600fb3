"""Find the statements of a stream of claims in memory that does not grow with the claims' words.

The grouping's rule and keys are statement_rule's, its design statement_grouping's. What a build
must hold is written to files as it comes and read back a part at a time:

* each claim's id and normalised words go to a words file, read back by offset (os.pread, which
  leaves the pages to the operating system's cache) when a pair is checked or a statement written;
* each (wording key, claim) and (sample key, claim) goes to one of a number of partition files,
  by its key's value, in numpy's binary format; a partition holds every row of its keys, so each
  is grouped alone, sorted in C: the claims with the same words, then each key's claims;
* the candidate pairs a key finds go to pair partitions, by the first claim's number, each sorted
  and with its repeats dropped before its pairs are checked.

The number of partitions follows the size of the input (about PARTITION_ROWS rows each), so one
partition's arrays take the same memory at a thousand claims and at ten million. What stays in
memory per claim is a few bytes in flat arrays (where its words and line are, whether it is
negated, whether it has a clause break, its sizes, its statement's root: 26 bytes) and the numbers of the
claims that share a statement.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from facts.search.statement_rule import (
    CLAUSE_BREAKS,
    FUNCTION_WORDS,
    MIN_CONTENT_WORDS,
    MIN_WORDS,
    NEAR_RATIO,
    OVERLAP_JACCARD,
    PreparedWords,
    contained_prepared,
    content_values,
    is_negated,
    many_sample_keys,
    may_be_cut,
    word_list,
    words_key,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MAX_POSTING = 16
PARTITION_ROWS = 1_000_000  # rows of (key, claim) a partition is sized for: 16 MB, sorted in C
_FLUSH_ROWS = 500_000  # rows gathered before they are written to their partitions
_CHUNK = 65_536  # rows turned into Python objects at a time
_READ_CACHE = 16_384  # claims kept read for the pair checks (pairs come by first claim)
_PAIR_SHIFT = 32  # a pair (i, j) is packed as i << 32 | j: claim numbers stay under 2**31

Wordings = Callable[[Iterable[tuple[int, int]]], None]  # (words key, tag of its first claim)
Samples = Callable[[Iterable[tuple[int, bytes | None]]], None]  # (key, tags packed or None)


class StatementFinder:
    """Group claims given one at a time, spilling to a folder: words and keys now, the rest at finish.

    Each claim comes with a tag (an int64: a build passes its line's offset in claims.jsonl), which
    the wordings and samples written at finish name it by. expected_bytes (the input's size, a
    guess is enough) sets how many partitions the keys are spread over.
    """

    def __init__(self, folder: Path, expected_bytes: int) -> None:
        self._folder = folder
        # A partition is the keys of the same low bits: the keys themselves are the smallest
        # values of their claims' shingles, so their top bits are far from even.
        self._key_bits = max(1, (expected_bytes // 40 // PARTITION_ROWS).bit_length())
        self._words_bits = max(1, (expected_bytes // 200 // PARTITION_ROWS).bit_length())
        self._tags = array("q")
        self._at = array("q", [0])  # where each claim's record starts in the words file, and the end
        # Each claim's number of words and of distinct content words: enough to rule out most
        # candidate pairs before their words are read (0 when not grouped).
        self._lengths = array("H")
        self._content_sizes = array("H")
        self._negated = bytearray()
        self._breaks = bytearray()  # whether it has a clause break (see statement_rule)
        self._words: BinaryIO = (folder / "words").open("w+b")
        # Waiting for their partitions: the content word values of each claim to file (its keys
        # are worked out in NumPy a chunk of claims at a time), and each claim's wording key.
        self._values = array("q")
        self._counts = array("q")
        self._filed = array("q")
        self._wordings = (array("q"), array("q"))

    def __len__(self) -> int:
        return len(self._tags)

    def add(self, claim_id: str, text: str, tag: int) -> None:
        """Take one claim; claims are numbered from 0 in the order given."""
        number = len(self._tags)
        self._tags.append(tag)
        tokens = word_list(text)
        grouped = len(tokens) >= MIN_WORDS
        joined = " ".join(tokens) if grouped else ""
        record = f"{claim_id}\t{joined}\n".encode()
        self._words.write(record)
        self._at.append(self._at[-1] + len(record))
        if not grouped:  # too short to tell one statement from another: never grouped
            self._lengths.append(0)
            self._content_sizes.append(0)
            self._negated.append(False)
            self._breaks.append(False)
            return
        vocabulary = set(tokens)
        # Sizes past 65,535 are kept as 65,535: the bounds they feed only get looser.
        self._lengths.append(min(len(tokens), 65_535))
        self._content_sizes.append(min(len(vocabulary - FUNCTION_WORDS), 65_535))
        self._negated.append(is_negated(tokens))
        self._breaks.append(not vocabulary.isdisjoint(CLAUSE_BREAKS))
        self._wordings[0].append(words_key(joined))
        self._wordings[1].append(number)
        values = content_values(tokens)
        self._values.extend(values)
        self._counts.append(len(values))
        self._filed.append(number)
        if len(self._values) >= _FLUSH_ROWS:
            self._spill()

    def _spill(self) -> None:
        import numpy as np

        claim, key = many_sample_keys(self._values, self._counts)
        held = np.frombuffer(self._filed, dtype=np.int64)[claim]
        _write_partitions(self._folder / "keys", key, held, self._key_bits)
        words, numbers = (np.frombuffer(rows, dtype=np.int64) for rows in self._wordings)
        _write_partitions(self._folder / "wordings", words, numbers, self._words_bits)
        del words, numbers  # views of the arrays emptied below
        for rows in (self._values, self._counts, self._filed, *self._wordings):
            del rows[:]

    def tag(self, number: int) -> int:
        """Return the tag a claim came with."""
        return self._tags[number]

    def record(self, number: int) -> tuple[str, str]:
        """Return a claim's id and normalised words (space-joined; empty when too short)."""
        start, end = self._at[number], self._at[number + 1]
        claim_id, _, joined = (
            os.pread(self._words.fileno(), end - start, start).decode()[:-1].rpartition("\t")
        )
        return claim_id, joined

    def finish(self, wordings: Wordings, samples: Samples) -> list[list[int]]:
        """Check the candidate pairs; write each wording's first claim and each key's claims;
        return the claims of each statement of more than one, each list in claim order."""
        import numpy as np  # builds only: a query never groups

        self._spill()
        self._words.flush()
        groups = _UnionFind(len(self._tags))
        tags = np.frombuffer(self._tags, dtype=np.int64)
        firsts = self._same_words(groups, tags, wordings)
        pairs = _Pairs(self._folder / "pairs", len(self._tags), self._key_bits)
        for key, held in _partitions(self._folder / "keys", self._key_bits, firsts):
            samples(self._sample_rows(key, held, tags, pairs))
        self._check(groups, pairs)
        return groups.groups()

    def _same_words(self, groups: _UnionFind, tags: npt.NDArray[np.int64], wordings: Wordings) -> _Firsts:
        """Join the claims with the same words, whatever their number; write each wording's first."""
        import numpy as np

        later, first_of = array("q"), array("q")  # 8 bytes for each claim that repeats earlier words
        for key, held in _partitions(self._folder / "wordings", self._words_bits, None):
            runs = _run_starts(key)
            single = np.diff(np.append(runs, len(key))) == 1
            wordings(_chunked(key[runs[single]], tags[held[runs[single]]], packed=False))
            rows: list[tuple[int, int]] = []
            for start, end in _runs(runs[~single], len(key), runs):
                # Two wordings may share a key (a 1 in 2**64 chance): the words themselves decide.
                seen: dict[str, int] = {}
                for number in held[start:end].tolist():
                    first = seen.setdefault(self.record(number)[1], number)
                    if first == number:
                        rows.append((int(key[start]), int(tags[number])))
                    else:
                        later.append(number)
                        first_of.append(first)
                        groups.join(number, first)
            wordings(rows)
        repeats = np.frombuffer(later, dtype=np.int64)
        order = np.argsort(repeats, kind="stable")
        return _Firsts(repeats[order], np.frombuffer(first_of, dtype=np.int64)[order])

    def _sample_rows(
        self,
        key: npt.NDArray[np.int64],
        held: npt.NDArray[np.int64],
        tags: npt.NDArray[np.int64],
        pairs: _Pairs,
    ) -> Iterator[tuple[int, bytes | None]]:
        """Yield each key of a partition with its claims' tags (None past MAX_POSTING), and send
        the candidate pairs of the keys of two or more to pairs."""
        import numpy as np

        runs = _run_starts(key)
        single = np.diff(np.append(runs, len(key))) == 1
        singles = _chunked(key[runs[single]], tags[held[runs[single]]], packed=True)
        shared: list[tuple[int, bytes | None]] = []
        negated, breaks = self._negated, self._breaks
        for start, end in _runs(runs[~single], len(key), runs):
            if end - start > MAX_POSTING:
                shared.append((int(key[start]), None))  # boilerplate: never a candidate
                continue
            shared.append((int(key[start]), tags[held[start:end]].tobytes()))
            # Claims negated differently meet only rule 2, which then needs a clause break in one.
            pairs.add(
                (i, j)
                for i, j in combinations(held[start:end].tolist(), 2)
                if negated[i] == negated[j] or breaks[i] or breaks[j]
            )
        yield from heapq.merge(singles, shared, key=itemgetter(0))  # in key order

    def _check(self, groups: _UnionFind, pairs: _Pairs) -> None:
        read: dict[int, _Read] = {}

        def reading(number: int) -> _Read:
            found = read.get(number)
            if found is None:
                if len(read) >= _READ_CACHE:
                    read.clear()
                found = read[number] = _Read(*self.record(number))
            return found

        negated = self._negated
        for i, j in pairs.unique():
            if groups.root(i) == groups.root(j):
                continue
            a, b = reading(i), reading(j)
            if b.id < a.id:  # difflib's ratio may depend on the order: id order, always
                a, b = b, a
            if negated[i] == negated[j] and self._could_be_near(i, j):
                same = a.prepared().same(b.prepared())
            else:  # rules 3 and 4 cannot hold: only containment is left to test
                same = may_be_cut(a.joined, b.joined) and contained_prepared(a.prepared(), b.prepared())
            if same:
                groups.join(i, j)

    def _could_be_near(self, a: int, b: int) -> bool:
        """Whether rule 3 or 4 could hold, by the sizes alone: near-identical words need lengths
        within NEAR_RATIO, overlapping content words need content sizes within OVERLAP_JACCARD."""
        la, lb = self._lengths[a], self._lengths[b]
        if 2.0 * min(la, lb) >= NEAR_RATIO * (la + lb):
            return True
        ca, cb = self._content_sizes[a], self._content_sizes[b]
        return min(ca, cb) >= MIN_CONTENT_WORDS and min(ca, cb) >= OVERLAP_JACCARD * max(ca, cb)

    def close(self) -> None:
        """Close the words file (the caller removes the folder)."""
        self._words.close()


class _Read:
    """A claim's record as the pair checks read it, its words prepared on first need."""

    __slots__ = ("id", "joined", "_prepared")

    def __init__(self, claim_id: str, joined: str) -> None:
        self.id, self.joined = claim_id, joined
        self._prepared: PreparedWords | None = None

    def prepared(self) -> PreparedWords:
        if self._prepared is None:
            self._prepared = PreparedWords(self.joined.split())
        return self._prepared


class _UnionFind:
    """Claims joined into statements: a root per claim in a flat array, the joined ones listed."""

    def __init__(self, size: int) -> None:
        self._parent = array("i", range(size))
        self._joined: list[int] = []

    def root(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.root(i), self.root(j)
        if ri != rj:
            self._parent[max(ri, rj)] = min(ri, rj)
            self._joined.extend((i, j))

    def groups(self) -> list[list[int]]:
        found: dict[int, set[int]] = {}
        for i in self._joined:
            found.setdefault(self.root(i), set()).add(i)
        return [sorted(members) for members in found.values()]


class _Firsts:
    """The claims whose words an earlier claim has, sorted, and that claim of each."""

    def __init__(self, later: npt.NDArray[np.int64], first: npt.NDArray[np.int64]) -> None:
        self.later, self.first = later, first

    def replace(self, held: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Return the claims with each one that repeats earlier words replaced by that earlier one."""
        import numpy as np

        if not len(self.later):
            return held
        at = np.minimum(np.searchsorted(self.later, held), len(self.later) - 1)
        return np.where(self.later[at] == held, self.first[at], held)


class _Pairs:
    """Candidate pairs, spilled to partitions by their first claim's number."""

    def __init__(self, folder: Path, claims: int, bits: int) -> None:
        self._folder = folder
        self._bits = bits
        self._shift = max(0, claims.bit_length() - bits)
        self._pending: list[int] = []

    def add(self, pairs: Iterable[tuple[int, int]]) -> None:
        self._pending.extend((i << _PAIR_SHIFT) | j for i, j in pairs)
        if len(self._pending) >= _FLUSH_ROWS:
            self.spill()

    def spill(self) -> None:
        import numpy as np

        if self._pending:
            packed = np.array(self._pending, dtype=np.int64)
            _write_split(self._folder, packed, (packed >> _PAIR_SHIFT) >> self._shift)
            self._pending.clear()

    def unique(self) -> Iterator[tuple[int, int]]:
        """Yield each pair once, by first claim then second."""
        import numpy as np

        self.spill()
        for part in range(1 << self._bits):
            path = self._folder / f"{part}.npy"
            if path.exists():
                for packed in np.unique(np.fromfile(path, dtype=np.int64)).tolist():
                    yield packed >> _PAIR_SHIFT, packed & ((1 << _PAIR_SHIFT) - 1)


def _write_partitions(
    folder: Path, key: npt.NDArray[np.int64], held: npt.NDArray[np.int64], bits: int
) -> None:
    import numpy as np

    if not len(key):
        return
    part = key & ((1 << bits) - 1)
    _write_split(folder, np.stack((key, held), axis=1), part)


def _write_split(folder: Path, rows: npt.NDArray[np.int64], part: npt.NDArray[np.int64]) -> None:
    """Append each row to the file of its partition."""
    import numpy as np

    folder.mkdir(exist_ok=True)
    order = np.argsort(part, kind="stable")
    rows, part = rows[order], part[order]
    bounds = np.flatnonzero(np.diff(part)) + 1
    for chunk, first in zip(np.split(rows, bounds), np.split(part, bounds), strict=True):
        with (folder / f"{int(first[0])}.npy").open("ab") as handle:
            handle.write(np.ascontiguousarray(chunk).tobytes())


def _partitions(
    folder: Path, bits: int, firsts: _Firsts | None
) -> Iterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """Yield each partition's keys and claims, sorted by key then claim, each row once (claims
    that repeat earlier words replaced by the earlier claim when firsts is given)."""
    import numpy as np

    for part in range(1 << bits):
        path = folder / f"{part}.npy"
        if not path.exists():
            continue
        rows = np.fromfile(path, dtype=np.int64).reshape(-1, 2)
        path.unlink()  # read once: the disk it took is free for the next steps
        key, held = rows[:, 0], rows[:, 1]
        if firsts is not None:
            held = firsts.replace(held)
        order = np.lexsort((held, key))
        key, held = key[order], held[order]
        keep = np.ones(len(key), dtype=bool)
        keep[1:] = (key[1:] != key[:-1]) | (held[1:] != held[:-1])
        yield key[keep], held[keep]


def _chunked(
    key: npt.NDArray[np.int64], tag: npt.NDArray[np.int64], packed: bool
) -> Iterator[tuple[int, Any]]:
    """Yield (key, tag) rows, the tag as an int or packed in 8 bytes, a chunk of Python objects
    at a time: a whole partition's would take 40 bytes a row."""
    for at in range(0, len(key), _CHUNK):
        keys = key[at : at + _CHUNK].tolist()
        if packed:
            data = tag[at : at + _CHUNK].tobytes()
            yield from zip(keys, (data[i : i + 8] for i in range(0, len(data), 8)), strict=True)
        else:
            yield from zip(keys, tag[at : at + _CHUNK].tolist(), strict=True)


def _run_starts(key: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    import numpy as np

    starts = np.ones(len(key), dtype=bool)
    starts[1:] = key[1:] != key[:-1]
    return np.flatnonzero(starts)


def _runs(
    chosen: npt.NDArray[np.intp], length: int, starts: npt.NDArray[np.intp]
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of the chosen runs, each ending where the next run starts."""
    import numpy as np

    ends = np.append(starts[1:], length)
    yield from zip(chosen.tolist(), ends[np.searchsorted(starts, chosen)].tolist(), strict=True)


@contextlib.contextmanager
def spill_folder(near: Path | None) -> Iterator[Path]:
    """Yield a new folder for a build's spilled rows, beside near if it can be made there (the
    cache folder: never a memory-backed temporary folder when there is a choice), else in the
    system's temporary folder; removed afterwards."""
    try:
        made = tempfile.TemporaryDirectory(prefix=".statements-spill-", dir=near)
    except OSError:
        made = tempfile.TemporaryDirectory(prefix="facts-statements-")
    with made as name:
        yield Path(name)
