"""The panels of the dashboard: results table, network, cooperatives' finances, help.

Tables are plain HTML (large type for a projector, no extra front-end package needed).
"""

from __future__ import annotations

import html
import math

import pandas as pd
import solara

from tremplin.model import indicators
from tremplin.model.indicators import Kind
from tremplin.model.params import LEVER_SECTIONS, REGISTRY

from . import i18n
from .workshop import EXTRAS, REGULARISATION_LEVERS

# the dashboard's own rows (workshop.EXTRAS and the costs per gain) and their kinds
EXTRA_KINDS = {"jobs": Kind.COUNT, "regularisations": Kind.COUNT,
               "cost_per_additional_job_eur": Kind.EUR,
               "cost_per_additional_regularisation_eur": Kind.EUR}


def kind(key: str) -> Kind:
    """The kind of a results row: a model indicator's from its spec, else the dashboard's."""
    try:
        return indicators.spec(key).kind
    except KeyError:
        return EXTRA_KINDS[key]


def fmt(key: str, v: float, lang: str, signed: bool = False) -> str:
    """A value as people read it in ``lang``: percentages, euros, counts (i18n's number
    formats); n/a when undefined."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return i18n.t("na", lang) if key.startswith("cost_") else "–"
    unit = kind(key)
    if unit is Kind.SHARE:
        # a difference of two rates is in percentage points
        return (i18n.points(v, lang, 1, signed) if signed
                else i18n.percent(v, lang, 1))
    if unit is Kind.LEVEL:
        return i18n.number(v, lang, 3, signed)
    if unit is Kind.EUR:
        return i18n.euros(v, lang, 0, signed)
    return i18n.number(v, lang, 0 if float(v).is_integer() else 1, signed)


def comparison_html(table: pd.DataFrame, month: int, seeds: int, lang: str) -> str:
    t = i18n.t
    head = (f"<tr><th>{t('indicator', lang)}</th><th>{t('baseline', lang)}</th>"
            f"<th>{t('policy', lang)}</th><th>{t('difference', lang)}</th>"
            f"<th>{t('interval', lang)}</th></tr>")
    body = []
    for r in table.itertuples(index=False):
        k = r.indicator
        if k.startswith("cost_") or math.isnan(r.low):
            interval = "–"
        else:
            interval = f"{fmt(k, r.low, lang, True)} … {fmt(k, r.high, lang, True)}"
        cost = k.startswith("cost_")
        base = "–" if cost else fmt(k, r.baseline, lang)
        diff = "–" if cost else fmt(k, r.difference, lang, True)
        body.append(f"<tr class='tp-row-{k}'><td>{html.escape(i18n.indicator_label(k, lang))}"
                    f"</td><td>{base}</td><td><b>{fmt(k, r.policy, lang)}"
                    f"</b></td><td>{diff}</td>"
                    f"<td class='tp-interval'>{html.escape(interval)}</td></tr>")
    caption = f"{t('table_at', lang)} {month}"
    if seeds == 1:
        caption += f" · {t('one_seed', lang)}"
    return (f"<table class='tp-table tp-results' data-month='{month}'><caption>{caption}"
            f"</caption>{head}{''.join(body)}</table>")


def comparison_csv(table: pd.DataFrame, month: int, lang: str) -> str:
    out = table.copy()
    out.insert(1, "label", [i18n.indicator_label(k, lang) for k in out["indicator"]])
    out.insert(0, "month", month)
    return out.to_csv(index=False, float_format="%.6g")


@solara.component
def ResultsTable(table: pd.DataFrame | None, month: int, seeds: int, lang: str):
    if table is None or table.empty:
        solara.Text(i18n.t("not_run", lang))
        return
    solara.HTML(tag="div", unsafe_innerHTML=comparison_html(table, month, seeds, lang))


COOP_COLUMNS: tuple[tuple[str, dict[str, str]], ...] = (
    ("id", {"en": "#", "fr": "n°"}),
    ("kind", {"en": "kind", "fr": "type"}),
    ("sector", {"en": "sector", "fr": "secteur"}),
    ("age_months", {"en": "age (months)", "fr": "âge (mois)"}),
    ("members", {"en": "members", "fr": "membres"}),
    ("market_eur", {"en": "sales (€/month)", "fr": "ventes (€/mois)"}),
    ("contracts_eur", {"en": "public contracts (€/month)", "fr": "marchés publics (€/mois)"}),
    ("subsidy_eur", {"en": "subsidy (€/month)", "fr": "subvention (€/mois)"}),
    ("subsidy_share", {"en": "subsidy share", "fr": "part subventionnée"}),
    ("costs_eur", {"en": "costs (€/month)", "fr": "coûts (€/mois)"}),
    ("reserve_eur", {"en": "reserve (€)", "fr": "réserve (€)"}),
    ("status", {"en": "status", "fr": "état"}),
)


TEXT_COLUMNS = ("kind", "sector", "status")  # words read from the left, numbers from the right
TEXT_CELL = " style='text-align: left'"


def coop_cell(key: str, value, lang: str) -> str:
    """One cell of the cooperatives' table in ``lang``: kinds, sectors and states translated,
    amounts and shares in the language's number format."""
    if key == "kind":
        return i18n.word(i18n.COOP_KINDS, value, lang)
    if key == "sector":
        return i18n.word(i18n.SECTORS_WORDS, value, lang)
    if key == "status":
        return i18n.word(i18n.COOP_STATUS, value, lang)
    if key == "subsidy_share":
        return i18n.percent(value, lang)
    if isinstance(value, (int, float)):
        return i18n.number(value, lang)
    return str(value)


def coops_html(coops: pd.DataFrame, lang: str, shown: str = "") -> str:
    """The cooperatives' table and its one-line summary (``shown``: which run and seed)."""
    w = i18n.word
    rows = []
    for r in coops.to_dict("records"):
        cells = "".join(
            f"<td{TEXT_CELL if k in TEXT_COLUMNS else ''}>"
            f"{html.escape(coop_cell(k, r[k], lang))}</td>" for k, _ in COOP_COLUMNS)
        rows.append(f"<tr>{cells}</tr>")
    income = coops[["market_eur", "contracts_eur", "subsidy_eur"]].sum()
    total = income.sum()
    share = income["subsidy_eur"] / total if total > 0 else 0.0
    words = {"active": {"en": "active", "fr": "actives"},
             "share": {"en": "subsidy share of income", "fr": "part subventionnée du revenu"},
             "contracts": {"en": "public contracts", "fr": "marchés publics"},
             "month": {"en": "month", "fr": "mois"},
             "reserve": {"en": "total reserve", "fr": "réserve totale"}}
    summary = (f"{len(coops)} {w(words, 'active', lang)} · "
               f"{i18n.colon(w(words, 'share', lang), lang)} {i18n.percent(share, lang)} · "
               f"{i18n.colon(w(words, 'contracts', lang), lang)} "
               f"{i18n.euros(income['contracts_eur'], lang)}/{w(words, 'month', lang)} · "
               f"{i18n.colon(w(words, 'reserve', lang), lang)} "
               f"{i18n.euros(coops['reserve_eur'].sum(), lang)}")
    head = "".join(f"<th{TEXT_CELL if k in TEXT_COLUMNS else ''}>{html.escape(h[lang])}</th>"
                   for k, h in COOP_COLUMNS)
    note = f"<div class='tp-shown'>{html.escape(shown)}</div>" if shown else ""
    return (f"{note}<div class='tp-coop-summary'>{html.escape(summary)}</div>"
            f"<div class='tp-scroll-x'><table class='tp-table tp-coops'><tr>{head}</tr>"
            f"{''.join(rows)}</table></div>")


def shown_run(lang: str, run: str = "policy", seed: int = 1, month: int | None = None,
              name: str = "") -> str:
    """The line a panel shows to say which run and seed it draws ("Votre politique, graine 1,
    mois 12"; "Politique A, ..." when the policy's ``name`` is given)."""
    seed_word = {"en": "seed", "fr": "graine"}[lang]
    text = f"{name or i18n.t(run, lang)}, {seed_word} {seed}"
    if month is not None:
        text += f", {i18n.t('month', lang).lower()} {month}"
    return i18n.colon({"en": "Shown", "fr": "Affiché"}[lang], lang) + " " + text


@solara.component
def CoopsPanel(coops: pd.DataFrame, lang: str, seed: int = 1, month: int | None = None,
               name: str = ""):
    if coops.empty:
        solara.Text(i18n.t("no_coops", lang))
        return
    solara.HTML(tag="div", unsafe_innerHTML=coops_html(
        coops, lang, shown_run(lang, "policy", seed, month, name)))


HELP_HEAD = {"en": ("lever", "unit", "allowed", "definition (registry)", "source"),
             "fr": ("levier", "unité", "valeurs permises", "définition (registre)", "source")}
HELP_INTRO = {
    "fr": "Chaque mois simulé, la même ville est calculée deux fois avec le même tirage au "
          "sort : avec votre politique et sans levier communal. Un écart vient donc des "
          "leviers, pas de la chance. Avec plusieurs graines, l'intervalle montre "
          "l'incertitude.",
    "en": "Each simulated month, the same town is computed twice with the same luck: with "
          "your policy and with no municipal lever. A gap therefore comes from the levers, "
          "not from chance. With several seeds, the interval shows the uncertainty."}


def allowed_text(p, lang: str) -> str:
    """The values a lever accepts, in ``lang`` (choices by their translated names)."""
    if p.choices:
        return ", ".join(i18n.choice_label(c, lang) for c in p.choices)
    if p.type is bool:
        return {"en": "on or off", "fr": "activé ou non"}[lang]
    dec = 0 if p.type is int else 2
    if p.lo is not None and p.hi is not None:
        lo, hi = i18n.number(p.lo, lang, dec), i18n.number(p.hi, lang, dec)
        return {"en": f"{lo} to {hi}", "fr": f"de {lo} à {hi}"}[lang]
    if p.lo is not None:
        return f"≥ {i18n.number(p.lo, lang, dec)}"
    return ""


def help_html(lang: str) -> str:
    rows = []
    for k in (*(s.name for s in indicators.headline()), *EXTRAS, *EXTRA_KINDS):
        text = i18n.indicator_help(k, lang)
        rows.append(f"<tr><td><b>{html.escape(i18n.indicator_label(k, lang))}</b></td>"
                    f"<td>{html.escape(text)}</td></tr>")
    lever_rows = []
    keys = [p.key for p in REGISTRY.values() if p.section in LEVER_SECTIONS]
    keys += [f"regularisation.{n}" for n in REGULARISATION_LEVERS]
    for k in keys:
        p = REGISTRY[k]
        lever_rows.append(
            f"<tr><td><b>{html.escape(i18n.param_label(k, lang))}</b><br><code>{k}</code></td>"
            f"<td>{html.escape(i18n.unit_label(p.unit, lang))}</td>"
            f"<td>{html.escape(allowed_text(p, lang))}</td>"
            f"<td>{html.escape(i18n.typography(i18n.param_help(k, lang), lang))}</td>"
            f"<td>{html.escape(source_text(p.source, lang))}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in HELP_HEAD[lang])
    return (f"<p class='tp-help-intro'>{html.escape(i18n.typography(HELP_INTRO[lang], lang))}"
            f"</p><table class='tp-table tp-help'>{''.join(rows)}</table>"
            f"<h3>{i18n.t('levers', lang)}</h3>"
            f"<div class='tp-scroll-x'><table class='tp-table tp-help-levers'><tr>{head}</tr>"
            f"{''.join(lever_rows)}</table></div>")


@solara.component
def HelpPanel(lang: str):
    solara.HTML(tag="div", unsafe_innerHTML=help_html(lang))


def source_text(source: str, lang: str) -> str:
    """A registry source in ``lang`` (the registry writes "assumption" and "guide")."""
    if lang != "fr":
        return source
    return source.replace("assumption", "hypothèse").replace("calibrated", "calibré")
