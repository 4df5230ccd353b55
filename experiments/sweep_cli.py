"""The sweep side of the command line: ``tremplin experiment`` on a sweep file, ``tremplin
discover`` (PRIM boxes, feature scores) and ``tremplin frontier`` (cost-effectiveness, the
cheapest package reaching a target).

Heavy imports (EMA Workbench, matplotlib, pyarrow) happen inside the command functions so that
``tremplin --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tremplin.cli import output_path
from tremplin.errors import UsageError
from tremplin.model import indicators
from tremplin.paths import inside, safe_name

from .limits import MAX_RUNS

GAIN = "_gain"
LEVER_SPEND = "added_spend_eur"


# ---------------------------------------------------------------------- formatting
def formatted(outcome: str, value: float, difference: bool = False) -> str:
    """An export outcome's value in its indicator's unit (a gain of a share in points)."""
    if outcome == LEVER_SPEND:
        return f"{value:+,.0f} EUR" if difference else f"{value:,.0f} EUR"
    name = outcome.removesuffix(GAIN)
    if name in indicators.names():
        return indicators.spec(name).format(value, difference=difference
                                            or outcome.endswith(GAIN))
    return f"{value:.4g}"


def _levers_line(packages, package: int, keys: list[str]) -> str:
    """A package's levers as a council reads them: the on/off levers switched on (by their
    section's name), then each choice and number."""
    row = packages.loc[package]
    on = [k.removesuffix(".enabled") for k in keys if _is_bool(row[k]) and _true(row[k])]
    rest = [f"{k}={_value(row[k])}" for k in keys if not _is_bool(row[k])]
    switched = "on: " + (", ".join(on) if on else "none")
    return "; ".join([switched, *rest])


def _is_bool(v) -> bool:
    return str(v) in ("True", "False")  # a bool, numpy's or one read back from a CSV


def _true(v) -> bool:
    return str(v) == "True"


def _value(v) -> str:
    return f"{v:.2g}" if isinstance(v, float) else str(v)


def _said(c) -> str:
    """A condition in the outcome's unit (``employment_rate_regular_gain >= +2.0 pp``)."""
    return f"{c.outcome} {c.op} {formatted(c.outcome, c.value)}"


# ---------------------------------------------------------------------- experiment
def run_sweep_cmd(exp, out: str | None, where: dict, force: bool = False) -> int:
    """Run a validated sweep experiment, then print its frontier, cheapest package and PRIM
    boxes when the file states a target."""
    from tremplin.model import Cost, check_cost, estimate_cost

    from .sweep import run_sweep

    runs = exp.runs()
    what = f"{exp.name} (sweep)"
    if runs > MAX_RUNS and not force:
        raise UsageError(f"{what}: {runs:,} model runs, more than the {MAX_RUNS:,} a sweep may "
                         "have without --force")
    scns = list(exp.scenarios.values())
    check_cost(sum((estimate_cost(s, exp.months).times(exp.replications) for s in scns),
                   start=Cost(0, 0, 0, 0)), what, force)
    out = out or str(inside("runs", safe_name(exp.name)))
    d = exp.drawn
    print(f"sweep: {len(d.packages)} lever packages + the base, x {len(d.samples)} "
          f"uncertainty samples x {exp.replications} replications = {runs} runs of "
          f"{exp.horizon()} months -> {out}/", file=sys.stderr)
    outcome = run_sweep(exp, out, **where)
    print(f"{len(outcome.stems)} runs stored ({outcome.ran} computed now in "
          f"{outcome.seconds:.1f} s, {outcome.reused} reused) -> {out}/runs/*.parquet; "
          f"export -> {out}/export/")
    if outcome.failed:
        print(f"{len(outcome.failed)} runs FAILED (recorded in {out}/errors/, left out; "
              "rerunning the command retries them)", file=sys.stderr)
    if exp.target:
        conditions = exp.conditions()
        print_frontier(Path(out), conditions, exp.probability())
        print_discovery(Path(out), conditions)
    else:
        print(f"\nno [target] in the file: ask with 'tremplin frontier {out} --target ...' "
              f"and 'tremplin discover {out} --target ...'")
    return 1 if outcome.failed else 0


# ---------------------------------------------------------------------- frontier
def print_frontier(root: Path, conditions: list, probability: float, effect: str | None = None,
                   level: float = 0.95, file=None) -> None:
    """Per package: effect and lever spending with intervals; the frontier; the cheapest
    package meeting ``conditions`` in a share ``probability`` of its runs. Written to
    ``frontier.csv`` and ``packages_summary.csv`` too."""
    from .frontier import cheapest, effect_name, figure, frontier, packages
    from .sweep import paired_from_export, read_sweep

    file = file or sys.stdout
    meta = read_sweep(root)
    pairs, outcomes, table_of_levers = paired_from_export(root)
    effect = effect or effect_name(conditions, meta["outcomes"][0] + GAIN)
    if effect not in outcomes:
        raise UsageError(f"--effect {effect}: not an outcome of this sweep (one of "
                         f"{', '.join(outcomes)})")
    per = packages(pairs, effect, level)
    others = [o + GAIN for o in meta["outcomes"] if o + GAIN != effect]
    also = pairs.groupby("package")[others].mean() if others else None
    keys = [x["key"] for x in meta["levers"]]
    front = frontier(per)
    summary = per.join(table_of_levers, on="package")
    summary["on_frontier"] = summary["package"].isin(front["package"])
    summary.to_csv(root / "packages_summary.csv", index=False, float_format="%.6g")
    front.join(table_of_levers, on="package").to_csv(root / "frontier.csv", index=False,
                                                     float_format="%.6g")
    pct = f"{100 * level:g}%"
    print(f"\ncost-effectiveness at month {meta['month']}: effect = {effect} (paired with the "
          f"base scenario, same uncertainty sample and seed); cost = lever spending (paired "
          f"difference of cumulative municipal spending); mean [{pct} CI] over "
          f"{meta['uncertainty_samples']} uncertainty samples x {meta['replications']} "
          "replications", file=file)
    print(f"\nfrontier ({len(front)} of {len(per)} packages: no other package has at least "
          "the effect for at most the cost), cheapest first; the frontier is of means: a "
          "package whose effect interval crosses 0 is not distinguishable from no effect at "
          "this size:", file=file)
    for _, r in front.iterrows():
        print(f"  package {int(r['package']):4d}  effect {formatted(effect, r['effect'])} "
              f"[{formatted(effect, r['effect_low'])}, {formatted(effect, r['effect_high'])}]"
              f"  cost {formatted(LEVER_SPEND, r['cost'])} "
              f"[{formatted(LEVER_SPEND, r['cost_low'])}, "
              f"{formatted(LEVER_SPEND, r['cost_high'])}]", file=file)
        print(f"                {_levers_line(table_of_levers, int(r['package']), keys)}",
              file=file)
        if also is not None:
            print("                also (means): " + ", ".join(
                f"{o} {formatted(o, also.loc[int(r['package']), o])}" for o in others),
                file=file)
    answer = cheapest(pairs, outcomes, conditions, probability, level) if conditions else None
    name = effect.removesuffix(GAIN)
    share = name in indicators.names() and indicators.spec(name).unit == "%"
    figure(per, front, root / "frontier.png",
           f"{effect} ({'percentage points' if share else 'mean'}), {pct} CI",
           100.0 if share else 1.0, answer.package if answer else None)
    print(f"\n  effect against cost -> {root / 'frontier.png'}", file=file)
    if answer is None:
        return
    target = " and ".join(_said(c) for c in conditions)
    print(f"\ncheapest package with {target} in at least {probability:.0%} of its runs "
          "(uncertainty samples x replications):", file=file)
    t = answer.table.set_index("package")
    best = t.sort_values("share", ascending=False).head(3)
    if answer.package is None:
        print("  none reaches it; the closest: " + "; ".join(
            f"package {p} {r['share']:.0%} of {int(r['runs'])} runs" for p, r in best.iterrows()),
            file=file)
        return
    r = t.loc[answer.package]
    print(f"  package {answer.package}: {int(r['on_target'])} of {int(r['runs'])} runs on "
          f"target ({r['share']:.0%}, {pct} interval {r['share_low']:.0%} to "
          f"{r['share_high']:.0%}), mean lever spending {formatted(LEVER_SPEND, r['cost'])}",
          file=file)
    print(f"  levers: {_levers_line(table_of_levers, answer.package, keys)}", file=file)
    qualifying = int((t["share"] >= probability).sum())
    print(f"  ({qualifying} of {len(t)} packages reach the target that often)", file=file)
    if r["share_low"] < probability:
        print(f"  caution: with {int(r['runs'])} runs per package a share of {r['share']:.0%} "
              f"cannot be told from {r['share_low']:.0%}; more replications would firm the "
              "answer up (raise replications and rerun into the same folder: every stored run "
              "is reused)", file=file)


def cmd_frontier(args) -> int:
    from .sweep import read_export, read_sweep

    root = Path(args.dir)
    meta = read_sweep(root)
    _, outcomes = read_export(root)
    conditions = _conditions(args.target, meta, list(outcomes))
    probability = args.probability if args.probability is not None \
        else float(meta["target"].get("probability", 0.8))
    print_frontier(root, conditions, probability, args.effect)
    print(f"\n-> {root}/packages_summary.csv, {root}/frontier.csv")
    return 0


def _conditions(given: list[str] | None, meta: dict, known: list[str]) -> list:
    """The ``--target`` conditions, else the sweep file's ``[target]``."""
    from .frontier import condition

    if given:
        return [condition(text, known) for text in given]
    return [condition(f"{k}{v}", known, where="target") for k, v in meta["target"].items()
            if k != "probability"]


# ---------------------------------------------------------------------- discover
def print_discovery(root: Path, conditions: list, *, count: int = 2, min_density: float = 0.8,
                    figure: Path | None = None, file=None) -> None:
    """PRIM boxes for ``conditions`` with coverage and density, the peeling-trajectory figure,
    and feature scores (also in ``discover/``)."""
    from .discover import boxes, encoded, feature_scores, trajectory_figure
    from .frontier import success
    from .sweep import SweepError, dimensions_of, read_export, read_sweep

    file = file or sys.stdout
    if not conditions:
        raise UsageError(f"{root}: no target: give --target OUTCOME>=VALUE (repeatable)")
    meta = read_sweep(root)
    dims = dimensions_of(meta)
    experiments, outcomes = read_export(root)
    x = encoded(experiments, dims)
    y = success(outcomes, conditions)
    target = " and ".join(_said(c) for c in conditions)
    folder = root / "discover"
    folder.mkdir(exist_ok=True)
    print(f"\nscenario discovery (PRIM, EMA Workbench) for: {target}", file=file)
    print(f"  {int(y.sum())} of {len(y)} runs on target ({y.mean():.0%}); each run is one "
          "package under one uncertainty sample and seed", file=file)
    try:
        found = boxes(x, y, dims, count=count, min_density=min_density)
    except SweepError as e:
        print(f"  {e}", file=file)
        found = []
    rows = []
    for i, box in enumerate(found, start=1):
        print(f"\n  box {i}: coverage {box.coverage:.0%} (of on-target runs), density "
              f"{box.density:.0%} (of its runs on target), {box.runs} runs "
              f"({box.mass:.0%} of all)", file=file)
        steps = ", ".join(f"{c:.0%}/{d:.0%}/{int(k)}" for c, d, k in zip(
            box.trajectory["coverage"], box.trajectory["density"], box.trajectory["res_dim"],
            strict=True))
        print(f"    peeling steps (coverage/density/restricted dimensions): {steps}; choose "
              "another with --min-density", file=file)
        if box.density < min_density:
            print(f"    (no step of its peeling trajectory reaches the density {min_density:.0%}"
                  ": this is its densest step)", file=file)
        if not box.limits:
            print("    no restriction: the target is as likely anywhere in the sweep", file=file)
        for key, kept in box.limits.items():
            role = next(d.role for d in dims if d.key == key)
            qp = box.qp[key]
            weak = "  weak: could be chance" if qp > 0.05 else ""
            print(f"    {key:52s} {kept:22s} {role:12s} qp {qp:.2g}{weak}", file=file)
            rows.append({"box": i, "key": key, "role": role, "kept": kept, "qp": qp,
                         "coverage": box.coverage, "density": box.density, "mass": box.mass})
    if found:
        import pandas as pd

        pd.DataFrame(rows).to_csv(folder / "boxes.csv", index=False, float_format="%.4g")
        png = trajectory_figure(found, figure or folder / "peeling_trajectory.png",
                                f"PRIM peeling trajectories: {target}")
        print(f"\n  peeling trajectory -> {png}", file=file)
    scored = {"on target": y.astype(float),
              **{k: v for k, v in outcomes.items() if k.endswith(GAIN) or k == LEVER_SPEND}}
    scores = feature_scores(x, scored)
    scores.to_csv(folder / "feature_scores.csv", float_format="%.4g")
    print("\n  feature scores (extra trees, EMA Workbench; higher = more influence; impurity "
          "scores understate on/off and choice levers, which offer few split points: read "
          "the PRIM boxes for those), the five highest for each outcome:", file=file)
    for outcome in scores.columns:
        top = scores[outcome].sort_values(ascending=False).head(5)
        print(f"    {outcome}: " + ", ".join(f"{k} {v:.2f}" for k, v in top.items()), file=file)
    print(f"  -> {folder}/boxes.csv, {folder}/feature_scores.csv", file=file)


def cmd_discover(args) -> int:
    from .sweep import read_export, read_sweep

    root = Path(args.dir)
    meta = read_sweep(root)
    _, outcomes = read_export(root)
    conditions = _conditions(args.target, meta, list(outcomes))
    print_discovery(root, conditions, count=args.boxes, min_density=args.min_density,
                    figure=Path(args.figure) if args.figure else None)
    return 0


# ---------------------------------------------------------------------- search
def cmd_search(args) -> int:
    """NSGA-II over a sweep file's levers (its packages ignored), then the frontier."""
    from tremplin.model import check_cost, estimate_cost

    from .cli import _where
    from .experiment import SweepExperiment, load_experiment
    from .search import objective, search

    exp = load_experiment(args.file)
    if not isinstance(exp, SweepExperiment):
        raise UsageError(f"{args.file}: a search needs a sweep file (kind = \"sweep\")")
    d = exp.drawn
    runs = (args.generations * args.population + 1) * len(d.samples) * exp.replications
    what = f"{exp.name} (search)"
    if runs > MAX_RUNS and not args.force:
        raise UsageError(f"{what}: {runs:,} model runs, more than the {MAX_RUNS:,} a search "
                         "may have without --force")
    base = exp.base()
    check_cost(estimate_cost(base, exp.months).times(runs), what, args.force)
    out = args.out or str(inside("runs", safe_name(f"{exp.name}-search")))
    print(f"search: NSGA-II, {args.generations} generations x {args.population} packages, "
          f"each x {len(d.samples)} uncertainty samples x {exp.replications} replications, "
          f"objectives: maximise {objective(exp)}, minimise lever spending; at most {runs} "
          f"runs -> {out}/", file=sys.stderr)
    search(exp, out, generations=args.generations, population=args.population,
           **_where(args))
    print_frontier(Path(out), exp.conditions(), exp.probability(), objective(exp))
    print(f"\nreport it as a sweep: tremplin frontier {out}; tremplin discover {out}")
    return 0


def _share(name: str):
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            v = float("nan")
        if not 0 < v <= 1:
            raise argparse.ArgumentTypeError(f"{name} must be a number above 0 and at most 1, "
                                             f"got {text[:60]!r}")
        return v
    return parse


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``discover`` and ``frontier`` to the ``tremplin`` parser."""
    from tremplin.cli import integer

    target_help = ("a condition on an outcome of the sweep's export, repeatable: "
                   "OUTCOME>=VALUE (or <=, >, <), VALUE a number or points (2pp = 0.02), "
                   "e.g. employment_rate_regular_gain>=2pp added_spend_eur<=2e6 (default: "
                   "the sweep file's [target])")
    d = sub.add_parser("discover", help="scenario discovery over a sweep: PRIM boxes "
                       "(coverage, density), peeling trajectory, feature scores")
    d.add_argument("dir", help="a sweep folder (tremplin experiment FILE)")
    d.add_argument("--target", action="append", default=None, metavar="CONDITION",
                   help=target_help)
    d.add_argument("--boxes", type=integer("--boxes", 1, 10), default=2,
                   help="boxes to find, each on the runs the earlier ones left (default 2)")
    d.add_argument("--min-density", type=_share("--min-density"), default=0.8,
                   help="on each peeling trajectory, the step of largest coverage with at "
                   "least this density is chosen (default 0.8)")
    d.add_argument("--figure", type=output_path, default=None,
                   help="PNG of the peeling trajectories (default DIR/discover/"
                   "peeling_trajectory.png)")
    d.set_defaults(func=cmd_discover)

    f = sub.add_parser("frontier", help="cost-effectiveness of a sweep's packages: effect and "
                       "lever spending with intervals, frontier, cheapest package on target")
    f.add_argument("dir", help="a sweep folder (tremplin experiment FILE)")
    f.add_argument("--target", action="append", default=None, metavar="CONDITION",
                   help=target_help)
    f.add_argument("--probability", type=_share("--probability"), default=None,
                   help="share of a package's runs (uncertainty samples x replications) that "
                   "must meet the target (default: the file's target.probability, else 0.8)")
    f.add_argument("--effect", default=None, help="the gain the frontier is drawn for "
                   "(default: the first gain the target names)")
    f.set_defaults(func=cmd_frontier)

    s = sub.add_parser("search", help="multi-objective search (NSGA-II, pymoo) over a sweep "
                       "file's levers: effect up, lever spending down; a sweep folder")
    s.add_argument("file", help="a sweep experiment file (its levers, uncertainties, "
                   "samples, replications, months and target; its packages are not used)")
    s.add_argument("--generations", type=integer("--generations", 1, 1000), default=5)
    s.add_argument("--population", type=integer("--population", 4, 10_000), default=16)
    s.add_argument("--out", type=output_path, default=None)
    s.add_argument("--force", action="store_true", help="run even above the size limits")
    s.add_argument("--cluster", default=None, metavar="tcp://HOST:PORT")
    s.add_argument("--workers", type=integer("--workers", 1), default=None)
    s.add_argument("--serial", action="store_true", help="run in this process, no Dask")
    s.set_defaults(func=cmd_search)
