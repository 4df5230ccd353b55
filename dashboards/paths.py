"""People's paths: where the migrants were at month 0 and where they are now, policy next to
baseline (an alluvial diagram drawn on the server, like ``charts``).

A flow counts people, not rates: each migrant present at month 0 is followed by person row to
the current month, so the diagram shows who moved from "undocumented" to "temporary permit" or
from "informal" to "SSE", who left the town, and who arrived since. Both runs use the same seed
(common random numbers), so the difference between the two diagrams comes from the levers.

Only the model's façade is read: ``network_sample`` with a size above the town's migrants
returns every migrant present with their row, work and status. The state at month 0 comes from
a fresh model of the same scenario and seed, which is the run's month 0 exactly (a model is
reproducible), so nothing has to be recorded while the workshop runs.
"""

from __future__ import annotations

import html
import io
import threading

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from tremplin.model import Status, TremplinModel, Work, network_sample, snapshot
from tremplin.model.scenario import to_dict

from . import i18n

BY = ("status", "work")
ARRIVED = -1  # in the "month 0" column: arrived since month 0
LEFT = -2  # in the "now" column: no longer a migrant in the town (left, or naturalised)
MAX_MIGRANTS = 15_000  # following everyone costs time growing with people x ties
OTHER_COLOUR = "#dddddd"
STATUS_COLOURS = {Status.UNDOCUMENTED: "#d7301f", Status.ASYLUM_SEEKER: "#fdae6b",
                  Status.PROTECTED: "#74c476", Status.TEMPORARY_PERMIT: "#6baed6",
                  Status.LONG_TERM_PERMIT: "#08519c"}
WORK_COLOURS = {Work.NONE: "#bbbbbb", Work.INFORMAL: "#e6550d", Work.SSE: "#31a354",
                Work.MAINSTREAM: "#3182bd", Work.SELF_EMPLOYED: "#756bb1"}
WORDS = {
    "tab": {"en": "People's paths", "fr": "Parcours des personnes"},
    "title": {"en": "Where migrants were at month 0 and where they are at month {m}",
              "fr": "Où étaient les migrants au mois 0 et où ils sont au mois {m}"},
    "shown": {"en": "Shown: your policy and the baseline, seed {s} (the same luck), "
                    "every migrant of the town followed person by person",
              "fr": "Affiché : votre politique et la référence, graine {s} (le même tirage), "
                    "chaque migrant de la ville suivi personne par personne"},
    "by": {"en": "Paths between", "fr": "Parcours entre"},
    "status": {"en": "residence statuses", "fr": "statuts de séjour"},
    "work": {"en": "kinds of work", "fr": "types de travail"},
    "seed": {"en": "Seed", "fr": "Graine"},
    "arrived": {"en": "arrived since", "fr": "arrivés depuis le"},
    "left": {"en": "left the town", "fr": "partis de la ville"},
    "month0": {"en": "month 0", "fr": "mois 0"},
    "now": {"en": "month {m}", "fr": "mois {m}"},
    "not_run": {"en": "Run or step the simulation to see the paths.",
                "fr": "Lancez ou avancez la simulation pour voir les parcours."},
    "too_big": {"en": "This town is too large to follow everyone ({n} migrants; at most "
                      "{max}): choose a smaller town.",
                "fr": "Cette ville est trop grande pour suivre chacun ({n} migrants ; au plus "
                      "{max}) : choisissez une ville plus petite."},
    "without_work": {"en": "without work", "fr": "sans travail"},
    "from": {"en": "from", "fr": "de"},
    "to": {"en": "to", "fr": "vers"},
    "people": {"en": "people", "fr": "personnes"},
    "stayed": {"en": "Of the {n} people {what} at month 0, {k} {are} now {dest} ({p}).",
               "fr": "Sur les {n} personnes {what} au mois 0, {k} {are} maintenant {dest} ({p})."},
}


def w(key: str, lang: str, **kw) -> str:
    return i18n.phrase(WORDS, key, lang, **kw)


def states(model: TremplinModel) -> pd.DataFrame:
    """Status and work of every migrant present, indexed by person row (a full "sample" of the
    façade's ``network_sample``; it never draws from the model's generator)."""
    s = network_sample(model, size=snapshot(model).migrants + 1, seed=0)
    return pd.DataFrame({"status": s.status.astype(int), "work": s.work.astype(int)},
                        index=pd.Index(s.nodes, name="row"))


_STARTS: dict[tuple[str, int], pd.DataFrame] = {}
_STARTS_LOCK = threading.Lock()
MAX_CACHED = 32


def start_states(scenario, seed: int) -> pd.DataFrame:
    """The states at month 0 of a run of ``scenario`` with ``seed``: those of a fresh model,
    which is that run's month 0 (cached: a workshop asks for them at every month)."""
    key = (repr(to_dict(scenario)), int(seed))
    with _STARTS_LOCK:
        found = _STARTS.get(key)
    if found is None:
        found = states(TremplinModel(scenario, seed=int(seed)))
        with _STARTS_LOCK:
            if len(_STARTS) >= MAX_CACHED:
                _STARTS.pop(next(iter(_STARTS)))
            _STARTS[key] = found
    return found.copy()


def flows(start: pd.DataFrame, now: pd.DataFrame, by: str) -> pd.DataFrame:
    """People moving from each state at month 0 (``ARRIVED`` for newcomers) to each state
    now (``LEFT`` for those gone): columns ``source``, ``target``, ``people``."""
    a = start[by].reindex(start.index.union(now.index)).fillna(ARRIVED).astype(int)
    b = now[by].reindex(a.index).fillna(LEFT).astype(int)
    table = pd.DataFrame({"source": a.to_numpy(), "target": b.to_numpy()})
    out = table.groupby(["source", "target"]).size().rename("people").reset_index()
    return out.sort_values(["source", "target"]).reset_index(drop=True)


def label(code: int, by: str, lang: str, month: int | None = None) -> str:
    if code == ARRIVED:
        return f"{w('arrived', lang)} {w('month0', lang)}"
    if code == LEFT:
        return w("left", lang)
    table = i18n.STATUS_LABELS if by == "status" else i18n.WORK_LABELS
    return table[code][lang]


def colour(code: int, by: str) -> str:
    table = STATUS_COLOURS if by == "status" else WORK_COLOURS
    return table.get(code, OTHER_COLOUR)


def _order(codes, first_last: int) -> list[int]:
    """States in their code order, the "arrived"/"left" state at the bottom."""
    return sorted(c for c in codes if c >= 0) + ([first_last] if first_last in codes else [])


def _ribbon(ax, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float],
            colour_: str) -> None:
    """A band from (x0, y0 bottom-top) to (x1, y1 bottom-top) with smooth ends."""
    x = np.linspace(x0, x1, 40)
    s = 0.5 - 0.5 * np.cos(np.pi * (x - x0) / (x1 - x0))  # 0 -> 1, flat at both ends
    lo = y0[0] + (y1[0] - y0[0]) * s
    hi = y0[1] + (y1[1] - y0[1]) * s
    ax.fill_between(x, lo, hi, color=colour_, alpha=0.45, lw=0)


def draw(ax, table: pd.DataFrame, by: str, lang: str, month: int, total: float,
         title: str) -> None:
    """One alluvial diagram on ``ax``: month 0 on the left, ``month`` on the right; bar
    heights are shares of ``total`` so two runs drawn with the same total compare."""
    gap, width = 0.012 * total, 0.09
    left = _order(set(table["source"]), ARRIVED)
    right = _order(set(table["target"]), LEFT)
    ax.set_title(title, fontsize=16, fontweight="bold", pad=14)
    ax.axis("off")
    ax.set_xlim(-0.8, 1.8)  # room for the labels on both sides ("long-term permit 1,048")
    ax.set_ylim(-0.02 * total, total + gap * 5)
    tops: dict[tuple[str, int], float] = {}
    sep = 0.05 * total  # labels at least a line apart, even for tiny states
    for side, codes, key in (("L", left, "source"), ("R", right, "target")):
        y = 0.0
        x = 0.0 if side == "L" else 1.0 - width
        labels: list[tuple[float, str]] = []
        for code in reversed(codes):  # first state at the top
            n = float(table.loc[table[key] == code, "people"].sum())
            ax.add_patch(Rectangle((x, y), width, n, color=colour(code, by), lw=0))
            labels.append((y + n / 2, f"{label(code, by, lang)}  {i18n.number(n, lang)}"))
            tops[(side, code)] = y + n
            y += n + gap
        placed = -np.inf
        for centre, text in labels:  # bottom up, pushed apart where they would overlap
            placed = max(centre, placed + sep)
            if side == "L":
                ax.text(x - 0.02, placed, text, ha="right", va="center", fontsize=12)
            else:
                ax.text(x + width + 0.02, placed, text, ha="left", va="center", fontsize=12)
    # ribbons: from each left state (top down) to each right state (top down)
    out_top = {c: tops[("L", c)] for c in left}
    in_top = {c: tops[("R", c)] for c in right}
    for src in left:
        for dst in right:
            sel = table[(table["source"] == src) & (table["target"] == dst)]
            n = float(sel["people"].sum())
            if n <= 0:
                continue
            y0 = (out_top[src] - n, out_top[src])
            y1 = (in_top[dst] - n, in_top[dst])
            _ribbon(ax, width, 1.0 - width, y0, y1,
                    colour(src if src != ARRIVED else dst, by))
            out_top[src] -= n
            in_top[dst] -= n
    ax.text(width / 2, total + gap * 3, w("month0", lang), ha="center", fontsize=13,
            fontweight="bold")
    ax.text(1.0 - width / 2, total + gap * 3, w("now", lang, m=month), ha="center",
            fontsize=13, fontweight="bold")


def paths_png(policy: pd.DataFrame, baseline: pd.DataFrame, by: str, lang: str, month: int,
              seed: int, name: str = "") -> bytes:
    """Baseline and policy side by side, on the same scale (PNG bytes)."""
    totals = [max(float(policy.groupby("source")["people"].sum().sum()),
                  float(policy.groupby("target")["people"].sum().sum())),
              max(float(baseline.groupby("source")["people"].sum().sum()),
                  float(baseline.groupby("target")["people"].sum().sum()))]
    total = max(max(totals), 1.0)
    fig = Figure(figsize=(16, 5.6))
    fig.subplots_adjust(left=0.005, right=0.995, top=0.9, bottom=0.01, wspace=0.02)
    axes = fig.subplots(1, 2)
    seed_word = w("seed", lang).lower()
    for ax, table, run in ((axes[0], baseline, "baseline"), (axes[1], policy, "policy")):
        title = name if run == "policy" and name else i18n.t(run, lang)
        draw(ax, table, by, lang, month, total * 1.02, f"{title} · {seed_word} {seed}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


def summary(table: pd.DataFrame, by: str, lang: str) -> str:
    """One sentence a councillor reads aloud: what became of the first state's people (the
    undocumented, or those without work)."""
    first = int(Status.UNDOCUMENTED if by == "status" else Work.NONE)
    rows = table[table["source"] == first]
    n = int(rows["people"].sum())
    if n == 0:
        return ""
    moved = rows[(rows["target"] != first) & (rows["target"] != LEFT)]
    k = int(moved["people"].sum())
    dest = {"status": {"en": "with a status or permit", "fr": "avec un statut ou un titre"},
            "work": {"en": "in work", "fr": "au travail"}}[by][lang]
    what = label(first, by, lang) if by == "status" else w("without_work", lang)
    are = {"en": ("is", "are"), "fr": ("est", "sont")}[lang][k > 1]
    return w("stayed", lang, n=i18n.number(n, lang), what=what, k=i18n.number(k, lang),
             are=are, dest=dest, p=i18n.percent(k / n, lang))


def run_flows(ws, seed_index: int, by: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Flows of the policy and the baseline run of a workshop's ``seed_index``-th seed."""
    if not getattr(ws, "pairs", None):
        return None
    with ws.lock:
        pol, base = ws.pairs[seed_index]
        now = (states(pol), states(base))
    seed = ws.seeds[seed_index]
    start = (start_states(ws.policy, seed), start_states(ws.baseline, seed))
    return flows(start[0], now[0], by), flows(start[1], now[1], by)


def too_big(ws) -> int:
    """Migrants of the town when it is too large to follow everyone, else 0."""
    if not getattr(ws, "pairs", None):
        return 0
    n = snapshot(ws.pairs[0][0]).migrants
    return n if n > MAX_MIGRANTS else 0


@solara.component
def PathsPanel(ws, month: int, lang: str):
    """The people's-paths panel: which flows (status or work), which seed, and the picture."""
    by, set_by = solara.use_state("status")
    seed_index, set_seed_index = solara.use_state(0)
    seeds = tuple(getattr(ws, "seeds", ()) or (1,))
    k = min(seed_index, len(seeds) - 1)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(i18n.colon(w("by", lang), lang))
        with solara.ToggleButtonsSingle(value=by, on_value=set_by):
            for b in BY:
                solara.Button(w(b, lang), value=b, classes=[f"tp-paths-{b}"])
        if len(seeds) > 1:
            solara.Select(label=w("seed", lang), values=list(seeds), value=seeds[k],
                          on_value=lambda s: set_seed_index(seeds.index(s)))
    big = too_big(ws) if ws is not None else 0
    usable = ws is not None and month > 0 and not big
    # hooks in the same order on every render: the work is skipped inside them
    result = solara.use_memo(lambda: run_flows(ws, k, by) if usable else None,
                             [ws, month, k, by, usable])
    # the named policy the panel shows (the active one), not a generic "your policy"
    name = ws.get().name if ws is not None and hasattr(ws, "get") else ""
    png = solara.use_memo(
        lambda: paths_png(result[0], result[1], by, lang, month, seeds[k], name)
        if result is not None else None, [result, lang, name])
    if big:
        solara.Text(w("too_big", lang, n=i18n.number(big, lang),
                      max=i18n.number(MAX_MIGRANTS, lang)), classes=["tp-paths-wait"])
        return
    if result is None or png is None:
        solara.Text(w("not_run", lang), classes=["tp-paths-wait"])
        return
    pol, base = result
    lines = [f"<b>{html.escape(label)}</b> — {html.escape(summary(t, by, lang))}"
             for label, t in ((i18n.t("baseline", lang), base),
                              (name or i18n.t("policy", lang), pol)) if summary(t, by, lang)]
    solara.HTML(tag="div", classes=["tp-paths"], unsafe_innerHTML=(
        f"<div class='tp-paths-title'>{html.escape(w('title', lang, m=month))}</div>"
        f"<div class='tp-shown'>{html.escape(w('shown', lang, s=seeds[k]))}</div>"
        + "".join(f"<div class='tp-paths-summary'>{line}</div>" for line in lines)))
    # as wide as the panel, never taller than what is left of a projector's screen
    with solara.Div(classes=["tp-paths-picture"],
                    style={"max-width": "min(100%, calc((100vh - 120px) * 2.86))"}):
        solara.Image(png, width="100%")
