"""French and English words of the dashboard: labels, lever explanations, help.

Each lever section has a plain-language name, a one-line explanation and an example from the
guide (``shared/seed/union-migrant-net-guide.txt``, lines as indexed in ``facts.md``). Detail
parameters have a short label; their longer definition and unit come from the registry. A
lever's words are declared in its own module (``WORDS``, ``LABELS``; see
``tremplin.model.levers``), so a new lever brings them along; this module holds those of the
national route to papers, which the workshop shows beside the levers, and the page's own.
"""

from __future__ import annotations

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
    "cost_per_additional_job_eur": {"en": "Cost per additional job (EUR)",
                                    "fr": "Coût par emploi supplémentaire (EUR)"},
    "cost_per_additional_regularisation_eur": {
        "en": "Cost per additional regularisation (EUR)",
        "fr": "Coût par régularisation supplémentaire (EUR)"},
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


def t(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (English when missing)."""
    entry = UI.get(key) or EXTRA_LABELS.get(key) or CHOICES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


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
    unit = t("months_unit", lang) if spec.kind is indicators.Kind.MONTHS else spec.unit
    return f"{spec.title(lang)} ({unit})" if unit else spec.title(lang)


def indicator_help(key: str, lang: str) -> str:
    """The definition of an indicator or a dashboard row (French when the spec has one)."""
    spec = _indicator(key)
    if spec is None:
        entry = EXTRA_HELP.get(key, {})
        return entry.get(lang) or entry.get("en", "")
    return (spec.definition_fr if lang == "fr" else "") or spec.definition


def choice_label(value: str, lang: str) -> str:
    entry = CHOICES.get(value)
    return (entry.get(lang) or entry["en"]) if entry else value
