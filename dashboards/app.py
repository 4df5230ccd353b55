"""The council-workshop page (``solara run tremplin.dashboards.app``, via ``tremplin dashboard``).

Everything a participant changes lives in this browser session: the ``Workshop`` (2-4 named
policies and their baseline, on the same seeds) is built per session inside ``Page``, never at
module level, which would give every browser the same model. A lever change redoes only that
policy's runs, up to the month the room has reached, so the other policies keep their
results; sliders report a change only when released. One background thread per session does
the work (building, catching up, running), with a progress bar; charts are Vega-Lite specs
drawn by the browser and refreshed at most about once a second during a run.
"""

from __future__ import annotations

import functools
import logging
import os
import string
import threading
import time
import warnings
from typing import Any

import reacton.ipyvuetify as rv
import solara

from tremplin.errors import TremplinError
from tremplin.model.scenario import builtin_dir, load

from . import charts, headline, i18n, panels, paths, pdf  # i13-b: paths panel, PDF summary
from .levers import LeverPanel, levers_on
from .upload import MAX_BYTES, ScenarioUpload
from .workshop import (
    DEFAULT_SEEDS,
    MAX_POLICIES,
    SEED_CHOICES,
    TOWN_SIZES,
    Workshop,
    read_uploaded,
    scenario_toml,
    set_lever,
    with_town_size,
)

# Solara warns on every page load served over plain http to a host other than "localhost"
# (a 12-line text about iframes and samesite cookies); the workshop is served on a room's
# network without iframes, so the warning only buries real problems in the log
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https",
                        category=UserWarning)

log = logging.getLogger("tremplin.dashboard")

DEFAULT_START = "baseline"
DEFAULT_TOWN = 2000
DEFAULT_HORIZON = 24
HORIZONS = (12, 24, 36, 60, 120)
REFRESH_S = 1.0  # charts refresh at most this often during a run
POLICY_COLOURS = ("#d95f02", "#1b9e77", "#e7298a", "#7570b3")
LEVER_WIDTH = 380  # px of the lever panel

CSS = """
.v-application { font-size: 17px; }
/* clip, not hidden: hidden would make a scroll container and unstick the lever panel */
.tp-root { overflow-x: clip; }
.tp-title { font-size: 21px; font-weight: 700; margin: 2px 0; }
.tp-tabs .v-btn { font-size: 14px !important; padding: 0 10px !important; }
.tp-top .v-btn { font-size: 14px !important; }
.tp-main { display: flex; align-items: flex-start; gap: 14px; width: 100%; }
.tp-side { flex: 0 0 LEVER_PXpx; width: LEVER_PXpx; position: sticky; top: 0;
  max-height: 100vh; overflow-y: auto; overflow-x: hidden; background: white;
  padding-right: 4px; }
.tp-content { flex: 1 1 auto; min-width: 0; }
.tp-month { font-size: 24px; font-weight: 700; margin-left: 8px; }
.tp-lever-name { font-size: 18px; font-weight: 700; margin-bottom: 2px; }
.tp-lever-line { font-size: 15px; margin-bottom: 2px; }
.tp-lever-guide { font-size: 13px; font-style: italic; color: #555; margin-bottom: 4px; }
.tp-lever-label { font-size: 15px; margin-top: 6px; }
.tp-lever-value { white-space: nowrap; }
.tp-number-lever .v-input__slot { margin-bottom: 0; }
.tp-on { font-size: 16px; margin: 4px 0; }
.tp-table { border-collapse: collapse; font-size: 17px; margin: 8px 0; }
.tp-table th, .tp-table td { border-bottom: 1px solid #ddd; padding: 4px 10px;
  text-align: right; vertical-align: top; }
.tp-table td:first-child, .tp-table th:first-child { text-align: left; }
.tp-table caption { caption-side: top; text-align: left; font-weight: 700; font-size: 17px; }
.tp-table small { font-size: 14px; color: #333; white-space: nowrap; }
.tp-tables { overflow-x: auto; max-width: 100%; }
.tp-unclear { color: #777; }
.tp-help td { text-align: left; }
.tp-help-levers td, .tp-help-levers th { text-align: left; font-size: 15px; }
.tp-coops { font-size: 15px; }
.tp-coop-summary { font-size: 17px; font-weight: 600; }
.v-label { font-size: 16px !important; }
.v-btn { font-size: 16px !important; }
.tp-error { font-size: 17px; white-space: pre-wrap; }
.tp-headline { border: 2px solid #d95f02; border-radius: 8px; padding: 6px 12px;
  margin: 6px 0; background: #fffaf5; }
.tp-h-title { font-size: 18px; font-weight: 700; }
.tp-headline-row { display: flex; align-items: flex-start; gap: 10px; margin: 4px 0;
  border-top: 1px solid #f0d8c8; padding-top: 4px; }
.tp-h-name { flex: 0 0 130px; font-size: 17px; font-weight: 700; overflow-wrap: anywhere; }
.tp-h-grid { flex: 1 1 auto; min-width: 0; display: grid; gap: 2px 14px;
  grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); }
.tp-h-main { font-size: 22px; font-weight: 700; white-space: nowrap; }
.tp-h-detail { font-size: 14px; color: #333; }
.tp-unclear .tp-h-main { font-weight: 400; color: #666; }
.tp-h-note, .tp-h-empty { font-size: 14px; color: #555; }
.tp-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px;
  margin-right: 6px; }
.tp-charts { overflow-x: auto; }
.tp-money h3 { margin: 10px 0 0 0; }
.tp-projector .v-application, .tp-projector { font-size: 20px; }
.tp-projector .tp-h-main { font-size: 28px; }
.tp-projector .tp-h-detail { font-size: 17px; }
.tp-projector .tp-h-name { font-size: 22px; flex-basis: 170px; }
.tp-projector .tp-h-grid { grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); }
.tp-projector .tp-title { font-size: 28px; }
.tp-projector .tp-table { font-size: 20px; }
""".replace("LEVER_PX", str(LEVER_WIDTH))


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


def _start_seeds() -> int:
    """Seeds at start: TREMPLIN_SEEDS if set (one of 1, 3, 5), else ``DEFAULT_SEEDS``."""
    try:
        n = int(os.environ.get("TREMPLIN_SEEDS", DEFAULT_SEEDS))
    except ValueError:
        return DEFAULT_SEEDS
    return n if n in SEED_CHOICES else DEFAULT_SEEDS


def _start_lang() -> str:
    lang = os.environ.get("TREMPLIN_LANG", "fr")
    return lang if lang in i18n.LANGS else "fr"


def policy_name(lang: str, taken: list[str]) -> str:
    """"Politique A", "Politique B", ...: the first letter not taken."""
    word = i18n.t("policy_letter", lang)
    for letter in string.ascii_uppercase:
        name = f"{word} {letter}"
        if name not in taken:
            return name
    return word


def colours_of(ws: Workshop) -> dict[int, str]:
    return {p.key: POLICY_COLOURS[i % len(POLICY_COLOURS)] for i, p in enumerate(ws.policies)}


def _new_workshop(lang: str) -> Workshop:
    first = with_town_size(load(DEFAULT_START), _start_town())
    return Workshop(first, seeds=tuple(range(1, _start_seeds() + 1)), horizon=DEFAULT_HORIZON,
                    name=policy_name(lang, []))


@solara.component
def Page():
    lang, set_lang = solara.use_state(_start_lang())
    ws: Workshop = solara.use_memo(lambda: _new_workshop(lang), [])
    uploads = solara.use_ref({})  # this session's uploaded scenarios, by file name
    # bumped on every change of the policies (names, levers, list): re-renders the page
    rev, set_rev = solara.use_state(0)
    work, set_work = solara.use_state(0)  # bumped when runs must be (re)built or caught up
    busy, set_busy = solara.use_state(0.0)  # progress of a rebuild; None when idle
    # (month, ms the last step took, month the charts and tables show): one state, so a
    # month costs one re-render of the page
    clock, set_clock = solara.use_state((0, 0.0, 0))
    month, step_ms, shown = clock
    running, set_running = solara.use_state(False)
    message, set_message = solara.use_state("")
    error, set_error = solara.use_state("")
    tab, set_tab = solara.use_state("charts")
    colour_by, set_colour_by = solara.use_state("work")
    projector, set_projector = solara.use_state(False)
    show_levers, set_show_levers = solara.use_state(True)

    def changed(work_too: bool = True) -> None:
        set_rev(lambda r: r + 1)
        if work_too:
            set_work(lambda w: w + 1)

    # ---- one background worker per session: catch up changed runs, then run if asked
    def worker(cancel: threading.Event) -> None:
        if ws.pending():
            set_busy(0.0)
            if not ws.sync(progress=set_busy, cancelled=cancel.is_set):
                return
            set_clock((ws.month, step_ms, ws.month))
        set_busy(None)
        if not running:
            return
        last, charts_at, ms = 0.0, ws.month, step_ms
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

    solara.use_thread(worker, dependencies=[work, running], intrusive_cancel=False)
    # not idle from the change itself, before the worker has started: else the page shows
    # Step enabled and the old results for a moment, and a click steps runs about to be redone
    idle = busy is None and not ws.pending()

    def step_once() -> None:
        if not idle or running or ws.finished:
            return
        t0 = time.perf_counter()
        ws.step()
        set_clock((ws.month, 1000 * (time.perf_counter() - t0), ws.month))

    def reset() -> None:
        set_running(False)
        ws.reset()
        set_clock((0, 0.0, 0))
        set_message("")
        changed()

    def say(msg: str = "", err: str = "") -> None:
        """One message at a time: a new one replaces the last (never a stale green one)."""
        set_message(msg)
        set_error(err)

    # ---- the active policy's levers and where it starts from
    def on_lever(key: str, value: Any) -> None:
        p = ws.get()
        try:
            new = set_lever(p.scenario, key, value)
        except TremplinError as e:
            say(err=str(e))
            return
        if new == p.scenario:
            return
        ws.set_scenario(p.key, new)
        say()
        changed()

    def on_start(name: str) -> None:
        try:
            scn = uploads.current.get(name) or load(name)
            scn = with_town_size(scn, ws.policy.population.migrants)
        except TremplinError as e:
            say(err=str(e))
            return
        ws.set_scenario(ws.active, scn, origin=name)
        say()
        changed()

    def on_file(name: str, data: bytes) -> None:
        try:
            scn = with_town_size(read_uploaded(name, data), ws.policy.population.migrants)
        except TremplinError as e:
            say(err=f"{i18n.t('upload_error', lang)}\n{e}")
            return
        except Exception as e:  # an upload must never break the page
            log.warning("upload %s refused: %s: %s", name, type(e).__name__, e)
            say(err=f"{i18n.t('upload_error', lang)}\n{name}: "
                    f"{i18n.t('upload_failed', lang)} ({type(e).__name__})")
            return
        uploads.current[name] = scn
        ws.set_scenario(ws.active, scn, origin=name)
        say(msg=f"{i18n.t('uploaded_ok', lang)}{' :' if lang == 'fr' else ':'} {name}")
        changed()

    def on_upload_error(name: str, reason: str) -> None:
        say(err=f"{i18n.t('upload_error', lang)}\n{name}: "
                f"{i18n.t(reason, lang).format(n=MAX_BYTES // 1000)}")

    # ---- named policies
    def add_policy() -> None:
        if len(ws.policies) >= MAX_POLICIES:
            say(err=i18n.t("too_many", lang).format(n=MAX_POLICIES))
            return
        scn = with_town_size(load(DEFAULT_START), ws.policy.population.migrants)
        ws.add(scn, policy_name(lang, [p.name for p in ws.policies]), DEFAULT_START)
        say()
        changed()

    def duplicate() -> None:
        if len(ws.policies) >= MAX_POLICIES:
            say(err=i18n.t("too_many", lang).format(n=MAX_POLICIES))
            return
        ws.duplicate(ws.active, policy_name(lang, [p.name for p in ws.policies]))
        say()
        changed()

    def delete() -> None:
        ws.delete(ws.active)
        say()
        changed()

    def rename(*args) -> None:
        text = args[-1] if args else ""
        if isinstance(text, str) and text.strip():
            ws.rename(ws.active, text.strip()[:60])
            changed(work_too=False)

    def select(key: int) -> None:
        if key is not None:
            ws.select(key)
            changed(work_too=False)

    def on_town(m: int) -> None:
        set_running(False)
        ws.configure(migrants=int(m))
        set_clock((0, 0.0, 0))
        changed()

    def on_seeds(n: int) -> None:
        set_running(False)
        ws.configure(seeds=tuple(range(1, int(n) + 1)))
        set_clock((0, 0.0, 0))
        changed()

    def on_horizon(h: int) -> None:
        ws.configure(horizon=int(h))
        set_running(False)
        set_clock((0, 0.0, 0))
        changed()

    on_lever_stable = use_stable(on_lever)
    on_file_stable = use_stable(on_file)
    on_upload_error_stable = use_stable(on_upload_error)

    # ---- results of the month shown (cheap: a few ms)
    colours = colours_of(ws)
    side = show_levers and not projector
    # while runs are rebuilt the charts keep the last results (vega-embed, unmounted within
    # its 100 ms debounce, throws "reading 'usermeta'"; a blank page is no better)
    last_spec = solara.use_ref(None)
    spec = solara.use_memo(lambda: _spec(ws, colours, lang, side) if idle else last_spec.current,
                           [shown, rev, lang, side, idle])
    last_spec.current = spec
    # the chart, once drawn, stays mounted (hidden on other panels and after a reset): vega-embed
    # redraws 100 ms after a change and throws "reading 'usermeta'" if taken off the page in
    # between (tests/browser/test_tab_switch_browser.py)
    drawn = solara.use_ref(None)
    if spec is not None:
        drawn.current = spec
    headline_text = solara.use_memo(
        lambda: headline.headline_html(ws, colours, lang) if idle else None,
        [shown, rev, lang, idle])

    solara.Style(CSS)
    solara.Title("Tremplin")
    active = ws.get()
    with solara.Div(classes=["tp-root"] + (["tp-projector"] if projector else [])):
        with solara.Row(style={"align-items": "center", "justify-content": "space-between",
                               "flex-wrap": "wrap"}):
            solara.HTML(tag="div", unsafe_innerHTML=i18n.t("title", lang), classes=["tp-title"])
            with solara.Row(style={"align-items": "center"}, classes=["tp-top"]):
                solara.Button(i18n.t("show_levers" if not side else "hide_levers", lang),
                              on_click=lambda: (set_show_levers(not side),
                                                set_projector(False) if not side else None),
                              outlined=True, classes=["tp-toggle-levers"])
                solara.Button(i18n.t("projector", lang), on_click=lambda: set_projector(
                    not projector), outlined=not projector, color="primary",
                    classes=["tp-projector-button"])
                solara.Button(i18n.t("language", lang), on_click=lambda: set_lang(
                    "en" if lang == "fr" else "fr"), outlined=True, classes=["tp-lang"])
        with solara.Div(classes=["tp-main"]):
            if side:
                with solara.Div(classes=["tp-side"]):
                    SidePanel(ws, active, lang, uploads.current, rev, on_start, on_town,
                              on_seeds, on_horizon, on_file_stable, on_upload_error_stable,
                              on_lever_stable)
            with solara.Div(classes=["tp-content"]):
                PolicyBar(ws, colours, lang, rev, select, add_policy, duplicate, delete, rename)
                with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                    solara.Button(i18n.t("run", lang), on_click=lambda: set_running(True),
                                  disabled=running or ws.finished, color="primary",
                                  classes=["tp-run"])
                    solara.Button(i18n.t("step", lang), on_click=step_once,
                                  disabled=not idle or running or ws.finished,
                                  classes=["tp-step"])
                    solara.Button(i18n.t("pause", lang), on_click=lambda: set_running(False),
                                  disabled=not running, classes=["tp-pause"])
                    solara.Button(i18n.t("reset", lang), on_click=reset, classes=["tp-reset"])
                    solara.HTML(tag="span", unsafe_innerHTML=(
                        f"{i18n.t('month', lang)} <span class='tp-month-value' "
                        f"data-changes='{ws.changes}' data-seeds='{len(ws.seeds)}'>"
                        f"{month}</span> "
                        f"{i18n.t('of', lang)} {ws.horizon}"), classes=["tp-month"])
                    if step_ms and idle:
                        solara.Text(f"({i18n.t('step_time', lang)} {step_ms:.0f} ms)",
                                    classes=["tp-step-ms"])
                if not idle:
                    names = ", ".join(p.name for p in ws.policies if p.run is None
                                      or p.run.month != ws.month) or i18n.t("baseline", lang)
                    solara.Text(f"{i18n.t('recomputing', lang)} « {names} »…"
                                if lang == "fr" else f"Recomputing {names}…",
                                classes=["tp-building"])
                    solara.ProgressLinear(value=100 * (busy or 0.0))
                else:
                    solara.ProgressLinear(value=100 * month / max(ws.horizon, 1),
                                          color="#d95f02")
                if error:
                    solara.Error(error, classes=["tp-error"])
                if message:
                    solara.Info(message, classes=["tp-message"])
                if headline_text is not None:
                    solara.HTML(tag="div", unsafe_innerHTML=headline_text,
                                classes=["tp-headline-box"])
                tabs = [("charts", i18n.t("charts", lang)), ("table", i18n.t("table", lang)),
                        ("money", i18n.t("money", lang)),
                        ("network", i18n.t("network", lang).split("(")[0].strip()),
                        ("paths", paths.w("tab", lang)),
                        ("coops", i18n.t("coops", lang).split("(")[0].strip()),
                        ("help", i18n.t("help", lang).split(":")[0])]
                with solara.ToggleButtonsSingle(value=tab, on_value=set_tab,
                                                classes=["tp-tabs"],
                                                style={"flex-wrap": "wrap"}):
                    for key, label in tabs:
                        solara.Button(label, value=key, classes=[f"tp-tab-{key}"])
                ws_ready = ws if idle else None
                with solara.Div(classes=["tp-charts"], style={"min-height": "480px"}
                                if tab == "charts" else {"display": "none"}):
                    if drawn.current is not None:  # no chart before data (vega-embed errors)
                        with solara.Div(style={} if spec is not None else {"display": "none"}):
                            solara.widgets.VegaLite.element(spec=drawn.current)
                    solara.Text(i18n.t("baseline_note", lang), classes=["tp-note"])
                if tab == "table":
                    Tables(ws_ready, shown, rev, lang)
                elif tab == "money":
                    Money(ws_ready, shown, rev, lang)
                elif tab == "network":
                    NetworkView(ws_ready, shown, colour_by, set_colour_by, lang)
                elif tab == "paths":
                    paths.PathsPanel(ws_ready, shown, lang)
                elif tab == "coops":
                    panels.CoopsPanel(ws.cooperatives() if ws_ready is not None
                                      else _empty(), lang, month=shown, name=active.name)
                elif tab == "help":
                    panels.HelpPanel(lang)
                ExportBar(ws, ws_ready, shown, rev, lang)


def _spec(ws: Workshop, colours: dict[int, str], lang: str, side: bool) -> dict | None:
    if ws.month == 0 and not ws.series("policy"):
        return None
    runs: charts.Runs = []
    baselines = ws.baselines()
    for ps, frames in baselines:
        label = i18n.t("baseline", lang)
        if len(baselines) > 1:
            label += " · " + ", ".join(p.name for p in ps)
        runs.append((label, frames, charts.BASELINE_COLOUR))
    for p in ws.policies:
        runs.append((p.name, ws.series("policy", p.key), colours[p.key]))
    if not any(frames for _, frames, _ in runs):
        return None
    return charts.runs_spec(runs, ws.horizon, lang, width=205 if side else 320)


@solara.component
def SidePanel(ws: Workshop, active, lang: str, uploaded: dict, rev: int, on_start, on_town,
              on_seeds, on_horizon, on_file, on_upload_error, on_lever):
    names = [*shipped(), *(n for n in uploaded if n not in shipped())]
    solara.HTML(tag="h2", unsafe_innerHTML=(
        f"{i18n.t('levers_of', lang)}{' :' if lang == 'fr' else ':'} "
        f"<span class='tp-active-name'>{_esc(active.name)}</span>"))
    on = levers_on(active.scenario, lang)
    solara.HTML(tag="div", unsafe_innerHTML=(
        f"<b>{i18n.t('policy', lang)}{' :' if lang == 'fr' else ':'}</b> "
        f"<span class='tp-policy-name'>{_esc(active.name)}</span>"
        + (f" ({i18n.t('edited', lang)})" if active.edited else "")
        + (" — " + _esc(", ".join(on)) if on else "")), classes=["tp-on"])
    rv.Select(label=i18n.t("start_from", lang), items=names,
              v_model=active.origin if active.origin in names else None,
              on_v_model=on_start, class_="tp-start", dense=True)
    ScenarioUpload(i18n.t("upload", lang), on_file, on_upload_error)
    with solara.Row(style={"flex-wrap": "wrap", "gap": "6px", "margin-top": "6px"}):
        town = active.scenario.population.migrants
        rv.Select(label=i18n.t("town", lang), items=sorted({*TOWN_SIZES, town}), v_model=town,
                  on_v_model=on_town, style_="max-width: 175px", class_="tp-town", dense=True)
        rv.Select(label=i18n.t("seeds", lang), items=list(SEED_CHOICES),
                  v_model=len(ws.seeds), on_v_model=on_seeds, style_="max-width: 175px",
                  class_="tp-seeds", dense=True)
        rv.Select(label=i18n.t("horizon", lang), items=list(HORIZONS), v_model=ws.horizon,
                  on_v_model=on_horizon, style_="max-width: 175px", class_="tp-horizon",
                  dense=True)
    LeverPanel(active.scenario, lang, on_lever)


def _esc(text: str) -> str:
    import html

    return html.escape(str(text))


@solara.component
def PolicyBar(ws: Workshop, colours: dict[int, str], lang: str, rev: int, select, add,
              duplicate, delete, rename):
    active = ws.get()
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "6px"},
                    classes=["tp-policy-bar"]):
        with solara.ToggleButtonsSingle(value=ws.active, on_value=select,
                                        classes=["tp-policy-choice"]):
            for i, p in enumerate(ws.policies):
                solara.Button(p.name, value=p.key, classes=[f"tp-policy-{i}"],
                              style={"border-bottom": f"5px solid {colours[p.key]}",
                                     "text-transform": "none"})
        solara.Button(i18n.t("add_policy", lang), on_click=add, icon_name="mdi-plus",
                      text=True, classes=["tp-add-policy"],
                      disabled=len(ws.policies) >= MAX_POLICIES)
        solara.Button(i18n.t("duplicate", lang), on_click=duplicate,
                      icon_name="mdi-content-copy", text=True, classes=["tp-duplicate"],
                      disabled=len(ws.policies) >= MAX_POLICIES)
        solara.Button(i18n.t("delete", lang), on_click=delete, icon_name="mdi-delete",
                      text=True, classes=["tp-delete"], disabled=len(ws.policies) <= 1)
        box = rv.TextField(label=i18n.t("rename", lang), v_model=active.name, dense=True,
                           hide_details=True, outlined=True, class_="tp-rename",
                           style_="max-width: 200px")
        rv.use_event(box, "change", rename)


@solara.component
def Tables(ws: Workshop | None, shown: int, rev: int, lang: str):
    text = solara.use_memo(
        lambda: headline.policies_table_html(ws, lang) if ws is not None else "",
        [ws, shown, rev, lang])
    solara.HTML(tag="div", unsafe_innerHTML=text, classes=["tp-tables"])


@solara.component
def Money(ws: Workshop | None, shown: int, rev: int, lang: str):
    text = solara.use_memo(lambda: headline.money_html(ws, lang) if ws is not None else "",
                           [ws, shown, rev, lang])
    solara.HTML(tag="div", unsafe_innerHTML=text, classes=["tp-money-panel"])


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
    png = solara.use_memo(
        lambda: charts.network_png(ws.network_sample(), colour_by, lang) if ws is not None
        else None, [ws, shown, colour_by, lang])
    if png is not None:
        with solara.Div(classes=["tp-network"]):
            solara.Image(png, width="min(760px, 100%)")


@solara.component
def ExportBar(ws: Workshop, ready: Workshop | None, shown: int, rev: int, lang: str):
    p = ws.get()
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in p.name) or "scenario"
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Text(i18n.t("export", lang) + (" :" if lang == "fr" else ":"))
        # read when clicked: the name and levers of the policy as they are then
        solara.FileDownload(lambda: scenario_toml(ws.export_scenario()), filename=f"{stem}.toml",
                            label=i18n.t("export_scenario", lang), mime_type="application/toml")
        if ready is not None and shown > 0:
            solara.FileDownload(lambda: panels.comparison_csv(ws.comparison(), ws.month, lang),
                                filename=f"{stem}-results-month{shown}.csv",
                                label=i18n.t("export_table", lang), mime_type="text/csv")
            solara.FileDownload(lambda: ws.timeseries_table().to_csv(index=False,
                                                                     float_format="%.6g"),
                                filename=f"{stem}-monthly.csv",
                                label=i18n.t("export_series", lang), mime_type="text/csv")
            solara.FileDownload(lambda: charts.timeseries_png(ws.series("policy"),
                                                              ws.series("baseline"),
                                                              ws.horizon, lang),
                                filename=f"{stem}-charts-month{shown}.png",
                                label=i18n.t("export_png", lang), mime_type="image/png")
        pdf.PdfDownload(ready, shown, lang)  # i13-b: the one-page summary
