"""The council-workshop page (``solara run tremplin.dashboards.app``, via ``tremplin dashboard``).

Everything a participant changes lives in this browser session's component state: the models
are built per session inside ``Page`` (never at module level, which would give every browser
the same model). A lever change rebuilds the session's policy and baseline runs at month 0
(said on screen), so what is shown always matches the levers. Models are built and long runs
stepped in a background thread with a progress bar; charts are Vega-Lite specs drawn by the
browser and refreshed at most about once a second during a run, while the month counter moves
every month.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from typing import Any

import reacton.ipyvuetify as rv
import solara

from tremplin.errors import TremplinError
from tremplin.model.scenario import ScenarioError, builtin_dir, load

from . import charts, i18n, panels, paths, pdf  # i13-b: people's paths panel, one-page PDF summary
from .levers import LeverPanel, levers_on
from .upload import ScenarioUpload
from .workshop import (
    SEED_CHOICES,
    TOWN_SIZES,
    Workshop,
    read_uploaded,
    scenario_toml,
    set_lever,
    with_town_size,
)

DEFAULT_START = "baseline"
DEFAULT_TOWN = 2000
DEFAULT_HORIZON = 24
HORIZONS = (12, 24, 36, 60, 120)
REFRESH_S = 1.0  # charts refresh at most this often during a run

CSS = """
.v-application { font-size: 18px; }
.tp-title { font-size: 30px; font-weight: 700; margin: 4px 0 8px 0; }
.tp-month { font-size: 28px; font-weight: 700; }
.tp-lever-name { font-size: 20px; font-weight: 700; margin-bottom: 2px; }
.tp-lever-line { font-size: 16px; margin-bottom: 2px; }
.tp-lever-guide { font-size: 14px; font-style: italic; color: #555; margin-bottom: 4px; }
.tp-on { font-size: 18px; margin: 4px 0; }
.tp-table { border-collapse: collapse; font-size: 18px; margin: 8px 0; }
.tp-table th, .tp-table td { border-bottom: 1px solid #ddd; padding: 4px 10px;
  text-align: right; }
.tp-table td:first-child, .tp-table th:first-child { text-align: left; }
.tp-table caption { caption-side: top; text-align: left; font-weight: 700; font-size: 18px; }
.tp-help td { text-align: left; }
.tp-help-levers td, .tp-help-levers th { text-align: left; font-size: 15px; }
.tp-coops { font-size: 16px; }
.tp-coop-summary { font-size: 18px; font-weight: 600; }
.v-label { font-size: 17px !important; }
.v-btn { font-size: 18px !important; }
.tp-error { font-size: 18px; white-space: pre-wrap; }
.tp-upload-label { font-size: 15px; color: #555; }
"""


@functools.cache
def shipped() -> list[str]:
    """Names of the shipped scenarios (read once: called on every render)."""
    return sorted(p.stem for p in builtin_dir().glob("*.toml"))


def use_stable(fn):
    """A callback whose identity never changes (it calls the latest ``fn``), so components
    that receive it (the lever panel: hundreds of widgets) are not re-rendered every month."""
    ref = solara.use_ref(fn)
    ref.current = fn
    return solara.use_memo(lambda: lambda *args: ref.current(*args), [])


def _start_town() -> int:
    """Town size at start: TREMPLIN_TOWN (migrants) if set, e.g. by the load benchmark."""
    try:
        return max(50, int(os.environ.get("TREMPLIN_TOWN", DEFAULT_TOWN)))
    except ValueError:
        return DEFAULT_TOWN


def _start_lang() -> str:
    lang = os.environ.get("TREMPLIN_LANG", "fr")
    return lang if lang in i18n.LANGS else "fr"


@solara.component
def Page():
    lang, set_lang = solara.use_state(_start_lang())
    start, set_start = solara.use_state(DEFAULT_START)
    first = solara.use_memo(lambda: with_town_size(load(DEFAULT_START), _start_town()), [])
    policy, set_policy = solara.use_state(first)
    town, set_town = solara.use_state(first.population.migrants)
    seeds, set_seeds = solara.use_state(1)
    horizon, set_horizon = solara.use_state(DEFAULT_HORIZON)
    version, set_version = solara.use_state(0)  # bumped whenever the runs must be rebuilt
    ws_ref = solara.use_ref(None)
    ready_version, set_ready_version = solara.use_state(-1)
    build_progress, set_build_progress = solara.use_state(0.0)
    # (month, ms the last step took): one state, so a month costs one re-render
    # (month, ms the last step took, month the charts and tables show): one state, so a
    # month costs one re-render of the page
    clock, set_clock = solara.use_state((0, 0.0, 0))
    month, step_ms, shown = clock
    running, set_running = solara.use_state(False)
    message, set_message = solara.use_state("")
    error, set_error = solara.use_state("")
    tab, set_tab = solara.use_state("compare")
    colour_by, set_colour_by = solara.use_state("work")
    lock = solara.use_memo(threading.Lock, [])

    def rebuild(new_policy=None, note: str = "") -> None:
        if new_policy is not None:
            set_policy(new_policy)
        set_running(False)
        set_message(note)
        set_version(lambda v: v + 1)

    # ---- build the session's runs (background thread, cancelled by a newer version)
    def build(cancel: threading.Event) -> None:
        ws = Workshop(policy, seeds=tuple(range(1, seeds + 1)), horizon=horizon)
        set_build_progress(0.0)
        ws.build(progress=set_build_progress, cancelled=cancel.is_set)
        if cancel.is_set():
            return
        with lock:
            ws_ref.current = ws
        set_clock((0, 0.0, 0))
        set_ready_version(version)

    solara.use_thread(build, dependencies=[version, policy, seeds, horizon],
                      intrusive_cancel=False)
    ready = ready_version == version and ws_ref.current is not None
    ws: Workshop | None = ws_ref.current if ready else None

    # ---- run to the horizon (background thread) with a light month counter
    def play(cancel: threading.Event) -> None:
        if not running or ws is None:
            return
        last, charts_at, ms = 0.0, shown, step_ms
        while not cancel.is_set() and not ws.finished:
            t0 = time.perf_counter()
            ws.step()
            ms = 1000 * (time.perf_counter() - t0)
            if time.perf_counter() - last >= REFRESH_S or ws.finished:
                last, charts_at = time.perf_counter(), ws.month
            set_clock((ws.month, ms, charts_at))
        if charts_at != ws.month:  # paused between two chart refreshes: show where it is
            set_clock((ws.month, ms, ws.month))
        if not cancel.is_set():
            set_running(False)

    solara.use_thread(play, dependencies=[running, ready_version], intrusive_cancel=False)

    def step_once() -> None:
        if ws is None or running:
            return
        t0 = time.perf_counter()
        ws.step()
        set_clock((ws.month, 1000 * (time.perf_counter() - t0), ws.month))

    def reset() -> None:
        rebuild(note="")

    # ---- inputs
    def on_lever(key: str, value: Any) -> None:
        try:
            new = set_lever(policy, key, value)
        except TremplinError as e:
            set_error(str(e))
            return
        if new == policy:
            return
        set_error("")
        rebuild(new, i18n.t("restarted", lang) if month > 0 else "")

    def on_start(name: str) -> None:
        try:
            scn = with_town_size(load(name), town)
        except TremplinError as e:
            set_error(str(e))
            return
        set_start(name)
        set_error("")
        rebuild(scn)

    def on_file(name: str, data: bytes) -> None:
        try:
            scn = with_town_size(read_uploaded(name, data), town)
        except ScenarioError as e:
            set_error(f"{i18n.t('upload_error', lang)}\n{e}")
            return
        set_error("")
        set_start(name)
        rebuild(scn, f"{i18n.t('uploaded_ok', lang)}: {name}")

    def on_town(m: int) -> None:
        set_town(m)
        rebuild(with_town_size(policy, m))

    on_lever_stable = use_stable(on_lever)
    on_file_stable = use_stable(on_file)

    # ---- results of the month shown (cheap: a few ms)
    series = solara.use_memo(
        lambda: (ws.series("policy"), ws.series("baseline")) if ws is not None else ([], []),
        [shown, ready_version])
    spec = solara.use_memo(lambda: charts.timeseries_spec(series[0], series[1], horizon, lang),
                           [series, lang])
    table = solara.use_memo(lambda: ws.comparison() if ws is not None and shown > 0 else None,
                            [series])

    solara.Style(CSS)
    solara.Title("Tremplin")
    with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
        solara.HTML(tag="div", unsafe_innerHTML=i18n.t("title", lang), classes=["tp-title"])
        solara.Button(i18n.t("language", lang), on_click=lambda: set_lang(
            "en" if lang == "fr" else "fr"), outlined=True, classes=["tp-lang"])
    with solara.Columns([1, 2.6]):
        with solara.Column(style={"max-height": "calc(100vh - 90px)", "overflow-y": "auto"}):
            names = shipped()
            rv.Select(label=i18n.t("start_from", lang), items=names,
                      v_model=start if start in names else None,
                      on_v_model=on_start, class_="tp-start")
            ScenarioUpload(i18n.t("upload", lang), on_file_stable)
            solara.HTML(tag="h2", unsafe_innerHTML=i18n.t("levers", lang))
            LeverPanel(policy, lang, on_lever_stable)
        with solara.Column():
            with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                solara.Button(i18n.t("run", lang), on_click=lambda: set_running(True),
                              disabled=not ready or running or (ws is not None and ws.finished),
                              color="primary", classes=["tp-run"])
                solara.Button(i18n.t("step", lang), on_click=step_once,
                              disabled=not ready or running, classes=["tp-step"])
                solara.Button(i18n.t("pause", lang), on_click=lambda: set_running(False),
                              disabled=not running, classes=["tp-pause"])
                solara.Button(i18n.t("reset", lang), on_click=reset, classes=["tp-reset"])
                solara.HTML(tag="span", unsafe_innerHTML=(
                    f"{i18n.t('month', lang)} <span class='tp-month-value'>{month}</span> "
                    f"{i18n.t('of', lang)} {horizon}"), classes=["tp-month"])
                if step_ms:
                    solara.Text(f"({i18n.t('step_time', lang)} {step_ms:.0f} ms)",
                                classes=["tp-step-ms"])
            if not ready:
                solara.Text(i18n.t("building", lang), classes=["tp-building"])
                solara.ProgressLinear(value=100 * build_progress)
            else:
                solara.ProgressLinear(value=100 * month / max(horizon, 1), color="#d95f02")
            with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
                rv.Select(label=i18n.t("town", lang),
                          items=sorted({*TOWN_SIZES, town}), v_model=town,
                          on_v_model=on_town, style_="max-width: 220px", class_="tp-town")
                rv.Select(label=i18n.t("seeds", lang), items=list(SEED_CHOICES), v_model=seeds,
                          on_v_model=lambda v: (set_seeds(int(v)), rebuild()),
                          style_="max-width: 260px", class_="tp-seeds")
                rv.Select(label=i18n.t("horizon", lang), items=list(HORIZONS), v_model=horizon,
                          on_v_model=lambda v: (set_horizon(int(v)), rebuild()),
                          style_="max-width: 200px", class_="tp-horizon")
            on = levers_on(policy, lang)
            solara.HTML(tag="div", unsafe_innerHTML=(
                f"<b>{i18n.t('policy', lang)}</b>: {policy.name} — "
                + (", ".join(on) if on else "–")), classes=["tp-on"])
            solara.Text(i18n.t("baseline_note", lang))
            if error:
                solara.Error(error, classes=["tp-error"])
            if message:
                solara.Info(message, classes=["tp-message"])
            tabs = [("compare", i18n.t("charts", lang) + " / " + i18n.t("results", lang)),
                    ("network", i18n.t("network", lang).split("(")[0].strip()),
                    ("paths", paths.w("tab", lang)),  # i13-b
                    ("coops", i18n.t("coops", lang).split("(")[0].strip()),
                    ("help", i18n.t("help", lang).split(":")[0])]
            with solara.ToggleButtonsSingle(value=tab, on_value=set_tab, classes=["tp-tabs"]):
                for key, label in tabs:
                    solara.Button(label, value=key, classes=[f"tp-tab-{key}"])
            if tab == "compare":
                with solara.Div(classes=["tp-charts"], style={"min-height": "520px"}):
                    if ws is not None:  # no chart without data (vega-embed errors on none)
                        solara.widgets.VegaLite.element(spec=spec)
                panels.ResultsTable(table, shown, seeds, lang)
                ExportBar(policy, ws, table, series, horizon, shown, lang)
            elif tab == "network":
                NetworkView(ws, shown, colour_by, set_colour_by, lang)
            elif tab == "paths":  # i13-b
                paths.PathsPanel(ws, shown, lang)
            elif tab == "coops":
                panels.CoopsPanel(ws.cooperatives() if ws is not None else _empty(), lang,
                                  month=shown)  # i13-b: says which run, seed and month
            else:
                panels.HelpPanel(lang)


def _empty():
    import pandas as pd

    return pd.DataFrame()


@solara.component
def NetworkView(ws: Workshop | None, shown: int, colour_by: str, set_colour_by, lang: str):
    with solara.Row(style={"align-items": "center"}):
        solara.Text(i18n.t("colour_by", lang))
        with solara.ToggleButtonsSingle(value=colour_by, on_value=set_colour_by):
            solara.Button(i18n.t("by_work", lang), value="work", classes=["tp-by-work"])
            solara.Button(i18n.t("by_status", lang), value="status", classes=["tp-by-status"])
    solara.Text(panels.shown_run(lang, "policy", 1, shown), classes=["tp-shown"])  # i13-b
    png = solara.use_memo(
        lambda: charts.network_png(ws.network_sample(), colour_by, lang) if ws is not None
        else None, [ws, shown, colour_by, lang])
    if png is not None:
        with solara.Div(classes=["tp-network"]):
            solara.Image(png, width="760px")


@solara.component
def ExportBar(policy, ws: Workshop | None, table, series, horizon: int, shown: int, lang: str):
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in policy.name) or "scenario"
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Text(i18n.t("export", lang) + ":")
        solara.FileDownload(lambda: scenario_toml(policy), filename=f"{stem}.toml",
                            label=i18n.t("export_scenario", lang), mime_type="application/toml")
        if ws is not None and table is not None:
            solara.FileDownload(lambda: panels.comparison_csv(table, shown, lang),
                                filename=f"{stem}-results-month{shown}.csv",
                                label=i18n.t("export_table", lang), mime_type="text/csv")
            solara.FileDownload(lambda: ws.timeseries_table().to_csv(index=False,
                                                                     float_format="%.6g"),
                                filename=f"{stem}-monthly.csv",
                                label=i18n.t("export_series", lang), mime_type="text/csv")
            solara.FileDownload(lambda: charts.timeseries_png(series[0], series[1], horizon,
                                                              lang),
                                filename=f"{stem}-charts-month{shown}.png",
                                label=i18n.t("export_png", lang), mime_type="image/png")
        pdf.PdfDownload(ws, shown, lang)  # i13-b
