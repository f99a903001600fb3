"""Extract documents on a Dask cluster: the same pure extraction, mapped over workers.

Needs the optional extra: pip install 'facts[dask]'. The workers read the documents by path, so
on a real cluster the paths must name a file system every worker sees (a shared mount).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from facts.errors import FactsError
from facts.ingest.batch import Known, Outcome, Task
from facts.ingest.documents import NO_DETAILS, Details

LOCAL = "local"  # --dask-scheduler local: start a cluster of local worker processes
_PER_TASK = 32  # documents per Dask task: enough to amortise the scheduler's per-task cost


def connect(address: str, workers: int) -> Any:
    """Return a Dask client for a scheduler address, or for a new local cluster of `workers` processes."""
    try:
        # Imported by name, so the type checker needs no dask: it is an optional extra.
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:
        raise FactsError(
            "Extracting on Dask needs the dask extra.", hint="Install it: pip install 'facts[dask]'"
        ) from None
    try:
        if address == LOCAL:
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            return distributed.Client(cluster)
        return distributed.Client(address, timeout="10s")
    except OSError as err:
        raise FactsError(f"Cannot reach the Dask scheduler at {address}: {err}.") from None


def extract_on_dask(
    client: Any, paths: Sequence[Path], known: Known, given: Details = NO_DETAILS
) -> Iterator[Outcome]:
    """Propose the claims of each document on the client's workers, yielding outcomes in order.

    Outcomes carry the proposals but not the documents' bytes, which stay on the workers.
    """
    task = Task(known, given, replace=True)
    # Sent once to each worker, not with every chunk; under a key of its own (hash=False), so a
    # second call with the same store does not share, and then release, the first call's copy.
    shared = client.scatter(task, broadcast=True, hash=False)
    chunks = [list(paths[i : i + _PER_TASK]) for i in range(0, len(paths), _PER_TASK)]
    futures = client.map(_extract_chunk, chunks, task=shared, pure=False)
    for future in futures:
        yield from future.result()


def _extract_chunk(paths: list[Path], task: Task) -> list[Outcome]:
    return [outcome._replace(document=None) for outcome in map(task, paths)]
