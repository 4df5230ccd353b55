"""French and English words of the dashboard: labels, lever explanations, help.

Each lever section has a plain-language name, a one-line explanation and an example from the
guide (``shared/seed/union-migrant-net-guide.txt``, lines as indexed in ``facts.md``). Detail
parameters have a short label; their longer definition and unit come from the registry.
"""

from __future__ import annotations

from tremplin.model import indicators

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

# lever sections: name, one-line explanation, example from the guide (with its lines)
SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "reserved_procurement": {
        "name": {"en": "Reserve public purchases for social enterprises",
                 "fr": "Réserver des marchés publics aux entreprises sociales"},
        "line": {"en": "Part of the city's catering, cleaning and event contracts goes only to "
                       "enterprises that employ disadvantaged workers.",
                 "fr": "Une part des marchés de restauration, nettoyage et événements de la "
                       "ville est réservée aux entreprises employant des travailleurs "
                       "défavorisés."},
        "guide": {"en": "Reserved contracts under EU Directive 2014/24 art. 20; obligatory in "
                        "Brussels (guide L1483-1498). Grigny orders meals from the Mamas "
                        "(L2229-2235).",
                  "fr": "Marchés réservés (directive 2014/24/UE art. 20), obligatoires à "
                        "Bruxelles (guide L1483-1498). Grigny commande des repas aux Mamas "
                        "(L2229-2235)."}},
    "subsidy": {
        "name": {"en": "Start-up support that tapers off", "fr": "Aide au démarrage dégressive"},
        "line": {"en": "New cooperatives get a launch grant and the city pays a falling share "
                       "of their costs for a few years.",
                 "fr": "Les nouvelles coopératives reçoivent une aide de lancement et la ville "
                       "paie une part décroissante de leurs coûts pendant quelques années."},
        "guide": {"en": "Diomcoop, Barcelona: 95% public funding at first, 0% (L1340-1343) or "
                        "40% (L2385-2386) three years later; about EUR 25,000 (L2407-2409).",
                  "fr": "Diomcoop, Barcelone : 95 % de financement public au début, 0 % "
                        "(L1340-1343) ou 40 % (L2385-2386) trois ans après ; environ 25 000 EUR "
                        "(L2407-2409)."}},
    "pathway": {
        "name": {"en": "Linear or integrated pathway", "fr": "Parcours linéaire ou intégré"},
        "line": {"en": "Language first then training (linear), or job language and skills "
                       "learned together at work (integrated).",
                 "fr": "D'abord la langue puis la formation (linéaire), ou langue du métier et "
                       "compétences apprises ensemble au travail (intégré)."},
        "guide": {"en": "The generalist path is one linear route (L287-291); INTEGRA in "
                        "Kokkola and 9-month integrated programmes (L1796-1802, L2053-2056).",
                  "fr": "Le parcours généraliste est une seule voie linéaire (L287-291) ; "
                        "INTEGRA à Kokkola et programmes intégrés de 9 mois (L1796-1802, "
                        "L2053-2056)."}},
    "one_stop_shop": {
        "name": {"en": "One-stop shop for migrants", "fr": "Guichet unique pour les migrants"},
        "line": {"en": "One municipal desk for papers, diplomas and courses: shorter delays, "
                       "more people reached.",
                 "fr": "Un seul guichet communal pour les papiers, diplômes et cours : délais "
                       "plus courts, plus de personnes touchées."},
        "guide": {"en": "Trentino's one-stop shop (ended by a change of government, "
                        "L1106-1162).",
                  "fr": "Le guichet unique du Trentin (supprimé après un changement de "
                        "gouvernement, L1106-1162)."}},
    "mentoring": {
        "name": {"en": "Mentoring pairs", "fr": "Parrainage (binômes)"},
        "line": {"en": "A job seeker is paired with an experienced local worker from the same "
                       "trade.",
                 "fr": "Un demandeur d'emploi est associé à un travailleur expérimenté du même "
                       "métier."},
        "guide": {"en": "Duo for a Job: young job seekers with mentors over 50 (L1749-1754).",
                  "fr": "Duo for a Job : jeunes demandeurs avec des mentors de plus de 50 ans "
                        "(L1749-1754)."}},
    "anti_discrimination": {
        "name": {"en": "Anti-discrimination clauses", "fr": "Clauses anti-discrimination"},
        "line": {"en": "Firms holding a city contract must not discriminate in hiring.",
                 "fr": "Les entreprises sous contrat avec la ville ne peuvent pas discriminer "
                       "à l'embauche."},
        "guide": {"en": "Ghent: discrimination testing and clauses in contracts (L1472-1473).",
                  "fr": "Gand : tests de discrimination et clauses dans les marchés "
                        "(L1472-1473)."}},
    "third_place": {
        "name": {"en": "Third place / migration hub", "fr": "Tiers-lieu / hub migrations"},
        "line": {"en": "A meeting, coworking and incubation space: new ties with locals and "
                       "faster, better-prepared cooperatives.",
                 "fr": "Un lieu de rencontre, de coworking et d'incubation : nouveaux liens "
                       "avec les habitants et coopératives plus rapides et mieux préparées."},
        "guide": {"en": "Migration Hub and Migrapreneur in Berlin (L1638-1719); Liège is "
                        "exploring one (L1855-1857).",
                  "fr": "Migration Hub et Migrapreneur à Berlin (L1638-1719) ; Liège y "
                        "réfléchit (L1855-1857)."}},
    "social_assistance": {
        "name": {"en": "Keep social assistance during SSE work",
                 "fr": "Maintenir l'aide sociale pendant l'activité en ESS"},
        "line": {"en": "People keep their assistance income while their young cooperative "
                       "cannot pay them yet.",
                 "fr": "Les personnes gardent leur revenu d'aide tant que leur jeune "
                       "coopérative ne peut pas encore les payer."},
        "guide": {"en": "Municipalities can keep paying social assistance during SSE "
                        "participation (L1537-1541); Article 60 contracts (L1329-1331).",
                  "fr": "Les communes peuvent maintenir l'aide sociale pendant la "
                        "participation à l'ESS (L1537-1541) ; contrats Article 60 "
                        "(L1329-1331)."}},
    "skills_recognition": {
        "name": {"en": "Help with diploma recognition",
                 "fr": "Aide à la reconnaissance des diplômes"},
        "line": {"en": "Support with equivalence procedures and skills assessment, so people "
                       "work at their level.",
                 "fr": "Accompagnement des équivalences et bilan de compétences, pour "
                       "travailler à son niveau."},
        "guide": {"en": "Recognition is slow, costly and uncertain (L225-230); skills radar "
                        "(L1755-1769).",
                  "fr": "La reconnaissance est lente, coûteuse et incertaine (L225-230) ; "
                        "radar de compétences (L1755-1769)."}},
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

# short labels of lever parameters ("section.name")
PARAMS: dict[str, dict[str, str]] = {
    "reserved_procurement.enabled": {"en": "Reserve contracts", "fr": "Réserver des marchés"},
    "reserved_procurement.reserved_share": {"en": "Share of purchases reserved",
                                            "fr": "Part des achats réservée"},
    "reserved_procurement.direct_orders_eur_per_month": {
        "en": "Direct orders to SSE enterprises (EUR/month)",
        "fr": "Commandes directes aux entreprises d'ESS (EUR/mois)"},
    "reserved_procurement.award_rule": {"en": "How a reserved lot is awarded",
                                        "fr": "Attribution d'un lot réservé"},
    "subsidy.enabled": {"en": "Give start-up support", "fr": "Accorder l'aide au démarrage"},
    "subsidy.launch_grant_eur": {"en": "Launch grant (EUR)", "fr": "Aide de lancement (EUR)"},
    "subsidy.start_share": {"en": "Share of costs paid at start",
                            "fr": "Part des coûts payée au début"},
    "subsidy.end_share": {"en": "Share of costs paid at the end",
                          "fr": "Part des coûts payée à la fin"},
    "subsidy.duration_months": {"en": "Taper duration (months)",
                                "fr": "Durée de la dégressivité (mois)"},
    "subsidy.shape": {"en": "Taper shape", "fr": "Forme de la dégressivité"},
    "pathway.mode": {"en": "Pathway", "fr": "Parcours"},
    "pathway.placement_months": {"en": "Placement length (months)",
                                 "fr": "Durée du stage intégré (mois)"},
    "pathway.placement_seats_per_1000": {"en": "Placements per 1,000 migrants",
                                         "fr": "Places de stage pour 1 000 migrants"},
    "pathway.placement_cost_eur": {"en": "Placement cost (EUR/person-month)",
                                   "fr": "Coût d'un stage (EUR/personne-mois)"},
    "pathway.placement_dropout_rate": {"en": "Placement dropout (per month)",
                                       "fr": "Abandon des stages (par mois)"},
    "one_stop_shop.enabled": {"en": "Open a one-stop shop", "fr": "Ouvrir un guichet unique"},
    "one_stop_shop.delay_factor": {"en": "Delays multiplied by", "fr": "Délais multipliés par"},
    "one_stop_shop.take_up_factor": {"en": "Take-up multiplied by",
                                     "fr": "Recours multiplié par"},
    "one_stop_shop.cost_eur_per_month": {"en": "Running cost (EUR/month)",
                                         "fr": "Coût de fonctionnement (EUR/mois)"},
    "mentoring.enabled": {"en": "Fund mentoring", "fr": "Financer le parrainage"},
    "mentoring.pairs_per_month_per_1000": {"en": "New pairs per month per 1,000 migrants",
                                           "fr": "Nouveaux binômes par mois pour 1 000 migrants"},
    "mentoring.cost_eur_per_pair": {"en": "Cost per pair (EUR)", "fr": "Coût par binôme (EUR)"},
    "anti_discrimination.enabled": {"en": "Add clauses", "fr": "Ajouter des clauses"},
    "anti_discrimination.clause_effect": {"en": "Share of discrimination removed",
                                          "fr": "Part de la discrimination supprimée"},
    "third_place.enabled": {"en": "Open a third place", "fr": "Ouvrir un tiers-lieu"},
    "third_place.bridging_ties_per_1000": {"en": "New ties with locals per month per 1,000",
                                           "fr": "Nouveaux liens avec des habitants par mois "
                                                 "pour 1 000"},
    "third_place.formation_factor": {"en": "Cooperatives form faster by",
                                     "fr": "Création de coopératives accélérée de"},
    "third_place.learning_factor": {"en": "Market-learning time multiplied by",
                                    "fr": "Temps d'apprentissage du marché multiplié par"},
    "third_place.cost_eur_per_month": {"en": "Running cost (EUR/month)",
                                       "fr": "Coût de fonctionnement (EUR/mois)"},
    "social_assistance.enabled": {"en": "Keep assistance", "fr": "Maintenir l'aide"},
    "social_assistance.unpaid_exit_factor": {"en": "Unpaid members leaving multiplied by",
                                             "fr": "Départs des membres non payés multipliés "
                                                   "par"},
    "social_assistance.cost_eur_per_month": {"en": "Cost (EUR/person-month)",
                                             "fr": "Coût (EUR/personne-mois)"},
    "skills_recognition.enabled": {"en": "Help with recognition",
                                   "fr": "Aider à la reconnaissance"},
    "skills_recognition.recognition_rate": {"en": "Recognised per month with help",
                                            "fr": "Reconnaissances par mois avec aide"},
    "skills_recognition.cost_eur_per_case": {"en": "Cost per recognised diploma (EUR)",
                                             "fr": "Coût par diplôme reconnu (EUR)"},
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
