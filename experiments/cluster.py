"""Where batches and calibrations run: a Dask cluster, local by default.

Dask (``dask.distributed``) is the engine: it starts locally in about a second with no set-up,
recovers tasks from a lost worker, and the same code reaches SLURM/PBS (dask-jobqueue) or
Kubernetes (Dask operator) through a scheduler address. Spawned workers each pay the import of
Mesa once, so callers should hand every task a chunk of short runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tremplin.errors import UsageError


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def dask_client(address: str | None = None, workers: int | None = None) -> Iterator:
    """A ``distributed.Client`` on the cluster at ``address`` (``tcp://HOST:PORT``), or on a
    fresh LocalCluster of ``workers`` single-threaded processes (default: all cores)."""
    import logging

    from dask.distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address:
        try:
            client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as e:
            raise UsageError(f"--cluster {address}: could not reach a Dask scheduler there ({e}); "
                             "expected tcp://HOST:PORT of a running scheduler") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or default_workers()
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
