"""Draw docs/steady_state.png: the baseline from the assumed draw and from the stored steady
state (docs/ODD.md, section 5). Run from the repository root: ``python docs/steady_state_plot.py``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from tremplin.model import load, run_scenario
from tremplin.model.scenario import replace

OUT = Path(__file__).with_name("steady_state.png")
SEEDS = range(1, 11)
MONTHS = 120
SHOWN = ("employment_rate", "undocumented_share", "overqualification_rate",
         "mean_language_level")
STARTS = {"steady_state": ("stored steady state", "-"), "drawn": ("assumed draw", "--")}


def mean_series(initial_state: str) -> pd.DataFrame:
    """Monthly indicators of ``baseline``, averaged over the seeds."""
    scn = replace(load("baseline"), {"population": {"initial_state": initial_state}})
    frames = [run_scenario(scn, seed=s, months=MONTHS).timeseries for s in SEEDS]
    return pd.concat(frames).groupby("month")[list(SHOWN)].mean()


def main() -> None:
    fig, axes = plt.subplots(2, 2, figsize=(9, 6), sharex=True)
    for start, (label, style) in STARTS.items():
        data = mean_series(start)
        for ax, name in zip(axes.flat, SHOWN, strict=True):
            ax.plot(data.index, data[name], style, color="black", label=label)
            ax.set_title(name.replace("_", " "))
    for ax in axes[1]:
        ax.set_xlabel("month")
    axes[0, 0].legend()
    fig.suptitle(f"baseline, 2,000 migrants, mean of {len(SEEDS)} seeds")
    fig.tight_layout()
    fig.savefig(OUT, dpi=110)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
