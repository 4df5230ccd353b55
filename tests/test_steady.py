"""The steady-state check recovers a planted drift and judges shares against the threshold."""

import numpy as np
import pandas as pd

from tremplin.experiments.steady import THRESHOLD_PP, drift, table
from tremplin.model import indicators


def _frames(slope_per_month: float, seeds: int = 6) -> list[pd.DataFrame]:
    rng = np.random.default_rng(0)
    month = np.arange(121)
    frames = []
    for seed in range(seeds):
        cols = {s.name: 0.3 + rng.normal(0, 0.002, month.size) for s in indicators.headline()}
        cols["employment_rate"] = 0.3 + slope_per_month * month + rng.normal(0, 0.002, month.size)
        frames.append(pd.DataFrame({"month": month, **cols}).assign(seed=seed))
    return frames


def test_a_planted_drift_is_recovered_in_points_a_year_and_judged():
    rows = {r.indicator: r for r in drift(_frames(-0.001))}  # -1.2 pp a year
    emp = rows["employment_rate"]
    assert abs(emp.slope + 1.2) < 0.05 and emp.low < emp.slope < emp.high
    assert emp.flat is False
    flat = rows["undocumented_share"]
    assert abs(flat.slope) < THRESHOLD_PP and flat.flat is True
    assert "| employment_rate |" in table(list(rows.values()))


def test_cumulative_spending_is_not_judged():
    rows = {r.indicator: r for r in drift(_frames(0.0))}
    assert rows["municipal_spend_eur"].flat is None
    assert rows["employment_rate"].flat is True
