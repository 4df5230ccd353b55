"""The public run interface: scenario in, indicators out.

Batches, sensitivity analysis, calibration and the dashboard all use ``run_scenario`` (or the
model class) and nothing deeper.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import indicators
from .model import TremplinModel
from .scenario import to_dict


@dataclass
class RunResult:
    """Monthly indicators and the run summary of one simulation."""

    timeseries: pd.DataFrame
    summary: dict = field(default_factory=dict)

    def write(self, out: Path) -> None:
        """Write ``timeseries.csv`` and ``summary.json`` into ``out``."""
        out.mkdir(parents=True, exist_ok=True)
        self.timeseries.to_csv(out / "timeseries.csv", index=False, float_format="%.6g")
        (out / "summary.json").write_text(json.dumps(_clean(self.summary), indent=2) + "\n")


def _clean(x):
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def run_scenario(scenario, seed: int = 0, months: int | None = None) -> RunResult:
    """Run one scenario for ``months`` (default: the scenario's) and collect its results."""
    from tremplin import __version__

    model = TremplinModel(scenario, seed=seed)
    horizon = scenario.run.months if months is None else int(months)
    for _ in range(horizon):
        model.step()
    ts = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    ts = ts[indicators.names()]
    final = {k: (None if isinstance(v, float) and math.isnan(v)
                 else int(v) if indicators.spec(k).integer else v)
             for k, v in ts.iloc[-1].to_dict().items()}
    summary = {
        "scenario": scenario.name,
        "seed": int(seed),
        "months": horizon,
        "version": __version__,
        "final": final,
        **indicators.summary_medians(model),
        "spend_by_lever_eur": {k: round(v, 2) for k, v in model.municipality.spent.items()},
        "resolved_scenario": to_dict(scenario),
    }
    return RunResult(ts, summary)
