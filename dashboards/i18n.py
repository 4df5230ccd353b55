"""French and English words of the dashboard: labels, lever explanations, help.

Each lever section has a plain-language name, a one-line explanation and an example from the
guide (``shared/seed/union-migrant-net-guide.txt``, lines as indexed in ``facts.md``). Detail
parameters have a short label; their longer definition and unit come from the registry. A
lever's words are declared in its own module (``WORDS``, ``LABELS``; see
``tremplin.model.levers``), so a new lever brings them along; this module holds those of the
national route to papers, which the workshop shows beside the levers, and the page's own.
"""

from __future__ import annotations

import math
import re

from tremplin.model import indicators
from tremplin.model.levers import LEVERS

LANGS = ("fr", "en")

UI: dict[str, dict[str, str]] = {
    "title": {"en": "Tremplin: try a municipal policy, compare with doing nothing",
              "fr": "Tremplin : essayer une politique communale, comparer avec ne rien faire"},
    "start_from": {"en": "Scenario to start from", "fr": "Scénario de départ"},
    "upload": {"en": "Drop a scenario file (.toml) here, or click to choose one",
               "fr": "Déposez un fichier de scénario (.toml) ici, ou cliquez pour le choisir"},
    "uploaded_ok": {"en": "Loaded scenario", "fr": "Scénario chargé"},
    "upload_error": {"en": "This scenario file was not loaded:",
                     "fr": "Ce fichier de scénario n'a pas été chargé :"},
    "levers": {"en": "Levers", "fr": "Leviers"},
    "details": {"en": "Details", "fr": "Détails"},
    "town": {"en": "Town size (migrants)", "fr": "Taille de la ville (migrants)"},
    "seeds": {"en": "Runs with different luck (seeds)", "fr": "Tirages au sort (graines)"},
    "horizon": {"en": "Months to run", "fr": "Mois à simuler"},
    "run": {"en": "Run", "fr": "Lancer"},
    "step": {"en": "Step 1 month", "fr": "Avancer d'1 mois"},
    "pause": {"en": "Pause", "fr": "Pause"},
    "reset": {"en": "Reset", "fr": "Recommencer"},
    "month": {"en": "Month", "fr": "Mois"},
    "of": {"en": "of", "fr": "sur"},
    "building": {"en": "Preparing the town (policy and baseline)...",
                 "fr": "Préparation de la ville (politique et référence)..."},
    "restarted": {"en": "Levers changed: the run starts again at month 0.",
                  "fr": "Leviers modifiés : la simulation repart du mois 0."},
    "policy": {"en": "Your policy", "fr": "Votre politique"},
    "baseline": {"en": "Doing nothing (baseline)", "fr": "Ne rien faire (référence)"},
    "baseline_note": {"en": "Baseline: the same town and the same luck (seeds), with no "
                            "municipal lever and today's national rules.",
                      "fr": "Référence : la même ville et le même tirage (graines), sans "
                            "levier communal et avec les règles nationales actuelles."},
    "charts": {"en": "Over time", "fr": "Au fil du temps"},
    "results": {"en": "Results", "fr": "Résultats"},
    "network": {"en": "Who knows whom (a sample of migrants)",
                "fr": "Qui connaît qui (un échantillon de migrants)"},
    "colour_by": {"en": "Colour by", "fr": "Couleur selon"},
    "by_work": {"en": "work", "fr": "travail"},
    "by_status": {"en": "residence status", "fr": "statut de séjour"},
    "coops": {"en": "Cooperatives' finances (your policy, last month)",
              "fr": "Finances des coopératives (votre politique, dernier mois)"},
    "no_coops": {"en": "No active cooperative yet.", "fr": "Aucune coopérative active."},
    "help": {"en": "Help: units and definitions", "fr": "Aide : unités et définitions"},
    "export": {"en": "Export", "fr": "Exporter"},
    "export_scenario": {"en": "Scenario (TOML)", "fr": "Scénario (TOML)"},
    "export_table": {"en": "Results table (CSV)", "fr": "Tableau des résultats (CSV)"},
    "export_series": {"en": "Monthly series (CSV)", "fr": "Séries mensuelles (CSV)"},
    "export_png": {"en": "Charts (PNG)", "fr": "Graphiques (PNG)"},
    "indicator": {"en": "Indicator", "fr": "Indicateur"},
    "difference": {"en": "Difference", "fr": "Différence"},
    "interval": {"en": "95% interval over seeds", "fr": "Intervalle à 95 % (graines)"},
    "one_seed": {"en": "one seed: choose 3 or 5 seeds for an interval",
                 "fr": "une seule graine : choisissez 3 ou 5 graines pour un intervalle"},
    "table_at": {"en": "Values at month", "fr": "Valeurs au mois"},
    "not_run": {"en": "Press Run to simulate.", "fr": "Appuyez sur Lancer pour simuler."},
    "na": {"en": "n/a (no gain)", "fr": "n.d. (pas de gain)"},
    "from_guide": {"en": "In the guide:", "fr": "Dans le guide :"},
    "on": {"en": "on", "fr": "activé"},
    "months_unit": {"en": "months", "fr": "mois"},
    "band_note": {"en": "Lines: mean over seeds; shaded: lowest to highest seed.",
                  "fr": "Lignes : moyenne des graines ; zone : de la plus basse à la plus haute."},
    "step_time": {"en": "last month took", "fr": "dernier mois calculé en"},
    "language": {"en": "Français", "fr": "English"},
    "left": {"en": "left the town", "fr": "a quitté la ville"},
}

# the model's indicators take their labels, units and help from their specs
# (tremplin.model.indicators.SPECS); these are the dashboard's own rows, with their unit
EXTRA_LABELS: dict[str, dict[str, str]] = {
    "jobs": {"en": "Migrants in declared work (persons)",
             "fr": "Migrants en emploi déclaré (personnes)"},
    "regularisations": {"en": "Regularisations since month 0 (persons)",
                        "fr": "Régularisations depuis le mois 0 (personnes)"},
    "cost_per_additional_job_eur": {"en": "Cost per additional job (€)",
                                    "fr": "Coût par emploi supplémentaire (€)"},
    "cost_per_additional_regularisation_eur": {
        "en": "Cost per additional regularisation (€)",
        "fr": "Coût par régularisation supplémentaire (€)"},
}
EXTRA_HELP: dict[str, dict[str, str]] = {
    "jobs": {"en": "Employment rate times migrants aged 20-64 present.",
             "fr": "Taux d'emploi déclaré multiplié par le nombre de migrants de 20 à 64 ans."},
    "regularisations": {
        "en": "People regularised since month 0 (including those who left later).",
        "fr": "Personnes régularisées depuis le mois 0 (y compris celles parties ensuite)."},
    "cost_per_additional_job_eur": {
        "en": "Extra spending of the policy over the baseline divided by the extra migrants in "
              "declared work at the last month (n/a when there is no gain).",
        "fr": "Dépense supplémentaire de la politique divisée par le nombre d'emplois déclarés "
              "en plus au dernier mois."},
    "cost_per_additional_regularisation_eur": {
        "en": "Extra spending divided by the extra regularisations since month 0 (n/a when "
              "none).",
        "fr": "Dépense supplémentaire divisée par le nombre de régularisations en plus."},
}

# the national route to residence papers, which the workshop shows beside the levers; it is a
# national setting (tremplin.model.residence), not a municipal lever, so its words live here
NATIONAL_SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "regularisation": {
        "name": {"en": "Route to residence papers (national rules)",
                 "fr": "Accès au titre de séjour (règles nationales)"},
        "line": {"en": "Which route lets people without papers obtain a permit, and on which "
                       "conditions (presence, activity, job promise).",
                 "fr": "Quelle voie permet aux personnes sans papiers d'obtenir un titre, et à "
                       "quelles conditions (présence, activité, promesse d'embauche)."},
        "guide": {"en": "France: 3 years of activity in an Emmaus-type community "
                        "(L2277-2287); Barcelona counts work experience (L2399-2403).",
                  "fr": "France : 3 ans d'activité dans une communauté de type Emmaüs "
                        "(L2277-2287) ; Barcelone compte l'expérience de travail "
                        "(L2399-2403)."}},
}
NATIONAL_PARAMS: dict[str, dict[str, str]] = {
    "regularisation.regime": {"en": "Route", "fr": "Voie"},
    "regularisation.preset": {"en": "Rule set (country, year)",
                              "fr": "Règles (pays, année)"},
    "regularisation.min_presence_months": {"en": "Presence required (months)",
                                           "fr": "Présence exigée (mois)"},
    "regularisation.min_activity_months": {"en": "Solidarity activity required (months)",
                                           "fr": "Activité solidaire exigée (mois)"},
    "regularisation.promise_required": {"en": "Job promise required",
                                        "fr": "Promesse d'embauche exigée"},
    "regularisation.work_experience_months": {"en": "SSE work accepted instead (months)",
                                              "fr": "Travail en ESS accepté à la place (mois)"},
    "regularisation.approval_probability": {"en": "Chance an application is approved",
                                            "fr": "Chance qu'une demande soit acceptée"},
    "regularisation.processing_months": {"en": "Processing time (months)",
                                         "fr": "Délai de traitement (mois)"},
}

# every section's name, one-line explanation and example from the guide: a lever's come from
# its module (WORDS), the national route's from above
SECTIONS: dict[str, dict[str, dict[str, str]]] = (
    {lever.SECTION: lever.WORDS for lever in LEVERS} | NATIONAL_SECTIONS)
# short labels of the sections' parameters ("section.name"): a lever's from its module (LABELS)
PARAMS: dict[str, dict[str, str]] = {
    f"{lever.SECTION}.{name}": label for lever in LEVERS for name, label in lever.LABELS.items()
} | NATIONAL_PARAMS

CHOICES: dict[str, dict[str, str]] = {
    "capacity": {"en": "most spare capacity", "fr": "plus grande capacité libre"},
    "lottery": {"en": "lottery", "fr": "tirage au sort"},
    "linear": {"en": "linear", "fr": "linéaire"},
    "yearly_steps": {"en": "yearly steps", "fr": "paliers annuels"},
    "integrated": {"en": "integrated", "fr": "intégré"},
    "none": {"en": "none", "fr": "aucune"},
    "humanitarian": {"en": "case by case only", "fr": "au cas par cas seulement"},
    "oacas": {"en": "solidarity activity (OACAS)", "fr": "activité solidaire (OACAS)"},
    "arraigo": {"en": "roots + contract (arraigo)", "fr": "ancrage + contrat (arraigo)"},
    "work_based": {"en": "work-based", "fr": "par le travail"},
    "custom": {"en": "custom", "fr": "personnalisé"},
    "belgium_9bis": {"en": "Belgium art. 9bis", "fr": "Belgique art. 9bis"},
    "valls_circular": {"en": "France, Valls circular", "fr": "France, circulaire Valls"},
    "ceseda_l435_2": {"en": "France, CESEDA L435-2", "fr": "France, CESEDA L435-2"},
    "state_emmaus": {"en": "France, State-Emmaus", "fr": "France, accord État-Emmaüs"},
    "arraigo_2011": {"en": "Spain, arraigo 2011", "fr": "Espagne, arraigo 2011"},
    "arraigo_2025": {"en": "Spain, arraigo 2025", "fr": "Espagne, arraigo 2025"},
    "barcelona_work": {"en": "Barcelona, work-based", "fr": "Barcelone, par le travail"},
}

WORK_LABELS = {0: {"en": "no work", "fr": "sans travail"},
               1: {"en": "informal", "fr": "informel"},
               2: {"en": "SSE", "fr": "ESS"},
               3: {"en": "mainstream job", "fr": "emploi classique"},
               4: {"en": "self-employed", "fr": "indépendant"}}
STATUS_LABELS = {0: {"en": "undocumented", "fr": "sans papiers"},
                 1: {"en": "asylum seeker", "fr": "demandeur d'asile"},
                 2: {"en": "protected", "fr": "protégé"},
                 3: {"en": "temporary permit", "fr": "titre temporaire"},
                 4: {"en": "long-term permit", "fr": "titre long séjour"}}


# i13-a: words of the workshop's headline, named policies, money and projector mode, and the
# units levers are shown in (keys are the registry's units; "_short" for a number box)
UNITS: dict[str, dict[str, str]] = {
    "EUR": {"en": "€", "fr": "€"},
    "EUR per month": {"en": "€ per month", "fr": "€ par mois", "en_short": "€/mo",
                      "fr_short": "€/mois"},
    "EUR per person-month": {"en": "€ per person per month", "fr": "€ par personne et par mois",
                             "en_short": "€/p/mo", "fr_short": "€/pers./mois"},
    "EUR per pair": {"en": "€ per pair", "fr": "€ par binôme", "en_short": "€/pair",
                     "fr_short": "€/binôme"},
    "months": {"en": "months", "fr": "mois"},
    "percent": {"en": "%", "fr": "%"},
    "percent_per_month": {"en": "% per month", "fr": "% par mois", "en_short": "%/mo",
                          "fr_short": "%/mois"},
    "multiplier": {"en": "", "fr": "", "en_short": "×", "fr_short": "×"},
    "seats per 1,000 migrants": {"en": "seats per 1,000 migrants",
                                 "fr": "places pour 1 000 migrants", "en_short": "/1,000",
                                 "fr_short": "/1 000"},
    "pairs per 1,000 migrants": {"en": "pairs a month per 1,000 migrants",
                                 "fr": "binômes par mois pour 1 000 migrants",
                                 "en_short": "/1,000", "fr_short": "/1 000"},
    "ties per 1,000 migrants per month": {"en": "ties a month per 1,000 migrants",
                                          "fr": "liens par mois pour 1 000 migrants",
                                          "en_short": "/1,000", "fr_short": "/1 000"},
    "places per 1,000 migrants": {"en": "places per 1,000 migrants",
                                  "fr": "places pour 1 000 migrants", "en_short": "/1,000",
                                  "fr_short": "/1 000"},
    "EUR per place-month": {"en": "€ per place per month", "fr": "€ par place et par mois",
                            "en_short": "€/place/mo", "fr_short": "€/place/mois"},
    "hours per month": {"en": "hours a month", "fr": "heures par mois", "en_short": "h/mo",
                        "fr_short": "h/mois"},
    "years": {"en": "years", "fr": "ans"},
}
UI.update({
    "headline": {"en": "What we get, what it costs", "fr": "Ce qu'on obtient, ce que ça coûte"},
    "after_months": {"en": "after {m} months, compared with doing nothing",
                     "fr": "après {m} mois, par rapport à ne rien faire"},
    "jobs_word": {"en": "jobs", "fr": "emplois"},
    "regs_word": {"en": "regularisations", "fr": "régularisations"},
    "extra_cost": {"en": "extra cost", "fr": "coût en plus"},
    "extra_cost_of": {"en": "extra cost", "fr": "de coût en plus"},
    "per_job": {"en": "per additional job", "fr": "par emploi en plus"},
    "from_to": {"en": "from {lo} to {hi}", "fr": "de {lo} à {hi}"},
    "no_clear": {"en": "no clear effect seen", "fr": "pas d'effet net observé"},
    "no_clear_cost": {"en": "no clear difference in cost", "fr": "pas d'écart net de coût"},
    "cost_unknown": {"en": "not known: no clear gain in jobs",
                     "fr": "inconnu : pas de gain net d'emplois"},
    "uncertain": {"en": "uncertain", "fr": "incertain"},
    "no_lever": {"en": "No lever on: this policy is the baseline (choose levers on the left).",
                 "fr": "Aucun levier activé : cette politique est la référence (choisissez des "
                       "leviers à gauche)."},
    "no_clear_gain": {"en": "no clear gain in jobs", "fr": "pas de gain net d'emplois"},
    "one_run": {"en": "one seed only: no interval (choose 3 or 5 seeds)",
                "fr": "une seule graine : pas d'intervalle (choisissez 3 ou 5 graines)"},
    "interval_note": {"en": "In brackets: the range where the true effect lies with 95% "
                            "confidence, over {n} seeds (runs with different luck).",
                      "fr": "Entre parenthèses : l'intervalle où se trouve l'effet réel avec "
                            "95 % de confiance, sur {n} graines (tirages différents)."},
    "press_run": {"en": "Press Run (or Step) to see what each policy gives.",
                  "fr": "Appuyez sur Lancer (ou Avancer) pour voir ce que donne chaque "
                        "politique."},
    "policies": {"en": "Policies compared", "fr": "Politiques comparées"},
    "add_policy": {"en": "New policy", "fr": "Nouvelle politique"},
    "duplicate": {"en": "Duplicate", "fr": "Dupliquer"},
    "delete": {"en": "Delete", "fr": "Supprimer"},
    "rename": {"en": "Name of this policy", "fr": "Nom de cette politique"},
    "policy_letter": {"en": "Policy", "fr": "Politique"},
    "edited": {"en": "edited", "fr": "modifiée"},
    "levers_of": {"en": "Levers of", "fr": "Leviers de"},
    "hide_levers": {"en": "Hide levers", "fr": "Masquer les leviers"},
    "show_levers": {"en": "Show levers", "fr": "Afficher les leviers"},
    "projector": {"en": "Projector", "fr": "Projecteur"},
    "recomputing": {"en": "Recomputing", "fr": "Recalcul de"},
    "money": {"en": "Money", "fr": "Argent"},
    "table": {"en": "Table", "fr": "Tableau"},
    "anyway": {"en": "Spent anyway (also without the levers)",
               "fr": "Dépensé de toute façon (aussi sans les leviers)"},
    "levers_extra": {"en": "Extra cost of the levers (policy minus baseline)",
                     "fr": "Coût en plus des leviers (politique moins référence)"},
    "by_year": {"en": "Year by year", "fr": "Année par année"},
    "year": {"en": "Year", "fr": "Année"},
    "months_word": {"en": "months", "fr": "mois"},
    "by_account": {"en": "By account (mean over seeds)", "fr": "Par poste (moyenne des graines)"},
    "account": {"en": "Account", "fr": "Poste"},
    "total": {"en": "Total", "fr": "Total"},
    "upload_too_big": {"en": "the file is larger than {n} kB", "fr": "le fichier dépasse {n} ko"},
    "upload_unreadable": {"en": "the browser could not read the file",
                          "fr": "le navigateur n'a pas pu lire le fichier"},
    "upload_failed": {"en": "unexpected problem while reading it",
                      "fr": "problème inattendu à la lecture"},
    "too_many": {"en": "At most {n} policies side by side: delete one first.",
                 "fr": "Au plus {n} politiques côte à côte : supprimez-en une d'abord."},
})


def phrase(table: dict[str, dict[str, str]], key: str, lang: str, **kw) -> str:
    """``key`` of a panel's own word table in ``lang``, filled with ``kw``, in the language's
    typography (the panels' modules keep their words beside their code)."""
    return typography(table[key][lang].format(**kw), lang)


def t(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (English when missing)."""
    entry = UI.get(key) or EXTRA_LABELS.get(key) or CHOICES.get(key)
    if entry is None:
        return key
    return typography(entry.get(lang) or entry["en"], lang)


def param_label(key: str, lang: str) -> str:
    entry = PARAMS.get(key)
    return (entry.get(lang) or entry["en"]) if entry else key


def _indicator(key: str) -> indicators.Indicator | None:
    try:
        return indicators.spec(key)
    except KeyError:
        return None


def indicator_label(key: str, lang: str) -> str:
    """A model indicator's label with its unit (from its spec), or a dashboard row's label."""
    spec = _indicator(key)
    if spec is None:
        entry = EXTRA_LABELS.get(key)
        return (entry.get(lang) or entry["en"]) if entry else key
    unit = (t("months_unit", lang) if spec.kind is indicators.Kind.MONTHS
            else unit_label(spec.unit, lang))
    return f"{spec.title(lang)} ({unit})" if unit else spec.title(lang)


def indicator_help(key: str, lang: str) -> str:
    """The definition of an indicator or a dashboard row (French when the spec has one)."""
    spec = _indicator(key)
    if spec is None:
        entry = EXTRA_HELP.get(key, {})
        return typography(entry.get(lang) or entry.get("en", ""), lang)
    return typography((spec.definition_fr if lang == "fr" else "") or spec.definition, lang)


def choice_label(value: str, lang: str) -> str:
    entry = CHOICES.get(value)
    return (entry.get(lang) or entry["en"]) if entry else value


# ---------------------------------------------------------------- numbers as each language
# writes them: French "1 733 224 €", "38 %", "12,5" (narrow no-break space as thousands
# separator and before the unit, decimal comma); English "€1,733,224", "38%", "12.5"
NNBSP = "\u202f"  # narrow no-break space (French thousands separator and typography)
MINUS = "-"


def _nan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x: float | None, lang: str, decimals: int = 0, signed: bool = False) -> str:
    """``x`` with thousands separators and ``decimals`` digits as ``lang`` writes it ("–" when
    undefined); ``signed`` puts a "+" before a positive value."""
    if _nan(x):
        return "–"
    x = float(x)
    if round(x, decimals) == 0:
        x = 0.0  # no "-0"
    s = f"{abs(x):,.{decimals}f}"
    if lang == "fr":
        s = s.replace(",", NNBSP).replace(".", ",")
    sign = MINUS if x < 0 else "+" if signed and x > 0 else ""
    return sign + s


def euros(x: float | None, lang: str, decimals: int = 0, signed: bool = False) -> str:
    """An amount in euros: "1 733 224 €" in French, "€1,733,224" in English."""
    s = number(x, lang, decimals, signed)
    if s == "–":
        return s
    if lang == "fr":
        return f"{s}{NNBSP}€"
    sign = s[0] if s[0] in "+-" else ""
    return f"{sign}€{s[len(sign):]}"


def percent(x: float | None, lang: str, decimals: int = 0, signed: bool = False) -> str:
    """A share (0.38) as a percentage: "38 %" in French, "38%" in English."""
    if _nan(x):
        return "–"
    s = number(100 * float(x), lang, decimals, signed)
    return f"{s}{NNBSP}%" if lang == "fr" else f"{s}%"


def points(x: float | None, lang: str, decimals: int = 1, signed: bool = True) -> str:
    """A difference of two shares in percentage points: "+1,2 pt" / "+1.2 pt"."""
    if _nan(x):
        return "–"
    space = NNBSP if lang == "fr" else " "
    return f"{number(100 * float(x), lang, decimals, signed)}{space}pt"


def auto_decimals(x: float, span: float | None = None) -> int:
    """Digits an axis or a mean needs: none from 100 on, one from 1, two below."""
    ref = abs(span if span else x)
    return 0 if ref >= 100 or float(x).is_integer() else 1 if ref >= 1 else 2


def axis_formatter(lang: str, decimals: int | None = None):
    """A matplotlib tick formatter writing numbers as ``lang`` does ("1 500", "0,5")."""
    from matplotlib.ticker import FuncFormatter

    def fmt(x: float, _pos=None) -> str:
        if decimals is not None:
            return number(x, lang, decimals)
        text = number(x, lang, 2)  # tick values: as few digits as they need
        sep = "," if lang == "fr" else "."
        return text.rstrip("0").rstrip(sep) if sep in text else text

    return FuncFormatter(fmt)


def vega_locale(lang: str) -> dict:
    """Vega-Lite's ``config.locale``: the same number formats in the browser's charts."""
    if lang == "fr":
        return {"number": {"decimal": ",", "thousands": NNBSP, "grouping": [3],
                           "currency": ["", f"{NNBSP}€"], "minus": MINUS}}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3],
                       "currency": ["€", ""], "minus": MINUS}}


_FR_PUNCT = re.compile(r"[ \u00a0\u202f]?([:;?!])(?=\s|$|<)")


def typography(text: str, lang: str) -> str:
    """French punctuation: a narrow no-break space before ``:``, ``;``, ``?`` and ``!`` (not
    inside times, URLs or "L2277-2287")."""
    if lang != "fr":
        return text
    return _FR_PUNCT.sub(lambda m: NNBSP + m.group(1), text)


def colon(label: str, lang: str) -> str:
    """``label`` followed by a colon as ``lang`` writes it ("Votre politique :")."""
    return f"{label}{NNBSP}:" if lang == "fr" else f"{label}:"


# ---------------------------------------------------------------- words of the model's tables
COOP_KINDS = {"community": {"en": "solidarity community", "fr": "communauté solidaire"},
              "enterprise": {"en": "cooperative enterprise", "fr": "entreprise coopérative"}}
SECTORS_WORDS = {
    "care": {"en": "care", "fr": "aide à la personne"},
    "construction": {"en": "construction", "fr": "bâtiment"},
    "cleaning": {"en": "cleaning", "fr": "nettoyage"},
    "catering": {"en": "catering", "fr": "restauration"},
    "manufacturing": {"en": "manufacturing", "fr": "industrie"},
    "retail": {"en": "retail", "fr": "commerce"},
    "logistics": {"en": "logistics", "fr": "logistique"},
    "public_admin": {"en": "public administration", "fr": "administration publique"},
    "professional": {"en": "professional services", "fr": "services aux entreprises"},
}
COOP_STATUS = {"active": {"en": "active", "fr": "active"},
               "financially autonomous": {"en": "financially autonomous",
                                          "fr": "autonome financièrement"},
               "failed": {"en": "failed", "fr": "fermée"}}
UNIT_WORDS = {
    "-": {"en": "", "fr": ""},
    "EUR": {"en": "€", "fr": "€"},
    "EUR per month": {"en": "€ per month", "fr": "€ par mois"},
    "EUR per pair": {"en": "€ per pair", "fr": "€ par binôme"},
    "EUR per person-month": {"en": "€ per person per month", "fr": "€ par personne et par mois"},
    "months": {"en": "months", "fr": "mois"},
    "multiplier": {"en": "multiplier", "fr": "multiplicateur"},
    "pairs per 1,000 migrants": {"en": "pairs per 1,000 migrants",
                                 "fr": "binômes pour 1 000 migrants"},
    "per month": {"en": "per month", "fr": "par mois"},
    "probability": {"en": "probability", "fr": "probabilité"},
    "seats per 1,000 migrants": {"en": "places per 1,000 migrants",
                                 "fr": "places pour 1 000 migrants"},
    "places per 1,000 migrants": {"en": "places per 1,000 migrants",
                                  "fr": "places pour 1 000 migrants"},
    "EUR per place-month": {"en": "€ per place per month", "fr": "€ par place et par mois"},
    "hours per month": {"en": "hours per month", "fr": "heures par mois"},
    "full-time equivalents": {"en": "full-time equivalents", "fr": "équivalents temps plein"},
    "share of productivity_eur": {"en": "share of a full member's output",
                                  "fr": "part de la production d'un membre"},
    "EUR per FTE-month": {"en": "€ per FTE per month", "fr": "€ par ETP et par mois"},
    "EUR per enterprise-month": {"en": "€ per enterprise per month",
                                 "fr": "€ par entreprise et par mois"},
    "share of placement hours": {"en": "share of placement hours",
                                 "fr": "part des heures de stage"},
    "years": {"en": "years", "fr": "ans"},
    "share": {"en": "share", "fr": "part"},
    "share of costs": {"en": "share of costs", "fr": "part des coûts"},
    "share of procurement": {"en": "share of procurement", "fr": "part des achats publics"},
    "ties per 1,000 migrants per month": {"en": "ties per 1,000 migrants per month",
                                          "fr": "liens pour 1 000 migrants par mois"},
    "%": {"en": "%", "fr": "%"},
    "0-1": {"en": "0-1", "fr": "0-1"},
}
# French definitions of the levers' parameters (the registry's are English)
PARAM_HELP_FR: dict[str, str] = {
    "reserved_procurement.enabled": "Réserver une part des achats de la commune aux "
    "entreprises de l'ESS éligibles.",
    "reserved_procurement.reserved_share": "Part du volume d'achats publics réservée aux "
    "entreprises éligibles.",
    "reserved_procurement.direct_orders_eur_per_month": "Commandes régulières passées "
    "directement par la commune aux entreprises de l'ESS (Grigny, Barcelone).",
    "reserved_procurement.award_rule": "Attribution d'un lot réservé : à l'entreprise "
    "éligible qui a le plus de capacité libre, ou par tirage au sort.",
    "reserved_procurement.price_premium": "Surcoût d'un lot réservé par rapport au même lot "
    "en concurrence ouverte, en part du prix ouvert ; la ville paie la différence (à 0, "
    "réserver ne lui coûte rien).",
    "subsidy.enabled": "Aide dégressive au démarrage des nouvelles coopératives (Diomcoop).",
    "subsidy.launch_grant_eur": "Subvention unique versée à la fondation d'une coopérative.",
    "subsidy.start_share": "Part des coûts déclarés éligibles (salaires déclarés avec "
    "cotisations, matières, locaux ; jamais la paie hors comptes) payée par la ville le premier "
    "mois.",
    "seconded_staff.enabled": "La ville met du personnel à disposition des nouvelles "
    "entreprises de l'ESS.",
    "seconded_staff.staff_per_enterprise": "Personnel mis à disposition de chaque entreprise "
    "fondée pendant que le levier est actif.",
    "seconded_staff.months": "Mois, depuis sa fondation, pendant lesquels une entreprise "
    "dispose de ce personnel.",
    "seconded_staff.output_share": "Production d'un agent à temps plein, en part de celle d'un "
    "membre complet ; travail déclaré, qui peut servir des marchés publics.",
    "seconded_staff.cost_eur_per_fte_month": "Coût mensuel d'un agent mis à disposition pour "
    "la ville.",
    "customer_help.enabled": "La ville aide les nouvelles entreprises de l'ESS à trouver des "
    "clients.",
    "customer_help.learning_speedup": "Combien de fois plus vite une entreprise aidée apprend "
    "son marché.",
    "customer_help.months": "Mois, depuis sa fondation, pendant lesquels une entreprise est "
    "aidée.",
    "customer_help.cost_eur_per_enterprise_month": "Coût mensuel de l'aide à une entreprise "
    "pour la ville.",
    "subsidy.end_share": "Part payée le dernier mois aidé (0 ou 0,4 dans le guide).",
    "subsidy.duration_months": "Nombre de mois pendant lesquels la part diminue ; l'aide "
    "s'arrête ensuite.",
    "subsidy.shape": "Baisse mensuelle linéaire ou par paliers annuels.",
    "pathway.mode": "Linéaire (cours de langue, puis formation, puis recherche d'emploi) ou "
    "intégré (langue du métier et compétences apprises ensemble dans un stage).",
    "pathway.placement_months": "Durée d'un stage intégré.",
    "pathway.placement_seats_per_1000": "Places de stage intégré pour 1 000 migrants du stock "
    "initial.",
    "pathway.placement_cost_eur": "Coût d'un stage (accompagnement, tuteur de langue du "
    "métier).",
    "pathway.placement_dropout_rate": "Abandons mensuels des stages intégrés.",
    "pathway.placement_hours_per_month": "Heures par mois passées en stage intégré, partagées "
    "entre l'apprentissage de la langue du métier et le travail.",
    "pathway.placement_instruction_share": "Part des heures d'un stage consacrée à "
    "l'apprentissage de la langue du métier (gain de language.course_gain_per_hour) ; le reste "
    "est un apprentissage par le travail (language.placement_work_gain_per_hour).",
    "one_stop_shop.enabled": "Un guichet unique communal pour les migrants.",
    "one_stop_shop.delay_factor": "Les délais administratifs (régularisation, reconnaissance "
    "des diplômes) sont multipliés par ce facteur.",
    "one_stop_shop.take_up_factor": "Le recours aux cours et aux démarches est multiplié par "
    "ce facteur.",
    "one_stop_shop.cost_eur_per_month": "Coût de fonctionnement.",
    "mentoring.enabled": "Binômes d'un demandeur d'emploi et d'un habitant expérimenté du "
    "même secteur.",
    "mentoring.pairs_per_month_per_1000": "Nouveaux binômes formés chaque mois.",
    "mentoring.cost_eur_per_pair": "Coût d'un binôme.",
    "mentoring.mentee_max_age": "Les personnes accompagnées ont moins de cet âge.",
    "mentoring.mentor_min_age": "Les parrains et marraines sont des habitants en emploi "
    "ordinaire ayant au moins cet âge.",
    "mentoring.pair_months": "Durée d'un binôme ; la personne accompagnée n'a pas de nouveau "
    "binôme avant la fin.",
    "anti_discrimination.enabled": "Clauses anti-discrimination dans les marchés de la "
    "commune.",
    "anti_discrimination.clause_effect": "Part de la discrimination d'un employeur supprimée "
    "tant qu'il a un marché communal.",
    "third_place.enabled": "Un tiers-lieu / pôle migrations : rencontres, coworking et "
    "incubation.",
    "third_place.bridging_ties_per_1000": "Nouveaux liens entre migrants et habitants formés "
    "là chaque mois.",
    "third_place.formation_factor": "Les collectifs se formalisent d'autant plus vite avec un "
    "incubateur.",
    "third_place.learning_factor": "Le temps d'apprentissage du marché des entreprises "
    "incubées est multiplié par ce facteur.",
    "third_place.cost_eur_per_month": "Coût de fonctionnement.",
    "social_assistance.enabled": "Garder le revenu d'intégration des personnes qui rejoignent "
    "une entreprise ou une communauté de l'ESS.",
    "social_assistance.kept_months": "Mois après l'entrée pendant lesquels un ancien "
    "bénéficiaire garde le revenu d'intégration.",
    "social_assistance.unpaid_exit_factor": "Les départs des membres non payés avec papiers "
    "(qui gardent l'aide ce mois-là) sont multipliés par ce facteur.",
    "skills_recognition.enabled": "Aide à la reconnaissance des diplômes et au bilan de "
    "compétences.",
    "skills_recognition.recognition_rate": "Probabilité mensuelle qu'un diplôme supérieur ou "
    "moyen soit reconnu avec cette aide.",
    "skills_recognition.cost_eur_per_case": "Coût par diplôme reconnu.",
    "childcare.enabled": "Places d'accueil de la petite enfance financées par la commune pour "
    "les mères migrantes sans mode de garde.",
    "childcare.places_per_1000": "Places d'accueil financées par la commune pour 1 000 "
    "migrants du stock initial.",
    "childcare.take_up": "Probabilité mensuelle qu'une mère qui attend un mode de garde prenne "
    "une place gratuite.",
    "childcare.cost_eur_per_place_month": "Coût d'une place occupée pendant un mois.",
    "regularisation.regime": "La voie nationale vers un titre, en plus de la régularisation "
    "au cas par cas : « au cas par cas seulement » n'en a pas d'autre ; « aucune » ferme aussi "
    "le cas par cas.",
    "regularisation.preset": "Ensemble de règles nommé ; ses valeurs remplissent les champs "
    "ci-dessous sauf si le scénario les fixe.",
    "regularisation.min_presence_months": "Mois de présence exigés par la voie du régime.",
    "regularisation.min_activity_months": "Mois d'activité continue exigés dans une structure "
    "solidaire agréée (OACAS).",
    "regularisation.promise_required": "La voie OACAS exige-t-elle aussi une promesse "
    "d'embauche (l'arraigo exige toujours un contrat ; la voie par le travail un contrat ou "
    "une expérience en ESS).",
    "regularisation.work_experience_months": "Mois de travail déclaré (en ESS) acceptés à la "
    "place d'un contrat (voie par le travail).",
    "regularisation.approval_probability": "Probabilité qu'une demande sur la voie du régime "
    "soit acceptée (pouvoir d'appréciation du préfet).",
    "regularisation.processing_months": "Mois entre la demande et la décision.",
}
# readable names of the shipped scenarios (the files' descriptions are English)
SCENARIO_NAMES: dict[str, dict[str, str]] = {
    "childcare": {"en": "Childcare places for migrant mothers",
                  "fr": "Places en crèche pour les mères migrantes"},
    "baseline": {"en": "Today's situation (no municipal lever)",
                 "fr": "La situation actuelle (aucun levier communal)"},
    "all_levers": {"en": "All levers together", "fr": "Tous les leviers ensemble"},
    "france": {"en": "Today's situation in France (French entry and regularisation rules)",
               "fr": "La situation actuelle en France (règles françaises d'entrée et de "
                     "régularisation)"},
    "integrated_pathway": {"en": "Integrated language-and-job placements",
                           "fr": "Stages intégrés langue et métier"},
    "liege": {"en": "Liège-size town (40,000 migrants)",
              "fr": "Ville de la taille de Liège (40 000 migrants)"},
    "oacas_regularisation": {"en": "Papers after 3 years in a solidarity community",
                             "fr": "Titre après 3 ans dans une communauté solidaire"},
    "reserved_procurement": {"en": "30% of public purchasing reserved for the SSE",
                             "fr": "30 % des achats publics réservés à l'ESS"},
    "subsidy_taper": {"en": "Launch grant and tapering subsidy for new cooperatives",
                      "fr": "Prime de lancement et aide dégressive aux coopératives"},
}
# the fixed words of the model's validation messages (model/scenario.py, Param.allowed,
# tremplin.errors), in French; file names, fields and values stay as written
ERROR_WORDS_FR: tuple[tuple[str, str], ...] = (
    (r"must be (a number|an integer) from (\S+) to (\S+)",
     lambda m: f"doit être {'un nombre' if m[1] == 'a number' else 'un entier'} de "
               f"{m[2].replace('.', ',')} à {m[3].replace('.', ',')}"),
    (r"must be (a number|an integer) >= (\S+)",
     lambda m: f"doit être {'un nombre' if m[1] == 'a number' else 'un entier'} ≥ {m[2]}"),
    (r"must be one of", "doit être l'un de"),
    (r"must be true or false", "doit valoir true ou false"),
    (r"must be a string, not", "doit être du texte, pas"),
    (r"must be a table", "doit être une table"),
    (r"must be a file name", "doit être un nom de fichier"),
    (r"unknown key or section", "clé ou section inconnue"),
    (r"unknown key \(allowed in", "clé inconnue (permises dans"),
    (r"\(allowed:", "(permises :"),
    (r"not valid TOML", "TOML non valide"),
    (r"not a text file \(UTF-8 TOML expected\)", "pas un fichier texte (TOML en UTF-8 attendu)"),
    (r"an uploaded file may only extend a shipped scenario \(one of",
     "un fichier déposé ne peut étendre qu'un scénario fourni (l'un de"),
    (r"shares that add up to at most 1", "des parts dont la somme ne dépasse pas 1"),
    (r"contradicts preset", "contredit le préréglage"),
)


def word(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """``key``'s word in ``table`` and ``lang`` (English, then the key itself, when missing)."""
    entry = table.get(key)
    return (entry.get(lang) or entry["en"]) if entry else str(key)


def unit_label(unit: str, lang: str) -> str:
    return word(UNIT_WORDS, unit, lang) if unit in UNIT_WORDS else unit


def param_help(key: str, lang: str) -> str:
    """A lever parameter's definition: the registry's, in French from this module."""
    from tremplin.model.params import REGISTRY

    if lang == "fr" and key in PARAM_HELP_FR:
        return PARAM_HELP_FR[key]
    return REGISTRY[key].description


def scenario_label(name: str, lang: str, description: str = "") -> str:
    """A readable scenario name: the shipped scenarios' own, else the file's description,
    else its name with spaces."""
    if name in SCENARIO_NAMES:
        return SCENARIO_NAMES[name][lang]
    return description or name.replace("_", " ")


def error_text(message: str, lang: str) -> str:
    """A validation message in ``lang``: its fixed words translated, file, field and values
    kept (the model writes its messages in English)."""
    if lang != "fr":
        return message
    for pattern, french in ERROR_WORDS_FR:
        message = re.sub(pattern, french, message)
    return typography(message, lang)
