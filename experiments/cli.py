"""The ``tremplin`` sub-commands of this package: batch, sensitivity, report, experiment.

Dask, SALib, pyarrow and matplotlib are imported inside the command functions so that
``tremplin --help`` stays fast.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path

from tremplin.cli import integer, output_path
from tremplin.errors import UsageError
from tremplin.model import indicators
from tremplin.paths import inside, safe_name

from .limits import LIMITS, MAX_MEMORY, MAX_RUNS

_months = integer("--months", *LIMITS["months"])


def _where(args) -> dict:
    """The engine flags: ``serial`` is True (--serial), False (--cluster or --workers) or
    None (no flag: serial for a small batch, a local Dask cluster above
    ``cluster.SERIAL_BELOW_SECONDS`` of estimated computing)."""
    if args.serial and (args.cluster or args.workers):
        raise UsageError("--serial runs in this process: drop --cluster/--workers")
    if args.cluster and args.workers:
        raise UsageError("--workers sizes a local cluster: drop it with --cluster")
    serial = True if args.serial else False if (args.cluster or args.workers) else None
    return {"serial": serial, "cluster": args.cluster, "workers": args.workers}


def _settings(args) -> dict:
    """The ``--set section.key=value`` flags as scenario overrides (checked with the
    scenario, so a misspelt key is named with a suggestion)."""
    from tremplin.model.scenario import settings

    return settings(getattr(args, "settings", None))


def _execution_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cluster", default=None, metavar="tcp://HOST:PORT",
                   help="run on this Dask scheduler (dask-jobqueue, Dask Kubernetes operator)")
    p.add_argument("--workers", type=integer("--workers", 1), default=None,
                   help="local worker processes (default: one per core)")
    p.add_argument("--serial", action="store_true", help="run in this process, no Dask (the "
                   "default for a batch estimated below a minute of computing)")


# ---------------------------------------------------------------------- batch
def print_table(summary, labels: list[str], file=None) -> None:
    """Headline indicators at the final month: mean [95% CI] per scenario and the paired
    difference to the first scenario [95% CI], starred when the interval excludes zero."""
    file = file or sys.stdout
    s = summary.set_index(["indicator", "scenario"])
    w = max(12, *(len(x) for x in labels))
    ref = labels[0]
    print(f"\nfinal month, mean [95% CI] over replications; difference = paired with {ref} "
          "on the same seeds (* = interval excludes 0)", file=file)
    for spec in indicators.headline():
        print(f"\n{spec.name}", file=file)
        for lab in labels:
            if (spec.name, lab) in s.index:
                print(_table_line(s.loc[(spec.name, lab)], spec, lab, w, lab == ref), file=file)


def _table_line(r, spec: indicators.Indicator, label: str, w: int, reference: bool) -> str:
    line = (f"  {label:{w}s} {spec.format(r['mean']):>12s} "
            f"[{spec.format(r['ci_low'])}, {spec.format(r['ci_high'])}]")
    if reference:
        return line
    star = "*" if (r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0) else " "
    return (f"{line:{w + 46}s} diff {spec.format(r['diff_mean'], difference=True)} "
            f"[{spec.format(r['diff_ci_low'], difference=True)}, "
            f"{spec.format(r['diff_ci_high'], difference=True)}] {star}")


def run_batch(scenarios: list[str], replications: int, months: int | None, seed: int,
              out: str | None, where: dict, overrides: dict | None = None, *,
              force: bool = False, what: str | None = None,
              settings: dict | None = None) -> int:
    """Run a batch into ``out``, refused before anything runs when its estimated cost (all
    its runs, stored ones included) is above the model's limits, unless ``force``.

    ``overrides`` are an experiment file's (its problems name ``what: overrides``),
    ``settings`` the ``--set`` flags (named ``--set``); both change every scenario."""
    from tremplin.model import Cost, check_cost, estimate_cost
    from tremplin.model.scenario import load, replace

    from .batch import Batch, execute, summarise, write_summary

    scns = {}
    for ref in scenarios:
        scn = load(ref, settings, overrides_from="--set") if settings else load(ref)
        if overrides:
            scn = replace(scn, overrides, where=f"{what}: overrides" if what else None)
        if scn.name in scns:
            raise UsageError(f"{ref}: scenario name {scn.name!r} is named twice in this batch")
        scns[scn.name] = scn
    batch = Batch(scns, replications, months, seed)
    runs = len(scns) * replications
    if runs > MAX_RUNS and not force:
        raise UsageError(f"{what or ', '.join(scenarios)}: {runs:,} model runs, more than the "
                         f"{MAX_RUNS:,} a batch may have without --force")
    check_cost(sum((estimate_cost(scn, months).times(replications) for scn in scns.values()),
                   start=Cost(0, 0, 0, 0)), what or ", ".join(scenarios), force)
    out = out or str(inside("runs", safe_name(f"batch-{'-'.join(scns)[:80]}-r{replications}")))
    mode = ("serially" if where["serial"] else f"on {where['cluster']}" if where["cluster"]
            else "on a local Dask cluster" if where["serial"] is False
            else "(engine chosen by size)")
    print(f"batch: {len(scns)} scenarios x {replications} replications "
          f"({len(batch.runs())} runs) {mode} -> {out}/", file=sys.stderr)
    outcome = execute(batch, out, **where)
    frame = outcome.frame()
    summary = summarise(frame, batch)
    path = write_summary(summary, out)
    print_table(summary, batch.labels)
    print(multiplicity_note(summary))
    print(f"\n{len(outcome.stems)} runs stored ({outcome.ran} computed now in "
          f"{outcome.seconds:.1f} s, {outcome.reused} reused) -> {out}/runs/*.parquet, {path}")
    if outcome.failed:
        print(f"{len(outcome.failed)} runs FAILED (recorded in {out}/errors/, left out of the "
              "summary; rerunning the command retries them):", file=sys.stderr)
        for e in outcome.failed[:10]:
            print(f"  {e['scenario']} replication {e['replication']} seed {e['seed']}: "
                  f"{e['error']}", file=sys.stderr)
        return 1
    return 0


def multiplicity_note(summary) -> str:
    """How many paired comparisons the table's stars stand among, and how many survive
    Holm's adjustment over all of them (``diff_p_holm`` of summary.csv)."""
    tested = summary["diff_p"].notna()
    kept = int((summary.loc[tested, "diff_p_holm"] < 0.05).sum())
    return (f"\nmultiplicity: {int(tested.sum())} paired comparisons in summary.csv (every "
            f"indicator x scenario); {kept} remain significant at 5% after Holm's adjustment "
            "(diff_p_holm), * above is unadjusted")


def cmd_batch(args) -> int:
    return run_batch(args.scenarios, args.replications, args.months, args.seed, args.out,
                     _where(args), force=args.force, settings=_settings(args))


# ---------------------------------------------------------------------- sensitivity
def print_study(result: dict, file=None) -> None:
    file = file or sys.stdout
    ind = result["indices"]
    study = result["study"]
    method = study["method"]
    print(f"\n{method} sensitivity of {study['scenario']} at month {study['month']} "
          f"({result['runs']} runs, {result['failed_runs']} failed)", file=file)
    cols = ("S1", "ST") if method == "sobol" else ("mu_star", "sigma")
    w = max(len(p) for p in study["params"]) + 2
    for name, note in result["outputs"].items():
        print(f"\n{name}", file=file)
        t = ind[ind["output"] == name]
        hdr = "".join(f"{c + ' [95% CI]':>26s}" for c in cols)
        print(f"  {'parameter':{w}s}{hdr}", file=file)
        for p in study["params"]:
            cells = ""
            for c in cols:
                r = t[(t["index"] == c) & (t["parameter"] == p)].iloc[0]
                cells += f"{r['estimate']:>8.3f} [{r['ci_low']:6.3f}, {r['ci_high']:6.3f}]"
            print(f"  {p:{w}s}{cells}", file=file)
        if method == "sobol":
            if note["blocks_dropped"]:
                print(f"  {note['blocks_dropped']} of {note['blocks']} Saltelli blocks dropped "
                      "(failed runs or undefined output)", file=file)
            print(f"  convergence: {note['verdict']}", file=file)
            noise = note.get("seed_noise")
            if noise and math.isfinite(noise["share"]):
                from .sensitivity import noise_words

                print(f"  seed noise: {noise_words(noise)}", file=file)
        else:
            if note["trajectories_dropped"]:
                print(f"  {note['trajectories_dropped']} of {note['trajectories']} "
                      "trajectories dropped (failed runs or undefined output)", file=file)
            if "verdict" in note:
                print(f"  convergence: {note['verdict']}", file=file)
        for key in note.get("no_effect", ()):
            print(f"  WARNING: {key} had no effect on {name}: every run that differed only in "
                  "it gave exactly the same result (in this setting the model does not use it)",
                  file=file)


def run_sensitivity_cmd(spec, out: str | None, where: dict, force: bool = False) -> int:
    """Run a validated ``SensitivitySpec`` into ``out`` and print its indices (a design above
    the size limits is refused first, unless ``force``)."""
    from .study import idle_parameters, run_study

    spec.guard(force)
    for warning in idle_parameters(spec, spec.base()):
        print(f"tremplin: warning: {warning}", file=sys.stderr)
    out = out or str(inside("runs", safe_name(f"{spec.method}-{Path(spec.scenario).stem}")))
    print(f"sensitivity: {spec.method} on {len(spec.params)} parameters -> {out}/",
          file=sys.stderr)
    result = run_study(spec, out, **where, force=force)
    print_study(result)
    print(f"\nindices -> {out}/indices.csv; report: tremplin report {out}")
    if result["failed"]:
        print(f"{len(result['failed'])} runs FAILED (recorded in {out}/errors/; their blocks "
              "were left out, see above)", file=sys.stderr)
    return 0


def cmd_sensitivity(args) -> int:
    return run_sensitivity_cmd(study_spec(args), args.out, _where(args), args.force)


def study_spec(args: argparse.Namespace):
    """The ``SensitivitySpec`` of the ``tremplin sensitivity`` flags (refusals name them)."""
    from .study import SensitivitySpec

    # only the flags given: every default is the spec's own
    given = {k: v for k, v in vars(args).items() if k in SensitivitySpec.model_fields}
    if "ranges" in given:
        given["ranges"] = dict(given["ranges"])
    if _settings(args):
        given["overrides"] = _settings(args)
    return SensitivitySpec.build(given)


def _names(text: str) -> list[str]:
    """A comma-separated flag value (``--params a,b``) as a list of names."""
    return [name.strip() for name in text.split(",") if name.strip()]


def _range(text: str) -> tuple[str, list[float]]:
    """``--range section.name=LO:HI`` as ``(key, [lo, hi])``, finite numbers only."""
    try:
        key, rng = text.split("=", 1)
        lo, hi = (float(v) for v in rng.split(":"))
    except ValueError:
        lo = hi = math.nan
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise argparse.ArgumentTypeError(f"{text[:60]!r}: expected section.name=LO:HI with "
                                         "finite numbers, e.g. "
                                         "labour_market.discrimination=0.1:0.5")
    return key.strip(), [lo, hi]


def _fraction(name: str, hi_included: bool) -> Callable[[str], float]:
    """An argparse ``type`` for a number in (0, 1] (``hi_included``) or (0, 1): NaN and
    infinities refused, the flag named."""
    allowed = "above 0 and at most 1" if hi_included else "strictly between 0 and 1"

    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            v = math.nan
        if not (0 < v < 1 or (hi_included and v == 1)):
            raise argparse.ArgumentTypeError(f"{name} must be a number {allowed}, got "
                                             f"{text[:60]!r}")
        return v

    return parse


def _bounded(key: str) -> Callable[[str], int]:
    """The integer parser of a spec setting, with the range the experiment file allows."""
    lo, hi = LIMITS[key]
    return integer("--" + key, lo, hi)


# ---------------------------------------------------------------------- report, experiment
def cmd_report(args) -> int:
    from .report import Window, write_report

    path = write_report(Path(args.dir), args.out,
                        Window.of(args.month, args.start, args.end))
    print(f"report -> {path}")
    return 0


def cmd_experiment(args) -> int:
    from .batch import keep_experiment_file
    from .experiment import SHIPPED, BatchExperiment, SweepExperiment, load_experiment
    from .report import write_report

    exp = load_experiment(args.file)
    out = args.out or experiment_folder(exp)
    where = _where(args)
    if isinstance(exp, SweepExperiment):  # its own printout: frontier, cheapest, PRIM boxes
        from .sweep_cli import run_sweep_cmd
        code = run_sweep_cmd(exp, out, where, args.force)
        keep_experiment_file(SHIPPED.resolve(args.file), out)
        return code
    if isinstance(exp, BatchExperiment):
        code = run_batch(exp.scenarios, exp.replications, exp.months, exp.seed, out, where,
                         exp.overrides, force=args.force, what=str(args.file))
    else:
        # the file's study is a SensitivitySpec
        code = run_sensitivity_cmd(exp, out, where, args.force)
    keep_experiment_file(SHIPPED.resolve(args.file), out)  # once the folder holds results
    path = write_report(Path(out))
    print(f"HTML report: {path.resolve()}")
    return code


def experiment_folder(exp) -> str:
    """Where an experiment writes without ``--out``: its file's ``out``, which must stay in
    the working folder (the file may come from someone else), else ``runs/NAME``."""
    if exp.out is not None:
        return str(inside(".", exp.out))
    return str(inside("runs", safe_name(exp.name)))


def _study_flags(p: argparse.ArgumentParser) -> None:
    """The settings of a ``SensitivitySpec`` as flags (named like the experiment file's keys).

    A flag not given is left out of the namespace, so the spec's defaults apply.
    """
    unset = argparse.SUPPRESS
    p.add_argument("--scenario", default=unset, help="scenario file or shipped name")
    p.add_argument("--params", type=_names, default=unset, required=True,
                   help="comma-separated section.name keys")
    p.add_argument("--method", choices=("sobol", "morris"), default=unset)
    p.add_argument("--n", type=_bounded("n"), default=unset,
                   help="sobol: base rows per scrambling (power of 2); morris: trajectories")
    p.add_argument("--scrambles", type=_bounded("scrambles"), default=unset,
                   help="sobol: independent scramblings (the interval is over them)")
    p.add_argument("--outputs", type=_names, default=unset,
                   help="comma-separated indicators")
    p.add_argument("--second-order", action="store_true", default=unset)
    p.add_argument("--months", type=_months, default=unset, help="simulated horizon")
    p.add_argument("--month", type=integer("--month"), default=unset,
                   help="month whose indicators are analysed (default: the last)")
    p.add_argument("--replications", type=_bounded("replications"), default=unset,
                   help="runs per design point (common seeds), averaged")
    p.add_argument("--range", type=_range, action="append", dest="ranges", default=unset,
                   metavar="SECTION.NAME=LO:HI", help="override a registry range (repeatable)")
    p.add_argument("--tolerance", type=_fraction("--tolerance", True), default=unset,
                   help="convergence: largest acceptable interval half-width and N/2->N "
                   "change, in (0, 1]")
    p.add_argument("--level", type=_fraction("--level", False), default=unset,
                   help="confidence level of the intervals, in (0, 1) (default 0.95)")
    p.add_argument("--levels", type=_bounded("levels"), default=unset,
                   help="morris: grid levels of each factor (default 4)")
    p.add_argument("--seed", type=_bounded("seed"), default=unset)
    p.add_argument("--noise-seeds", type=integer("--noise-seeds", 0, 1000), default=unset,
                   help="sobol: seeds run at the centre of the ranges to measure how much of "
                   "each output's variance is seed noise (default 8; 0: none)")


def _set_flag(p: argparse.ArgumentParser) -> None:
    from tremplin.model.cli import set_flag

    set_flag(p)


def _force_flag(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--force", action="store_true",
                   help=f"run {what} even above the limits: a run's memory, lots and computing "
                   f"time (tremplin.model.estimate_cost) and a study's design size "
                   f"({MAX_RUNS:,} model runs, {MAX_MEMORY / 1e9:g} GB)")


def cmd_steady_state(args) -> int:
    """Print the yearly drift of every headline indicator; exit 1 when a share drifts."""
    from .steady import THRESHOLD_PP, measure, table

    rows = measure(args.scenario, args.seeds, args.months, args.workers)
    print(f"{args.scenario}: seeds 1-{args.seeds}, {args.months} months; slope of the mean "
          f"over seeds, interval from per-seed slopes; flat = below {THRESHOLD_PP} pp a year")
    print(table(rows))
    return 1 if any(r.flat is False for r in rows) else 0


def cmd_coop_survival(args) -> int:
    """Print new enterprises' survival at 1-5 years beside SINE 2006; exit 1 when a gap
    exceeds the tolerance."""
    from .coop_survival import TOLERANCE_PP, measure, table, within_tolerance

    rows = measure(args.scenario, args.seeds, args.months, args.supported, args.workers)
    support = "with the scenario's support" if args.supported else "without support"
    print(f"{args.scenario} {support}: seeds 1-{args.seeds}, {args.months} months; enterprises "
          f"founded during the runs; SINE 2006 tolerance {TOLERANCE_PP:g} points")
    print(table(rows))
    return 0 if within_tolerance(rows) else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to the ``tremplin`` parser."""
    b = sub.add_parser("batch", help="run scenarios x replications (common random numbers) "
                       "on Dask; Parquet + summary.csv")
    b.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="scenario files or shipped names; the first is the reference")
    b.add_argument("--replications", "-r", type=integer("--replications", 1), required=True)
    b.add_argument("--months", type=_months, default=None)
    b.add_argument("--seed", type=integer("--seed"), default=0,
                   help="base seed; replication k uses the same seed in every scenario")
    b.add_argument("--out", type=output_path, default=None,
                   help="batch folder (default runs/batch-...)")
    _set_flag(b)
    _force_flag(b, "the batch")
    _execution_flags(b)
    b.set_defaults(func=cmd_batch)

    s = sub.add_parser("sensitivity", help="Sobol or Morris sensitivity of indicators to "
                       "registry parameters")
    _study_flags(s)
    _set_flag(s)
    _force_flag(s, "the study")
    s.add_argument("--out", type=output_path, default=None)
    _execution_flags(s)
    s.set_defaults(func=cmd_sensitivity)

    r = sub.add_parser("report", help="HTML report (and PNG figures) of a batch or a study")
    r.add_argument("dir")
    r.add_argument("--out", type=output_path, default=None,
                   help="HTML file (default DIR/report.html)")
    r.add_argument("--month", type=integer("--month"), default=None,
                   help="month the tables and effects read (default: the final month)")
    r.add_argument("--from", dest="start", type=integer("--from"), default=None,
                   metavar="MONTH", help="with --to: the mean over months FROM..TO instead")
    r.add_argument("--to", dest="end", type=integer("--to"), default=None, metavar="MONTH")
    r.set_defaults(func=cmd_report)

    st = sub.add_parser("steady-state", help="is a scenario a steady state? the yearly drift "
                        "of each headline indicator over seeds (exit 1 if a share drifts)")
    st.add_argument("scenario", help="scenario file or shipped name")
    st.add_argument("--seeds", type=integer("--seeds", 2, 1000), default=10)
    st.add_argument("--months", type=_months, default=120)
    st.add_argument("--workers", type=integer("--workers", 1, 64), default=2,
                    help="local processes (default 2)")
    st.set_defaults(func=cmd_steady_state)

    cs = sub.add_parser("coop-survival", help="survival of new SSE enterprises at 1-5 years "
                        "beside the SINE 2006 firm cohort (exit 1 beyond 8 points)")
    cs.add_argument("scenario", help="scenario file or shipped name")
    cs.add_argument("--seeds", type=integer("--seeds", 1, 1000), default=20)
    cs.add_argument("--months", type=_months, default=180)
    cs.add_argument("--supported", action="store_true",
                    help="keep the scenario's support (default: every support taken away)")
    cs.add_argument("--workers", type=integer("--workers", 1, 64), default=2,
                    help="local processes (default 2)")
    cs.set_defaults(func=cmd_coop_survival)

    e = sub.add_parser("experiment", help="run a batch, study or sweep written as a TOML "
                       "file, then its report")
    e.add_argument("file", help="an experiment file, or a shipped name (headline_levers, "
                   "sobol_main, lever_packages)")
    e.add_argument("--out", type=output_path, default=None)
    _force_flag(e, "the experiment")
    _execution_flags(e)
    e.set_defaults(func=cmd_experiment)

    from . import sweep_cli  # discover, frontier
    sweep_cli.register(sub)
