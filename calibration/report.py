"""The fit report: each target against the simulated spread, posterior marginals, distance over
generations, as one PNG and an HTML page that embeds it with the tables."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd


def figure(targets: pd.DataFrame, particles: pd.DataFrame, generations: pd.DataFrame,
           summary: pd.DataFrame, path: Path, default: pd.DataFrame | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    params = list(summary["parameter"])
    ncol = max(3, len(params))
    fig = plt.figure(figsize=(3.2 * ncol, 7.5), layout="constrained")
    gs = fig.add_gridspec(2, ncol)
    ax = fig.add_subplot(gs[0, : ncol - 1])
    y = np.arange(len(targets))
    tol = targets["tolerance"].to_numpy()
    ax.axvspan(-1, 1, color="#cde", label="inside tolerance")
    ax.axvline(0, color="k", lw=1, label="observed (Eurostat)")
    ax.errorbar((targets["simulated_mean"] - targets["observed"]) / tol, y + 0.12,
                xerr=targets["simulated_sd"] / tol, fmt="o", color="#c33",
                label="fitted: mean ± sd over seeds")
    if default is not None:
        ax.errorbar((default["simulated_mean"] - default["observed"]) / tol, y - 0.12,
                    xerr=default["simulated_sd"] / tol, fmt="s", color="#888",
                    label="registry defaults")
    ax.set_yticks(y, [f"{r.target}\nobserved {r.observed:g} ± {r.tolerance:g}"
                      for r in targets.itertuples()])
    ax.set_xlabel("(simulated - observed) / tolerance")
    ax.set_title("Targets and simulated values")
    ax.legend(fontsize=7, loc="best")
    ax = fig.add_subplot(gs[0, ncol - 1])
    ax.plot(generations["t"], generations["epsilon"], "o-")
    ax.set_yscale("log")
    ax.set_xlabel("generation")
    ax.set_ylabel("epsilon (RMS error / tolerance)")
    ax.set_title("Distance threshold")
    last = particles[particles.t == particles.t.max()]
    for i, row in enumerate(summary.itertuples()):
        ax = fig.add_subplot(gs[1, i])
        ax.hist(last[row.parameter], bins=15, range=(row.prior_lo, row.prior_hi),
                weights=last["weight"], density=True, color="#69c", alpha=0.8)
        _prior_line(ax, row)
        ax.axvline(row.default, color="#888", ls="--", lw=1, label="default")
        ax.axvline(row.mean, color="#c33", lw=1.5, label="posterior mean")
        ax.set_title(row.parameter.split(".")[-1], fontsize=9)
        if i == 0:
            ax.legend(fontsize=7)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _prior_line(ax, row) -> None:
    """The prior's density: flat on its range, or the registry's truncated normal."""
    from tremplin.model.params import REGISTRY

    shape = REGISTRY[row.parameter].prior_shape
    if shape is None:
        ax.axhline(1 / (row.prior_hi - row.prior_lo), color="k", ls=":", lw=1, label="prior")
        return
    from scipy.stats import truncnorm

    _kind, mean, sd = shape
    x = np.linspace(row.prior_lo, row.prior_hi, 200)
    pdf = truncnorm.pdf(x, (row.prior_lo - mean) / sd, (row.prior_hi - mean) / sd, loc=mean,
                        scale=sd)
    ax.plot(x, pdf, color="k", ls=":", lw=1, label="prior")


def pairs(particles: pd.DataFrame, summary: pd.DataFrame, path: Path) -> None:
    """Pairwise posterior plot of the last generation: weighted histograms on the diagonal,
    particles (area by weight) below it, on the prior ranges; the registry default marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = list(summary.itertuples())
    n = len(rows)
    last = particles[particles.t == particles.t.max()]
    w = last["weight"].to_numpy(dtype=float)
    size = 4 + 60 * w / w.max() if len(w) and w.max() > 0 else 10
    fig, axes = plt.subplots(n, n, figsize=(2.2 * n + 1, 2.2 * n + 1), squeeze=False,
                             layout="constrained")
    for i, ri in enumerate(rows):
        for j, rj in enumerate(rows):
            ax = axes[i][j]
            if j > i:
                ax.axis("off")
                continue
            if i == j:
                ax.hist(last[ri.parameter], bins=15, range=(ri.prior_lo, ri.prior_hi),
                        weights=w, color="#69c")
                ax.axvline(ri.default, color="#888", ls="--", lw=1)
            else:
                ax.scatter(last[rj.parameter], last[ri.parameter], s=size, color="#69c",
                           alpha=0.6, lw=0)
                ax.plot(rj.default, ri.default, "x", color="#888")
                ax.set_ylim(ri.prior_lo, ri.prior_hi)
            ax.set_xlim(rj.prior_lo, rj.prior_hi)
            ax.tick_params(labelsize=6)
            if i == n - 1:
                ax.set_xlabel(rj.parameter.split(".")[-1], fontsize=7)
            if j == 0 and i > 0:
                ax.set_ylabel(ri.parameter.split(".")[-1], fontsize=7)
    fig.suptitle("Posterior, last generation (x / dashed: registry default)", fontsize=9)
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, float_format=lambda v: f"{v:.4g}", border=0,
                      classes="t")


def write_html(path: Path, title: str, facts: list[tuple[str, str]], targets: pd.DataFrame,
               summary: pd.DataFrame, generations: pd.DataFrame, png: str, notes: list[str],
               default: pd.DataFrame | None = None, extra: dict[str, pd.DataFrame] | None = None,
               pngs: tuple[str, ...] = ()) -> None:
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                   for k, v in facts)
    outside = targets[~targets["inside"]]["target"].tolist()
    verdict = ("every target is inside its tolerance" if not outside else
               "NOT inside tolerance: " + ", ".join(outside))
    notes_html = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    default_html = (f"<h2>Registry defaults, same seeds</h2>{_table(default)}"
                    if default is not None else "")
    extra_html = "".join(f"<h2>{html.escape(k)}</h2>{_table(v)}"
                         for k, v in (extra or {}).items() if not v.empty)
    extra_html += "".join(f'<img src="{html.escape(p)}" alt="{html.escape(p)}" '
                          'style="max-width:100%">' for p in pngs)
    path.write_text(f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}
table.t{{border-collapse:collapse}}
table.t td,table.t th{{padding:2px 8px;border-bottom:1px solid #ddd}}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p><b>{html.escape(verdict)}</b> (mean over seeds of the fitted scenario vs observed value).</p>
<table>{rows}</table>
<h2>Targets</h2>{_table(targets)}
{default_html}
<h2>Posterior (last generation)</h2>{_table(summary)}
<h2>Generations</h2>{_table(generations)}
<img src="{html.escape(png)}" alt="fit report" style="max-width:100%">
{extra_html}
<h2>Notes</h2><ul>{notes_html}</ul>
</body></html>
""", encoding="utf-8")
