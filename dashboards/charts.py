"""Pictures of a workshop run: indicators over time and the sampled network (PNG bytes).

Drawn server-side with matplotlib's object API (no pyplot: thread-safe, one figure per call)
at a size readable on a projector; the same bytes are shown on the page and exported.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tremplin.model import indicators

from .i18n import STATUS_LABELS, WORK_LABELS, axis_formatter, indicator_label, t, vega_locale

POLICY_COLOUR = "#d95f02"
BASELINE_COLOUR = "#4a4a8a"
WORK_COLOURS = {0: "#bbbbbb", 1: "#e6550d", 2: "#31a354", 3: "#3182bd", 4: "#756bb1"}
STATUS_COLOURS = {0: "#d7301f", 1: "#fdae6b", 2: "#74c476", 3: "#9ecae1", 4: "#08519c"}


def _png(fig: Figure, dpi: int = 72) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _panel(spec: indicators.Indicator, lang: str) -> tuple[str, float]:
    """A chart's title and the factor from stored values to the plotted ones (shares in
    percent, euros in thousands)."""
    title = indicator_label(spec.name, lang)
    if spec.kind is indicators.Kind.EUR:
        return title.replace("(€)", "(k€)"), 1e-3
    return title, spec.scale


def _stack(frames: list[pd.DataFrame], col: str, scale: float) -> np.ndarray:
    n = min(len(f) for f in frames)
    return np.vstack([f[col].to_numpy(dtype=float)[:n] for f in frames]) * scale


def timeseries_png(policy: list[pd.DataFrame], baseline: list[pd.DataFrame], horizon: int,
                   lang: str) -> bytes:
    """One panel per charted indicator: policy vs baseline, mean over seeds with a min-max
    band; the legend above them."""
    charted = indicators.charted()
    rows = -(-len(charted) // 3)
    height = 1.3 + 3.3 * rows  # inches, with room on top for the legend
    fig = Figure(figsize=(15, height))
    fig.subplots_adjust(left=0.05, right=0.99, top=1 - 1.3 / height, bottom=0.08, wspace=0.18,
                        hspace=0.5)
    axes = fig.subplots(rows, 3, squeeze=False).ravel()
    for ax in axes[len(charted):]:
        ax.axis("off")
    for ax, spec in zip(axes, charted, strict=False):
        title, scale = _panel(spec, lang)
        col = spec.name
        # long titles wrap instead of running into the next panel
        ax.set_title(textwrap.fill(title, 40), fontsize=15)
        ax.set_xlim(0, max(horizon, 1))
        ax.tick_params(labelsize=13)
        ax.yaxis.set_major_formatter(axis_formatter(lang))  # i13-b: "1 500", "0,5" in French
        ax.grid(alpha=0.3)
        for frames, colour, key, width in ((baseline, BASELINE_COLOUR, "baseline", 2.5),
                                           (policy, POLICY_COLOUR, "policy", 3.0)):
            if not frames:
                continue
            y = _stack(frames, col, scale)
            x = np.arange(y.shape[1])
            ax.plot(x, np.nanmean(y, axis=0), color=colour, lw=width, label=t(key, lang))
            if y.shape[0] > 1:
                ax.fill_between(x, np.nanmin(y, axis=0), np.nanmax(y, axis=0), color=colour,
                                alpha=0.2, lw=0)
        ax.set_xlabel(t("month", lang), fontsize=13)
        if ax.get_ylim()[0] > 0:  # from zero, as the page's charts: a small move looks small
            ax.set_ylim(bottom=0)
    handles, labels = axes[0].get_legend_handles_labels()
    note = t("band_note", lang) if policy and len(policy) > 1 else None
    if handles:
        fig.legend(handles, labels, loc="upper center", ncol=len(handles), fontsize=16,
                   frameon=False, title=note, title_fontsize=12)
    return _png(fig)


def network_png(sample: dict[str, np.ndarray], colour_by: str, lang: str) -> bytes:
    """The sampled migrants and their ties, coloured by work or residence status. Positions
    come from a seeded spring layout of the sample only (cheap at ~100 nodes)."""
    import networkx as nx

    fig = Figure(figsize=(8, 6.4))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    ax = fig.subplots()
    ax.axis("off")
    nodes = sample.get("nodes", np.empty(0, dtype=int))
    if len(nodes) == 0:
        return _png(fig)
    g = nx.Graph()
    g.add_nodes_from(nodes.tolist())
    g.add_edges_from(zip(sample["a"].tolist(), sample["b"].tolist(), strict=True))
    pos = nx.spring_layout(g, seed=1, iterations=30)
    for u, v in g.edges():
        ax.plot(*zip(pos[u], pos[v], strict=True), color="#999999", lw=0.7, zorder=1)
    values = sample["work"] if colour_by == "work" else sample["status"]
    colours = WORK_COLOURS if colour_by == "work" else STATUS_COLOURS
    labels = WORK_LABELS if colour_by == "work" else STATUS_LABELS
    xy = np.array([pos[n] for n in nodes.tolist()])
    for code in sorted(colours):
        sel = values == code
        if sel.any():
            ax.scatter(xy[sel, 0], xy[sel, 1], s=90, color=colours[code], zorder=2,
                       edgecolors="white", linewidths=0.8,
                       label=f"{labels[code][lang]} ({int(sel.sum())})")
    ax.legend(loc="upper left", fontsize=13, frameon=True, bbox_to_anchor=(0, 1))
    return _png(fig)


Runs = list[tuple[str, list[pd.DataFrame], str]]  # (label, one frame per seed, colour)


def _zero_based(spec: indicators.Indicator) -> bool:
    """Shares, counts and money start at zero, so a small move does not fill a chart."""
    return spec.kind is not indicators.Kind.LEVEL


def timeseries_spec(policy: list[pd.DataFrame], baseline: list[pd.DataFrame], horizon: int,
                    lang: str) -> dict:
    """One policy against the baseline (see ``runs_spec``)."""
    return runs_spec([(t("baseline", lang), baseline, BASELINE_COLOUR),
                      (t("policy", lang), policy, POLICY_COLOUR)], horizon, lang)


def runs_spec(runs: Runs, horizon: int, lang: str, width: int = 270,
              columns: int = 3) -> dict:
    """The charted indicators as a Vega-Lite spec drawn by the browser: every run (the
    baseline and each named policy) in the same panels, mean over seeds with a band from the
    lowest to the highest seed. The server only sends numbers."""
    rows, panels, zero = [], [], {}
    for spec in indicators.charted():
        col = spec.name
        panel, scale = _panel(spec, lang)
        panels.append(panel)
        zero[panel] = _zero_based(spec)
        for run, frames, _ in runs:
            if not frames:
                continue
            y = _stack(frames, col, scale)
            mean, lo, hi = np.nanmean(y, axis=0), np.nanmin(y, axis=0), np.nanmax(y, axis=0)
            for month in range(y.shape[1]):
                rows.append({"panel": panel, "run": run, "month": month,
                             "value": _num(mean[month]), "lo": _num(lo[month]),
                             "hi": _num(hi[month])})
    colour = {"field": "run", "type": "nominal", "title": None,
              "scale": {"domain": [r for r, _, _ in runs], "range": [c for _, _, c in runs]},
              "legend": {"orient": "top", "labelFontSize": 18, "symbolStrokeWidth": 4,
                         "labelLimit": 0, "columns": 3}}
    x = {"field": "month", "type": "quantitative", "title": t("month", lang),
         "scale": {"domain": [0, max(horizon, 1)]}}
    # every panel starts at zero except levels (the y scales are independent per panel;
    # "zero" cannot differ by facet, so levels are the only ones left free by a filter layer)
    zero_panels = [p for p in panels if zero[p]]
    y_line = {"field": "value", "type": "quantitative", "title": None,
              "scale": {"zero": True}}
    layers = [{"mark": {"type": "line", "strokeWidth": 3},
               "encoding": {"x": x, "y": y_line, "color": colour}}]
    if any(len(frames) > 1 for _, frames, _ in runs):
        layers.insert(0, {"mark": {"type": "area", "opacity": 0.18},
                          "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative",
                                                     "scale": {"zero": True}},
                                       "y2": {"field": "hi"}, "color": colour}})
    if len(zero_panels) < len(panels):
        for layer in layers:
            layer["encoding"]["y"]["scale"] = {"zero": False}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "facet": {"field": "panel", "type": "nominal", "title": None, "sort": panels},
        "columns": columns,
        "spec": {"width": width, "height": 170, "layer": layers},
        "resolve": {"scale": {"y": "independent"}, "axis": {"x": "independent"}},
        "config": {"axis": {"labelFontSize": 14, "titleFontSize": 14},
                   "header": {"labelFontSize": 16, "labelFontWeight": "bold",
                              "labelLimit": width + 40},
                   "legend": {"labelFontSize": 18}, "view": {"stroke": "#ccc"},
                   "locale": vega_locale(lang)},  # i13-b: French number formats
    }


def _num(x: float) -> float | None:
    return None if np.isnan(x) else round(float(x), 4)
