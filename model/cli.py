"""The model's sub-commands of ``tremplin``: run, compare, validate, params, docs,
initial-state.

Bad input (scenario files, flags) ends with one clear line per problem on stderr and exit
status 2; nothing is written for a run that could not start, and a run's outputs are written
only once it has finished.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from tremplin.cli import integer, output_path
from tremplin.errors import UsageError
from tremplin.paths import inside, safe_name

from . import indicators
from .cost import check_cost, estimate_cost
from .params import REGISTRY
from .scenario import load, settings, to_dict

SET_HELP = ("change one value of every scenario of this command, e.g. --set "
            "subsidy.enabled=true or --set pathway.mode=integrated (repeatable; checked like a "
            "scenario file)")


def set_flag(p) -> None:
    """``--set section.key=value`` (repeatable): scenario changes made on the command line."""
    p.add_argument("--set", dest="settings", action="append", default=[],
                   metavar="SECTION.KEY=VALUE", help=SET_HELP)


def load_with_settings(ref: str, args) -> object:
    """The scenario ``ref`` with the ``--set`` changes of ``args`` (a problem names --set)."""
    changes = settings(getattr(args, "settings", None))
    return load(ref, changes, overrides_from="--set") if changes else load(ref)


def _months() -> object:
    return integer("--months", 1, REGISTRY["run.months"].hi)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e6:
        return f"{v:,.0f}"
    if isinstance(v, float) and abs(v) >= 1000:
        return f"{v:,.0f}"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _value(summary: dict, name: str) -> float | None:
    """A headline value of a run summary: its final month, or a measure of the whole run."""
    return summary["final"].get(name, summary.get(name))


def headline_lines(summary: dict) -> list[str]:
    """The headline indicators of one run, one line each, with their units."""
    return [f"  {s.name:30s} {s.format(_value(summary, s.name))}"
            for s in indicators.headline(run_summary=True)]


def comparison_lines(labels: tuple[str, str], summaries: tuple[dict, dict]) -> list[str]:
    """Two runs side by side and their difference (shares in %, differences in points)."""
    w = max(*(len(x) for x in labels), 14)
    lines = [f"{'indicator (final month)':30s} {labels[0]:>{w}s} {labels[1]:>{w}s} "
             f"{'difference':>15s}", "-" * (32 + 2 * w + 16)]
    for s in indicators.headline(run_summary=True):
        a, b = (_value(x, s.name) for x in summaries)
        diff = b - a if a is not None and b is not None else None
        lines.append(f"{s.name:30s} {s.format(a):>{w}s} {s.format(b):>{w}s} "
                     f"{s.format(diff, difference=True):>15s}")
    return lines


def cmd_run(args) -> int:
    from .run import run_scenario

    scn = load_with_settings(args.scenario, args)
    check_cost(estimate_cost(scn, args.months), args.scenario, args.force)
    out = (Path(args.out) if args.out
           else inside("runs", f"{safe_name(scn.name)}-seed{args.seed}"))
    res = run_scenario(scn, seed=args.seed, months=args.months)
    res.write(out)
    print(f"{scn.name}: {res.summary['months']} months, seed {args.seed} -> {out}/")
    print("\n".join(headline_lines(res.summary)))
    return 0


def cmd_compare(args) -> int:
    """Run two scenarios on the same seed and print a comparison table."""
    from .run import run_scenario

    a, b = load_with_settings(args.base, args), load_with_settings(args.policy, args)
    check_cost(estimate_cost(a, args.months) + estimate_cost(b, args.months),
               f"{args.base} and {args.policy}", args.force)
    folders = [inside(args.out, safe_name(s.name)) for s in (a, b)] if args.out else []
    if len(set(folders)) < len(folders) and a.name != b.name:
        raise UsageError(f"--out {args.out}: scenarios {a.name!r} and {b.name!r} would share "
                         f"the folder {folders[0]}; give them distinct plain names")
    results = []
    for i, scn in enumerate((a, b)):
        print(f"running {scn.name} ({scn.run.months if args.months is None else args.months} "
              f"months, seed {args.seed})...", file=sys.stderr)
        res = run_scenario(scn, seed=args.seed, months=args.months)
        if args.out:
            res.write(folders[i])
        results.append(res.summary)
    print()
    print("\n".join(comparison_lines((a.name, b.name), (results[0], results[1]))))
    if args.out:
        print(f"\nresults written to {folders[0]}/ and {folders[1]}/")
    print("one seed only: use batches of replications before drawing conclusions")
    return 0


def cmd_validate(args) -> int:
    scn = load(args.scenario)
    print(f"{args.scenario}: valid scenario '{scn.name}'")
    if args.show:
        print(json.dumps(to_dict(scn), indent=2))
    return 0


def cmd_params(args) -> int:
    rows = [p for p in REGISTRY.values() if not args.section or p.section == args.section]
    if args.section and not rows:
        raise UsageError(f"--section {args.section!r}: no such section (sections: "
                         f"{', '.join(sorted({p.section for p in REGISTRY.values()}))})")
    if args.format == "json":
        print(json.dumps([{"name": p.key, "unit": p.unit, "default": p.default,
                           "range": p.allowed(), "source": p.source,
                           "calibrated": p.calibrate, "lever": p.lever,
                           "description": p.description} for p in rows], indent=2))
        return 0
    print(f"{'name':48s} {'default':>12s}  {'unit':28s} {'range':34s} {'fit':6s}source")
    for p in rows:
        default = repr(p.default) if isinstance(p.default, str) else _fmt(p.default)
        fit = "cal" if p.calibrate else "lever" if p.lever else "fix"
        print(f"{p.key:48s} {default:>12s}  {p.unit[:28]:28s} {p.allowed()[:34]:34s} {fit:6s}"
              f"{p.source}")
    return 0


def cmd_docs(args) -> int:
    from .docs import check_odd, write_odd

    path = Path(args.path)
    if args.write:
        write_odd(path)
        print(f"{path}: generated sections updated")
        return 0
    stale = check_odd(path)
    if stale:
        print(f"{path}: generated sections are out of date: {', '.join(stale)} "
              "(run 'tremplin docs --write')", file=sys.stderr)
        return 1
    print(f"{path}: up to date with the registry")
    return 0


def cmd_initial_state(args) -> int:
    """Regenerate ``model/steady_state.csv`` (``stationary.generate``)."""
    from . import stationary

    kw = {k: v for k in ("seeds", "months", "rows") if (v := getattr(args, k)) is not None}
    st = stationary.generate(**kw)
    migrants = len(st.migrant_rows)
    print(f"{stationary.PATH}: {migrants} migrants, {len(st) - migrants} natives, "
          f"vacancy share {st.vacancy_share:.4f}, fingerprint {st.fingerprint}")
    return 0


def _force_flag(p) -> None:
    p.add_argument("--force", action="store_true",
                   help="run even above the memory, lot and computing-time limits")


def register(sub) -> None:
    """Add the model's sub-commands to the ``tremplin`` command."""
    r = sub.add_parser("run", help="run one scenario and write timeseries.csv + summary.json")
    r.add_argument("scenario", help="a scenario file, or the name of a shipped one (baseline)")
    r.add_argument("--seed", type=integer("--seed"), default=0)
    r.add_argument("--months", type=_months(), default=None)
    r.add_argument("--out", type=output_path, default=None,
                   help="output folder (default runs/NAME-seedN)")
    set_flag(r)
    _force_flag(r)
    r.set_defaults(func=cmd_run)

    c = sub.add_parser("compare", help="run a baseline and a policy on one seed, print a table")
    c.add_argument("base")
    c.add_argument("policy")
    c.add_argument("--seed", type=integer("--seed"), default=0)
    c.add_argument("--months", type=_months(), default=None)
    c.add_argument("--out", type=output_path, default=None)
    set_flag(c)  # both scenarios, as a batch's --set changes every scenario
    _force_flag(c)
    c.set_defaults(func=cmd_compare)

    v = sub.add_parser("validate", help="check a scenario file")
    v.add_argument("scenario")
    v.add_argument("--show", action="store_true", help="print the resolved scenario")
    v.set_defaults(func=cmd_validate)

    p = sub.add_parser("params", help="list the parameter registry")
    p.add_argument("--section", default=None)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_params)

    d = sub.add_parser("docs", help="check or regenerate the registry tables in docs/ODD.md")
    d.add_argument("--write", action="store_true")
    d.add_argument("--path", default="docs/ODD.md")
    d.set_defaults(func=cmd_docs)

    s = sub.add_parser("initial-state", help="regenerate the stored steady state the initial "
                       "migrants are drawn from (model/steady_state.csv)")
    s.add_argument("--seeds", type=integer("--seeds", 1, 100), default=None)
    s.add_argument("--months", type=integer("--months", 1, 2400), default=None)
    s.add_argument("--rows", type=integer("--rows", 100, 10**6), default=None)
    s.set_defaults(func=cmd_initial_state)

