"""Apply a planned correction to a store through the safe writer, under its lock.

The new claims file is written beside claims.jsonl and the whole new store is validated before
anything is renamed. The change is one transaction (facts.store.transaction): the old list files
(store.json, speakers.jsonl, sources.jsonl, claims.jsonl) are kept until it commits, so a process
killed at any moment, or a refused change, leaves exactly the old store or exactly the new one.
Files of sources/ and originals/ it writes or deletes (a replaced document's, a removed source's)
are journaled with it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from facts.errors import StoreError
from facts.store import bounded
from facts.store.atomic import replace_many, replacing
from facts.store.corrections import ClaimDict, Plan, StoreContents
from facts.store.models import StoreManifest
from facts.store.paths import CLAIMS_NAME, StorePaths, check_store_files, source_text
from facts.store.reader import find_candidate_problems, read_manifest
from facts.store.transaction import begin, commit, list_files, recover
from facts.store.writer import store_lock, write_manifest

Planner = Callable[[StoreContents], Plan]


def store_contents(paths: StorePaths) -> StoreContents:
    """Return a planner's view of the store as it is on disk now."""
    return StoreContents(
        read_manifest(paths), lambda: read_claim_dicts(paths), lambda file: source_text(paths, file)
    )


def read_claim_dicts(paths: StorePaths) -> Iterator[ClaimDict]:
    """Yield each claim of claims.jsonl as parsed JSON, in file order."""
    for number, line in _claim_lines(paths):
        yield _parsed(number, line)


def _claim_lines(paths: StorePaths) -> Iterator[tuple[int, bytes]]:
    with open(paths.claims, "rb") as handle:
        for number, line in bounded.numbered_lines(handle):
            if line is None:
                raise StoreError(f"{paths.claims.name}: line {number}: {bounded.too_long()}.")
            if line.strip():
                yield number, line


def _parsed(number: int, line: bytes) -> Any:
    """Parse one line of claims.jsonl; a line that is not JSON is a data problem naming it."""
    try:
        return bounded.loads(line)
    except (ValueError, RecursionError) as err:
        raise StoreError(f"claims.jsonl: line {number}: not valid JSON: {err}.") from None


def preview(paths: StorePaths, planner: Planner) -> Plan:
    """Plan a correction without writing anything, to show what it would change."""
    return planner(store_contents(paths))


def apply(paths: StorePaths, planner: Planner) -> Plan:
    """Plan a correction afresh under the store's lock and write it as one transaction; return the plan."""
    with store_lock(paths):
        plan = planner(store_contents(paths))  # under the lock: another writer may just have changed it
        if not plan.changes:
            return plan
        new = _checked_manifest(plan.manifest)
        _write(paths, plan, new)
        return plan


def _write(paths: StorePaths, plan: Plan, new: StoreManifest) -> None:
    """Write a plan as one transaction: every file it renames or deletes is journaled."""
    check_store_files(paths)  # sources/ must not be a symlink to somewhere else
    if os.path.islink(paths.originals_dir):
        raise StoreError(f"{paths.originals_dir} is a symbolic link; facts writes only in its own folders.")
    files = {
        "sources": (paths.sources_dir, plan.write_sources, plan.delete_sources),
        "originals": (paths.originals_dir, plan.write_originals, plan.delete_originals),
    }
    kept = {
        key: [n for n in dict.fromkeys([*(n for n, _ in writes), *deletes]) if os.path.lexists(folder / n)]
        for key, (folder, writes, deletes) in files.items()
    }
    begin(
        paths,
        [n for n, _ in plan.write_sources],
        [n for n, _ in plan.write_originals],
        rewritten=list_files(paths),
        kept_sources=kept["sources"],
        kept_originals=kept["originals"],
    )
    try:
        for folder, writes, deletes in files.values():
            if writes:
                folder.mkdir(exist_ok=True)
                replace_many([(folder / name, data) for name, data in writes])
            for name in deletes:
                (folder / name).unlink(missing_ok=True)
        if plan.touches_claims or plan.append_claims:
            with replacing(paths.claims) as temp:
                with open(temp, "wb") as handle:
                    handle.writelines(_new_claim_lines(paths, plan))
                    handle.writelines(plan.append_claims)
                _refuse_problems(StorePaths(paths.root, temp.name), new)
        else:
            _refuse_problems(paths, new)
        write_manifest(paths, new)
        commit(paths)
    except BaseException:
        recover(paths)  # a refused or failed change leaves the old store
        raise


def _checked_manifest(manifest: StoreManifest) -> StoreManifest:
    """Validate the planned store.json as it will be read back (model_copy does not validate)."""
    from pydantic import ValidationError

    try:
        return StoreManifest.model_validate_json(manifest.model_dump_json())
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        raise StoreError(
            f"The change would make store.json invalid: {first['msg']}.", hint="Nothing was changed."
        ) from None


def _refuse_problems(candidate: StorePaths, manifest: StoreManifest) -> None:
    problem = next(find_candidate_problems(candidate, manifest), None)
    if problem is not None:
        if problem.file == candidate.claims.name:  # the temporary file the new claims are written to
            problem = dataclasses.replace(problem, file=CLAIMS_NAME)
        raise StoreError(f"The change would break the store: {problem}.", hint="Nothing was changed.")


def _new_claim_lines(paths: StorePaths, plan: Plan) -> Iterator[bytes]:
    """Yield claims.jsonl after the plan: unchanged lines byte for byte, edited ones re-serialised."""
    for number, line in _claim_lines(paths):
        claim: Any = _parsed(number, line)
        edited = plan.edit_claim(claim)
        if edited is claim:
            yield line if line.endswith(b"\n") else line + b"\n"
        elif edited is not None:
            yield (json.dumps(edited, ensure_ascii=False) + "\n").encode("utf-8")
