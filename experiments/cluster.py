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

# The default engine (no --serial, --workers or --cluster) runs a batch in this process when
# its runs are estimated below SERIAL_BELOW_SECONDS of computing (``estimate_cost``, which
# reads about 0.6x the wall time of a loaded machine), or when fewer than MIN_FREE_CORES cores
# are free (cores minus the 1-minute load average). Measured on the 2-core development machine
# shared with other jobs (load average 6 to 18: no free core), ``tremplin batch baseline
# --months 60 --replications R``, --serial vs --workers 2, wall time with the command's start:
#   R=10 (estimate  4 s): serial  15.0 s, Dask  29.4 s
#   R=40 (estimate 16 s): serial  63.8 s, Dask  69.2 s
#   R=80 (estimate 31 s): serial 125.6 s, Dask 128.7 s
# Without a free core a local cluster only adds its start-up (5.4 s on an idle machine, about
# 14 s under that load: starting processes, importing Mesa in each, closing); with two free
# cores it gains about 1.4x (README: 200 runs, serial 133 s, Dask 97 s), which repays 14 s of
# start-up from about 50 s of serial wall time, an estimate of about 30 s.
MIN_FREE_CORES = 1.5
SERIAL_BELOW_SECONDS = 30.0


def default_workers() -> int:
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def free_cores() -> float:
    """Cores this process may use minus the 1-minute load average (what other work leaves)."""
    try:
        return default_workers() - os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this system
        return float(default_workers())


def prefer_serial(estimated_seconds: float, workers: int | None = None) -> tuple[bool, str]:
    """Whether a batch of ``estimated_seconds`` of computing should run in this process
    rather than on a fresh local Dask cluster (the default engine's choice), and why."""
    if (workers or default_workers()) < 2:
        return True, "one core"
    if estimated_seconds < SERIAL_BELOW_SECONDS:
        return True, f"below the {SERIAL_BELOW_SECONDS:g} s from which a local cluster pays off"
    free = free_cores()
    if free < MIN_FREE_CORES:
        return True, (f"{max(free, 0):.1f} cores free (load average): a local cluster would "
                      "only add its start-up")
    return False, f"{free:.1f} cores free"


@contextmanager
def dask_client(address: str | None = None, workers: int | None = None) -> Iterator:
    """A ``distributed.Client`` on the cluster at ``address`` (``tcp://HOST:PORT``), or on a
    fresh LocalCluster of ``workers`` single-threaded processes (default: all cores).

    The local dashboard listens on a free port (``:0``): with ``None`` the scheduler still
    tries 8787 and prints "Port 8787 is already in use" whenever another cluster has it."""
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
                           dashboard_address=":0", silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
