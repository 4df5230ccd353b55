"""``tremplin report DIR``: one self-contained HTML page (and PNG files) for a batch or a study.

Figures are drawn with matplotlib (Agg), saved as PNG next to the page and embedded in it as
base64, so the page can be mailed on its own.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError
from tremplin.model.indicators import INDICATORS

from .stats import t_interval

TRAJECTORIES = ("employment_rate", "regularisation_rate", "sse_employment_rate",
                "informal_work_rate", "unemployment_rate", "municipal_spend_eur")
TABLE = ("employment_rate", "employment_rate_regular", "unemployment_rate",
         "sse_employment_rate", "informal_work_rate", "regularisation_rate",
         "undocumented_share", "overqualification_rate", "mean_language_level", "coops_active",
         "municipal_spend_eur")
COLOURS = ("#1b4f72", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d")


class ReportError(TremplinError):
    """A folder that holds no batch or study to report on."""


def is_share(ind: str) -> bool:
    return "rate" in ind or "share" in ind


def unit(ind: str) -> str:
    if ind.endswith("_eur"):
        return "EUR (cumulative)"
    if ind == "mean_language_level":
        return "level 0-1 (B1 = 0.5)"
    if ind in ("coops_active", "migrants_present"):
        return "count"
    return "% of the group" if is_share(ind) else ""


def scale(ind: str) -> float:
    return 100.0 if is_share(ind) else 1.0


def title(ind: str) -> str:
    text = ind.replace("_", " ").capitalize().replace(" eur", " (EUR)")
    return text.replace("Sse ", "SSE ").replace(" sse ", " SSE ")


def fmt(v: float, ind: str, signed: bool = False) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    v = v * scale(ind)
    sign = "+" if signed else ""
    if ind.endswith("_eur"):
        return f"{v:{sign},.0f}"
    if is_share(ind):
        return f"{v:{sign}.1f}%"
    return f"{v:{sign}.2f}"


def _png(fig, path: Path) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    data = buf.getvalue()
    path.write_bytes(data)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(data).decode()


def _figure_html(b64: str, name: str, caption: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{b64}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)} <span class='file'>({name})</span>"
            "</figcaption></figure>")


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em
auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.8em;border-bottom:1px solid #ddd}
.meta{color:#666;font-size:.9em} figure{margin:1.2em 0} img{max-width:100%}
figcaption{color:#444;font-size:.92em;margin-top:.3em} .file{color:#999}
table{border-collapse:collapse;font-size:.9em;margin:1em 0} th,td{padding:.3em .6em;
border-bottom:1px solid #e5e5e5;text-align:right} th:first-child,td:first-child{text-align:left}
th{background:#f5f7fa} .sig{font-weight:600;color:#1b4f72} .warn{color:#b03a2e;font-weight:600}
.ok{color:#1e8449;font-weight:600} .note{background:#f8f9f9;padding:.6em 1em;border-left:3px
solid #aab7b8}
"""


def _page(title_text: str, meta: str, body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title_text)}</title><style>{CSS}</style></head><body>"
            f"<h1>{html.escape(title_text)}</h1><p class='meta'>{meta}</p>{body}"
            "</body></html>\n")


def write_report(root: Path, out: str | None = None) -> Path:
    """Write ``report.html`` (or ``out``) and ``figures/*.png`` for the folder ``root``."""
    import matplotlib

    matplotlib.use("Agg")
    root = Path(root)
    if (root / "sensitivity.json").exists():
        page = _study_report(root)
    elif (root / "batch.json").exists() and (root / "summary.csv").exists():
        page = _batch_report(root)
    else:
        raise ReportError(f"{root}: no batch (batch.json + summary.csv) or sensitivity study "
                          "(sensitivity.json) to report on; run 'tremplin batch' or "
                          "'tremplin sensitivity' with --out first")
    path = Path(out) if out else root / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- batch
def _batch_report(root: Path) -> str:
    import matplotlib.pyplot as plt

    from .store import ResultStore

    manifest = json.loads((root / "batch.json").read_text())
    summary = pd.read_csv(root / "summary.csv")
    labels = list(dict.fromkeys(summary["scenario"]))
    ref = labels[0]
    store = ResultStore(root)
    cols = ["scenario", "replication", "month", *TRAJECTORIES]
    frame = store.read(columns=cols)
    frame = frame[frame["scenario"].isin(labels)]
    figs = root / "figures"
    figs.mkdir(exist_ok=True)
    reps = summary.groupby("scenario")["n"].max().to_dict()
    months = {lab: manifest["scenarios"][lab]["months"] for lab in labels}
    colour = {lab: COLOURS[i % len(COLOURS)] for i, lab in enumerate(labels)}
    parts = []

    # trajectories with 95% bands
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.2), sharex=True)
    for ax, ind in zip(axes.flat, TRAJECTORIES, strict=True):
        for lab in labels:
            g = frame[frame["scenario"] == lab].groupby("month")[ind]
            stats = g.apply(lambda s: pd.Series(t_interval(s), index=["m", "sd", "lo", "hi"]))
            stats = stats.unstack()
            k = 1e-6 if ind.endswith("_eur") else scale(ind)
            ax.plot(stats.index, stats["m"] * k, color=colour[lab], lw=1.6, label=lab)
            ax.fill_between(stats.index, stats["lo"] * k, stats["hi"] * k, color=colour[lab],
                            alpha=0.18, lw=0)
        ax.set_title(title(ind), fontsize=10.5)
        ax.set_ylabel("million EUR, cumulative" if ind.endswith("_eur") else unit(ind),
                      fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("month since the policy start")
    axes.flat[0].legend(fontsize=8, frameon=False)
    fig.suptitle("Indicator trajectories: mean over replications with 95% confidence band",
                 fontsize=12)
    fig.tight_layout()
    parts.append("<h2>How the indicators evolve</h2>")
    parts.append(_figure_html(
        _png(fig, figs / "trajectories.png"), "figures/trajectories.png",
        "Each line is the mean over replications of one scenario, month by month; the shaded "
        "band is its 95% confidence interval (Student t over replications). Month 0 is the "
        "start of the policy period, after the burn-in."))

    # paired differences at the final month
    others = labels[1:]
    if others:
        inds = [i for i in TABLE if is_share(i)]
        fig, ax = plt.subplots(figsize=(10, 0.42 * len(inds) * max(1, len(others)) ** 0.5 + 1.5))
        s = summary.set_index(["scenario", "indicator"])
        height = 0.8 / len(others)
        for j, lab in enumerate(others):
            ys = np.arange(len(inds)) + (j - (len(others) - 1) / 2) * height
            d = np.array([s.loc[(lab, i), "diff_mean"] * scale(i) for i in inds])
            lo = np.array([s.loc[(lab, i), "diff_ci_low"] * scale(i) for i in inds])
            hi = np.array([s.loc[(lab, i), "diff_ci_high"] * scale(i) for i in inds])
            ax.errorbar(d, ys, xerr=[d - lo, hi - d], fmt="o", color=colour[lab], ms=4,
                        capsize=2, label=lab)
        ax.axvline(0, color="#555", lw=0.8)
        ax.set_yticks(np.arange(len(inds)), [title(i) for i in inds], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(f"difference to {ref} at the final month (percentage points)")
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize=8, frameon=False, loc="best")
        ax.set_title(f"Policy effects: paired difference to {ref}, with 95% interval",
                     fontsize=12)
        fig.tight_layout()
        parts.append("<h2>Effect of each scenario</h2>")
        parts.append(_figure_html(
            _png(fig, figs / "differences.png"), "figures/differences.png",
            f"Each dot is the mean difference between a scenario and {ref} in the same "
            "replication (same random seed, so shared noise cancels); the bar is its 95% "
            "interval. A bar that does not cross the vertical line is an effect the "
            "replications can tell apart from noise."))

    # comparison table
    s = summary.set_index(["indicator", "scenario"])
    head = "".join(f"<th>{html.escape(lab)}</th>" for lab in labels)
    rows = []
    for ind in TABLE:
        cells = []
        for lab in labels:
            if (ind, lab) not in s.index:
                cells.append("<td>n/a</td>")
                continue
            r = s.loc[(ind, lab)]
            cell = (f"{fmt(r['mean'], ind)}<br><small>[{fmt(r['ci_low'], ind)}, "
                    f"{fmt(r['ci_high'], ind)}]</small>")
            if lab != ref and not math.isnan(r["diff_mean"]):
                sig = r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0
                cell += (f"<br><span class='{'sig' if sig else ''}'>"
                         f"{fmt(r['diff_mean'], ind, signed=True)}</span> <small>"
                         f"[{fmt(r['diff_ci_low'], ind, True)}, "
                         f"{fmt(r['diff_ci_high'], ind, True)}]</small>")
            cells.append(f"<td>{cell}</td>")
        desc = html.escape(INDICATORS.get(ind, ""))
        rows.append(f"<tr><td><b>{title(ind)}</b><br><small>{desc}</small></td>"
                    f"{''.join(cells)}</tr>")
    parts.append("<h2>Comparison at the final month</h2>")
    parts.append(f"<p>Mean over replications with its 95% interval; for each scenario after "
                 f"the first, the second line is the paired difference to <b>{ref}</b> and "
                 f"its 95% interval, in <span class='sig'>bold blue</span> when the interval "
                 f"excludes zero. Shares are in percent, differences in percentage points. "
                 f"All indicators: <code>summary.csv</code>.</p>")
    parts.append(f"<table><tr><th>indicator</th>{head}</tr>{''.join(rows)}</table>")

    errors = store.errors()
    if errors:
        items = "".join(f"<li>{html.escape(e['scenario'])} replication {e['replication']} "
                        f"(seed {e['seed']}): {html.escape(e['error'])}</li>" for e in errors)
        parts.append(f"<h2 class='warn'>Failed runs ({len(errors)})</h2><p>Left out of every "
                     f"figure and table above; details in <code>errors/</code>.</p>"
                     f"<ul>{items}</ul>")
    meta = (f"{len(labels)} scenarios, {max(reps.values())} replications each on common random "
            f"numbers (base seed {manifest['base_seed']}), horizon "
            f"{', '.join(sorted({str(m) for m in months.values()}))} months. Generated "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC from <code>{html.escape(str(root))}</code>.")
    return _page(f"Scenario comparison: {', '.join(labels)}", meta, "".join(parts))


# ---------------------------------------------------------------------- study
def _study_report(root: Path) -> str:
    import matplotlib.pyplot as plt

    from .study import read_study

    meta, ind = read_study(root)
    study = meta["study"]
    method = study["method"]
    figs = root / "figures"
    figs.mkdir(exist_ok=True)
    parts = []
    factors = {f["key"]: f for f in meta["factors"]}
    for name, note in meta["outputs"].items():
        t = ind[ind["output"] == name]
        parts.append(f"<h2>{title(name)}</h2><p><small>{html.escape(INDICATORS[name])}"
                     f"</small></p>")
        if method == "sobol":
            s1 = t[t["index"] == "S1"].set_index("parameter")
            st = t[t["index"] == "ST"].set_index("parameter")
            order = st["estimate"].sort_values(ascending=True).index
            fig, ax = plt.subplots(figsize=(9, 0.55 * len(order) + 1.6))
            y = np.arange(len(order))
            for k, (tab, lab, c, off) in enumerate(((st, "total effect ST", "#1b4f72", 0.2),
                                                    (s1, "first order S1", "#d68910", -0.2))):
                est = tab.loc[order, "estimate"].to_numpy()
                lo = tab.loc[order, "ci_low"].to_numpy()
                hi = tab.loc[order, "ci_high"].to_numpy()
                ax.barh(y + off, est, height=0.38, color=c, alpha=0.85, label=lab, zorder=2 + k)
                ax.errorbar(est, y + off, xerr=[est - lo, hi - est], fmt="none", ecolor="#222",
                            capsize=2.5, lw=1, zorder=5)
            ax.set_yticks(y, order, fontsize=9)
            ax.axvline(0, color="#555", lw=0.8)
            ax.set_xlabel("share of the output's variance (0 = no influence, 1 = all of it)")
            ax.set_title(f"What drives {title(name).lower()} at month {study['month']}: "
                         "Sobol indices with 95% intervals", fontsize=11)
            ax.legend(fontsize=8, frameon=False, loc="lower right")
            ax.grid(axis="x", alpha=0.3)
            fig.tight_layout()
            fname = f"sobol_{name}.png"
            parts.append(_figure_html(
                _png(fig, figs / fname), f"figures/{fname}",
                "Longest bars first. The total effect (blue) is the share of the variance of "
                "the output that would vanish if the parameter were known exactly, "
                "interactions included; the first-order effect (orange) is its share acting "
                "alone. Black whiskers: 95% intervals over independent scramblings of the "
                "design."))
            sum_s1 = float(s1["estimate"].sum())
            parts.append(f"<p>Sum of first-order indices: {sum_s1:.2f} (the variance "
                         "explained by parameters acting alone; it cannot exceed 1, so a sum "
                         "above 1 is estimation noise and a sign that more samples are "
                         "needed).</p>")
            cls = "ok" if note["converged"] else "warn"
            parts.append(f"<p class='note'><span class='{cls}'>Convergence:</span> "
                         f"{html.escape(note['verdict'])}. {note['blocks_dropped']} of "
                         f"{note['blocks']} Saltelli blocks dropped for failed runs or "
                         "undefined outputs.</p>")
            cols = ("S1", "ST")
        else:
            mu = t[t["index"] == "mu_star"].set_index("parameter")
            sg = t[t["index"] == "sigma"].set_index("parameter")
            fig, ax = plt.subplots(figsize=(8, 5.5))
            for i, p in enumerate(mu.index):
                m, s = mu.loc[p], sg.loc[p]
                ax.errorbar(m["estimate"], s["estimate"],
                            xerr=[[m["estimate"] - m["ci_low"]], [m["ci_high"] - m["estimate"]]],
                            yerr=[[s["estimate"] - s["ci_low"]], [s["ci_high"] - s["estimate"]]],
                            fmt="o", color=COLOURS[i % len(COLOURS)], capsize=2, label=p)
            ax.set_xlabel(f"mu* (mean absolute effect on {name} of moving the parameter "
                          "across its range)", fontsize=9)
            ax.set_ylabel("sigma (spread of the effect: interactions, non-linearity)",
                          fontsize=9)
            ax.set_title(f"Morris screening of {title(name).lower()}, 95% bootstrap intervals",
                         fontsize=11)
            ax.legend(fontsize=7, frameon=False)
            ax.grid(alpha=0.3)
            fig.tight_layout()
            fname = f"morris_{name}.png"
            parts.append(_figure_html(
                _png(fig, figs / fname), f"figures/{fname}",
                "Parameters far to the right matter most; high ones act through interactions "
                "or non-linearly. Effects are per full range of the parameter."))
            cols = ("mu_star", "mu", "sigma")
        head = "".join(f"<th>{c} [95% CI]</th>" for c in cols)
        rows = []
        for p in study["params"]:
            cells = ""
            for c in cols:
                r = t[(t["index"] == c) & (t["parameter"] == p)].iloc[0]
                cells += (f"<td>{r['estimate']:.3f} <small>[{r['ci_low']:.3f}, "
                          f"{r['ci_high']:.3f}]</small></td>")
            f = factors[p]
            rows.append(f"<tr><td>{p}<br><small>range {f['lo']:g} to {f['hi']:g}</small></td>"
                        f"{cells}</tr>")
        parts.append(f"<table><tr><th>parameter</th>{head}</tr>{''.join(rows)}</table>")
        s2 = t[t["index"] == "S2"]
        if len(s2):
            rows = "".join(f"<tr><td>{r.parameter} x {r.parameter2}</td><td>{r.estimate:.3f} "
                           f"<small>[{r.ci_low:.3f}, {r.ci_high:.3f}]</small></td></tr>"
                           for r in s2.itertuples())
            parts.append("<p>Second-order (pairwise interaction) indices:</p><table><tr><th>"
                         f"pair</th><th>S2 [95% CI]</th></tr>{rows}</table>")
    if meta.get("failed"):
        items = "".join(f"<li>{html.escape(e['scenario'])} replication {e['replication']} "
                        f"(seed {e['seed']}): {html.escape(e['error'])}</li>"
                        for e in meta["failed"][:50])
        parts.append(f"<h2 class='warn'>Failed runs ({len(meta['failed'])})</h2><ul>{items}</ul>")
    how = ("Sobol indices from " + f"{study['scrambles']} independent scramblings of a Saltelli "
           f"design of {study['n']} base rows each (SALib sampler); the point estimate is their "
           "mean and the interval a Student t interval over them (randomised quasi-Monte Carlo)"
           if method == "sobol" else
           f"Morris elementary effects from {study['n']} random trajectories "
           f"({study['levels']} levels); intervals are percentile bootstraps over trajectories")
    meta_line = (f"Scenario <code>{html.escape(str(study['scenario']))}</code>, horizon "
                 f"{study['months']} months, outputs read at month {study['month']}; "
                 f"{meta['runs']} runs ({meta['failed_runs']} failed), {study['replications']} "
                 f"replication(s) per design point on common seeds (seed {study['seed']}). "
                 f"{how}. Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.")
    return _page(f"{method.capitalize()} sensitivity analysis", meta_line, "".join(parts))
