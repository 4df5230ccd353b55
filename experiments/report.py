"""``tremplin report DIR``: one self-contained HTML page (and PNG files) for a batch or a study.

Figures are drawn with matplotlib (Agg), saved as PNG next to the page and embedded in it as
base64, so the page can be mailed on its own.
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError, UsageError
from tremplin.model import indicators
from tremplin.paths import inside, safe_name

from .batch import paired_summary
from .stats import bootstrap_mean, bootstrap_ratio, holm, sign_count, t_interval

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
solid #aab7b8} td.left,th.left{text-align:left} table.effects td{vertical-align:top}
table.cost td,table.cost th{text-align:left} ul li{margin:.3em 0}
"""


def _page(title_text: str, meta: str, body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title_text)}</title><style>{CSS}</style></head><body>"
            f"<h1>{html.escape(title_text)}</h1><p class='meta'>{meta}</p>{body}"
            "</body></html>\n")


def write_report(root: Path, out: str | None = None, window: Window | None = None) -> Path:
    """Write ``report.html`` (or ``out``) and ``figures/*.png`` for the folder ``root``; a
    batch's tables read ``window`` (default: the final month)."""
    import matplotlib

    matplotlib.use("Agg")
    root = Path(root)
    if (root / "sensitivity.json").exists():
        if window is not None and window.end is not None:
            raise UsageError(f"{root}: a sensitivity study reads the month it was run for; "
                             "--month/--from/--to apply to batches")
        page = _study_report(root)
    elif (root / "batch.json").exists() and (root / "summary.csv").exists():
        page = _batch_report(root, window)
    else:
        raise ReportError(f"{root}: no batch (batch.json + summary.csv) or sensitivity study "
                          "(sensitivity.json) to report on; run 'tremplin batch' or "
                          "'tremplin sensitivity' with --out first")
    path = Path(out) if out else root / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- batch: when
@dataclass(frozen=True)
class Window:
    """The month a batch report reads (``--month``), or the months it averages
    (``--from``/``--to``); neither means the final month."""

    start: int | None = None
    end: int | None = None

    @classmethod
    def of(cls, month: int | None = None, start: int | None = None,
           end: int | None = None) -> Window:
        """The window of the ``report`` flags, refused in one line naming them."""
        if month is not None and (start is not None or end is not None):
            raise UsageError("--month reads one month, --from/--to average several: give one "
                             "or the other")
        if month is not None:
            return cls(month, month)
        if (start is None) != (end is None):
            raise UsageError("--from and --to go together (e.g. --from 24 --to 36)")
        if start is not None and start > end:
            raise UsageError(f"--from {start} --to {end}: --from must not be after --to")
        return cls(start, end)

    def months(self, horizon: int) -> tuple[int, int]:
        """First and last month read, for a batch whose shortest horizon is ``horizon``."""
        if self.end is None:
            return horizon, horizon
        if self.end > horizon:
            flag = "--month" if self.start == self.end else "--to"
            raise ReportError(f"{flag} {self.end}: beyond the batch's horizon ({horizon} "
                              f"months); choose a month from 0 to {horizon}")
        return int(self.start), int(self.end)

    @staticmethod
    def words(a: int, b: int) -> str:
        return f"month {a}" if a == b else f"months {a}-{b} (mean of the monthly values)"


# values that accumulate from month 0 are read at the end of the window, not averaged
JOBS = "people_in_declared_work"
JOB_YEARS = "job_years_since_start"  # person-years in declared work, month 1 to the window's end
REGULARISED = "regularisations_since_start"
SPEND = "municipal_spend_eur"
PER_1000 = "coops_per_1000_migrants"


def _cumulative(name: str) -> bool:
    return name.endswith("_since_start") or name.startswith("spend_") or name == SPEND


def _job_years(frame: pd.DataFrame) -> pd.Series:
    """Person-years in declared work accumulated from month 1 to each month of each run (the
    people in declared work each month, over 12)."""
    f = frame.sort_values(["scenario", "replication", "month"])
    worked = (f[JOBS] / 12.0).where(f["month"] >= 1, 0.0)
    return worked.groupby([f["scenario"], f["replication"]], observed=True).cumsum() \
        .reindex(frame.index)


def window_values(frame: pd.DataFrame, a: int, b: int) -> pd.DataFrame:
    """One row per run (index scenario, replication): every indicator averaged over months
    a..b (at month a if a == b), cumulative ones at month b, and the derived counts: people in
    declared work (employment rate x migrants aged 20-64 present) and cooperatives per 1,000
    migrants."""
    f = frame.assign(**{JOBS: frame["employment_rate"] * frame["migrants_present"],
                        PER_1000: 1000 * frame["coops_active"]
                        / frame["migrants_present"].where(frame["migrants_present"] > 0)})
    f = f.assign(**{JOB_YEARS: _job_years(f)})
    keys = ["scenario", "replication"]
    names = [c for c in f.columns if c not in ("scenario", "replication", "seed", "month")]
    level = [c for c in names if not _cumulative(c)]
    cumul = [c for c in names if _cumulative(c)]
    inside_ = f[(f["month"] >= a) & (f["month"] <= b)]
    out = inside_.groupby(keys, observed=True)[level].mean()
    if cumul:
        out = out.join(f[f["month"] == b].set_index(keys)[cumul])
    out.index = out.index.set_levels(out.index.levels[0].astype(str), level=0)
    return out


# ---------------------------------------------------------------------- batch: what
def _resolved_scenarios(root: Path, labels: list[str]) -> dict[str, dict]:
    """The resolved scenarios the batch stored (``DIR/scenarios/NAME.toml``), by label."""
    import tomllib

    from .store import slug

    out = {}
    for lab in labels:
        path = root / "scenarios" / f"{slug(lab)}.toml"
        try:
            out[lab] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return out


def lever_differences(ref: dict, other: dict) -> list[tuple[str, str, object, object]]:
    """``(section, key, reference value, value)`` of every field in which ``other`` differs
    from ``ref`` (both resolved scenarios)."""
    out = []
    for section, table in other.items():
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            base = ref.get(section, {}).get(key) if isinstance(ref.get(section), dict) else None
            if value != base:
                out.append((section, key, base, value))
    return out


def _words(section: str, key: str) -> str:
    """A field as people read it: the lever's plain name and the parameter's label."""
    from tremplin.model import levers

    for lever in levers.LEVERS:
        if section == lever.SECTION:
            label = lever.LABELS.get(key, {}).get("en") or key.replace("_", " ")
            return f"{lever.WORDS['name']['en']}: {label.lower()}"
    names = {"regularisation": "national regularisation rule"}
    return f"{names.get(section, section.replace('_', ' '))}: {key.replace('_', ' ')}"


def _value(section: str, key: str, value) -> str:
    from tremplin.model.params import REGISTRY

    if isinstance(value, bool):
        return "on" if value else "off"
    text = f"{value:,.4g}" if isinstance(value, float) else str(value)
    p = REGISTRY.get(f"{section}.{key}")
    unit = p.unit if p is not None and p.unit and not isinstance(value, str) else ""
    return f"{text} {unit}".strip()


def _scenarios_section(root: Path, labels: list[str]) -> str:
    resolved = _resolved_scenarios(root, labels)
    ref = labels[0]
    if ref not in resolved:
        return ("<h2>What was compared</h2><p class='note'>This batch folder holds no resolved "
                "scenarios (<code>scenarios/</code>: written by Tremplin from this version on), "
                "so the report cannot list what each scenario changes.</p>")
    rows = []
    for lab in labels:
        scn = resolved.get(lab, {})
        desc = html.escape(str(scn.get("description", "")) or "(no description)")
        if lab == ref:
            what = "<i>the reference: every other scenario is compared with it</i>"
        else:
            diffs = lever_differences(resolved[ref], scn)
            what = "<br>".join(
                f"{html.escape(_words(s, k))}: {html.escape(_value(s, k, b))} &rarr; "
                f"<b>{html.escape(_value(s, k, v))}</b>" for s, k, b, v in diffs
            ) or "<i>no field differs from the reference</i>"
        rows.append(f"<tr><td><b>{html.escape(lab)}</b><br><small>{desc}</small></td>"
                    f"<td class='left'>{what}</td></tr>")
    return ("<h2>What was compared</h2><p>Each scenario's description and every setting in "
            f"which it differs from <b>{html.escape(ref)}</b> (reference value &rarr; "
            "scenario's value). The full resolved scenarios are in <code>scenarios/</code>.</p>"
            f"<table><tr><th>scenario</th><th class='left'>differences from {html.escape(ref)}"
            f"</th></tr>{''.join(rows)}</table>")


# ---------------------------------------------------------------------- batch: numbers
def _show(spec: indicators.Indicator, value: float, difference: bool = False) -> str:
    """An indicator's value with its unit; counts as whole numbers."""
    if value is None or not np.isfinite(value):
        return "n/a"
    if spec.kind is indicators.Kind.COUNT:
        return f"{round(value) + 0:{'+' if difference else ''},.0f}"  # never "-0"
    if spec.kind is indicators.Kind.SHARE:
        value = round(float(value), 3) + 0.0  # "+0.0 pp", never "-0.0 pp"
    return spec.format(value, difference=difference)


def _marks(row: pd.Series) -> str:
    """``*`` when the 95% interval excludes 0, ``†`` when the difference also survives Holm's
    adjustment over the whole table."""
    if not np.isfinite(row["diff_p"]):
        return ""
    star = row["diff_ci_low"] > 0 or row["diff_ci_high"] < 0
    return ("*" if star else "") + ("†" if row["diff_p_holm"] < 0.05 else "")


def _effects_table(summary: pd.DataFrame, labels: list[str], window: str) -> str:
    """Headline indicators and derived counts: the reference's level, then each scenario's
    paired difference with its interval and marks (levels of every scenario: the last
    table)."""
    s = summary.set_index(["indicator", "scenario"])
    ref, others = labels[0], labels[1:]
    rows_spec = [*indicators.headline(), _JOBS_SPEC, _REG_SPEC, _PER_1000_SPEC]
    head = f"<th>{html.escape(ref)}<br><small>level</small></th>" + "".join(
        f"<th>{html.escape(lab)}<br><small>difference [95% CI]</small></th>" for lab in others)
    rows = []
    for spec in rows_spec:
        if (spec.name, ref) not in s.index:
            continue
        cells = f"<td>{_show(spec, s.loc[(spec.name, ref), 'mean'])}</td>"
        for lab in others:
            if (spec.name, lab) not in s.index:
                cells += "<td>n/a</td>"
                continue
            r = s.loc[(spec.name, lab)]
            marks = _marks(r)
            cls = " class='sig'" if "*" in marks else ""
            cells += (f"<td><span{cls}>{_show(spec, r['diff_mean'], True)}{marks}</span><br>"
                      f"<small>[{_show(spec, r['diff_ci_low'], True)}, "
                      f"{_show(spec, r['diff_ci_high'], True)}]</small></td>")
        rows.append(f"<tr><td class='left' title='{html.escape(spec.definition)}'>"
                    f"{html.escape(spec.title())}</td>{cells}</tr>")
    return (f"<table class='effects'><tr><th class='left'>at {html.escape(window)}</th>{head}"
            f"</tr>{''.join(rows)}</table>")


def _in_brief(summary: pd.DataFrame, labels: list[str], costs: list[dict]) -> str:
    """One line per scenario: the effects that survive Holm's adjustment, those that are
    only significant on their own, and the extra spending, in words."""
    s = summary[summary["indicator"].isin([x.name for x in indicators.headline()])]
    by_cost = {c["scenario"]: c for c in costs}
    items = []
    for lab in labels[1:]:
        mine = s[(s["scenario"] == lab) & s["diff_p"].notna()]
        robust, single = [], []
        for r in mine.itertuples():
            if r.indicator == SPEND:
                continue
            spec = indicators.spec(r.indicator)
            text = f"{spec.title().lower()} {_show(spec, r.diff_mean, True)}"
            if r.diff_p_holm < 0.05:
                robust.append(text)
            elif r.diff_ci_low > 0 or r.diff_ci_high < 0:
                single.append(text)
        words = [f"clear effects (†): {', '.join(robust)}" if robust
                 else "no effect that survives the adjustment for multiple comparisons"]
        if single:
            words.append(f"possible effects (*, may be chance): {', '.join(single)}")
        c = by_cost.get(lab)
        if c is not None:
            mean, lo, hi = c["spend_boot"]
            pos, _, n = sign_count(c["d"][SPEND])
            clear = lo > 0 or hi < 0
            words.append(f"extra spending {_eur(mean, True)}"
                         + (" (clear" if clear else " (not distinguishable from zero")
                         + f"; more spending in {pos} of {n} replications)")
        items.append(f"<li><b>{html.escape(lab)}</b>: {html.escape('; '.join(words))}.</li>")
    return f"<h2>In brief</h2><ul>{''.join(items)}</ul>"


_JOBS_SPEC = indicators.Indicator(
    JOBS, "Employment rate x migrants aged 20-64 present: people, not a share.",
    indicators.Kind.COUNT, "non-EU migrants aged 20-64 present",
    label="People in declared work (migrants 20-64)")
_REG_SPEC = indicators.Indicator(
    REGULARISED, "People granted a first permit from month 0 to the end of the window "
    "(those who left later included).", indicators.Kind.COUNT, "non-EU migrants",
    label="Regularisations since month 0")
_PER_1000_SPEC = indicators.Indicator(
    PER_1000, "Cooperatives and solidarity communities active per 1,000 migrants aged 20-64 "
    "present.", indicators.Kind.LEVEL, "per 1,000 migrants", label="Cooperatives per 1,000 "
    "migrants")


def _eur(v: float, sign: bool = False) -> str:
    if v is None or not np.isfinite(v):
        return "n/a" if v is None or np.isnan(v) else "no upper bound"
    return f"EUR {v:{'+' if sign else ''},.0f}"


def _signs(d: np.ndarray, what: str) -> str:
    pos, neg, n = sign_count(d)
    if pos == n:
        return f"{what} in all {n} replications" if n > 2 else f"{what} in {n} of {n}"
    if neg == n:
        return f"the opposite in all {n} replications"
    rest = [f"{neg} the opposite"] if neg else []
    rest += [f"{n - pos - neg} equal"] if n - pos - neg else []
    return f"{what} in {pos} of {n} replications ({', '.join(rest)})"


def _people(v: float) -> str:
    return f"{round(float(v)) + 0:+,} people"


def cost_rows(values: pd.DataFrame, labels: list[str], seed: int = 0) -> list[dict]:
    """Per scenario after the reference: extra spending (paired difference to the end of the
    window) with its t and bootstrap intervals and a sign count; extra people in declared work
    and extra regularisations; and the cost of each additional one (ratio of mean paired
    differences, percentile bootstrap over replications)."""
    ref = labels[0]
    out = []
    base = values.loc[ref]
    for lab in labels[1:]:
        if lab not in values.index.get_level_values(0):
            continue
        mine = values.loc[lab]
        both = mine.index.intersection(base.index)
        d = {k: (mine.loc[both, k] - base.loc[both, k]).to_numpy(dtype=float)
             for k in (SPEND, JOBS, JOB_YEARS, REGULARISED) if k in mine}
        row = {"scenario": lab, "n": len(both), "d": d,
               "spend_t": t_interval(d[SPEND]), "spend_boot": bootstrap_mean(d[SPEND], seed=seed)}
        row["per_job"] = bootstrap_ratio(d[SPEND], d[JOBS], seed=seed)
        row["per_job_year"] = bootstrap_ratio(d[SPEND], d[JOB_YEARS], seed=seed)
        if REGULARISED in d:
            row["per_regularisation"] = bootstrap_ratio(d[SPEND], d[REGULARISED], seed=seed)
        accounts = [c for c in mine.columns if c.startswith("spend_")]
        row["accounts"] = {c[len("spend_"):-len("_eur")]: float(np.mean(
            mine.loc[both, c].to_numpy(float) - base.loc[both, c].to_numpy(float)))
            for c in accounts}
        out.append(row)
    return out


def _ratio_text(r: dict, unit: str, spend_clear: bool = True) -> str:
    if not np.isfinite(r["estimate"]):
        return f"n/a: no gain on average, so no cost per {unit}"
    if not spend_clear:
        return (f"no clear extra spending, so no clear cost per {unit} <small>(ratio "
                f"{_eur(r['estimate'])}, interval [{_eur(r['low'])}, {_eur(r['high'])}])"
                "</small>")
    if not np.isfinite(r["low"]):
        return (f"{_eur(r['estimate'])} per {unit}, but {100 * r['undefined']:.0f}% of the "
                "bootstrap resamples show no gain at all: the interval is not defined")
    note = (" <small>(below 0: less spending and a gain)</small>"
            if np.isfinite(r["low"]) and r["low"] < 0 else "")
    return f"<b>{_eur(r['estimate'])}</b> per {unit} <small>[{_eur(r['low'])}, " \
           f"{_eur(r['high'])}]</small>{note}"


def _cost_section(values: pd.DataFrame, labels: list[str], a: int, b: int) -> str:
    ref = labels[0]
    base = values.loc[ref]
    accounts = {c[len("spend_"):-len("_eur")]: float(base[c].mean())
                for c in base.columns if c.startswith("spend_")}
    ref_total = float(base[SPEND].mean())
    spent = ", ".join(f"{k.replace('_', ' ')} {_eur(v)}" for k, v in accounts.items() if v > 0)
    parts = [f"<h2>What it costs</h2><p>Spending is cumulative from month 0 to month {b}. "
             f"<b>{html.escape(ref)}</b> itself spends {_eur(ref_total)} on average"
             + (f" ({html.escape(spent)})" if spent else "")
             + ": spending that happens anyway, in every scenario that does not change those "
             "levers. <b>The extra cost of a scenario is its paired difference to "
             f"{html.escape(ref)}</b> (same replications, same seeds), shown below with a "
             "Student t interval, a percentile bootstrap interval over replications (which "
             "follows the skew of the costs) and a plain count of the replications in which "
             "it spends more.</p>"]
    if JOBS not in values or REGULARISED not in values:
        parts.append("<p class='note'>This batch was stored without the counts since month 0 "
                     "(an older Tremplin): costs per regularisation cannot be computed.</p>")
    rows = []
    for r in cost_rows(values, labels):
        _, _, lo_t, hi_t = r["spend_t"]
        mean, lo_b, hi_b = r["spend_boot"]
        extra = [f"{k.replace('_', ' ')} {_eur(v, True)}" for k, v in r["accounts"].items()
                 if abs(v) >= 0.5]
        clear = lo_b > 0 or hi_b < 0
        verdict = ("<span class='sig'>costs more</span>" if lo_b > 0 else
                   "<span class='sig'>costs less</span>" if hi_b < 0 else
                   "not distinguishable from zero")
        jobs = r["d"][JOBS]
        regs = r["d"].get(REGULARISED)
        rows.append(
            f"<tr><td class='left'><b>{html.escape(r['scenario'])}</b></td>"
            f"<td><b>{_eur(mean, True)}</b>: {verdict}<br><small>t [{_eur(lo_t, True)}, "
            f"{_eur(hi_t, True)}]"
            f"<br>bootstrap [{_eur(lo_b, True)}, {_eur(hi_b, True)}]<br>"
            f"{_signs(r['d'][SPEND], 'more spending')}</small>"
            + (f"<br><small>by account (the lever's own and what it induces): "
               f"{html.escape(', '.join(extra))}</small>" if extra
               else "") + "</td>"
            f"<td>{_people(np.mean(jobs))}<br><small>{_signs(jobs, 'more')}</small><br>"
            f"{_ratio_text(r['per_job'], 'additional person in work', clear)}<br>"
            f"{np.mean(r['d'][JOB_YEARS]):+,.0f} job-years<br>"
            f"{_ratio_text(r['per_job_year'], 'additional job-year', clear)}</td>"
            + (f"<td>{_people(np.mean(regs))}<br><small>{_signs(regs, 'more')}</small><br>"
               f"{_ratio_text(r['per_regularisation'], 'additional regularisation', clear)}"
               "</td>"
               if regs is not None else "<td>n/a</td>") + "</tr>")
    parts.append(
        f"<table class='effects cost'><tr><th class='left'>scenario</th><th>extra spending to "
        f"month {b}</th><th>extra people in declared work, {html.escape(Window.words(a, b))}</th>"
        f"<th>extra regularisations, months 0-{b}</th></tr>{''.join(rows)}</table>"
        "<p><small>Cost per additional person in work = mean extra spending / mean extra "
        "people in declared work (the dashboard's definition); per additional job-year = mean "
        "extra spending / mean extra person-years in declared work from month 1 to the end of "
        "the window; per additional regularisation "
        "= mean extra spending / mean extra regularisations since month 0. Intervals: 2.5th "
        "and 97.5th percentiles of 4,000 bootstrap resamples of whole replications (pairs "
        "kept); a resample without a gain counts as an infinite cost, and when more than 5% "
        "have none the interval is not given.</small></p>")
    return "".join(parts)


# ---------------------------------------------------------------------- batch: charts
def _difference_chart(frame: pd.DataFrame, labels: list[str], colour: dict, a: int, b: int,
                      path: Path) -> str:
    """Mean paired difference to the reference month by month, with its 95% band."""
    import matplotlib.pyplot as plt

    ref, others = labels[0], labels[1:]
    charted = [*indicators.charted()]
    f = frame.assign(**{JOBS: frame["employment_rate"] * frame["migrants_present"]})
    specs = [*charted, _JOBS_SPEC]
    if REGULARISED in f:
        specs.append(_REG_SPEC)
    cols = 3
    rows = math.ceil(len(specs) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(13, 3.3 * rows), sharex=True, squeeze=False)
    for ax in axes.flat[len(specs):]:
        ax.axis("off")
    names = [x.name for x in specs]
    base = f[f["scenario"] == ref].set_index(["replication", "month"])[names]
    diffs = []
    for lab in others:
        mine = f[f["scenario"] == lab].set_index(["replication", "month"])[names]
        both = mine.index.intersection(base.index)
        diffs.append((mine.loc[both] - base.loc[both]).reset_index().assign(scenario=lab))
    bands = _bands(pd.concat(diffs, ignore_index=True), ["scenario", "month"], names)
    for ax, spec in zip(axes.flat, specs, strict=False):
        k, unit = _diff_axis(spec)
        for lab in others:
            st = bands[spec.name].loc[lab]
            ax.plot(st.index, st["m"] * k, color=colour[lab], lw=1.6, label=lab)
            ax.fill_between(st.index, st["lo"] * k, st["hi"] * k, color=colour[lab],
                            alpha=0.18, lw=0)
        ax.axhline(0, color="#444", lw=0.8)
        ax.axvspan(a - 0.5 if a == b else a, b + 0.5 if a == b else b, color="#f4d03f",
                   alpha=0.25, lw=0)
        ax.set_title(spec.title(), fontsize=10.5)
        ax.set_ylabel(unit, fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("month since the policy start")
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper center", ncol=min(len(names), 5), fontsize=9,
               frameon=False, bbox_to_anchor=(0.5, 0.985))
    fig.suptitle(f"Effect over time: paired difference to {ref} (mean over replications, "
                 "95% band); yellow: the window the tables read", fontsize=12, y=1.0)
    fig.tight_layout(rect=(0, 0, 1, 0.955))
    return _png(fig, path)


def _bands(frame: pd.DataFrame, keys: list[str], cols: list[str]) -> dict[str, pd.DataFrame]:
    """Per group of ``keys`` (e.g. scenario and month): for each column its mean and 95%
    Student t interval (``m``, ``lo``, ``hi``), vectorised (one groupby, no per-group
    Python call: a report of a long batch stays quick)."""
    g = frame.groupby(keys, observed=True)[cols]
    mean, sd, n = g.mean(), g.std(ddof=1), g.count()
    with np.errstate(invalid="ignore", divide="ignore"):
        half = pd.DataFrame(_half(sd.to_numpy(), n.to_numpy()), index=sd.index,
                            columns=sd.columns)
    return {c: pd.DataFrame({"m": mean[c], "lo": mean[c] - half[c], "hi": mean[c] + half[c]})
            for c in cols}


def _half(sd: np.ndarray, n: np.ndarray) -> np.ndarray:
    from scipy import stats as st

    n = n.astype(float)
    q = np.where(n >= 2, st.t.ppf(0.975, np.maximum(n - 1, 1)), np.nan)
    return q * sd / np.sqrt(np.maximum(n, 1))


def _diff_axis(spec: indicators.Indicator) -> tuple[float, str]:
    if spec.kind is indicators.Kind.SHARE:
        return 100.0, "percentage points"
    if spec.kind is indicators.Kind.EUR:
        return 1e-6, "million EUR"
    if spec.kind is indicators.Kind.COUNT:
        return 1.0, "people" if spec.name in (JOBS, REGULARISED) else "number"
    return 1.0, spec.unit or spec.kind.value


def _level_chart(frame: pd.DataFrame, labels: list[str], colour: dict, path: Path) -> str:
    import matplotlib.pyplot as plt

    charted = indicators.charted()
    rows = math.ceil(len(charted) / 3)
    fig, axes = plt.subplots(rows, 3, figsize=(13, 3.1 * rows), sharex=True, squeeze=False)
    for ax in axes.flat[len(charted):]:
        ax.axis("off")
    bands = _bands(frame, ["scenario", "month"], [c.name for c in charted])
    for ax, spec in zip(axes.flat, charted, strict=False):
        k, axis_label = _axis(spec)
        for lab in labels:
            if lab not in bands[spec.name].index.get_level_values(0):
                continue
            stats = bands[spec.name].loc[lab]
            ax.plot(stats.index, stats["m"] * k, color=colour[lab], lw=1.4, label=lab)
            ax.fill_between(stats.index, stats["lo"] * k, stats["hi"] * k, color=colour[lab],
                            alpha=0.12, lw=0)
        ax.set_title(spec.title(), fontsize=10.5)
        ax.set_ylabel(axis_label, fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("month since the policy start")
    axes.flat[0].legend(fontsize=8, frameon=False)
    fig.suptitle("Levels: mean over replications with 95% confidence band", fontsize=12)
    fig.tight_layout()
    return _png(fig, path)


# ---------------------------------------------------------------------- batch: page
def _read_frame(store) -> pd.DataFrame:
    """Every stored run; a batch stored partly by an older Tremplin (without the extra
    columns) is read with the columns every file has."""
    import pyarrow as pa

    try:
        return store.read()
    except (pa.ArrowInvalid, KeyError):
        cols = ["scenario", "replication", "month", *indicators.outcomes()]
        return store.read(columns=cols)


def _batch_report(root: Path, window: Window | None = None) -> str:
    from .store import ResultStore

    store = ResultStore(root)
    manifest = store.manifest()
    summary_file = pd.read_csv(root / "summary.csv")
    labels = list(dict.fromkeys(summary_file["scenario"]))
    ref = labels[0]
    frame = _read_frame(store)  # every file checked: a damaged one is refused, named
    frame = frame[frame["scenario"].isin(labels)]
    frame["scenario"] = frame["scenario"].astype(str)
    figs = root / "figures"
    figs.mkdir(exist_ok=True)
    months = {lab: manifest["scenarios"][lab]["months"] for lab in labels}
    a, b = (window or Window()).months(min(months.values()))
    when = Window.words(a, b)
    values = window_values(frame, a, b)
    names = list(values.columns)
    summary = paired_summary(values, labels, names)
    headline = {s.name for s in indicators.headline()}
    family = summary[summary["indicator"].isin(indicators.outcomes())].copy()
    family["diff_p_holm"] = holm(family["diff_p"].to_numpy())
    summary = summary.drop(columns="diff_p_holm").merge(
        family[["scenario", "indicator", "diff_p_holm"]], how="left",
        on=["scenario", "indicator"])
    n_tests = int(family["diff_p"].notna().sum())
    colour = {lab: COLOURS[i % len(COLOURS)] for i, lab in enumerate(labels)}
    reps = int(values.groupby(level=0).size().max())
    parts = [_scenarios_section(root, labels)]
    others = labels[1:]
    if others:
        shown_ = summary[summary["indicator"].isin(headline) & summary["diff_p"].notna()]
        parts.append(
            f"<h2>Effects at {html.escape(when)}</h2>"
            f"<p>Mean over {reps} replications for each scenario, and its <b>paired "
            f"difference</b> to <b>{html.escape(ref)}</b>: the same replication (same random "
            "seed) of both, so the luck they share cancels. Shares are in percent and their "
            "differences in <b>percentage points (pp)</b>; counts of people and cooperatives "
            "are whole numbers. <span class='sig'>*</span> = the 95% interval excludes 0 "
            f"(each comparison on its own); <b>†</b> = still significant at 5% after Holm's "
            f"adjustment for the {n_tests} paired comparisons the batch makes ("
            f"{len(indicators.outcomes())} indicators x {len(others)} scenarios): "
            f"{int((shown_['diff_p_holm'] < 0.05).sum())} of the {len(shown_)} shown here. "
            "A * without † may be chance.</p>")
        parts.append(_effects_table(summary, labels, when))
        parts.append(_cost_section(values, labels, a, b))
        parts.insert(0, _in_brief(summary, labels, cost_rows(values, labels)))
        parts.append("<h2>Effects over time</h2>")
        parts.append(_figure_html(
            _difference_chart(frame, labels, colour, a, b, figs / "differences_over_time.png"),
            "figures/differences_over_time.png",
            f"Each line is the mean, month by month, of the paired difference between a "
            f"scenario and {ref} in the same replication; the band is its 95% interval "
            "(Student t over replications). A band that leaves the zero line is an effect the "
            "replications can tell from noise at that month."))
    parts.append("<h2>Levels over time</h2>")
    parts.append(_figure_html(
        _level_chart(frame, labels, colour, figs / "trajectories.png"),
        "figures/trajectories.png",
        "Each line is the mean over replications of one scenario; the shaded band is its 95% "
        "confidence interval. Month 0 is the start of the policy period, after the burn-in. "
        "Bands of two scenarios may overlap while their paired difference (above) is clear."))
    parts.append(f"<h2>All headline indicators at {html.escape(when)}</h2>")
    parts.append(f"<p>Mean over replications with its 95% interval; for each scenario after "
                 f"the first, the second line is the paired difference to <b>{ref}</b> and "
                 f"its 95% interval, in <span class='sig'>bold blue</span> when the interval "
                 f"excludes zero (unadjusted). Every indicator at the final month: "
                 f"<code>summary.csv</code>.</p>")
    parts.append(comparison_table(summary, labels))
    errors = store.errors()
    if errors:
        items = "".join(f"<li>{html.escape(e['scenario'])} replication {e['replication']} "
                        f"(seed {e['seed']}): {html.escape(e['error'])}</li>" for e in errors)
        parts.append(f"<h2 class='warn'>Failed runs ({len(errors)})</h2><p>Left out of every "
                     f"figure and table above; details in <code>errors/</code>.</p>"
                     f"<ul>{items}</ul>")
    prov = manifest.get("provenance") or {}
    made = (f" Tremplin {html.escape(str(prov.get('tremplin_version')))}"
            + (f", commit <code>{html.escape(str(prov['git_commit'])[:19])}</code>"
               if prov.get("git_commit") else "") + "." if prov else "")
    meta = (f"{len(labels)} scenarios, {reps} replications each on common random "
            f"numbers (base seed {manifest['base_seed']}), horizon "
            f"{', '.join(sorted({str(m) for m in months.values()}))} months; tables read "
            f"{html.escape(when)}.{made} Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from "
            f"<code>{html.escape(str(root))}</code>.")
    return _page(f"Scenario comparison: {', '.join(labels)}", meta, "".join(parts))


def _cell(r: pd.Series, spec: indicators.Indicator, reference: bool) -> str:
    """Mean [CI]; after the reference, the paired difference [CI], bold when it excludes 0."""
    cell = (f"{_show(spec, r['mean'])}<br><small>[{_show(spec, r['ci_low'])}, "
            f"{_show(spec, r['ci_high'])}]</small>")
    if reference or math.isnan(r["diff_mean"]):
        return cell
    sig = r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0
    return (cell + f"<br><span class='{'sig' if sig else ''}'>"
            f"{_show(spec, r['diff_mean'], True)}</span> <small>"
            f"[{_show(spec, r['diff_ci_low'], True)}, "
            f"{_show(spec, r['diff_ci_high'], True)}]</small>")


def comparison_table(summary: pd.DataFrame, labels: list[str]) -> str:
    """The headline indicators, one column per scenario (HTML)."""
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
            noise = note.get("seed_noise")
            if noise and noise["share"] == noise["share"]:  # not NaN
                from .sensitivity import noise_words

                parts.append(
                    f"<p class='note'><b>Seed noise:</b> {html.escape(noise_words(noise))}. "
                    "The indices count that randomness as the parameters' own (mostly as "
                    "interactions, ST above S1); a large share calls for more replications "
                    "per point.</p>")
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
            if "verdict" in note:
                cls = "ok" if note["converged"] else "warn"
                parts.append(f"<p class='note'><span class='{cls}'>Convergence:</span> "
                             f"{html.escape(note['verdict'])}.</p>")
            cols = ("mu_star", "mu", "sigma")
        for key in note.get("no_effect", ()):
            parts.append(f"<p class='note'><span class='warn'>No effect:</span> "
                         f"{html.escape(key)} did not change this output at all (every run "
                         "that differed only in it gave the same result): in this setting "
                         "the model does not use it.</p>")
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
    if meta.get("warnings"):
        parts.insert(0, "<div class='note'>" + "".join(
            f"<p><span class='warn'>Warning:</span> {html.escape(w)}</p>"
            for w in meta["warnings"]) + "</div>")
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
