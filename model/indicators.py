"""Monthly indicators, declared once as specs (``SPECS``), with Eurostat definitions where one
exists.

Every consumer derives from the specs: the monthly table's columns, the ``run`` and ``compare``
tables, batch summaries, HTML reports, the dashboard's charts, table and help, the indicator
table of ``docs/ODD.md`` and the name checks of calibration and studies. A new indicator is one
``Indicator`` entry here plus its computation in ``compute`` (``docs/ODD.md`` is regenerated).

Labour-force indicators follow the Labour Force Survey (ILO) definitions, for ages 20-64 as in
lfsa_ergan / lfsa_urgan. *Employment* in the ILO sense is any work for pay or profit: declared
paid work (a mainstream job, self-employment, or paid work in an SSE enterprise by someone with
the right to work), undeclared (informal) work, and the work of SSE enterprise members without
papers, who draw an informal share. The solidarity activity of community members (an allowance
and upkeep) is not employment. *Unemployment* is looking for work without any work, outside a
full-time course; the *labour force* is the employed plus the unemployed, so employment, the
unemployment rate and the activity rate are consistent: activity = employment / (1 -
unemployment). *Declared employment* counts declared paid work only. Long-term unemployment is
12 months or more since the start of the current unemployment spell (``searching_since``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from .cooperatives import disadvantaged
from .labour_market import job_seeker_rows
from .population import NEVER, Citizenship, Education, Pathway, Route, Status, Work

if TYPE_CHECKING:
    from .model import TremplinModel

# the enum members the monthly computation compares with, as plain ints read once: each
# ``Work.SSE.value`` goes through enum's descriptor, and ``compute`` reads dozens a month
_NO_WORK, _INFORMAL, _SSE, _MAINSTREAM = (Work.NONE.value, Work.INFORMAL.value, Work.SSE.value,
                                          Work.MAINSTREAM.value)
_UNDOCUMENTED, _ASYLUM_SEEKER = Status.UNDOCUMENTED.value, Status.ASYLUM_SEEKER.value
_PROTECTED, _LONG_TERM_PERMIT = Status.PROTECTED.value, Status.LONG_TERM_PERMIT.value
_NATIONAL, _NON_EU = Citizenship.NATIONAL.value, Citizenship.NON_EU.value
_LANGUAGE_COURSE, _TRAINING, _PLACEMENT = (Pathway.LANGUAGE_COURSE.value,
                                           Pathway.VOCATIONAL_TRAINING.value,
                                           Pathway.PLACEMENT.value)
_NO_ROUTE = Route.NONE.value
_TERTIARY = Education.TERTIARY.value
_STATUSES = len(Status)


class Kind(StrEnum):
    """What a number measures; it decides the unit, the stored type and how it is printed."""

    SHARE = "share"    # a proportion 0-1 of a group: printed in %, a difference in pp
    COUNT = "count"    # a whole number of people, organisations or months elapsed
    EUR = "EUR"        # euros
    MONTHS = "months"  # a duration in months (a median may be fractional)
    LEVEL = "level"    # a mean score on a 0-1 scale


UNITS: dict[Kind, str] = {Kind.SHARE: "%", Kind.COUNT: "", Kind.EUR: "EUR",
                          Kind.MONTHS: "months", Kind.LEVEL: "0-1"}


@dataclass(frozen=True)
class Comparator:
    """The Eurostat figure an indicator is defined to match (age 20-64)."""

    dataset: str  # e.g. lfsa_ergan
    citizen: str  # Eurostat citizenship code, e.g. NAT or NEU27_2020_FOR
    sex: str = "T"  # Eurostat sex code: T (both), F or M

    def __str__(self) -> str:
        text = f"{self.dataset} {self.citizen}"
        return text if self.sex == "T" else f"{text} sex={self.sex}"


@dataclass(frozen=True)
class Indicator:
    """One indicator as the model reports it and every tool shows it.

    ``headline`` indicators are the ones tables show (run, compare, batch, report, dashboard);
    ``charted`` ones are drawn over time (batch report, dashboard). ``label``/``label_fr`` are
    short names without unit for people (the dashboard is bilingual); the unit comes from
    ``kind``.
    """

    name: str
    definition: str
    kind: Kind
    population: str  # who is counted (the denominator of a share)
    headline: bool = False
    charted: bool = False
    comparator: Comparator | None = None
    label: str = ""
    label_fr: str = ""
    definition_fr: str = ""

    @property
    def unit(self) -> str:
        return UNITS[self.kind]

    @property
    def integer(self) -> bool:
        """Stored as an integer in tables and summaries."""
        return self.kind is Kind.COUNT

    @property
    def scale(self) -> float:
        """Factor from the stored value to the printed one (shares are printed in percent)."""
        return 100.0 if self.kind is Kind.SHARE else 1.0  # not behavioural: percent

    def title(self, lang: str = "en") -> str:
        """The label for people, in English (``en``) or French (``fr``); a label built from the
        name when none is given."""
        if lang == "fr" and self.label_fr:
            return self.label_fr
        if self.label:
            return self.label
        text = self.name.replace("_", " ").capitalize().replace(" eur", "")
        return text.replace("Sse ", "SSE ").replace(" sse ", " SSE ")

    def format(self, value: float | None, *, difference: bool = False) -> str:
        """``value`` with its unit; a ``difference`` of shares is in percentage points."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "n/a"
        sign = "+" if difference else ""
        if self.kind is Kind.SHARE:
            pct = 100 * value  # not behavioural: percent
            return f"{pct:{sign}.1f} pp" if difference else f"{pct:.1f}%"
        if self.kind is Kind.EUR:
            return f"{value:{sign},.0f} EUR"
        if self.kind is Kind.MONTHS:
            return f"{value:{sign}.1f} months"
        if self.kind is Kind.LEVEL:
            return f"{value:{sign}.3f}"
        return f"{value:{sign},.0f}" if float(value).is_integer() else f"{value:{sign},.1f}"


S, C, E, M, L = Kind.SHARE, Kind.COUNT, Kind.EUR, Kind.MONTHS, Kind.LEVEL
MIGRANTS = "non-EU migrants present"
MIGRANTS_WA = "non-EU migrants aged 20-64 present"
ERGAN, URGAN = "lfsa_ergan", "lfsa_urgan"
REGULAR = "non-EU permit holders aged 20-64"
# measurement definitions, not behaviour:
LFS_AGES = (20, 65)  # not behavioural: LFS ages 20-64 (from the 20th to the 65th birthday)
LONG_TERM_MONTHS = 12  # not behavioural: ILO long-term unemployment, 12 months or more
MONTHS_PER_YEAR = 12  # not behavioural
_LFS_AGE_MONTHS = tuple(age * MONTHS_PER_YEAR for age in LFS_AGES)  # the LFS ages in months
COOP_HORIZONS = (36, 60)  # not behavioural: survival horizons of the indicators
YEAR_BANDS = (("0_1", 0, 2), ("2_3", 2, 4), ("4_5", 4, 6),  # not behavioural: bands in years
              ("6_9", 6, 10), ("10_plus", 10, 999))  # not behavioural
ROUTES = (("arrived_undocumented", "arrived without papers"),
          ("rejected_asylum", "became undocumented after a rejected asylum claim"),
          ("lost_permit", "lost a permit"))
_ROUTE_CODES = tuple((name, Route[name.upper()].value) for name, _ in ROUTES)  # each name's code

LOW_INCOME_SHARE = 0.6  # not behavioural: the at-risk-of-poverty line, 60% of the median
INCOME = ("Mean monthly income, all sources, net of the worker's social contributions (wages, "
          "informal pay, cooperative pay, unemployment benefit, integration income; zero for "
          "people without any), of ")
INCOME_FR = ("Revenu mensuel moyen, toutes sources, net des cotisations sociales du travailleur "
             "(salaires, travail informel, rémunération coopérative, allocations de chômage, "
             "revenu d'intégration ; zéro sans revenu), des ")
INCOME_SPECS: tuple[Indicator, ...] = (
    Indicator("mean_income", INCOME + "non-EU migrants present.", Kind.EUR, MIGRANTS,
              label="Migrants' mean income", label_fr="Revenu moyen des migrants",
              definition_fr=INCOME_FR + "migrants non-UE présents."),
    Indicator("mean_income_permit_holders", INCOME + "migrants with a residence right "
              "(protection, a permit, or naturalised).", Kind.EUR,
              "non-EU migrants present with a residence right",
              label="Mean income, with papers", label_fr="Revenu moyen, avec titre de séjour",
              definition_fr=INCOME_FR + "migrants avec un droit de séjour."),
    Indicator("mean_income_undocumented", INCOME + "undocumented migrants.", Kind.EUR,
              "non-EU migrants present without papers",
              label="Mean income, without papers", label_fr="Revenu moyen, sans papiers",
              definition_fr=INCOME_FR + "migrants sans papiers."),
    Indicator("mean_income_asylum_seekers", INCOME + "asylum seekers (material aid in "
              "reception is not counted).", Kind.EUR, "asylum seekers present",
              label="Mean income, asylum seekers", label_fr="Revenu moyen, demandeurs d'asile",
              definition_fr=INCOME_FR + "demandeurs d'asile (l'aide matérielle n'est pas "
                            "comptée)."),
    Indicator("mean_income_women", INCOME + "migrant women.", Kind.EUR,
              "non-EU migrant women present", label="Mean income, migrant women",
              label_fr="Revenu moyen, migrantes", definition_fr=INCOME_FR + "migrantes."),
    Indicator("mean_income_men", INCOME + "migrant men.", Kind.EUR,
              "non-EU migrant men present", label="Mean income, migrant men",
              label_fr="Revenu moyen, migrants (hommes)",
              definition_fr=INCOME_FR + "migrants (hommes)."),
    Indicator("low_income_share", "Share of migrants whose monthly income is below 60% of the "
              "median income of everyone present (natives counted with their weight, each "
              "native agent standing for native_weight people). Personal income, not "
              "Eurostat's equivalised household income: households are not modelled.",
              Kind.SHARE, MIGRANTS, label="Migrants below 60% of the median income",
              label_fr="Migrants sous 60 % du revenu médian",
              definition_fr="Part des migrants dont le revenu mensuel est inférieur à 60 % du "
                            "revenu médian de toutes les personnes présentes (revenu "
                            "individuel, non le revenu équivalent du ménage)."),
    Indicator("natives_low_income_share", "Same for nationals and EU citizens present (a "
              "benchmark).", Kind.SHARE, "nationals and EU citizens present"),
)

# the columns of the monthly table, in this order
SPECS: tuple[Indicator, ...] = (
    Indicator("month", "Month of the simulation (0 = policy start).", C, "(the time axis)"),
    Indicator("migrants_present", "Non-EU migrants of working age present.", C, MIGRANTS_WA),
    Indicator("employment_rate", "Share of non-EU migrants aged 20-64 in declared paid work "
              "(declared employment; employment_rate_ilo adds undeclared work).",
              S, MIGRANTS_WA, headline=True, charted=True,
              label="Migrants in declared work", label_fr="Migrants en emploi déclaré",
              definition_fr="Part des migrants non-UE de 20 à 64 ans en emploi déclaré (emploi "
                            "classique, indépendant, ou emploi payé dans une entreprise d'ESS)."),
    Indicator("employment_rate_ilo",
              "Share of non-EU migrants aged 20-64 in employment in the ILO sense: declared "
              "paid work, undeclared (informal) work, and the work of SSE enterprise members "
              "without papers.", S, MIGRANTS_WA,
              label="Migrants in work (ILO)", label_fr="Migrants en emploi (BIT)",
              definition_fr="Part des migrants non-UE de 20 à 64 ans en emploi au sens du BIT : "
                            "emploi déclaré, travail non déclaré, et travail des membres sans "
                            "papiers d'une entreprise d'ESS."),
    Indicator("activity_rate",
              "Labour force (employed in the ILO sense or unemployed) / non-EU migrants aged "
              "20-64 present.", S, MIGRANTS_WA),
    Indicator("employment_rate_regular",
              "Employment in the ILO sense (declared and undeclared work) of permit holders "
              "(protected, temporary, long-term): the comparator for Eurostat lfsa_ergan "
              "NEU27_2020_FOR, which counts any work. Changed in issue 10: it counted declared "
              "work only (now declared_employment_rate_regular; they differ by the permit "
              "holders' informal work, under a point in the baseline).", S,
              REGULAR + " present",
              headline=True, comparator=Comparator(ERGAN, "NEU27_2020_FOR"),
              label="In work, permit holders",
              label_fr="En emploi, titulaires d'un titre",
              definition_fr="Taux d'emploi au sens du BIT (travail déclaré ou non) des "
                            "titulaires d'un titre de séjour (protection, titre temporaire ou "
                            "de longue durée), comparable à Eurostat lfsa_ergan NEU27_2020_FOR."),
    Indicator("declared_employment_rate_regular",
              "Share of permit holders aged 20-64 in declared paid work.", S,
              REGULAR + " present"),
    Indicator("employment_rate_regular_women",
              "Employment rate (ILO) of women holding a permit (lfsa_ergan NEU27_2020_FOR F).",
              S, "non-EU women permit holders aged 20-64 present",
              comparator=Comparator(ERGAN, "NEU27_2020_FOR", "F")),
    Indicator("employment_rate_regular_men",
              "Employment rate (ILO) of men holding a permit (lfsa_ergan NEU27_2020_FOR M).",
              S, "non-EU men permit holders aged 20-64 present",
              comparator=Comparator(ERGAN, "NEU27_2020_FOR", "M")),
    Indicator("unemployment_rate",
              "Job seekers without any work, outside a full-time course / labour force "
              "(employed in the ILO sense and unemployed), non-EU migrants aged 20-64.", S,
              "non-EU migrants aged 20-64 in the labour force", headline=True,
              label="Unemployment", label_fr="Chômage",
              definition_fr="Personnes qui cherchent un emploi sans aucun travail, rapportées "
                            "aux actifs (emploi déclaré, travail informel, chômage), migrants "
                            "non-UE de 20 à 64 ans."),
    Indicator("unemployment_rate_regular",
              "Same among permit holders (comparator for lfsa_urgan).", S,
              REGULAR + " in the labour force",
              comparator=Comparator(URGAN, "NEU27_2020_FOR")),
    Indicator("unemployment_rate_regular_women",
              "Unemployment rate of women holding a permit (lfsa_urgan NEU27_2020_FOR F).", S,
              "non-EU women permit holders aged 20-64 in the labour force",
              comparator=Comparator(URGAN, "NEU27_2020_FOR", "F")),
    Indicator("unemployment_rate_regular_men",
              "Unemployment rate of men holding a permit (lfsa_urgan NEU27_2020_FOR M).", S,
              "non-EU men permit holders aged 20-64 in the labour force",
              comparator=Comparator(URGAN, "NEU27_2020_FOR", "M")),
    Indicator("long_term_unemployment_share",
              "Share of the unemployed whose current unemployment spell began 12 months ago or "
              "more (Eurostat's long-term unemployment as a share of unemployment), non-EU "
              "migrants aged 20-64.", S, "unemployed non-EU migrants aged 20-64"),
    Indicator("long_term_unemployment_rate",
              "Unemployed for 12 months or more (current spell) / labour force, non-EU "
              "migrants aged 20-64 (Eurostat's long-term unemployment rate).", S,
              "non-EU migrants aged 20-64 in the labour force"),
    Indicator("natives_employment_rate",
              "Employment rate (ILO: declared and undeclared work) of nationals aged 20-64 "
              "(lfsa_ergan NAT). Natives do no undeclared work in the model, so it equals "
              "their declared employment.", S,
              "nationals aged 20-64 present", comparator=Comparator(ERGAN, "NAT")),
    Indicator("natives_unemployment_rate",
              "Unemployment rate of nationals aged 20-64 (lfsa_urgan NAT).", S,
              "nationals aged 20-64 in the labour force", comparator=Comparator(URGAN, "NAT")),
    Indicator("mainstream_employment_rate",
              "Share of migrants 20-64 employed by mainstream employers.", S, MIGRANTS_WA),
    Indicator("sse_employment_rate", "Share of migrants 20-64 in paid work in an SSE enterprise.",
              S, MIGRANTS_WA, headline=True, charted=True,
              label="Paid work in the SSE", label_fr="Emploi payé dans l'ESS",
              definition_fr="Part des migrants de 20 à 64 ans en emploi payé dans une "
                            "entreprise de l'économie sociale et solidaire."),
    Indicator("informal_work_rate", "Share of migrants 20-64 in informal (undeclared) work.", S,
              MIGRANTS_WA, headline=True, charted=True,
              label="Informal work", label_fr="Travail informel",
              definition_fr="Part des migrants de 20 à 64 ans en travail non déclaré."),
    Indicator("regularisation_rate",
              "Share of people present who have been undocumented (whatever the route: "
              "arrived without papers, rejected asylum claim, lost permit) and now hold a "
              "residence right. Changed in issue 10: it counted only people undocumented on "
              "arrival.", S,
              "non-EU migrants present who have been undocumented", headline=True, charted=True,
              label="Regularised, of those ever undocumented",
              label_fr="Régularisés, parmi les personnes passées par l'absence de papiers",
              definition_fr="Part des personnes présentes qui ont été sans papiers (arrivées "
                            "sans papiers, déboutées de l'asile ou ayant perdu leur titre) et "
                            "qui ont aujourd'hui un titre de séjour."),
    *(Indicator(f"regularisation_rate_{route}",
                f"Regularisation rate of people whose last route into irregularity was: {text}.",
                S, f"non-EU migrants present who {text}")
      for route, text in ROUTES),
    Indicator("undocumented_share", "Share of migrants present without residence status.", S,
              MIGRANTS, headline=True, label="Without papers", label_fr="Sans papiers",
              definition_fr="Part des migrants présents sans titre de séjour."),
    *(Indicator(f"undocumented_{route}",
                f"Undocumented people present who {text} (the stock by route into "
                "irregularity).", C, f"non-EU migrants present without papers who {text}")
      for route, text in ROUTES),
    Indicator("overqualification_rate",
              "Share of tertiary-educated migrants aged 20-64 in declared work whose post's "
              "skill level is below tertiary (Eurostat: tertiary graduates in ISCO 4-9).", S,
              "tertiary-educated non-EU migrants aged 20-64 present in declared work",
              headline=True, label="Overqualified, of graduates in work",
              label_fr="Surqualifiés, parmi les diplômés en emploi",
              definition_fr="Part des migrants diplômés du supérieur en emploi déclaré dont "
                            "l'emploi est d'un niveau inférieur."),
    Indicator("natives_overqualification_rate",
              "Same for nationals aged 20-64 (declared work, SSE posts included; a benchmark "
              "for the migrants' rate).", S,
              "tertiary-educated nationals aged 20-64 present in declared work"),
    Indicator("mean_language_level",
              "Mean host-language level of migrants (0-1; B1 = 0.5).", L, MIGRANTS,
              headline=True, label="Language level", label_fr="Niveau de langue",
              definition_fr="Niveau moyen des migrants dans la langue du pays d'accueil "
                            "(de 0 à 1 ; B1 = 0,5)."),
    Indicator("coops_active", "Cooperatives and solidarity communities active.", C,
              "cooperatives and solidarity communities", headline=True, charted=True,
              label="Cooperatives active", label_fr="Coopératives actives",
              definition_fr="Coopératives et communautés solidaires en activité."),
    Indicator("coop_failure_rate_12m",
              "Share of the SSE enterprises active 12 months ago that have failed since (a "
              "stationary hazard, unlike the cohort ratio coop_survival_rate).", S,
              "SSE enterprises (not communities) active 12 months before", headline=True,
              label="Enterprises failed within a year",
              label_fr="Entreprises disparues dans l'année",
              definition_fr="Part des entreprises de l'ESS actives il y a 12 mois qui ont "
                            "disparu depuis."),
    Indicator("coop_survival_rate",
              "Share of all cooperatives ever founded that are still active (a cohort ratio "
              "that drifts as the stock ages; see coop_failure_rate_12m).", S,
              "cooperatives ever founded, initial ones included",
              label="Cooperatives still active, of all founded",
              label_fr="Coopératives encore actives, parmi toutes les fondées",
              definition_fr="Part des coopératives jamais fondées (celles du départ comprises) "
                            "qui sont encore en activité."),
    Indicator("municipal_spend_eur", "Cumulative municipal spending on the levers and on the "
              "routine language courses (EUR): lever_spend_eur plus routine_spend_eur.", E,
              "the municipality", headline=True, charted=True,
              label="Municipal spending, cumulative", label_fr="Dépense communale cumulée",
              definition_fr="Dépense communale cumulée depuis le mois 0 : leviers et cours de "
                            "langue ordinaires (EUR)."),
    Indicator("lever_spend_eur", "Cumulative municipal spending on the levers since month 0 "
              "(EUR): every account but the routine courses.", E, "the municipality",
              label="Spending on the levers, cumulative",
              label_fr="Dépense sur les leviers, cumulée",
              definition_fr="Dépense communale cumulée sur les leviers depuis le mois 0 (EUR)."),
    Indicator("routine_spend_eur", "Cumulative spending that happens without any lever (EUR): "
              "the linear pathway's language courses and vocational training.", E,
              "the municipality", label="Routine spending (courses), cumulative",
              label_fr="Dépense ordinaire (cours), cumulée",
              definition_fr="Dépense cumulée qui a lieu sans levier : cours de langue et "
                            "formation professionnelle du parcours linéaire (EUR)."),
    Indicator("coop_own_revenue_share_median",
              "Median over active SSE enterprises of their own-revenue share ('autonomy'): "
              "private sales over revenue plus public support (contracts and direct orders, "
              "subsidy, output of seconded staff), this month.", S,
              "active SSE enterprises (not communities) with revenue or support",
              label="Enterprises' own-revenue share (median)",
              label_fr="Part des recettes propres des entreprises (médiane)",
              definition_fr="Médiane, parmi les entreprises de l'ESS actives, de la part des "
                            "ventes privées dans leurs recettes et aides publiques."),
    Indicator("coop_reserve_months_median",
              "Median over active cooperatives and communities of the reserve in months of "
              "this month's costs.", M, "active cooperatives and solidarity communities"),
    Indicator("coop_reserve_months_max",
              "Largest reserve of an active cooperative or community, in months of this "
              "month's costs (at most cooperatives.reserve_cap_months).", M,
              "active cooperatives and solidarity communities"),
    Indicator("sse_offbook_work_share",
              "Share of SSE enterprise members who have no right to work and are paid "
              "off-book.", S, "members of active SSE enterprises (not communities)",
              label="SSE work paid off-book", label_fr="Travail en ESS payé hors comptes",
              definition_fr="Part des membres des entreprises de l'ESS sans droit au travail, "
                            "payés hors comptes."),
    Indicator("sse_springboard_rate",
              "Of people who left an SSE job at least 6 months ago, share in declared "
              "mainstream work 6 months after leaving.", S,
              "people present who left an SSE enterprise or community 6 months before "
              "(cumulative from month 1)"),
    Indicator("coop_survival_36m",
              "Share of cooperatives that reached 36 months of age among those founded in the "
              "simulation at least 36 months ago (cooperatives already there at start are left "
              "out: their early failures are unobserved).", S,
              "cooperatives founded in the simulation at least 36 months ago"),
    Indicator("coop_survival_60m", "Same at 60 months.", S,
              "cooperatives founded in the simulation at least 60 months ago"),
    Indicator("sse_native_member_share",
              "Share of nationals and EU citizens among the members of SSE enterprises "
              "(agents, not weighted: a native agent in a cooperative counts as one member).",
              S, "members of active SSE enterprises (not communities)"),
    Indicator("sse_disadvantaged_share",
              "Share of the declared workers of SSE enterprises who are disabled or "
              "disadvantaged (cooperatives.disadvantaged: disability, low qualification, "
              "long-term unemployment when they joined).", S,
              "declared workers of active SSE enterprises"),
    Indicator("coop_eligible_share",
              "Share of active SSE enterprises eligible for reserved contracts (at least "
              "cooperatives.eligibility_share of their declared workers disadvantaged).", S,
              "active SSE enterprises (not communities)"),
    Indicator("in_language_course_share",
              "Share of migrants in a classroom course or vocational training.", S, MIGRANTS),
    Indicator("in_placement_share", "Share of migrants in an integrated placement.", S, MIGRANTS),
    Indicator("pathway_employment_rate",
              "Share in declared paid work among migrants present who entered the municipal "
              "pathway (course or placement) since month 0.", S,
              "non-EU migrants present who entered a course or placement since month 0"),
    *INCOME_SPECS,
    Indicator("employment_rate_women",
              "Declared employment rate of migrant women 20-64, permit or not (the LFS "
              "comparator is employment_rate_regular_women).", S,
              "non-EU migrant women aged 20-64 present"),
    Indicator("employment_rate_men",
              "Declared employment rate of migrant men 20-64, permit or not (the LFS "
              "comparator is employment_rate_regular_men).", S,
              "non-EU migrant men aged 20-64 present"),
    Indicator("employment_rate_arrived_undocumented",
              "Employment rate of people undocumented on arrival.", S,
              "non-EU migrants aged 20-64 present who arrived undocumented"),
    Indicator("employment_rate_arrived_asylum",
              "Employment rate of people who arrived as asylum seekers.", S,
              "non-EU migrants aged 20-64 present who arrived as asylum seekers"),
    Indicator("employment_rate_arrived_permit",
              "Employment rate of people who arrived with a permit.", S,
              "non-EU migrants aged 20-64 present who arrived with a permit"),
    *(Indicator(f"employment_rate_years_{band}", f"Employment rate {text} after arrival.", S,
                f"non-EU migrants aged 20-64 present, {text} after arrival")
      for (band, _, _), text in zip(YEAR_BANDS, ("0-1 years", "2-3 years", "4-5 years",
                                                 "6-9 years", "10 or more years"), strict=True)),
)

# measures of a whole run, in summary.json (``summary_medians``), not in the monthly table
RUN_SUMMARY: tuple[Indicator, ...] = (
    Indicator("median_months_to_first_job",
              "Median months from arrival to a first declared job.", M,
              "non-EU migrants who arrived after month 0 and found a declared job",
              headline=True),
    Indicator("first_job_observed", "People whose first declared job was observed.", C,
              "non-EU migrants who arrived after month 0"),
    Indicator("arrivals_observed", "Arrivals observed from arrival.", C,
              "non-EU migrants who arrived after month 0"),
    Indicator("median_months_to_regularisation",
              "Median months from arrival to a residence permit.", M,
              "non-EU migrants who arrived undocumented after month 0 and were regularised"),
    Indicator("regularisations_observed", "Regularisations observed from arrival.", C,
              "non-EU migrants who arrived undocumented after month 0"),
    Indicator("undocumented_arrivals_observed", "Undocumented arrivals observed from arrival.",
              C, "non-EU migrants who arrived undocumented after month 0"),
)

MONTH = "month"  # the time axis of the monthly table, not an outcome

# name -> definition of the monthly table's columns, in column order (derived from SPECS)
INDICATORS: dict[str, str] = {s.name: s.definition for s in SPECS}


def spec(name: str) -> Indicator:
    """The spec of a monthly or run-summary indicator (KeyError for an unknown name)."""
    for s in (*SPECS, *RUN_SUMMARY):
        if s.name == name:
            return s
    raise KeyError(name)


def names() -> list[str]:
    """The monthly table's columns, in order."""
    return list(_COLUMNS)


_COLUMNS = tuple(s.name for s in SPECS)


def outcomes() -> list[str]:
    """Every monthly indicator but the time axis: what batches summarise, studies analyse and
    calibration compares with data."""
    return [s.name for s in SPECS if s.name != MONTH]


def headline(run_summary: bool = False) -> tuple[Indicator, ...]:
    """The indicators tables show, in column order (then the run-summary ones if asked)."""
    return tuple(s for s in (*SPECS, *(RUN_SUMMARY if run_summary else ())) if s.headline)


def charted() -> tuple[Indicator, ...]:
    """The indicators drawn over time, in column order."""
    return tuple(s for s in SPECS if s.charted)


# --------------------------------------------------------------------------- computation
@dataclass(frozen=True)
class _Everyone:
    """Masks over every person (natives included), for the labour-force rates."""

    working_age: np.ndarray   # present and aged 20-64
    declared: np.ndarray      # in declared paid work
    employed: np.ndarray      # in work in the ILO sense (declared or undeclared)
    unemployed: np.ndarray    # looking for work, without any work, not in a course
    in_labour_force: np.ndarray
    nationals: np.ndarray     # nationals present aged 20-64
    in_enterprise: np.ndarray  # members of an SSE enterprise (not of a community)


@dataclass(frozen=True)
class _Migrants:
    """The same masks and the columns needed, restricted to the rows of migrants present."""

    rows: np.ndarray
    working_age: np.ndarray
    declared: np.ndarray
    employed: np.ndarray
    unemployed: np.ndarray
    in_labour_force: np.ndarray
    work: np.ndarray
    pathway: np.ndarray
    in_course: np.ndarray
    status: np.ndarray
    status_on_arrival: np.ndarray
    women: np.ndarray

    @property
    def permit_holders(self) -> np.ndarray:
        status = self.status
        return (status >= _PROTECTED) & (status <= _LONG_TERM_PERMIT)


def _rate(num: np.ndarray, den: np.ndarray) -> float:
    d = np.count_nonzero(den)
    return np.count_nonzero(num & den) / d if d else float("nan")


def _share(mask: np.ndarray) -> float:
    """``_rate(mask, everyone)`` for a mask over the rows of a group already selected."""
    return np.count_nonzero(mask) / len(mask) if len(mask) else float("nan")


def _in_course(pathway: np.ndarray) -> np.ndarray:
    return (pathway == _LANGUAGE_COURSE) | (pathway == _TRAINING)


def _in_enterprise(model: TremplinModel) -> np.ndarray:
    """Members of an SSE enterprise (not of a solidarity community)."""
    p = model.people
    member = model.cooperatives.member_rows()  # kept by the cooperatives while no one moves
    out = np.zeros(p.n, dtype=bool)
    out[member] = ~model.cooperatives.community[p.coop[member]]
    return out


def _everyone(model: TremplinModel) -> _Everyone:
    people, month = model.people, model.month
    present, birth, work = people.present, people.birth_month, people.work
    declared = model.declared()
    in_enterprise = _in_enterprise(model)
    # ILO employment: any work for pay or profit, declared or not; members of an enterprise
    # without papers draw an informal share (community activity is not employment)
    employed = declared | (work == _INFORMAL) | ((work == _SSE) & in_enterprise)
    # unemployed: looking for work and not working at all (a course taken full time is
    # inactivity in the LFS sense); the conditions are checked on the job seekers' rows
    seeking = job_seeker_rows(model)
    unemployed = np.zeros(people.n, dtype=bool)
    unemployed[seeking[~employed[seeking] & (work[seeking] == _NO_WORK)
                       & ~_in_course(people.pathway[seeking])]] = True
    young, old = _LFS_AGE_MONTHS
    working_age = present & (birth <= month - young) & (birth > month - old)
    nationals = working_age & (people.citizenship == _NATIONAL)
    return _Everyone(working_age, declared, employed, unemployed, employed | unemployed,
                     nationals, in_enterprise)


def _migrants(model: TremplinModel, e: _Everyone) -> _Migrants:
    people = model.people
    rows = model.masks.migrants.nonzero()[0]
    pathway = people.pathway[rows]
    employed, unemployed = e.employed[rows], e.unemployed[rows]
    return _Migrants(rows=rows, working_age=e.working_age[rows], declared=e.declared[rows],
                     employed=employed, unemployed=unemployed,
                     in_labour_force=employed | unemployed,
                     work=people.work[rows], pathway=pathway,
                     in_course=_in_course(pathway), status=people.status[rows],
                     status_on_arrival=people.status_on_arrival[rows],
                     women=people.sex_female[rows])


def _labour_force(e: _Everyone, m: _Migrants) -> dict[str, float]:
    wa, active, women, men = m.working_age, m.in_labour_force, m.women, ~m.women
    regular = wa & m.permit_holders  # permit holders of working age
    regular_active = regular & active
    return {
        "employment_rate": _rate(m.declared, wa),
        "employment_rate_ilo": _rate(m.employed, wa),
        "activity_rate": _rate(active, wa),
        "employment_rate_regular": _rate(m.employed, regular),
        "declared_employment_rate_regular": _rate(m.declared, regular),
        "employment_rate_regular_women": _rate(m.employed, regular & women),
        "employment_rate_regular_men": _rate(m.employed, regular & men),
        "unemployment_rate": _rate(m.unemployed, wa & active),
        "unemployment_rate_regular": _rate(m.unemployed, regular_active),
        "unemployment_rate_regular_women": _rate(m.unemployed, regular_active & women),
        "unemployment_rate_regular_men": _rate(m.unemployed, regular_active & men),
    }


def _natives_and_kinds_of_work(e: _Everyone, m: _Migrants) -> dict[str, float]:
    wa = m.working_age
    return {
        "natives_employment_rate": _rate(e.employed, e.nationals),
        "natives_unemployment_rate": _rate(e.unemployed, e.nationals & e.in_labour_force),
        "mainstream_employment_rate": _rate(m.work == _MAINSTREAM, wa),
        "sse_employment_rate": _rate(m.declared & (m.work == _SSE), wa),
        "informal_work_rate": _rate(m.work == _INFORMAL, wa),
    }


def _long_term_unemployment(model: TremplinModel, m: _Migrants) -> dict[str, float]:
    """Unemployed 12 months or more since the start of the current spell (``searching_since``
    is the month the current unemployment spell began)."""
    since = model.people.searching_since[m.rows]
    long_term = (m.unemployed & (since != NEVER)
                 & (model.month - since >= LONG_TERM_MONTHS))
    wa = m.working_age
    return {
        "long_term_unemployment_share": _rate(long_term, m.unemployed & wa),
        "long_term_unemployment_rate": _rate(long_term, m.in_labour_force & wa),
    }


def _residence(model: TremplinModel, m: _Migrants) -> dict[str, float]:
    """Regularisation among everyone who has been undocumented, and the stock of undocumented
    people, by route into irregularity (``irregular_route``: the last route taken, kept after a
    regularisation)."""
    people = model.people
    route = people.irregular_route[m.rows]
    undocumented = m.status == _UNDOCUMENTED
    # people undocumented on arrival count even where no route was recorded
    been = (route != _NO_ROUTE) | undocumented | (m.status_on_arrival == _UNDOCUMENTED)
    holds = ~undocumented
    rates: dict[str, float] = {"regularisation_rate": _rate(holds, been)}
    stocks: dict[str, float] = {"undocumented_share": _share(undocumented)}
    # people by route and whether they are undocumented now, counted in one pass
    by_route = np.bincount(route * 2 + undocumented, minlength=2 * len(Route))  # not behavioural
    for name, k in _ROUTE_CODES:
        holding, without = by_route[2 * k], by_route[2 * k + 1]  # not behavioural
        on_route = holding + without
        rates[f"regularisation_rate_{name}"] = holding / on_route if on_route else float("nan")
        stocks[f"undocumented_{name}"] = int(without)
    return rates | stocks


def _overqualification(model: TremplinModel, e: _Everyone, m: _Migrants) -> dict[str, float]:
    """Tertiary graduates aged 20-64 in declared work on a post below tertiary skill level."""
    people = model.people
    graduate = people.education == _TERTIARY
    below = people.job_level < _TERTIARY
    in_work = e.declared & e.working_age & graduate
    return {
        "overqualification_rate": _rate(below[m.rows], in_work[m.rows]),
        "natives_overqualification_rate": _rate(below, in_work & e.nationals),
    }


def _language(model: TremplinModel, m: _Migrants) -> float:
    return _mean(model.people.language[m.rows])


def _cooperatives(model: TremplinModel) -> dict[str, float]:
    coops, month = model.cooperatives, model.month
    active = coops.active[: coops.n]
    out: dict[str, float] = {
        "coops_active": int(np.count_nonzero(active)),
        "coop_survival_rate": float(_share(active)),
    }
    age = month - coops.founded_month[: coops.n]
    lifetime = np.where(active, age, coops.ended_month[: coops.n] - coops.founded_month[: coops.n])
    observed = coops.in_sim[: coops.n]  # founded in the simulation: observed from birth
    for horizon in COOP_HORIZONS:
        old_enough = observed & (age >= horizon)
        out[f"coop_survival_{horizon}m"] = float(_share(lifetime[old_enough] >= horizon))
    return out


def _membership(model: TremplinModel, e: _Everyone) -> dict[str, float]:
    """Who the enterprises' members are, and how many enterprises the reserve admits."""
    people, coops = model.people, model.cooperatives
    members = np.flatnonzero(e.in_enterprise & people.present)
    declared = members[model.masks.legal_to_work[members]]
    enterprises = coops.active[: coops.n] & ~coops.community[: coops.n]
    eligible = coops.eligible(model)[: coops.n]
    return {
        "sse_native_member_share": _share(people.citizenship[members] != _NON_EU),
        "sse_disadvantaged_share": _share(disadvantaged(model, declared)),
        "coop_eligible_share": _rate(eligible, enterprises),
    }


def _coop_accounts(model: TremplinModel) -> dict[str, float]:
    """Failure hazard, autonomy, reserves, off-book work and spending (issue 11)."""
    c, month, mu = model.cooperatives, model.month, model.municipality
    n = c.n
    active, enterprise = c.active[:n], ~c.community[:n]
    ended = c.ended_month[:n]
    then = (c.founded_month[:n] <= month - MONTHS_PER_YEAR) & enterprise
    then &= active | (ended > month - MONTHS_PER_YEAR)
    running = (active & enterprise).nonzero()[0]  # active enterprises
    own = c.own_revenue_share()[running]
    own = own[np.isfinite(own)]
    months = c.reserve_months()[:n][active]
    months = months[np.isfinite(months)]
    offbook = int(c.offbook_members[running].sum())
    declared = int(c.declared_members[running].sum())
    return {
        "coop_failure_rate_12m": float(_share(~active[then])),
        "lever_spend_eur": mu.lever_spent,
        "routine_spend_eur": mu.routine_spent,
        "coop_own_revenue_share_median": _finite_median(own),
        "coop_reserve_months_median": _finite_median(months),
        "coop_reserve_months_max": float(months.max()) if len(months) else float("nan"),
        "sse_offbook_work_share": (offbook / (offbook + declared) if offbook + declared
                                   else float("nan")),
    }


def _finite_median(values: np.ndarray) -> float:
    """``np.median`` of finite values (NaN when empty), from a plain sort: ``np.median`` costs
    several times the sort of a few dozen enterprises. It takes the mean of the middle value
    or of the two middle values, and numpy's sum starts from +0.0: the same value is
    ``0.0 + x`` or ``(0.0 + (a + b)) / 2`` (a zero of either sign in the middle gives +0.0)."""
    n = len(values)
    if n == 0:
        return float("nan")
    ordered = np.sort(values)
    mid = n // 2  # not behavioural: the middle
    if n % 2:  # not behavioural: odd count
        return float(0.0 + ordered[mid])
    return float((0.0 + (ordered[mid - 1] + ordered[mid])) / 2.0)  # not behavioural: mean


def _springboard_rate(model: TremplinModel) -> float:
    evaluated, in_mainstream = model.springboard
    return in_mainstream / evaluated if evaluated else float("nan")


def _pathway(model: TremplinModel, m: _Migrants) -> dict[str, float]:
    return {
        "in_language_course_share": _share(m.in_course),
        "in_placement_share": _share(m.pathway == _PLACEMENT),
        "pathway_employment_rate": _rate(m.declared,
                                         model.people.pathway_entry_month[m.rows] >= 0),
    }


def _employment_by_group(model: TremplinModel, m: _Migrants) -> dict[str, float]:
    people, wa = model.people, m.working_age
    # people of working age by status on arrival, sex and declared work, counted in one pass
    code = (m.status_on_arrival * 2 + m.women) * 2 + m.declared  # not behavioural
    counts = np.bincount(code[wa], minlength=_STATUSES * 4).tolist()  # not behavioural
    # [status][declared], and [declared] of each sex, summed from the counts (a few dozen:
    # cheaper in Python than numpy's sums over axes)
    by_arrival = [[counts[i] + counts[i + 2], counts[i + 1] + counts[i + 3]]  # not behavioural
                  for i in range(0, len(counts), 4)]  # not behavioural
    men = [sum(counts[0::4]), sum(counts[1::4])]  # not behavioural
    women = [sum(counts[2::4]), sum(counts[3::4])]  # not behavioural
    with_papers = [sum(counts) for counts in zip(*by_arrival[_PROTECTED:], strict=True)]
    out = {
        "employment_rate_women": _declared_share(women),
        "employment_rate_men": _declared_share(men),
        "employment_rate_arrived_undocumented": _declared_share(
            by_arrival[_UNDOCUMENTED]),
        "employment_rate_arrived_asylum": _declared_share(by_arrival[_ASYLUM_SEEKER]),
        "employment_rate_arrived_permit": _declared_share(with_papers),
    }
    # people of working age by band of years here and declared work, counted in one pass;
    # the bands follow each other (``_BAND_EDGES``): outside them, band -1 or len(YEAR_BANDS)
    months_after = np.minimum(np.maximum(model.month + 1 - people.arrival_month[m.rows], 0),
                              len(_BAND_AFTER) - 1)  # months here + 1, within the table
    code = _BAND_AFTER.take(months_after) * 2 + m.declared  # not behavioural
    by_band = np.bincount(code[wa], minlength=2 * (len(YEAR_BANDS) + 2))  # not behavioural
    for i, (name, _, _) in enumerate(YEAR_BANDS, start=1):
        declared = by_band[2 * i + 1]  # not behavioural
        total = by_band[2 * i] + declared  # not behavioural
        out[f"employment_rate_years_{name}"] = declared / total if total else float("nan")
    return out


def _declared_share(counts: list[int]) -> float:
    """The share in declared work of a group counted as [not declared, declared], as
    ``_rate`` gives it (a numpy float; NaN for nobody)."""
    total = counts[0] + counts[1]
    return np.float64(counts[1] / total) if total else float("nan")


# where the bands of years here begin, in months, and where the last ends (each band ends
# where the next begins)
_BAND_EDGES = np.array([lo * MONTHS_PER_YEAR for _, lo, _ in YEAR_BANDS]
                       + [YEAR_BANDS[-1][-1] * MONTHS_PER_YEAR])
# band + 1 by months here + 1, from -1 month (before arrival: band -1) to the end of the last
# band (from there on: len(YEAR_BANDS)): a lookup, cheaper than searching the edges for
# everyone, whose answers it holds
_BAND_AFTER = _BAND_EDGES.searchsorted(np.arange(-1, _BAND_EDGES[-1] + 1), side="right")
_BAND_AFTER.flags.writeable = False
assert all(hi == following[1] for (_, _, hi), following in pairwise(YEAR_BANDS)), \
    "YEAR_BANDS must follow each other"


def _mean(values: np.ndarray) -> float:
    """``float(values.mean())`` (NaN when empty) without the wrapper of ``ndarray.mean``,
    which costs more than the sum of a few thousand values: the same steps as numpy's mean of
    floats, the sum (the same pairwise summation, in the values' type) divided by the count
    as an ``intp``, in the type of the sum."""
    n = len(values)
    if n == 0:
        return float("nan")
    total = values.sum()
    return float(total.dtype.type(total / np.intp(n)))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value below which half the weight lies: the smallest value at which the weight of
    all values at or below it reaches half the total (``weights`` are whole numbers).

    The values are sorted by weight (one group for each weight: few, e.g. 1 for a migrant
    and ``native_weight`` for a native agent), then ``_median_of_groups`` finds it."""
    kinds = np.flatnonzero(np.bincount(weights)).tolist()
    if len(kinds) == 1:
        return _median_of_groups([(np.sort(values), kinds[0])])
    return _median_of_groups([(np.sort(values[weights == w]), w) for w in kinds])


def _median_of_groups(groups: list[tuple[np.ndarray, int]]) -> float:
    """``_weighted_median`` of groups of sorted values, all values of a group of one weight
    (NaN when there are no values).

    Incomes take few distinct values (pay scales, benefit rates), so the weight at or below a
    value is found for each distinct value only, by bisecting each group: no argsort of
    everyone and no cumulative sum in its order."""
    if not any(len(ordered) for ordered, _ in groups):
        return float("nan")
    half = sum(w * len(ordered) for ordered, w in groups) / 2.0  # not behavioural: half
    distinct = np.sort(np.concatenate([_distinct(ordered) for ordered, _ in groups]))
    weight_upto = sum(w * ordered.searchsorted(distinct, side="right") for ordered, w in groups)
    return float(distinct[(weight_upto >= half).argmax()])


def _distinct(ordered: np.ndarray) -> np.ndarray:
    """The distinct values of sorted values: the first of each run of equal values."""
    if len(ordered) == 0:
        return ordered
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return ordered[starts]


def _one_weight(weights: np.ndarray) -> int | None:
    """The weight every one of ``weights`` has (1 for nobody), or None if they differ."""
    if len(weights) == 0:
        return 1
    w = int(weights[0])
    return None if np.count_nonzero(weights != w) else w


def _share_below(ordered: np.ndarray, line: float) -> float:
    """``_share(values < line)`` of sorted values: the count below is where ``line`` would
    be inserted before its equals."""
    return ordered.searchsorted(line) / len(ordered) if len(ordered) else float("nan")


def _incomes(model: TremplinModel, m: _Migrants) -> dict[str, float]:
    """Mean income of migrants by status and sex; shares below 60% of the median income of
    everyone present (weighted: a native agent stands for ``native_weight`` people).

    Migrants' and natives' incomes are sorted once each: the median of everyone is found from
    the two sorted groups when each group has one weight (as built: 1 for a migrant,
    ``native_weight`` for a native agent), and the shares below the line by bisection."""
    people = model.people
    natives = model.masks.natives.nonzero()[0]
    income, native_income = people.income[m.rows], people.income[natives]
    ordered, native_ordered = np.sort(income), np.sort(native_income)
    weight, native_weight = _one_weight(people.weight[m.rows]), _one_weight(people.weight[natives])
    if weight is None or native_weight is None:
        median = _weighted_median(np.concatenate((income, native_income)),
                                  people.weight[np.concatenate((m.rows, natives))])
    else:
        median = _median_of_groups([(ordered, weight), (native_ordered, native_weight)])
    line = LOW_INCOME_SHARE * median
    status = m.status

    def mean(mask: np.ndarray) -> float:
        # the same values in the same order as ``income[mask]``, selected through positions:
        # a mask as mixed as a status is several times slower to index with
        return _mean(income[mask.nonzero()[0]])

    return {
        "mean_income": _mean(income),
        "mean_income_permit_holders": mean(status >= _PROTECTED),
        "mean_income_undocumented": mean(status == _UNDOCUMENTED),
        "mean_income_asylum_seekers": mean(status == _ASYLUM_SEEKER),
        "mean_income_women": mean(m.women),
        "mean_income_men": mean(~m.women),
        "low_income_share": _share_below(ordered, line),
        "natives_low_income_share": _share_below(native_ordered, line),
    }


def compute(model: TremplinModel) -> dict[str, float]:
    """All indicators for the current month, in column order, from masks computed once."""
    everyone = _everyone(model)
    migrants = _migrants(model, everyone)
    values: dict[str, float] = {
        "month": model.month,
        "migrants_present": int(np.count_nonzero(migrants.working_age)),
        **_labour_force(everyone, migrants),
        **_long_term_unemployment(model, migrants),
        **_natives_and_kinds_of_work(everyone, migrants),
        **_residence(model, migrants),
        **_overqualification(model, everyone, migrants),
        "mean_language_level": _language(model, migrants),
        **_cooperatives(model),
        **_coop_accounts(model),
        "municipal_spend_eur": model.municipality.total_spent,
        "sse_springboard_rate": _springboard_rate(model),
        **_membership(model, everyone),
        **_pathway(model, migrants),
        **_incomes(model, migrants),
        **_employment_by_group(model, migrants),
    }
    return {name: values[name] for name in _COLUMNS}


def summary_medians(model: TremplinModel) -> dict[str, float]:
    """Medians of months to first declared job and to regularisation, among people who arrived
    after the policy start (so both durations are observed from arrival), with counts."""
    people = model.people
    arrival = people.arrival_month
    arrived = (people.citizenship == Citizenship.NON_EU.value) & (arrival >= 0)
    first_job = people.first_job_month
    got_job = arrived & (first_job != NEVER)
    to_job = (first_job - arrival)[got_job]
    undocumented = arrived & (people.status_on_arrival == Status.UNDOCUMENTED.value)
    regularised_month = people.regularised_month
    regularised = undocumented & (regularised_month != NEVER)
    to_permit = (regularised_month - arrival)[regularised]
    return {
        "median_months_to_first_job": _median(to_job),
        "first_job_observed": int(got_job.sum()),
        "arrivals_observed": int(arrived.sum()),
        "median_months_to_regularisation": _median(to_permit),
        "regularisations_observed": int(regularised.sum()),
        "undocumented_arrivals_observed": int(undocumented.sum()),
    }


def _median(months: np.ndarray) -> float:
    return float(np.median(months)) if len(months) else float("nan")
