"""``tremplin report DIR``: one self-contained HTML page (and PNG files) for a batch or a study.

Figures are drawn with matplotlib (Agg), saved as PNG next to the page and embedded in it as
base64, so the page can be mailed on its own.
"""

from __future__ import annotations

import base64
import html
import io
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError
from tremplin.model import indicators
from tremplin.paths import inside, safe_name

from .stats import t_interval

COLOURS = ("#1b4f72", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#17a589", "#7f8c8d")


class ReportError(TremplinError):
    """A folder that holds no batch or study to report on."""


def _axis(spec: indicators.Indicator) -> tuple[float, str]:
    """Scale and axis label of an indicator's trajectory."""
    if spec.kind is indicators.Kind.SHARE:
        return 100.0, "% of the group"
    if spec.kind is indicators.Kind.EUR:
        return 1e-6, "million EUR"
    return 1.0, spec.unit or spec.kind.value


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

    store = ResultStore(root)
    manifest = store.manifest()
    summary = pd.read_csv(root / "summary.csv")
    labels = list(dict.fromkeys(summary["scenario"]))
    ref = labels[0]
    cols = ["scenario", "replication", "month", *(s.name for s in indicators.charted())]
    frame = store.read(columns=cols)  # every file checked: a damaged one is refused, named
    frame = frame[frame["scenario"].isin(labels)]
    figs = root / "figures"
    figs.mkdir(exist_ok=True)
    reps = summary.groupby("scenario")["n"].max().to_dict()
    months = {lab: manifest["scenarios"][lab]["months"] for lab in labels}
    colour = {lab: COLOURS[i % len(COLOURS)] for i, lab in enumerate(labels)}
    parts = []

    # trajectories with 95% bands
    charted = indicators.charted()
    rows = math.ceil(len(charted) / 3)
    fig, axes = plt.subplots(rows, 3, figsize=(13, 3.6 * rows), sharex=True, squeeze=False)
    for ax in axes.flat[len(charted):]:
        ax.axis("off")
    for ax, spec in zip(axes.flat, charted, strict=False):
        k, axis_label = _axis(spec)
        for lab in labels:
            g = frame[frame["scenario"] == lab].groupby("month")[spec.name]
            stats = g.apply(lambda s: pd.Series(t_interval(s), index=["m", "sd", "lo", "hi"]))
            stats = stats.unstack()
            ax.plot(stats.index, stats["m"] * k, color=colour[lab], lw=1.6, label=lab)
            ax.fill_between(stats.index, stats["lo"] * k, stats["hi"] * k, color=colour[lab],
                            alpha=0.18, lw=0)
        ax.set_title(spec.title(), fontsize=10.5)
        ax.set_ylabel(axis_label, fontsize=9)
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
        shares = [i for i in indicators.headline() if i.kind is indicators.Kind.SHARE]
        fig, ax = plt.subplots(figsize=(10, 0.42 * len(shares) * max(1, len(others)) ** 0.5
                                        + 1.5))
        s = summary.set_index(["scenario", "indicator"])
        height = 0.8 / len(others)
        for j, lab in enumerate(others):
            ys = np.arange(len(shares)) + (j - (len(others) - 1) / 2) * height
            d, lo, hi = (np.array([s.loc[(lab, i.name), col] * i.scale for i in shares])
                         for col in ("diff_mean", "diff_ci_low", "diff_ci_high"))
            ax.errorbar(d, ys, xerr=[d - lo, hi - d], fmt="o", color=colour[lab], ms=4,
                        capsize=2, label=lab)
        ax.axvline(0, color="#555", lw=0.8)
        ax.set_yticks(np.arange(len(shares)), [i.title() for i in shares], fontsize=9)
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
    parts.append("<h2>Comparison at the final month</h2>")
    parts.append(f"<p>Mean over replications with its 95% interval; for each scenario after "
                 f"the first, the second line is the paired difference to <b>{ref}</b> and "
                 f"its 95% interval, in <span class='sig'>bold blue</span> when the interval "
                 f"excludes zero. Shares are in percent, differences in percentage points. "
                 f"All indicators: <code>summary.csv</code>.</p>")
    parts.append(comparison_table(summary, labels))

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


def _cell(r: pd.Series, spec: indicators.Indicator, reference: bool) -> str:
    """Mean [CI]; after the reference, the paired difference [CI], bold when it excludes 0."""
    cell = (f"{spec.format(r['mean'])}<br><small>[{spec.format(r['ci_low'])}, "
            f"{spec.format(r['ci_high'])}]</small>")
    if reference or math.isnan(r["diff_mean"]):
        return cell
    sig = r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0
    return (cell + f"<br><span class='{'sig' if sig else ''}'>"
            f"{spec.format(r['diff_mean'], difference=True)}</span> <small>"
            f"[{spec.format(r['diff_ci_low'], difference=True)}, "
            f"{spec.format(r['diff_ci_high'], difference=True)}]</small>")


def comparison_table(summary: pd.DataFrame, labels: list[str]) -> str:
    """The headline indicators at the final month, one column per scenario (HTML)."""
    s = summary.set_index(["indicator", "scenario"])
    head = "".join(f"<th>{html.escape(lab)}</th>" for lab in labels)
    rows = []
    for spec in indicators.headline():
        cells = "".join(f"<td>{_cell(s.loc[(spec.name, lab)], spec, lab == labels[0])}</td>"
                        if (spec.name, lab) in s.index else "<td>n/a</td>" for lab in labels)
        rows.append(f"<tr><td><b>{html.escape(spec.title())}</b><br><small>"
                    f"{html.escape(spec.definition)}</small></td>{cells}</tr>")
    return f"<table><tr><th>indicator</th>{head}</tr>{''.join(rows)}</table>"


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
        spec = indicators.spec(name)
        parts.append(f"<h2>{html.escape(spec.title())}</h2><p><small>"
                     f"{html.escape(spec.definition)}</small></p>")
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
            ax.set_title(f"What drives {spec.title().lower()} at month {study['month']}: "
                         "Sobol indices with 95% intervals", fontsize=11)
            ax.legend(fontsize=8, frameon=False, loc="lower right")
            ax.grid(axis="x", alpha=0.3)
            fig.tight_layout()
            fname = f"sobol_{safe_name(name)}.png"
            parts.append(_figure_html(
                _png(fig, inside(figs, fname)), f"figures/{fname}",
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
            ax.set_title(f"Morris screening of {spec.title().lower()}, 95% bootstrap intervals",
                         fontsize=11)
            ax.legend(fontsize=7, frameon=False)
            ax.grid(alpha=0.3)
            fig.tight_layout()
            fname = f"morris_{safe_name(name)}.png"
            parts.append(_figure_html(
                _png(fig, inside(figs, fname)), f"figures/{fname}",
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
