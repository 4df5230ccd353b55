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
