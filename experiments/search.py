"""Multi-objective search over lever packages, for lever spaces too large to sweep.

pymoo's NSGA-II (maintained; nothing here re-implements it) proposes packages generation by
generation through its ask-and-tell interface; each package is evaluated by the same model, in
the same way as a sweep's: under every uncertainty sample of the file, on the same replication
seeds as the base scenario, its effect and lever spending being paired differences. The two
objectives are the mean effect (maximised) and the mean lever spending (minimised).

Every generation extends the same sweep folder (packages numbered on across generations, the
base runs and every run already stored reused, resumable), so the result is a sweep folder:
``tremplin frontier`` and ``tremplin discover`` report it exactly as they report a sweep.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .frontier import packages as package_table
from .sweep import GAIN, Design, paired_from_export, run_sweep


def objective(exp) -> str:
    """The effect searched for: the first gain the file's target names, else the first
    outcome's gain."""
    from .frontier import effect_name

    return effect_name(exp.conditions(), exp.outcomes[0] + GAIN)


def search(exp, out: Path | str, *, generations: int, population: int,
           serial: bool = False, cluster: str | None = None, workers: int | None = None,
           progress: bool = True, file=None):
    """Run NSGA-II for ``generations`` generations of ``population`` packages each (seeded by
    the file's seed) into ``out``; returns the last batch outcome."""
    import warnings

    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.evaluator import Evaluator
    from pymoo.core.problem import Problem
    from pymoo.core.termination import NoTermination
    from pymoo.problems.static import StaticProblem

    file = file or sys.stderr
    levers = list(exp.drawn.levers)
    effect = objective(exp)
    problem = Problem(n_var=len(levers), n_obj=2, xl=0.0, xu=1.0)
    algorithm = NSGA2(pop_size=population)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm.setup(problem, termination=NoTermination(), seed=exp.seed % 2**32,
                        verbose=False)
    evaluated: list[dict] = []
    outcome = None
    for generation in range(1, generations + 1):
        pop = algorithm.ask()
        unit = np.clip(pop.get("X"), 0.0, 1.0 - 1e-12)
        new = [{d.key: d.at(u) for d, u in zip(levers, row, strict=True)} for row in unit]
        first = len(evaluated) + 1
        evaluated += new
        design = Design(exp.drawn.levers, exp.drawn.uncertainties, tuple(evaluated),
                        exp.drawn.samples)
        outcome = run_sweep(exp, out, serial=serial, cluster=cluster, workers=workers,
                            progress=progress, design=design,
                            extra={"design": "search", "search": {
                                "algorithm": "NSGA-II (pymoo)", "generations": generation,
                                "population": population, "objectives":
                                [f"maximise {effect}", "minimise added_spend_eur"]}})
        pairs, _, _ = paired_from_export(out)
        table = package_table(pairs, effect).set_index("package")
        ids = range(first, first + len(new))
        f = np.column_stack([-table.reindex(ids)["effect"].to_numpy(float),
                             table.reindex(ids)["cost"].to_numpy(float)])
        f = np.where(np.isfinite(f), f, np.inf)  # a package that failed is the worst
        Evaluator().eval(StaticProblem(problem, F=f), pop)
        algorithm.tell(infills=pop)
        best = table.loc[list(ids)]
        print(f"search: generation {generation} of {generations}: {len(new)} packages, best "
              f"effect {best['effect'].max():.4g}, cheapest {best['cost'].min():,.0f} EUR",
              file=file)
    return outcome
