"""The ``tremplin`` sub-commands of this package: ``eurostat``, ``calibrate``, ``validate-fit``.

Heavy libraries (pyabc, dask, matplotlib) are imported inside the commands so that
``tremplin --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tremplin.cli import integer, output_path
from tremplin.errors import UsageError
from tremplin.paths import inside, safe_name

MAX_WORKERS = 512  # local worker processes: more would exhaust the machine, not speed it up
# the ABC distance is the RMS of tolerance-scaled errors: above 1 (and above the runs' own
# noise), the accepted particles are on average outside their targets' tolerances
EPSILON_ACCEPTED = 1.0


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's sub-commands to the ``tremplin`` parser."""
    e = sub.add_parser("eurostat", help="read a Eurostat file (TSV, SDMX-CSV, JSON-stat) and "
                       "print it as a tidy CSV")
    e.add_argument("file", help="Eurostat TSV (gzip or plain), SDMX-CSV 1.0/2.0 or JSON-stat 2.0")
    e.add_argument("--where", help="keep only these codes, e.g. geo=BE,FR,sex=T,time=2021")
    e.set_defaults(func=cmd_eurostat)

    c = sub.add_parser("calibrate", help="fit the calibrated parameters to Eurostat targets "
                       "(ABC-SMC on Dask; resumable)")
    c.add_argument("file", help="calibration TOML file, or the name of a shipped one "
                   "(be_2019, fr_2019)")
    c.add_argument("--out", type=output_path,
                   help="output folder (default: runs/calibrate-NAME); rerun with "
                   "the same folder to resume")
    c.add_argument("--cluster", help="address of a running Dask scheduler (tcp://HOST:PORT); "
                   "default: a local cluster")
    c.add_argument("--workers", type=integer("--workers", 1, MAX_WORKERS),
                   help="local worker processes (default: one per core)")
    c.add_argument("--budget", help="override [fit] settings, e.g. "
                   "particles=40,generations=5,minutes=10,report_seeds=5,min_epsilon=0.5")
    c.add_argument("--force", action="store_true",
                   help="write fit.toml even when the fit is not accepted (worse than the "
                   "registry defaults on its own targets, or final epsilon above both "
                   f"{EPSILON_ACCEPTED:g} and the runs' own noise); it is then marked NOT "
                   "ACCEPTED")
    c.set_defaults(func=cmd_calibrate)

    v = sub.add_parser(
        "validate-fit", help="run scenarios over seeds and compare them with facts they were "
        "not fitted to (exit 0 whatever passes; 2 on bad input; 1 with --strict if a fact "
        "fails or is not computable)",
        description="Run each SCENARIO over the same seeds and check the facts of FACTS on "
        "them. A fact's optional 'scenario' column names the scenario it is about (empty: "
        "every one); 'versus' names a second one, and the fact is then about the difference, "
        "paired seed by seed.")
    v.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="scenario TOML (e.g. fit.toml written by calibrate) or the name of a "
                   "shipped scenario (baseline); several may be given")
    v.add_argument("facts", metavar="FACTS", help="CSV: indicator, month or year, value, "
                   "tolerance[, source, scenario, versus]; shares as 0-1 (0.301, not 30.1)")
    v.add_argument("--seeds", type=integer("--seeds", 1, 10_000), default=8,
                   help="replications (default 8)")
    v.add_argument("--seed-base", type=integer("--seed-base", 0, 2**31 - 10_001), default=1,
                   help="first seed (default 1): seeds are BASE..BASE+SEEDS-1")
    v.add_argument("--workers", type=integer("--workers", 1, MAX_WORKERS),
                   help="run on a local Dask cluster of this many workers (default: in process)")
    v.add_argument("--cluster", help="address of a running Dask scheduler")
    v.add_argument("--strict", action="store_true",
                   help="exit 1 if any fact fails or is not computable")
    v.set_defaults(func=cmd_validate_fit)


def cmd_eurostat(args) -> int:
    from . import eurostat

    where = eurostat.parse_where(args.where)
    table = eurostat.read(args.file)
    table = eurostat.select(table, where, source=f"--where ({args.file})")
    table.drop(columns="dataset").to_csv(sys.stdout, index=False, lineterminator="\n",
                                         float_format="%g")
    return 0


def parse_budget(text: str | None) -> dict[str, int | float]:
    """``--budget key=value,...``: [fit] settings checked like the calibration file's own
    (``targets.FIT_LIMITS``: type, finite, range), each refusal one line naming the key."""
    from .targets import FIT_KEYS, FIT_LIMITS, fit_value

    out: dict[str, int | float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, val = part.partition("=")
        key = key.strip()
        if not sep or key not in FIT_LIMITS:
            raise UsageError(f"--budget {text[:80]!r}: expected key=value with key one of "
                             f"{', '.join(FIT_KEYS[1:])}")
        try:
            num: int | float = int(val)
        except ValueError:
            try:
                num = float(val)
            except ValueError:
                raise UsageError(f"--budget {key}={val[:40]!r}: must be a number") from None
        out[key] = fit_value(key, num, f"--budget {key}={val.strip()[:40]}:", UsageError)
    return out


def cmd_calibrate(args) -> int:
    from dataclasses import replace

    from tremplin.experiments.cluster import dask_client

    from . import fit, report, targets

    t_start = time.monotonic()
    budget = parse_budget(args.budget)  # a bad flag is refused before the file is read
    cal = targets.load(args.file)
    if budget:
        cal = replace(cal, fit=replace(cal.fit, **budget))
    out = Path(args.out) if args.out else inside("runs", safe_name(f"calibrate-{cal.name}"))
    for note in cal.notes:
        print(f"note: {note}")
    print(f"calibrating {cal.path.name}: {len(cal.targets)} targets, "
          f"{len(cal.fit.parameters)} parameters, {cal.fit.particles} particles, up to "
          f"{cal.fit.generations} generations / {cal.fit.minutes:g} min -> {out}", flush=True)
    with dask_client(args.cluster, args.workers) as client:
        res = fit.run_abc(cal, out, client)
        history = res["history"]
        particles, generations = fit.posterior_tables(history, cal)
        summary = fit.summarise(particles, cal)
        fitted = dict(zip(summary["parameter"], summary["mean"], strict=True))
        seeds = [10_000 + i for i in range(cal.fit.report_seeds)]
        check = fit.check_targets(cal, client, fitted, seeds)
        defaults = {k: fit._default(k) for k in cal.fit.parameters}
        default_check = fit.check_targets(cal, client, defaults, seeds)
        predictive_runs = fit.predictive_runs(cal, client, particles)
    predictive = fit.predictive_check(cal, predictive_runs)
    last = particles[particles.t == particles.t.max()]
    ess = fit.effective_sample_size(last["weight"].to_numpy())
    corr = fit.correlations(particles, cal)
    particles.to_csv(out / "posterior.csv", index=False)
    particles.to_parquet(out / "posterior.parquet", index=False)
    summary.to_csv(out / "posterior_summary.csv", index=False)
    generations.to_csv(out / "generations.csv", index=False)
    check.to_csv(out / "targets.csv", index=False)
    default_check.to_csv(out / "targets_defaults.csv", index=False)
    predictive_runs.to_csv(out / "predictive_runs.csv", index=False)
    predictive.to_csv(out / "predictive.csv", index=False)
    corr.to_csv(out / "correlations.csv")
    extraction = "Eurostat extracts " + ", ".join(p.name for p in cal.data.values())
    refusals = not_accepted(check, default_check, float(generations["epsilon"].iloc[-1]))
    if not refusals or args.force:
        fit.write_fit_scenario(cal, fitted, out / "fit.toml", summary, extraction, refusals)
    report.figure(check, particles, generations, summary, out / "report.png", default_check)
    report.pairs(particles, summary, out / "pairs.png")
    wall = time.monotonic() - t_start
    facts = [("calibration file", str(cal.path)), ("geography, year", f"{cal.geo} {cal.year}"),
             ("base scenario", cal.base), ("data", extraction),
             ("method", "ABC-SMC (pyabc), uniform priors from the registry, RMS distance of "
                        "tolerance-scaled errors"),
             ("simulation", f"{cal.months} months, {_windows(cal)}, seeds for the check: "
                            f"{seeds[0]}..{seeds[-1]}"),
             ("generations", f"{len(generations)} (epsilon {generations['epsilon'].iloc[-1]:.3g})"),
             ("simulations", str(int(generations["samples"].sum()))),
             ("resumed", "no" if res["resumed_from"] is None else
              f"yes, after {res['resumed_from']} generation(s)"),
             ("RMS error / tolerance", f"fitted {rms_error(check):.2f}, registry defaults "
                                       f"{rms_error(default_check):.2f} (same seeds)"),
             ("effective sample size", f"{ess:.1f} of {len(last)} particles (last "
                                       "generation, Kish)"),
             ("posterior predictive", _predictive_line(predictive, cal.fit)),
             ("accepted", "yes" if not refusals else "NO: " + "; ".join(refusals)),
             ("wall time", f"{wall:.0f} s")]
    report.write_html(out / "report.html", f"Calibration {cal.name}", facts, check, summary,
                      generations, "report.png", cal.notes, default_check,
                      extra={"Posterior predictive check": predictive,
                             "Posterior correlations (last generation)": corr.reset_index(
                                 names="parameter")}, pngs=("pairs.png",))
    _print_result(check, default_check, summary, generations, wall, out)
    print(f"effective sample size {ess:.1f} of {len(last)}; posterior predictive: "
          f"{_predictive_line(predictive, cal.fit)}")
    for r in predictive.itertuples():
        print(f"  {r.target:<20} observed {r.observed:>6.1f}  predictive "
              f"{r.predictive_lo:.1f}..{r.predictive_hi:.1f}  {'inside' if r.inside else 'OUT'}")
    print(_verdict(refusals, args.force, out))
    return 0 if not refusals or args.force else 1


def _windows(cal) -> str:
    """Which simulated months each target is compared with."""
    if cal.start is None:
        return f"mean of months {cal.average_from}-{cal.average_to}"
    years = sorted({(int(t.where["time"]), t.first, t.last) for t in cal.targets})
    return (f"month 1 = {cal.start[0]}-{cal.start[1]:02d}; each target over its year ("
            + ", ".join(f"{y}: months {a}-{b}" for y, a, b in years) + ")")


def _predictive_line(predictive, settings) -> str:
    if predictive.empty or not predictive["runs"].gt(0).any():
        return "not run (predictive_draws = 0)"
    inside = int(predictive["inside"].sum())
    return (f"{inside} of {len(predictive)} observed values inside the 90% predictive "
            f"interval ({settings.predictive_draws} particles x {settings.predictive_seeds} "
            "seeds)")


def not_accepted(check, default_check, epsilon: float) -> list[str]:
    """Why a fit must not be used (empty when it may): worse than the registry defaults on its
    own targets (same seeds), or an ABC run that ended before its particles came as close to
    the data as the tolerances and the model's own noise allow. One run's distance cannot fall
    below that noise even at the true values, so the bar for epsilon is the larger of 1 and
    the noise floor (RMS over targets of the between-seed sd / tolerance at the fitted
    values)."""
    reasons = []
    fitted, defaults = rms_error(check), rms_error(default_check)
    if fitted > defaults:
        reasons.append(f"RMS error/tolerance {fitted:.2f} is worse than the registry "
                       f"defaults' {defaults:.2f}")
    floor = noise_floor(check)
    if epsilon > max(EPSILON_ACCEPTED, floor):
        reasons.append(f"final epsilon {epsilon:.3g} is above both {EPSILON_ACCEPTED:g} and "
                       f"the runs' own noise ({floor:.2f}): run more generations or minutes")
    return reasons


def noise_floor(check) -> float:
    """RMS over targets of the between-seed sd / tolerance at the fitted values: the distance
    a single run at those values is typically at, from noise alone."""
    return float(((check["simulated_sd"] / check["tolerance"]) ** 2).mean() ** 0.5)


def _verdict(refusals: list[str], force: bool, out: Path) -> str:
    """The last line of ``calibrate``: whether the fit may be used, and where it is."""
    if not refusals:
        return f"fit accepted: {out}/fit.toml"
    why = "; ".join(refusals)
    if force:
        return f"fit NOT ACCEPTED ({why}); written anyway (--force), marked: {out}/fit.toml"
    old = " (an earlier fit.toml there is left unchanged)" if (out / "fit.toml").exists() else ""
    return f"fit NOT ACCEPTED ({why}); fit.toml not written{old}: use --force to write it"


def rms_error(check) -> float:
    """Root mean square of (simulated mean - observed) / tolerance: one figure per fit."""
    return float(((check["error"] / check["tolerance"]) ** 2).mean() ** 0.5)


def _print_result(check, default_check, summary, generations, wall, out) -> None:
    print(f"\n{len(generations)} generations, {int(generations['samples'].sum())} simulations, "
          f"final epsilon {generations['epsilon'].iloc[-1]:.3g}")
    print(f"{'target':<20}{'observed':>9}{'tol':>6}{'fitted mean':>13}{'sd':>6}"
          f"{'defaults':>10}  inside")
    for r, d in zip(check.itertuples(), default_check.itertuples(), strict=True):
        print(f"{r.target:<20}{r.observed:>9.1f}{r.tolerance:>6.1f}{r.simulated_mean:>13.2f}"
              f"{r.simulated_sd:>6.2f}{d.simulated_mean:>10.2f}  {'yes' if r.inside else 'NO'}")
    print(f"{'parameter':<42}{'mean':>8}{'sd':>8}{'q05':>8}{'q95':>8}{'prior':>14}{'default':>9}")
    for r in summary.itertuples():
        print(f"{r.parameter:<42}{r.mean:>8.3g}{r.sd:>8.2g}{r.q05:>8.3g}{r.q95:>8.3g}"
              f"{f'{r.prior_lo:g}..{r.prior_hi:g}':>14}{r.default:>9.3g}")
    print(f"RMS of error/tolerance over targets: fitted {rms_error(check):.2f}, registry "
          f"defaults {rms_error(default_check):.2f} (same seeds)")
    outside = check[~check["inside"]]["target"].tolist()
    print("every target inside its tolerance" if not outside
          else f"NOT inside tolerance: {', '.join(outside)}")
    print(f"wall time {wall:.0f} s; wrote {out}/posterior.csv/.parquet, predictive.csv, "
          "correlations.csv, report.html, report.png, pairs.png")


def cmd_validate_fit(args) -> int:
    from . import validate

    facts = validate.read_facts(args.facts)  # a bad facts file is refused before any run
    compared = _compared(args.scenarios)
    validate.check_scenarios(facts, compared, args.facts)
    seeds = list(range(args.seed_base, args.seed_base + args.seeds))
    if args.workers or args.cluster:
        from tremplin.experiments.cluster import dask_client

        with dask_client(args.cluster, args.workers) as client:
            res = validate.compare(compared, facts, seeds, client)
    else:
        res = validate.compare(compared, facts, seeds)
    _print_facts(res, compared, seeds, args.facts)
    n_pass = int((res["result"] == validate.PASS).sum())
    return 1 if args.strict and n_pass < len(res) else 0


def _compared(arguments: list[str]) -> list:
    """The scenarios given, each under its own name (or, when two share a name, under the
    argument given for it)."""
    from tremplin.model import load

    from .validate import Compared

    scns = [(a, load(a)) for a in arguments]
    names = [s.name for _, s in scns]
    return [Compared(s.name if names.count(s.name) == 1 else a, a, s) for a, s in scns]


def _print_facts(res, compared: list, seeds: list[int], facts_path: str) -> None:
    from .validate import FAIL, NOT_COMPUTABLE, PASS

    print(f"{', '.join(c.name for c in compared)}: {len(seeds)} seeds "
          f"({seeds[0]}..{seeds[-1]}), facts {facts_path}")
    width = max(12, *(len(s) for s in res["scenario"]))
    print(f"{'scenario':<{width}}  {'indicator':<28}{'when':>9}{'fact':>8}{'tol':>7}"
          f"{'sim mean':>10}{'sd':>7}{'min..max':>14}{'seeds':>7}  {'result':<15}source")
    for r in res.itertuples():
        print(f"{r.scenario:<{width}}  {r.indicator:<28}{r.when:>9}{r.value:>8.3f}"
              f"{r.tolerance:>7.3f}{r.simulated_mean:>10.3f}{r.simulated_sd:>7.3f}"
              f"{f'{r.simulated_min:.3f}..{r.simulated_max:.3f}':>14}"
              f"{f'{r.seeds_used}/{r.seeds}':>7}  {r.result:<15}{r.source}")
    counts = {k: int((res["result"] == k).sum()) for k in (PASS, FAIL, NOT_COMPUTABLE)}
    print(f"{counts[PASS]} of {len(res)} facts pass, {counts[FAIL]} fail, "
          f"{counts[NOT_COMPUTABLE]} not computable (exit status 0 unless --strict)")
