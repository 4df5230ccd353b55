"""A printable one-page summary of a workshop (PDF), made on the server.

The page is plain HTML (levers that differ from doing nothing, the headline numbers with their
intervals, the charts, the results table, the date and the model's version) printed to PDF by
the same headless Chromium the browser tests use, so the summary looks like the page and needs
no PDF library. Without Chromium the summary is refused with a message saying what to install.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import solara

from tremplin.errors import TremplinError

from . import charts, i18n, panels
from .workshop import lever_params

PRINT_TIMEOUT_S = 90
WORDS = {
    "title": {"en": "Tremplin: workshop summary", "fr": "Tremplin : résumé de l'atelier"},
    "made": {"en": "Made on {d} with Tremplin {v}", "fr": "Réalisé le {d} avec Tremplin {v}"},
    "scenario": {"en": "Policy", "fr": "Politique"},
    "runs": {"en": "{s} seed(s), month {m} of {h}, town of {n} migrants; compared with doing "
                   "nothing in the same town with the same luck.",
             "fr": "{s} graine(s), mois {m} sur {h}, ville de {n} migrants ; comparée à ne rien "
                   "faire dans la même ville avec le même tirage."},
    "levers": {"en": "Levers (what differs from doing nothing)",
               "fr": "Leviers (ce qui diffère de ne rien faire)"},
    "no_lever": {"en": "No lever moved: the policy is the baseline.",
                 "fr": "Aucun levier modifié : la politique est la référence."},
    "headline": {"en": "What we would get, and what it would cost",
                 "fr": "Ce que l'on obtiendrait, et ce que cela coûterait"},
    "jobs": {"en": "{d} migrants in declared work", "fr": "{d} migrants en emploi déclaré"},
    "regs": {"en": "{d} regularisations", "fr": "{d} régularisations"},
    "cost": {"en": "{d} extra municipal spending", "fr": "{d} de dépense communale en plus"},
    "per_job": {"en": "Cost per additional job: {d}",
                "fr": "Coût par emploi supplémentaire : {d}"},
    "range": {"en": "(from {lo} to {hi})", "fr": "(de {lo} à {hi})"},
    "unclear": {"en": "no clear effect", "fr": "pas d'effet net visible"},
    "uncertain": {"en": "gain uncertain: not a reliable cost per job",
                  "fr": "gain incertain : coût par emploi peu fiable"},
    "one_seed": {"en": "one seed: no interval (choose 3 or 5 seeds)",
                 "fr": "une seule graine : pas d'intervalle (choisissez 3 ou 5 graines)"},
    "not_run": {"en": "Not run yet: press Run before printing the summary.",
                "fr": "Pas encore simulé : appuyez sur Lancer avant d'imprimer le résumé."},
    "button": {"en": "One-page summary (PDF)", "fr": "Résumé d'une page (PDF)"},
    "failed": {"en": "The PDF summary could not be made:",
               "fr": "Le résumé PDF n'a pas pu être fait :"},
}
CSS = """
@page { size: A4 landscape; margin: 9mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2px 0; }
h2 { font-size: 11pt; margin: 6px 0 3px 0; }
.meta { color: #444; font-size: 8.5pt; }
.grid { display: flex; gap: 10px; }
.left { width: 40%; } .right { width: 60%; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.headline li { font-size: 10.5pt; margin: 1px 0; }
ul { margin: 0; padding-left: 16px; }
.levers li { margin: 1px 0; }
img { width: 100%; }
table { border-collapse: collapse; font-size: 7.5pt; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0 3px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
caption { text-align: left; font-weight: 700; }
"""


class PdfError(TremplinError):
    """The summary could not be printed (no Chromium, or Chromium failed); says why."""


def w(key: str, lang: str, **kw) -> str:
    return i18n.phrase(WORDS, key, lang, **kw)


def find_chromium() -> str:
    """The Chromium that prints: $TREMPLIN_CHROMIUM, /usr/bin/chromium, or one on the PATH."""
    wanted = os.environ.get("TREMPLIN_CHROMIUM")
    if wanted:
        if Path(wanted).is_file() and os.access(wanted, os.X_OK):
            return wanted
        raise PdfError(f"TREMPLIN_CHROMIUM={wanted}: no executable Chromium there (install it "
                       "with apt-get install -y chromium, or unset the variable)")
    for candidate in ("/usr/bin/chromium", *filter(None, (
            shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")))):
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise PdfError("no Chromium found to print the PDF summary (/usr/bin/chromium or on the "
                   "PATH): install it with apt-get install -y chromium, or set "
                   "TREMPLIN_CHROMIUM to its path")


def html_to_pdf(page: str, chromium: str | None = None) -> bytes:
    """Print an HTML page to PDF with headless Chromium (nothing fetched from the network:
    pictures are inside the page)."""
    exe = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="tremplin-pdf-") as tmp:
        src, out = Path(tmp) / "summary.html", Path(tmp) / "summary.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S,
                               check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"{exe} did not print the summary within {PRINT_TIMEOUT_S} s") \
                from None
        except OSError as e:
            raise PdfError(f"{exe} could not be started: {e.strerror}") from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"{exe} printed no PDF (exit {r.returncode}: {tail[0]})")
        return out.read_bytes()


def model_version() -> str:
    """Tremplin's version, with the git commit when run from a checkout."""
    from tremplin import __version__

    root = Path(__file__).resolve().parents[1]
    try:
        r = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, timeout=5, check=False)
        commit = r.stdout.strip() if r.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        commit = ""
    return f"{__version__} ({commit})" if commit else __version__


def lever_value(p, value, lang: str) -> str:
    """A lever's value with its unit, as people read it (25 000 €, 38 %, 36 mois)."""
    if p.choices:
        return i18n.choice_label(value, lang)
    if p.type is bool:
        return i18n.t("on", lang) if value else {"en": "off", "fr": "désactivé"}[lang]
    unit = p.unit
    if unit.startswith("EUR"):
        return f"{i18n.euros(value, lang)} {i18n.unit_label(unit, lang)[2:]}".strip()
    if unit in ("share", "share of costs", "share of procurement", "probability"):
        return i18n.percent(value, lang)
    dec = 0 if p.type is int or float(value).is_integer() else 2
    return f"{i18n.number(value, lang, dec)} {i18n.unit_label(unit, lang)}".strip()


def moved_levers(policy, baseline, lang: str) -> list[str]:
    """"Label: value" of every lever whose value differs from doing nothing."""
    out = []
    for p in lever_params():
        v = getattr(getattr(policy, p.section), p.name)
        b = getattr(getattr(baseline, p.section), p.name)
        if v != b:
            out.append(f"{i18n.colon(i18n.param_label(p.key, lang), lang)} "
                       f"{lever_value(p, v, lang)}")
    return out


def _row(table: pd.DataFrame, key: str) -> dict:
    rows = table[table["indicator"] == key]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _effect(r: dict, fmt, lang: str) -> tuple[str, bool]:
    """"+51 (de 27 à 75)" and whether the interval is clear of zero (None: one seed)."""
    d, lo, hi = r.get("difference"), r.get("low"), r.get("high")
    text = fmt(d)
    if lo is None or hi is None or math.isnan(lo) or math.isnan(hi):
        return text, True
    clear = lo > 0 or hi < 0
    rng = w("range", lang, lo=fmt(lo), hi=fmt(hi))
    return (f"{text} {rng}" if clear else f"{w('unclear', lang)}: {text} {rng}"), clear


def headline(table: pd.DataFrame, seeds: int, lang: str) -> list[str]:
    """The sentences of the headline: jobs, regularisations, extra cost, cost per job."""
    def count(x):
        return i18n.number(x, lang, 0, signed=True)

    def money(x):
        return i18n.euros(x, lang, 0, signed=True)

    jobs, jobs_clear = _effect(_row(table, "jobs"), count, lang)
    regs, _ = _effect(_row(table, "regularisations"), count, lang)
    cost, _ = _effect(_row(table, "municipal_spend_eur"), money, lang)
    per = _row(table, "cost_per_additional_job_eur")
    per_job = per.get("policy", float("nan"))
    per_text = panels.fmt("cost_per_additional_job_eur", per_job, lang)
    lo, hi = per.get("low", float("nan")), per.get("high", float("nan"))
    if not math.isnan(per_job) and not (math.isnan(lo) or math.isnan(hi)):
        per_text += " " + w("range", lang, lo=i18n.euros(lo, lang), hi=i18n.euros(hi, lang))
    if not jobs_clear and seeds > 1 and not math.isnan(per_job):
        per_text += f" ({w('uncertain', lang)})"
    lines = [w("jobs", lang, d=jobs), w("regs", lang, d=regs), w("cost", lang, d=cost),
             w("per_job", lang, d=per_text)]
    if seeds == 1:
        lines.append(w("one_seed", lang))
    return [i18n.typography(x, lang) for x in lines]


def _img(png: bytes) -> str:
    return f"<img src='data:image/png;base64,{base64.b64encode(png).decode()}'>"


def summary_html(ws, month: int, lang: str, when: dt.datetime | None = None) -> str:
    """The one-page summary of workshop ``ws`` at ``month`` as an HTML page."""
    when = when or dt.datetime.now()
    policy, baseline = ws.policy, ws.baseline
    date = when.strftime("%d/%m/%Y %H:%M") if lang == "fr" else when.strftime("%Y-%m-%d %H:%M")
    name = i18n.scenario_label(policy.name, lang, policy.description)
    levers = moved_levers(policy, baseline, lang)
    lever_list = ("".join(f"<li>{html.escape(x)}</li>" for x in levers) if levers
                  else f"<li>{html.escape(w('no_lever', lang))}</li>")
    runs = w("runs", lang, s=len(ws.seeds), m=month, h=ws.horizon,
             n=i18n.number(policy.population.migrants, lang))
    if month > 0:
        table = ws.comparison()
        heads = "".join(f"<li>{html.escape(x)}</li>" for x in headline(table, len(ws.seeds),
                                                                          lang))
        pol, base = ws.series("policy"), ws.series("baseline")
        picture = _img(charts.timeseries_png(pol, base, ws.horizon, lang))
        results = panels.comparison_html(table, month, len(ws.seeds), lang)
    else:
        heads, picture, results = f"<li>{html.escape(w('not_run', lang))}</li>", "", ""
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(w('title', lang))}</title><style>{CSS}</style></head><body>"
        f"<h1>{html.escape(w('title', lang))} — {html.escape(name)}</h1>"
        f"<div class='meta'>{html.escape(w('made', lang, d=date, v=model_version()))} · "
        f"{html.escape(runs)}</div>"
        f"<div class='grid'><div class='left'>"
        f"<h2>{html.escape(w('headline', lang))}</h2><ul class='headline'>{heads}</ul>"
        f"<h2>{html.escape(w('levers', lang))}</h2><ul class='levers'>{lever_list}</ul>"
        f"{results}</div><div class='right'>{picture}</div></div></body></html>")


def summary_pdf(ws, month: int, lang: str) -> bytes:
    """The one-page summary as PDF bytes (raises PdfError when it cannot be printed)."""
    return html_to_pdf(summary_html(ws, month, lang))


def filename(ws, month: int) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in ws.policy.name)
    return f"{stem or 'scenario'}-summary-month{month}.pdf"


@solara.component
def PdfDownload(ws, month: int, lang: str):
    """The "one-page summary" button: the PDF is printed when clicked; a failure is shown on
    the page instead of a download."""
    error, set_error = solara.use_state("")
    try:
        find_chromium()
    except PdfError as e:
        solara.Error(f"{w('failed', lang)} {e}", classes=["tp-pdf-error"])
        return
    if ws is None or month == 0:
        return

    def make() -> bytes:
        try:
            data = summary_pdf(ws, month, lang)
        except PdfError as e:
            set_error(f"{w('failed', lang)} {e}")
            return b""
        set_error("")
        return data

    solara.FileDownload(make, filename=filename(ws, month), label=w("button", lang),
                        mime_type="application/pdf")
    if error:
        solara.Error(error, classes=["tp-pdf-error"])
