"""The workshop's answer in words a councillor reads aloud, and the tables behind it.

"+51 emplois (de 27 à 75)": every gain and cost is the paired difference policy minus
baseline over the seeds (``workshop.Estimate``), with its 95% interval; when the interval
includes zero the sentence says plainly that no clear effect is seen, and the cost per job is
flagged as not known. Counts are whole people, money whole euros.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from tremplin.model.indicators import Kind

from . import i18n, panels
from .levers import number
from .workshop import Estimate, Headline, Money, Workshop

MINUS = "\u2212"


def signed(v: float, lang: str, decimals: int = 0) -> str:
    """``+51``, ``−12``, ``0`` (a true minus sign, French digit grouping)."""
    r = round(v, decimals)
    if r == 0:
        return number(0.0, lang, decimals)
    return ("+" if r > 0 else MINUS) + number(abs(r), lang, decimals)


def euros(v: float, lang: str, sign: bool = False) -> str:
    text = signed(v, lang) if sign else number(v, lang)
    return f"{text}\u00a0€"


def _words(key: str, lang: str, **kw) -> str:
    return i18n.t(key, lang).format(**kw)


def _colon(lang: str) -> str:
    return "\u00a0: " if lang == "fr" else ": "


def count_parts(e: Estimate, word: str, lang: str) -> tuple[str, str]:
    """(``+51 emplois``, ``de 27 à 75``); when the interval includes zero the detail says so
    first: ``pas d'effet net observé (de −12 à +18)``; one seed: no interval, said."""
    head = f"{signed(e.mean, lang)} {word}"
    if not e.has_interval:
        return head, i18n.t("one_run", lang)
    rng = _words("from_to", lang, lo=signed(e.low, lang), hi=signed(e.high, lang))
    if not e.clear:
        return head, f"{i18n.t('no_clear', lang)} ({rng})"
    return head, rng


def cost_parts(e: Estimate, lang: str) -> tuple[str, str]:
    """(``+612 000 €``, ``de coût en plus (de +598 000 à +626 000 €)``)."""
    head, words = euros(e.mean, lang, sign=True), i18n.t("extra_cost_of", lang)
    if not e.has_interval:
        return head, f"{words} ({i18n.t('one_run', lang)})"
    rng = _words("from_to", lang, lo=signed(e.low, lang), hi=euros(e.high, lang, sign=True))
    if not e.clear:
        return head, f"{words}{_colon(lang)}{i18n.t('no_clear_cost', lang)} ({rng})"
    return head, f"{words} ({rng})"


def per_job_parts(h: Headline, lang: str) -> tuple[str, str]:
    """(``11 760 €``, ``par emploi en plus (de 8 000 à 22 000 €)``), or flagged as not known
    when the gain in jobs is not clear (the ratio of two uncertain numbers is no answer)."""
    r = h.cost_per_job
    per = i18n.t("per_job", lang)
    if h.cost_per_job_uncertain:
        why = f"{i18n.t('uncertain', lang)}{_colon(lang)}{i18n.t('no_clear_gain', lang)}"
        if math.isfinite(r.mean):
            return f"~{euros(r.mean, lang)}", f"{per} ({why})"
        return "?\u00a0€", f"{per} ({why})"
    rng = _words("from_to", lang, lo=number(r.low, lang), hi=euros(r.high, lang))
    return euros(r.mean, lang), f"{per} ({rng})"


def headline_parts(h: Headline, lang: str) -> dict[str, tuple[str, str]]:
    """(main words, detail) of the four answers, keyed ``jobs``, ``regs``, ``cost``,
    ``per_job``."""
    return {"jobs": count_parts(h.jobs, i18n.t("jobs_word", lang), lang),
            "regs": count_parts(h.regularisations, i18n.t("regs_word", lang), lang),
            "cost": cost_parts(h.extra_cost, lang),
            "per_job": per_job_parts(h, lang)}


def headline_lines(h: Headline, lang: str) -> dict[str, str]:
    """The four answers as sentences read aloud: ``+51 emplois (de 27 à 75)``,
    ``+612 000 € de coût en plus (de +598 000 à +626 000 €)``."""
    out = {}
    for k, (main, detail) in headline_parts(h, lang).items():
        out[k] = f"{main} ({detail})" if k in ("jobs", "regs") else f"{main} {detail}"
    return out


def headline_html(ws: Workshop, colours: dict[int, str], lang: str) -> str:
    """One line per named policy: what it gets and what it costs, with intervals."""
    blocks = []
    month = ws.month
    for p in ws.policies:
        h = ws.headline(p.key) if month > 0 else None
        if h is None:
            continue
        if p.is_baseline():  # nothing to compare: say so rather than "0 (from 0 to 0)"
            cells = (f"<div class='tp-h-cell tp-unclear'><div class='tp-h-detail'>"
                     f"{html.escape(i18n.t('no_lever', lang))}</div></div>")
            blocks.append(f"<div class='tp-headline-row'><div class='tp-h-name'>"
                          f"<span class='tp-swatch' style='background:"
                          f"{colours.get(p.key, '#888')}'></span>{html.escape(p.name)}</div>"
                          f"<div class='tp-h-grid'>{cells}</div></div>")
            continue
        cells = "".join(
            f"<div class='tp-h-cell tp-h-{k}{' tp-unclear' if _unclear(h, k) else ''}'>"
            f"<div class='tp-h-main'>{html.escape(main)}</div>"
            f"<div class='tp-h-detail'>{html.escape(detail)}</div></div>"
            for k, (main, detail) in headline_parts(h, lang).items())
        blocks.append(f"<div class='tp-headline-row'><div class='tp-h-name'>"
                      f"<span class='tp-swatch' style='background:"
                      f"{colours.get(p.key, '#888')}'></span>{html.escape(p.name)}</div>"
                      f"<div class='tp-h-grid'>{cells}</div></div>")
    title = (f"{i18n.t('headline', lang)}{_colon(lang)}"
             f"{_words('after_months', lang, m=month)}")
    if not blocks:
        return (f"<div class='tp-headline' data-month='{month}'><div class='tp-h-title'>"
                f"{html.escape(i18n.t('headline', lang))}</div><div class='tp-h-empty'>"
                f"{html.escape(i18n.t('press_run', lang))}</div></div>")
    note = _words("interval_note", lang, n=len(ws.seeds)) if len(ws.seeds) > 1 else ""
    return (f"<div class='tp-headline' data-month='{month}'>"
            f"<div class='tp-h-title'>{html.escape(title)}</div>{''.join(blocks)}"
            f"<div class='tp-h-note'>{html.escape(note)}</div></div>")


def _unclear(h: Headline, key: str) -> bool:
    if key == "jobs":
        return not h.jobs.clear
    if key == "regs":
        return not h.regularisations.clear
    if key == "cost":
        return not h.extra_cost.clear
    return h.cost_per_job_uncertain


def _cell(key: str, value: float, lang: str) -> str:
    """A table value; counts as whole people."""
    if panels.kind(key) is Kind.COUNT and isinstance(value, float) \
            and math.isfinite(value):
        value = float(round(value))
    return panels.fmt(key, value, lang)


def _diff_cell(key: str, r, lang: str) -> str:
    if key.startswith("cost_"):
        if not math.isfinite(r.policy):
            return html.escape(panels.fmt(key, float("nan"), lang))
        text = panels.fmt(key, r.policy, lang)
        if math.isfinite(r.low) and math.isfinite(r.high):
            return (f"{html.escape(text)}<br><small>{html.escape(panels.fmt(key, r.low, lang))}"
                    f" … {html.escape(panels.fmt(key, r.high, lang))}</small>")
        return f"{html.escape(text)}<br><small>({html.escape(i18n.t('uncertain', lang))})</small>"
    count = panels.kind(key) is Kind.COUNT
    rnd = (lambda v: float(round(v))) if count else (lambda v: v)
    value = html.escape(_cell(key, r.policy, lang))
    diff = html.escape(panels.fmt(key, rnd(r.difference), lang, True))
    if math.isnan(r.low):
        return f"<b>{value}</b><br><small>{diff}</small>"
    interval = (f"{panels.fmt(key, rnd(r.low), lang, True)} … "
                f"{panels.fmt(key, rnd(r.high), lang, True)}")
    clear = r.low > 0 or r.high < 0
    return (f"<b>{value}</b><br><small class='{'tp-clear' if clear else 'tp-unclear'}'>"
            f"{diff} [{html.escape(interval)}]</small>")


def policies_table_html(ws: Workshop, lang: str) -> str:
    """Every indicator for the baseline and each named policy in one table: a policy's cell
    holds its value, its paired difference with the baseline and the interval over seeds."""
    tables = [(p, ws.comparison(p.key)) for p in ws.policies if ws.series("policy", p.key)]
    if not tables or ws.month == 0:
        return f"<p>{html.escape(i18n.t('not_run', lang))}</p>"
    first = tables[0][1]
    head = (f"<tr><th>{html.escape(i18n.t('indicator', lang))}</th>"
            f"<th>{html.escape(i18n.t('baseline', lang))}</th>"
            + "".join(f"<th>{html.escape(p.name)}</th>" for p, _ in tables) + "</tr>")
    body = []
    for i, key in enumerate(first["indicator"]):
        base = first.iloc[i]["baseline"]
        cells = "".join(f"<td>{_diff_cell(key, t.iloc[i], lang)}</td>" for _, t in tables)
        base_text = "–" if key.startswith("cost_") else html.escape(_cell(key, base, lang))
        body.append(f"<tr class='tp-row-{key}'><td>"
                    f"{html.escape(i18n.indicator_label(key, lang))}</td><td>{base_text}</td>"
                    f"{cells}</tr>")
    caption = f"{i18n.t('table_at', lang)} {ws.month}"
    if len(ws.seeds) == 1:
        caption += f" · {i18n.t('one_seed', lang)}"
    return (f"<table class='tp-table tp-results tp-policies' data-month='{ws.month}'>"
            f"<caption>{html.escape(caption)}</caption>{head}{''.join(body)}</table>")


def money_html(ws: Workshop, lang: str) -> str:
    """Spending that happens anyway (the baseline's) apart from the levers' extra cost, for
    every policy, in total, by year and by account."""
    parts = []
    for p in ws.policies:
        m: Money | None = ws.money(p.key) if ws.month > 0 else None
        if m is None:
            continue
        parts.append(_money_block(p.name, m, ws.headline(p.key), lang))
    if not parts:
        return f"<p>{html.escape(i18n.t('not_run', lang))}</p>"
    return "".join(parts)


def _range(e: Estimate, lang: str) -> str:
    if not e.has_interval:
        return ""
    return f" ({_words('from_to', lang, lo=signed(e.low, lang), hi=euros(e.high, lang, True))})"


def _money_block(name: str, m: Money, h: Headline | None, lang: str) -> str:
    t = i18n.t
    total = (f"<tr><td>{html.escape(t('anyway', lang))}</td><td>{euros(m.anyway, lang)}</td></tr>"
             f"<tr><td><b>{html.escape(t('levers_extra', lang))}</b></td><td><b>"
             f"{euros(m.extra.mean, lang, True)}</b>{html.escape(_range(m.extra, lang))}</td></tr>")
    if h is not None:
        main, detail = per_job_parts(h, lang)
        label = i18n.indicator_label("cost_per_additional_job_eur", lang)
        total += (f"<tr><td>{html.escape(label)}</td><td>{html.escape(main)} "
                  f"{html.escape(detail)}</td></tr>")
    years = "".join(
        f"<tr><td>{t('year', lang)} {int(r.year)} ({r.months} {t('months_word', lang)})</td>"
        f"<td>{euros(r.anyway, lang)}</td><td>{euros(r.extra, lang, True)}"
        f"{html.escape(_range(Estimate(r.extra, r.low, r.high, 2), lang))}</td></tr>"
        for r in m.yearly.itertuples(index=False))
    accounts = sorted(set(m.anyway_by_item) | set(m.extra_by_item))
    acc_rows = "".join(
        f"<tr><td>{html.escape(_account(a, lang))}</td>"
        f"<td>{euros(m.anyway_by_item.get(a, 0.0), lang)}</td>"
        f"<td>{euros(m.extra_by_item.get(a, 0.0), lang, True)}</td></tr>" for a in accounts)
    head3 = (f"<tr><th></th><th>{html.escape(t('anyway', lang))}</th>"
             f"<th>{html.escape(t('levers_extra', lang))}</th></tr>")
    return (f"<div class='tp-money' data-policy='{html.escape(name)}'>"
            f"<h3>{html.escape(name)}</h3>"
            f"<table class='tp-table tp-money-total'>{total}</table>"
            f"<table class='tp-table tp-money-years'><caption>{html.escape(t('by_year', lang))}"
            f"</caption>{head3}{years}</table>"
            f"<table class='tp-table tp-money-accounts'><caption>"
            f"{html.escape(t('by_account', lang))}</caption>{head3}{acc_rows}</table></div>")


def _account(item: str, lang: str) -> str:
    """A spending account's words: the lever section's plain name when it is one."""
    words = i18n.SECTIONS.get(item)
    return words["name"].get(lang, item) if words else item


def money_frame(ws: Workshop) -> pd.DataFrame:
    """Yearly money of every policy as a table (for export and tests)."""
    frames = []
    for p in ws.policies:
        m = ws.money(p.key)
        if m is not None:
            frames.append(m.yearly.assign(policy=p.name))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
