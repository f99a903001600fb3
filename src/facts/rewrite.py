"""Apply a planned correction to a store through the safe writer, under its lock.

The new claims file is written beside claims.jsonl and the whole new store is validated before
anything is renamed. The change is one transaction (facts.transaction): the old store.json and
claims.jsonl are kept until it commits, so a process killed at any moment, or a refused change,
leaves exactly the old store or exactly the new one. Source files nothing refers to any more are
deleted after the commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from facts import bounded
from facts.atomic import replacing
from facts.corrections import ClaimDict, Plan, StoreView
from facts.errors import StoreError
from facts.models import StoreManifest
from facts.paths import StorePaths, source_text
from facts.store import find_candidate_problems, read_manifest
from facts.transaction import begin, commit, recover
from facts.writer import manifest_bytes, replace_file, store_lock

Planner = Callable[[StoreView], Plan]


def store_view(paths: StorePaths) -> StoreView:
    """Return a planner's view of the store as it is on disk now."""
    return StoreView(
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
    return planner(store_view(paths))


def apply(paths: StorePaths, planner: Planner) -> Plan:
    """Plan a correction afresh under the store's lock and write it as one transaction; return the plan."""
    with store_lock(paths):
        plan = planner(store_view(paths))  # under the lock: another writer may just have changed it
        if not plan.changes:
            return plan
        new = _checked_manifest(plan.manifest)
        begin(paths, [], rewrite=True)
        try:
            if plan.touches_claims:
                with replacing(paths.claims) as temp:
                    with open(temp, "wb") as handle:
                        handle.writelines(_new_claim_lines(paths, plan))
                    _refuse_problems(StorePaths(paths.root, temp.name), new)
            else:
                _refuse_problems(paths, new)
            replace_file(paths.manifest, [manifest_bytes(new)])
            commit(paths)
        except BaseException:
            recover(paths)  # a refused or failed change leaves the old store
            raise
        # After the commit: a source file nothing refers to any more. A kill before it leaves an
        # unlisted file behind, never a store that lists a missing one.
        for file in plan.delete_sources:
            try:
                (paths.sources_dir / file).unlink()
            except FileNotFoundError:
                pass
        return plan


def _checked_manifest(manifest: StoreManifest) -> StoreManifest:
    """Validate the planned store.json as it will be read back (model_copy does not validate)."""
    from pydantic import ValidationError

    try:
        return StoreManifest.model_validate_json(manifest_bytes(manifest))
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        raise StoreError(
            f"The change would make store.json invalid: {first['msg']}.", hint="Nothing was changed."
        ) from None


def _refuse_problems(candidate: StorePaths, manifest: StoreManifest) -> None:
    problem = next(find_candidate_problems(candidate, manifest), None)
    if problem is not None:
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
