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
    """A value as people read it: percentages, euros, counts; n/a when undefined."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return i18n.t("na", lang) if key.startswith("cost_") else "–"
    sign = "+" if signed and v > 0 else ""
    unit = kind(key)
    if unit is Kind.SHARE:
        # a difference of two rates is in percentage points
        s = f"{sign}{100 * v:.1f} pt" if signed else f"{sign}{100 * v:.1f} %"
    elif unit is Kind.LEVEL:
        s = f"{sign}{v:.3f}"
    elif unit is Kind.EUR:
        s = f"{sign}{v:,.0f} EUR"
    else:
        s = f"{sign}{v:,.1f}" if abs(v - round(v)) > 1e-9 else f"{sign}{v:,.0f}"
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


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


@solara.component
def CoopsPanel(coops: pd.DataFrame, lang: str):
    if coops.empty:
        solara.Text(i18n.t("no_coops", lang))
        return
    fr = lang == "fr"
    cols = [("id", "#"), ("kind", "type" if fr else "kind"),
            ("sector", "secteur" if fr else "sector"),
            ("age_months", "âge (mois)" if fr else "age (months)"),
            ("members", "membres" if fr else "members"),
            ("market_eur", "ventes (EUR/mois)" if fr else "sales (EUR/month)"),
            ("contracts_eur",
             "marchés publics (EUR/mois)" if fr else "public contracts (EUR/month)"),
            ("subsidy_eur", "subvention (EUR/mois)" if fr else "subsidy (EUR/month)"),
            ("subsidy_share", "part subventionnée" if fr else "subsidy share"),
            ("costs_eur", "coûts (EUR/mois)" if fr else "costs (EUR/month)"),
            ("reserve_eur", "réserve (EUR)" if fr else "reserve (EUR)"),
            ("status", "état" if fr else "status")]
    rows = []
    for r in coops.to_dict("records"):
        cells = []
        for k, _ in cols:
            v = r[k]
            if k == "subsidy_share":
                v = f"{100 * v:.0f} %"
            elif isinstance(v, float):
                v = f"{v:,.0f}"
            cells.append(f"<td>{html.escape(str(v))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    income = coops[["market_eur", "contracts_eur", "subsidy_eur"]].sum()
    total = income.sum()
    share = income["subsidy_eur"] / total if total > 0 else 0.0
    summary = (f"{len(coops)} {'actives' if fr else 'active'} · "
               f"{'part subventionnée du revenu' if fr else 'subsidy share of income'}: "
               f"{100 * share:.0f} % · {'marchés publics' if fr else 'public contracts'}: "
               f"{income['contracts_eur']:,.0f} EUR/{'mois' if fr else 'month'} · "
               f"{'réserve totale' if fr else 'total reserve'}: "
               f"{coops['reserve_eur'].sum():,.0f} EUR")
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h in cols)
    solara.HTML(tag="div", unsafe_innerHTML=(
        f"<div class='tp-coop-summary'>{html.escape(summary)}</div>"
        f"<table class='tp-table tp-coops'><tr>{head}</tr>{''.join(rows)}</table>"))


@solara.component
def HelpPanel(lang: str):
    fr = lang == "fr"
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
            f"<td>{html.escape(p.unit)}</td><td>{html.escape(p.allowed())}</td>"
            f"<td>{html.escape(p.description)}</td><td>{html.escape(p.source)}</td></tr>")
    intro = ("Chaque mois simulé, la même ville est calculée deux fois avec le même tirage au "
             "sort : avec votre politique et sans levier communal. Un écart vient donc des "
             "leviers, pas de la chance. Avec plusieurs graines, l'intervalle montre "
             "l'incertitude." if fr else
             "Each simulated month, the same town is computed twice with the same luck: with "
             "your policy and with no municipal lever. A gap therefore comes from the levers, "
             "not from chance. With several seeds, the interval shows the uncertainty.")
    lever_head = ("<tr><th>levier</th><th>unité</th><th>valeurs permises</th><th>définition "
                  "(registre)</th><th>source</th></tr>" if fr else
                  "<tr><th>lever</th><th>unit</th><th>allowed</th><th>definition "
                  "(registry)</th><th>source</th></tr>")
    solara.HTML(tag="div", unsafe_innerHTML=(
        f"<p class='tp-help-intro'>{html.escape(intro)}</p>"
        f"<table class='tp-table tp-help'>{''.join(rows)}</table>"
        f"<h3>{'Leviers' if fr else 'Levers'}</h3>"
        f"<table class='tp-table tp-help-levers'>{lever_head}{''.join(lever_rows)}</table>"))
