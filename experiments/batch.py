"""Batches: every scenario run R times with common random numbers, in chunks on Dask.

Replication k of every scenario runs on the same seed (drawn from ``numpy.random.SeedSequence``
of the base seed and k), so a difference between scenarios is paired and not noise. A run is a
pure function of (scenario, seed, months): the result is the same serially, on a local cluster
or on a remote one, and each finished run is stored at once (``store.py``), so a killed batch
restarts where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError, UsageError
from tremplin.model import indicators
from tremplin.model.scenario import to_dict

from .stats import holm, paired_p, t_interval
from .store import SHOWN, ResultStore, RunIdentity, run_stem, slug

ID_COLUMNS = ("scenario", "replication", "seed")
SUMMARY_COLUMNS = ("scenario", "indicator", "mean", "std", "ci_low", "ci_high", "diff_mean",
                   "diff_ci_low", "diff_ci_high", "n", "n_pairs", "diff_p", "diff_p_holm")
# Counts since month 0 read from the model's public snapshot each month and stored beside the
# indicators (as ``NAME_since_start``): what costs per additional regularisation need.
SNAPSHOT_COUNTS = ("arrivals", "first_jobs", "regularisations", "departures")
SPEND_PREFIX = "spend_"  # + account + "_eur": cumulative spending of each lever account
SCENARIO_FILES = "scenarios"  # DIR/scenarios/NAME.toml: each resolved scenario as it ran


class ClusterError(TremplinError):
    """A Dask task that failed as a task (not a model run that raised)."""


def replication_seed(base_seed: int, replication: int) -> int:
    """The seed of replication ``replication``, the same for every scenario of a batch.

    Independent streams per replication (``SeedSequence`` spawn keys); the seed of replication
    k does not depend on how many replications the batch has, so a batch can be extended.
    """
    ss = np.random.SeedSequence(int(base_seed), spawn_key=(int(replication),))
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def scenario_hash(resolved: dict, months: int) -> str:
    text = json.dumps({"scenario": resolved, "months": months}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class RunSpec:
    """One run of a batch; ``scenario`` is the resolved scenario as a plain dict."""

    label: str
    replication: int
    seed: int
    months: int
    scenario: dict = field(repr=False, compare=False)

    @property
    def stem(self) -> str:
        return run_stem(self.label, self.replication)


@dataclass
class Batch:
    """Scenarios (label -> validated scenario) x replications, on common random numbers."""

    scenarios: dict
    replications: int
    months: int | None = None
    base_seed: int = 0
    kind: str = "batch"
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.replications < 1:
            raise UsageError(f"--replications must be at least 1, got {self.replications}")
        slugs: dict[str, str] = {}
        for label in self.scenarios:
            s = slug(label)
            if s in slugs:
                raise UsageError(f"scenarios {slugs[s]!r} and {label!r} have the same name; "
                                 "give each scenario file a distinct name")
            slugs[s] = label
        self._resolved = {lab: to_dict(s) for lab, s in self.scenarios.items()}

    def horizon(self, label: str) -> int:
        return int(self.months if self.months is not None
                   else self._resolved[label]["run"]["months"])

    @property
    def labels(self) -> list[str]:
        return list(self.scenarios)

    def seeds(self) -> list[int]:
        return [replication_seed(self.base_seed, k) for k in range(self.replications)]

    def runs(self) -> list[RunSpec]:
        """Replication-major order, so a partial batch has every scenario for its first seeds."""
        seeds = self.seeds()
        return [RunSpec(lab, k, seeds[k], self.horizon(lab), self._resolved[lab])
                for k in range(self.replications) for lab in self.labels]

    def resolved(self, label: str) -> dict:
        """The resolved scenario of ``label`` as plain data (every field, defaults included)."""
        return self._resolved[label]

    def definition(self) -> dict:
        return {"kind": self.kind, "base_seed": self.base_seed,
                "replications": self.replications,
                "scenarios": {lab: {"months": self.horizon(lab),
                                    "hash": scenario_hash(self._resolved[lab], self.horizon(lab))}
                              for lab in self.labels},
                "provenance": provenance(),
                **self.extra}


# ---------------------------------------------------------------------- provenance
def git_commit(folder: Path | None = None) -> str | None:
    """The commit of the git checkout holding ``folder`` (default: this package), with
    ``+changes`` when tracked files differ from it; None outside a checkout or without git."""
    folder = folder or Path(__file__).resolve().parent
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                  text=True, timeout=10, check=True).stdout.strip()

        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}+changes" if dirty else commit or None


def provenance() -> dict:
    """What produced a result folder: the Tremplin version, the git commit when it runs from
    a checkout, Python, and the command line."""
    import platform

    from tremplin import __version__

    return {"tremplin_version": __version__, "git_commit": git_commit(),
            "python": platform.python_version(), "command": " ".join(sys.argv[:64])[:4000]}


def write_scenario_files(batch: Batch, out: Path | str) -> Path:
    """Each resolved scenario of ``batch`` as ``DIR/scenarios/NAME.toml``: every field as it
    ran (defaults and presets filled in), a file ``tremplin validate`` accepts, so a result
    folder says exactly what was simulated even after the scenario files change."""
    import tomli_w

    folder = Path(out) / SCENARIO_FILES
    folder.mkdir(parents=True, exist_ok=True)
    for label in batch.labels:
        data = batch.resolved(label)
        head = {k: data[k] for k in ("name", "description") if k in data}
        body = {k: v for k, v in data.items() if k not in head}
        text = (f"# resolved scenario {label!r} as run by this batch (every field)\n"
                + tomli_w.dumps(head) + "\n" + tomli_w.dumps(body))
        path = folder / f"{slug(label)}.toml"
        tmp = path.with_suffix(".toml.part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return folder


def keep_experiment_file(source: Path | str, out: Path | str) -> Path:
    """A copy of the experiment file that produced ``out``, as ``DIR/experiment.toml``."""
    path = Path(out) / "experiment.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(Path(source).read_bytes())
    return path


# ---------------------------------------------------------------------- running
def run_one(spec: RunSpec) -> pd.DataFrame:
    """Run one scenario on its seed; the frame has the id columns, every indicator, then the
    counts since month 0 and the spending of each lever account (``extra_columns``).

    The model is stepped as ``run_scenario`` steps it (a test checks that the indicators are
    the same), reading the public ``snapshot`` and the municipality's accounts each month:
    pure queries, so the run's random draws are untouched."""
    from tremplin.model import TremplinModel
    from tremplin.model.scenario import validate

    scn = validate(spec.scenario, where=f"scenario {spec.label!r}")
    model = TremplinModel(scn, seed=spec.seed)
    extras = [month_extras(model)]
    for _ in range(spec.months):
        model.step()
        extras.append(month_extras(model))
    ts = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    ts = ts[indicators.names()]
    return tag(pd.concat([ts, pd.DataFrame(extras)], axis=1), spec)


def extra_columns() -> list[str]:
    """The stored columns beyond the indicators: counts since month 0, then each lever
    account's cumulative spending (EUR)."""
    from tremplin.model.levers import ACCOUNTS

    return ([f"{name}_since_start" for name in SNAPSHOT_COUNTS]
            + [f"{SPEND_PREFIX}{account}_eur" for account in dict.fromkeys(ACCOUNTS)])


def month_extras(model) -> dict[str, float]:
    """This month's ``extra_columns`` of a running model (pure queries)."""
    from tremplin.model import snapshot
    from tremplin.model.levers import ACCOUNTS

    snap = snapshot(model)
    spent = model.municipality.spent
    return {**{f"{name}_since_start": getattr(snap, name) for name in SNAPSHOT_COUNTS},
            **{f"{SPEND_PREFIX}{a}_eur": float(spent.get(a, 0.0))
               for a in dict.fromkeys(ACCOUNTS)}}


def tag(ts: pd.DataFrame, spec: RunSpec) -> pd.DataFrame:
    """The stored form of a run: fixed column order and dtypes in every file (the extra
    columns only when the runner gave them)."""
    out = pd.DataFrame({"scenario": pd.Series([spec.label] * len(ts), dtype="string"),
                        "replication": np.full(len(ts), spec.replication, dtype=np.int64),
                        "seed": np.full(len(ts), spec.seed, dtype=np.int64)})
    for spec in indicators.SPECS:
        v = ts[spec.name].to_numpy()
        out[spec.name] = v.astype(np.int64) if spec.integer else v.astype(np.float64)
    for name in extra_columns():
        if name in ts:
            v = ts[name].to_numpy()
            out[name] = v.astype(np.float64) if name.startswith(SPEND_PREFIX) \
                else v.astype(np.int64)
    return out


def run_chunk(specs: list[RunSpec], runner: Callable[[RunSpec], pd.DataFrame] = run_one
              ) -> list[tuple[RunSpec, pd.DataFrame | None, dict | None]]:
    """Run a chunk of runs (one Dask task); a run that raises is returned as an error record."""
    out = []
    for spec in specs:
        try:
            out.append((spec, runner(spec), None))
        except Exception as e:  # recorded with its seed; the batch goes on
            out.append((spec, None, {"scenario": spec.label, "replication": spec.replication,
                                     "seed": spec.seed, "months": spec.months,
                                     "error": f"{type(e).__name__}: {e}",
                                     "traceback": traceback.format_exc(limit=8)}))
    return out


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def chunk_size(n_runs: int, workers: int) -> int:
    """About four tasks per worker (balance) but at most 8 runs a task (progress, losses)."""
    return max(1, min(8, math.ceil(n_runs / max(1, 4 * workers))))


@dataclass
class BatchOutcome:
    store: ResultStore
    batch: Batch
    ran: int
    reused: int
    failed: list[dict]
    seconds: float
    stems: set[str]
    identities: list[RunIdentity]

    def frame(self) -> pd.DataFrame:
        """The batch's stored runs, each file checked against its checksum and identity."""
        return self.store.read(self.stems, identities=self.identities)


def execute(batch: Batch, out: Path | str, *, serial: bool | None = None,
            cluster: str | None = None, workers: int | None = None,
            runner: Callable[[RunSpec], pd.DataFrame] = run_one,
            progress: bool = True, desc: str = "runs") -> BatchOutcome:
    """Run what is missing of ``batch`` into ``out`` and return what the folder holds.

    ``serial`` None (the default) chooses: in this process when the runs left are estimated
    below ``cluster.SERIAL_BELOW_SECONDS`` of computing, else on a local Dask cluster (or on
    ``cluster`` when given)."""
    from tqdm import tqdm

    store = ResultStore(out)
    definition = batch.definition()
    store.open(definition)
    if batch.kind == "batch":  # a study's thousands of points are its design.csv instead
        write_scenario_files(batch, out)
    specs = batch.runs()
    stems = {s.stem for s in specs}
    identities = {s.stem: identity(s, definition) for s in specs}
    tell_damaged(store, store.audit(identities.values()))
    have = store.finished() & stems
    todo = [s for s in specs if s.stem not in have]
    if serial is None:
        serial = cluster is None and _small(batch, todo, workers, progress)
    t0 = time.perf_counter()
    bar = tqdm(total=len(todo), unit="run", desc=desc, file=sys.stderr, disable=not progress,
               dynamic_ncols=True, smoothing=0.1)
    if have and progress:
        print(f"{out}: {len(have)} of {len(specs)} runs already stored, running the other "
              f"{len(todo)}", file=sys.stderr)

    def keep(results: Iterable) -> None:
        for spec, frame, err in results:
            if err is None:
                store.write_run(identities[spec.stem], frame)
            else:
                store.write_error(err)
            bar.update(1)

    try:
        if serial:
            for spec in todo:
                keep(run_chunk([spec], runner))
        elif todo:  # nothing left to run: no cluster to start
            _execute_dask(todo, keep, cluster=cluster, workers=workers, runner=runner)
    except KeyboardInterrupt:
        bar.close()
        done = len(store.finished() & stems)
        print(f"tremplin: interrupted: {done} of {len(specs)} runs are stored in {out}; "
              "run the same command again to finish the batch", file=sys.stderr)
        raise
    finally:
        bar.close()
    failed = store.errors(stems - store.finished())
    done = stems & store.finished()
    return BatchOutcome(store, batch, ran=len(todo), reused=len(have), failed=failed,
                        seconds=time.perf_counter() - t0, stems=done,
                        identities=[identities[s] for s in sorted(done)])


def _small(batch: Batch, todo: list[RunSpec], workers: int | None, say: bool) -> bool:
    """Whether ``todo`` is small enough to run serially (``cluster.prefer_serial``)."""
    from tremplin.model import estimate_cost

    from .cluster import prefer_serial

    if not todo:
        return True
    seconds = sum(estimate_cost(batch.scenarios[s.label], s.months).seconds for s in todo)
    serial, why = prefer_serial(seconds, workers)
    if say:
        print(f"engine: {'serial' if serial else 'local Dask cluster'} (about {seconds:.0f} s "
              f"of computing for {len(todo)} runs; {why}; --serial or --workers N to choose)",
              file=sys.stderr)
    return serial


def identity(spec: RunSpec, definition: dict) -> RunIdentity:
    """What the stored file of ``spec`` must hold (checked on resume and on every read)."""
    return RunIdentity(spec.label, spec.replication, spec.seed,
                       definition["scenarios"][spec.label]["hash"], spec.months)


def tell_damaged(store: ResultStore, bad: dict[str, str]) -> None:
    """One line per run file set aside for recomputation (a count beyond the first few)."""
    for stem, why in list(bad.items())[:SHOWN]:
        print(f"tremplin: {store.run_path(stem)}: {why}; moved to {store.quarantine_dir}/, "
              "computing the run again", file=sys.stderr)
    if len(bad) > SHOWN:
        print(f"tremplin: {len(bad) - SHOWN} more run files not reused (damaged, or without "
              f"a checksum record); moved to {store.quarantine_dir}/, computing them again",
              file=sys.stderr)


def _execute_dask(todo: list[RunSpec], keep, *, cluster, workers, runner) -> None:
    from dask.distributed import as_completed

    from .cluster import dask_client

    with dask_client(cluster, workers) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        size = chunk_size(len(todo), n_workers)
        extra = {} if runner is run_one else {"runner": runner}
        futures = [client.submit(run_chunk, chunk, pure=False, retries=2, **extra)
                   for chunk in chunked(todo, size)]
        try:
            for fut in as_completed(futures):
                try:
                    results = fut.result()
                except Exception as e:  # the task itself (not a run) failed, e.g. unpickling
                    raise ClusterError(
                        f"a Dask task failed on the cluster ({type(e).__name__}: {e}); the runs "
                        "finished so far are stored. Are tremplin and its dependencies "
                        "installed, in the same version, on every worker?") from None
                keep(results)
                fut.release()
        finally:
            for fut in futures:
                fut.cancel()


# ---------------------------------------------------------------------- summary
def final_rows(frame: pd.DataFrame, batch: Batch) -> pd.DataFrame:
    """The last month of every run."""
    horizon = frame["scenario"].map({lab: batch.horizon(lab) for lab in batch.labels})
    return frame[frame["month"] == horizon]


def summarise(frame: pd.DataFrame, batch: Batch, level: float = 0.95) -> pd.DataFrame:
    """One row per scenario and indicator at the final month: mean, std, t interval, and the
    paired difference to the first scenario (same replications) with its t interval, its
    paired t-test p-value and that p-value Holm-adjusted over every row of the table."""
    final = final_rows(frame, batch).set_index(["scenario", "replication"])
    return paired_summary(final, batch.labels, indicators.outcomes(), level)


def paired_summary(values: pd.DataFrame, labels: list[str], names: list[str],
                   level: float = 0.95) -> pd.DataFrame:
    """``SUMMARY_COLUMNS`` from one value per run: ``values`` is indexed by (scenario,
    replication) with a column per name in ``names``; differences pair each scenario with
    ``labels[0]`` replication by replication. The Holm adjustment's family is every
    (scenario, indicator) difference of the table."""
    ref = labels[0]
    present = set(values.index.get_level_values(0))
    rows = []
    for label in labels:
        if label not in present:
            continue
        mine = values.loc[label]
        base = values.loc[ref] if ref in present else None
        for ind in names:
            x = mine[ind].astype(float)
            mean, sd, lo, hi = t_interval(x, level)
            d_mean = d_lo = d_hi = p = math.nan
            n_pairs = 0
            if base is not None and label != ref:
                paired = (x - base[ind].astype(float)).dropna()
                d_mean, _, d_lo, d_hi = t_interval(paired, level)
                n_pairs, p = int(paired.size), paired_p(paired)
            elif base is not None:
                d_mean, d_lo, d_hi, n_pairs = 0.0, 0.0, 0.0, int(np.isfinite(x).sum())
            rows.append((label, ind, mean, sd, lo, hi, d_mean, d_lo, d_hi,
                         int(np.isfinite(x).sum()), n_pairs, p, math.nan))
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    out["diff_p_holm"] = holm(out["diff_p"].to_numpy())
    return out


def write_summary(summary: pd.DataFrame, out: Path | str) -> Path:
    path = Path(out) / "summary.csv"
    tmp = path.with_suffix(".csv.part")
    summary.to_csv(tmp, index=False, float_format="%.6g")
    tmp.replace(path)
    return path
