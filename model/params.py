"""The parameter registry: every parameter of the model, once, with unit, default, range and source.

Scenario validation (``scenario.py``), ``tremplin params`` and the parameter tables of
``docs/ODD.md`` are all built from ``REGISTRY``, so they cannot drift apart.

Sources are written as ``guide Lnnn`` (lines of ``shared/seed/union-migrant-net-guide.txt``,
as indexed in ``facts.md``), ``sources.md §x`` (``shared/domain/sources.md``), a data file, or
``assumption`` when nothing better exists. ``calibrate=True`` marks the free parameters that
calibration may move within ``prior`` (default: the valid range), uniformly unless
``prior_shape`` gives a sourced estimate (a normal truncated to ``prior``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    """One model parameter as it appears in a scenario file (``[section] name = value``)."""

    section: str
    name: str
    default: Any
    unit: str
    source: str
    description: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    calibrate: bool = False
    prior: tuple[float, float] | None = None
    # a prior other than uniform on ``prior``, where a source gives an estimate: ("normal",
    # mean, sd), truncated to ``prior``
    prior_shape: tuple[str, float, float] | None = None
    lever: bool = False

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    @property
    def type(self) -> type:
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values, for error messages and docs."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.type is bool:
            return "true or false"
        kind = "an integer" if self.type is int else "a number"
        if self.lo is not None and self.hi is not None:
            return f"{kind} from {self.lo:g} to {self.hi:g}"
        if self.lo is not None:
            return f"{kind} >= {self.lo:g}"
        return kind

    def accepts(self, value: Any) -> bool:
        """Whether ``value``, as read from a file, is one ``allowed()`` describes.

        Types are strict, so a file means what it says: a boolean is not a number (``true``
        is not 1), a number with a decimal point is not an integer, and NaN or infinity is no
        number at all.
        """
        if self.choices:
            return isinstance(value, str) and value in self.choices
        if self.type is bool or isinstance(value, bool):
            return isinstance(value, bool) and self.type is bool
        if not isinstance(value, int if self.type is int else (int, float)):
            return False
        return (math.isfinite(value) and (self.lo is None or value >= self.lo)
                and (self.hi is None or value <= self.hi))


_P: list[Param] = []


def _add(section: str, name: str, default: Any, unit: str, source: str, description: str,
         **kw: Any) -> None:
    _P.append(Param(section, name, default, unit, source, description, **kw))


G = "guide"  # shorthand in sources below
A = "assumption"
TUNED = "hand-tuned so the baseline is near BE 2019 in lfsa_ergan/urgan; calibration replaces it"
FITTED = ("fitted to BE 2019 by `tremplin calibrate be_2019` (ABC-SMC, 1,080 runs, 2026-11-30: "
          "posterior mean; 8 targets by sex and citizenship inside their tolerances then; kept "
          "after issues 10-11 merged because the refits did worse on the 2018 facts of "
          "calibration/facts_be.csv: 2 of 6 against 5 for these values. The 2026-12-01 refit, "
          "whose runs start from the assumed draw, reproduces all 8 BE 2019 targets in its own "
          "stored state; its values, and why it fails the 2018 facts: README, section "
          "'Eurostat data, calibration and validation')")

# --------------------------------------------------------------------------- run
_add("run", "months", 120, "months", "sources.md §2.2 (extent 10-15 years)",
     "Simulated horizon; one step is one month.", lo=1, hi=600)
_add("run", "burn_in_months", 12, "months", A,
     "Months simulated before month 0 with no municipal levers and the default national "
     "regime (unless in_force_before_start), so the labour market settles from its initial "
     "draw and every scenario shares the baseline's month-0 state.", lo=0, hi=120)

# --------------------------------------------------------------------------- population
S = "population"
_add(S, "migrants", 2000, "persons", "facts.md §7 (Liège: 19.4% non-Belgian of 197,217)",
     "Initial number of non-EU migrants of working age (18-64) in the municipality.",
     lo=50, hi=200_000)
_add(S, "natives", 6000, "persons", A,
     "Working-age nationals and EU citizens competing in the same labour market.",
     lo=50, hi=2_000_000)
_add(S, "native_weight", 3, "persons per agent", A,
     "Each native agent stands for this many people (a lighter population); a hired native "
     "fills this many positions.", lo=1, hi=50)
_add(S, "eu_share_of_natives", 0.08, "share", "estat_lfsa_ergan (EU27_2020_FOR population)",
     "Share of the native population who are other-EU citizens.", lo=0, hi=0.5)
_add(S, "arrivals_per_1000", 6.0, "persons per 1,000 migrants per month",
     "estat_migr_resfirst_filtered.tsv (BE 2023: 74,366 first permits, 7% a year of a non-EU "
     "stock of about 1 million: the stock is an assumption, chosen so that arrivals balance the "
     "model's exits and the town keeps its size, issue 10; 4.0 before, which let the town "
     "shrink 1.7% a year)",
     "Monthly inflow of new migrants, relative to the initial stock.", lo=0, hi=50)
_add(S, "arrival_share_undocumented", 0.12, "share", A + " (Clandestino's 7-13% is a share of "
     "the stock, sources.md §3.b.3, used here for arrivals)",
     "Share of arrivals without any residence status.", lo=0, hi=1)
_add(S, "arrival_share_asylum", 0.25, "share", "sources.md §3.b.2 (EUAA applications)",
     "Share of arrivals who apply for asylum.", lo=0, hi=1)
_add(S, "permit_share_employment", 0.116, "share of permit arrivals",
     "estat_migr_resfirst_filtered.tsv (BE 2023: EMP 8,631 / 74,366)",
     "Among arrivals with a first permit, share admitted for paid work (ready to work, job "
     "promise on arrival).", lo=0, hi=1)
_add(S, "permit_share_education", 0.128, "share of permit arrivals",
     "estat_migr_resfirst_filtered.tsv (BE 2023: EDUC 9,523 / 74,366)",
     "Among arrivals with a first permit, share admitted to study (search part-time).",
     lo=0, hi=1)
_add(S, "initial_share_undocumented", 0.15, "share", "sources.md §3.b.3 (7-13% of immigrants)",
     "Share of the initial stock without residence status.", lo=0, hi=1)
_add(S, "initial_share_asylum", 0.08, "share", A,
     "Share of the initial stock awaiting an asylum decision.", lo=0, hi=1)
_add(S, "initial_share_protected", 0.15, "share", A,
     "Share of the initial stock with refugee or subsidiary protection.", lo=0, hi=1)
_add(S, "initial_share_long_term", 0.35, "share", A,
     "Share of the initial stock with a long-term permit (the rest hold temporary permits).",
     lo=0, hi=1)
_add(S, "share_female", 0.48, "share", A, "Share of women among migrants.", lo=0, hi=1)
_add(S, "share_tertiary", 0.25, "share", f"{G} L255-258 (about a quarter higher education)",
     "Share of migrants with tertiary education.", lo=0, hi=1)
_add(S, "share_medium", 0.35, "share", A, "Share with upper-secondary education.", lo=0, hi=1)
_add(S, "diploma_recognised_share", 0.25, "share", f"{G} L225-230",
     "Share of migrants whose diplomas are recognised on arrival.", lo=0, hi=1)
_add(S, "origin_groups", 6, "groups", f"{G} L41-43 (Liège origin shares)",
     "Number of origin groups (for homophily and collectives).", lo=1, hi=20)
_add(S, "share_mothers_young_children", 0.3, "share of women", f"{G} L1402-1404",
     "Share of migrant women with young children and no childcare on arrival.", lo=0, hi=1)
_add(S, "share_trauma", 0.3, "share of asylum/protected", f"{G} L2179-2186",
     "Share of people arriving through asylum who carry trauma that lowers readiness to work.",
     lo=0, hi=1)
_add(S, "share_housing_problem", 0.3, "share", f"{G} L1366-1368, L2184-2185",
     "Share of arrivals without stable housing (lowers readiness).", lo=0, hi=1)
_add(S, "initial_language_mean", 0.35, "level 0-1 (B1 = 0.5)", f"{G} L220-224",
     "Mean host-language level on arrival (0 = none, 1 = native-like).", lo=0, hi=1,
     calibrate=True)
_add(S, "lingua_franca_share", 0.4, "share", A,
     "Share who speak a widely used second language (English, French...), which eases "
     "information access.", lo=0, hi=1)
# who the initial stock and the newcomers are (issue 10: numbers out of the code)
_add("population", "native_age_min", 20, "years", "estat_lfsa_ergan (working age 20-64)",
     "Age at which natives enter the modelled labour force (and the age of the young natives "
     "who replace those ageing out).", lo=15, hi=30)
_add("population", "native_share_female", 0.5, "share", A, "Share of women among natives.",
     lo=0, hi=1)
_add("population", "native_share_tertiary", 0.35, "share", A + " (Belgium: about 40% of "
     "25-64 year-olds hold a tertiary degree, Eurostat edat_lfs, not in the shipped extracts)",
     "Share of natives with tertiary education.", lo=0, hi=1)
_add("population", "native_share_medium", 0.4, "share", A,
     "Share of natives with upper-secondary education (the rest: low).", lo=0, hi=1)
_add("population", "arrival_age_mean", 32.0, "years", A, "Mean age on arrival (normal draw).",
     lo=18, hi=60)
_add("population", "arrival_age_sd", 9.0, "years", A, "Standard deviation of the age on arrival.",
     lo=0, hi=30)
_add("population", "arrival_age_min", 18.0, "years", A,
     "Youngest age on arrival (the draw is clipped).",
     lo=15, hi=30)
_add("population", "arrival_age_max", 60.0, "years", A,
     "Oldest age on arrival (the draw is clipped).",
     lo=30, hi=64)
_add("population", "initial_language_sd", 0.15, "level 0-1", A,
     "Spread of the host-language level on arrival around its mean.", lo=0, hi=0.5)
_add("population", "language_ceiling", 0.95, "level 0-1", A,
     "Highest level reached on arrival or through time present alone (initial stock).",
     lo=0.5, hi=1)
_add("population", "language_presence_months", 120.0, "months", A,
     "Time constant of the language learned with time present, for the initial stock drawn "
     "with initial_state = 'drawn'.", lo=1, hi=600)
_add("population", "trauma_severity_min", 0.5, "readiness penalty 0-1", f"{A}; {G} L2179-2186",
     "Lowest severity of trauma on arrival (severity is uniform up to 1).", lo=0, hi=1)
_add("population", "housing_problem_months", 24.0, "months", A,
     "Time constant with which housing problems of the initial stock fade with time present.",
     lo=1, hi=600)
_add("population", "initial_presence_mean_months", 60.0, "months", A,
     "Mean time already spent in town by the initial stock (exponential draw), with "
     "initial_state = 'drawn'.", lo=1, hi=600)
_add("population", "initial_presence_max_months", 300, "months", A,
     "Longest time already spent in town by the initial stock (the draw is capped).",
     lo=1, hi=600)
_add("population", "initial_asylum_max_months", 18, "months", A,
     "Longest time already spent waiting by asylum seekers of the initial stock.", lo=0, hi=120)
_add("population", "initial_state", "steady_state", "-", "model/steady_state.csv (the "
     "baseline's own steady state, regenerated by tremplin initial-state)",
     "Where the initial migrants come from: resampled from the stored steady state of the "
     "baseline, or drawn from the initial_share_* and initial_presence_* values above.",
     choices=("steady_state", "drawn"))

# --------------------------------------------------------------------------- demography
S = "demography"
_add(S, "onward_migration_rate", 0.003, "per month", A,
     "Monthly probability that a permit holder leaves the municipality.", lo=0, hi=0.1)
_add(S, "undocumented_exit_rate", 0.006, "per month", "sources.md §3.b.3 (migr_eipre)",
     "Monthly probability that an undocumented person leaves or is removed.", lo=0, hi=0.1)
_add(S, "asylum_decision_months", 10.0, "months (mean)", "sources.md §3.b.2 (EUAA backlog)",
     "Mean waiting time for an asylum decision.", lo=1, hi=60)
_add(S, "asylum_recognition_rate", 0.42, "share", "sources.md §3.b.2 (EUAA mid-2023: 42%)",
     "Share of asylum decisions that grant protection.", lo=0, hi=1)
_add(S, "asylum_work_access_months", 4, "months", "sources.md 'Belgian rules' (AIDA, access to "
     "the labour market: 4 months without a first-instance decision, RD 29 Oct 2015)",
     "Months after which asylum seekers may work legally.", lo=0, hi=24)
_add(S, "rejected_stay_share", 0.5, "share", A,
     "Share of rejected asylum seekers who stay undocumented (the rest leave).", lo=0, hi=1)
_add(S, "trauma_recovery_months", 24.0, "months", f"{A}; {G} L2179-2186",
     "Mean time for trauma to stop limiting readiness.", lo=1, hi=240)
_add(S, "housing_found_rate", 0.05, "per month", A,
     "Monthly probability of finding stable housing.", lo=0, hi=1)
_add(S, "childcare_found_rate", 0.03, "per month", A,
     "Monthly probability that a mother finds childcare.", lo=0, hi=1)
_add(S, "long_term_after_months", 60, "months", "sources.md 'Belgian rules' (AIDA, long-term "
     "residence: 5 years' legal continuous residence)",
     "Months of legal stay after which a temporary permit becomes long-term.", lo=12, hi=240)
_add("demography", "lost_permit_stay_share", 0.5, "share", A + " (as rejected_stay_share: "
     "an order to leave, sources.md 'Belgian rules', reception and refusal)",
     "Share of people whose temporary permit lapses who stay undocumented (the rest leave).",
     lo=0, hi=1)
_add("demography", "retirement_age", 65, "years", "estat_lfsa_ergan (working age 20-64)",
     "Age at which people leave working age (migrants leave the model; natives are replaced "
     "by young natives).", lo=55, hi=75)
_add("demography", "working_age_min", 18, "years", A + " (adults; the LFS indicators count "
     "from 20, indicators.LFS_AGES)", "Age from which people may look for work and enter the "
     "labour force.", lo=14, hi=25)
_add("demography", "study_months", 36.0, "months (mean)", A + " (a Belgian bachelor takes 3 years)",
     "Mean length of the studies of people admitted to study.", lo=1, hi=120)

# --------------------------------------------------------------------------- labour market
S = "labour_market"
_add(S, "employers", 150, "firms", A, "Number of mainstream employers.", lo=1, hi=50_000)
_add(S, "vacancy_share", 0.03, "share of jobs", A, "Share of positions vacant at start.",
     lo=0, hi=0.5)
_add(S, "separation_rate", 0.015, "per month", A + " (about 17% annual job turnover)",
     "Monthly probability that a mainstream job ends (then the position reopens).",
     lo=0, hi=0.2, calibrate=True, prior=(0.005, 0.04))
_add(S, "native_participation", 0.785, "share", f"estat_lfsa_ergan/urgan, NAT ({FITTED})",
     "Participation propensity of native men: the share in the labour force that entry and "
     "exit settle at without barriers (women: times women_participation_factor_natives).",
     lo=0.3, hi=1,
     calibrate=True, prior=(0.7, 0.9))
_add(S, "migrant_participation", 0.651, "share", f"estat_lfsa_ergan/urgan, BE NEU27 activity "
     f"about 54% ({FITTED})", "Participation propensity of migrant men once ready (women: times "
     "women_participation_factor_migrants; the rest are inactive: care duties, health, "
     "choice).", lo=0.1, hi=1, calibrate=True, prior=(0.3, 0.95))
_add(S, "migrant_separation_factor", 2.86, "multiplier", f"{A}: more temporary contracts "
     f"({FITTED})", "Job separation rate of migrants relative to natives.", lo=1, hi=5,
     calibrate=True, prior=(1.0, 4.0))
_add(S, "applications_per_month", 1.97, "applications", f"{A} ({FITTED})",
     "Open applications a full-time job seeker sends per month.", lo=0, hi=30,
     calibrate=True, prior=(1.0, 8.0))
_add(S, "callback_base", 0.125, "probability", "sources.md §3.e.4 (TEPP 2018-19: 12.5% "
     "success for European names)",
     "Probability that a qualified applicant without penalties is hired "
     "if a position is open.", lo=0, hi=1, calibrate=True, prior=(0.05, 0.4))
_add(S, "discrimination", 0.3, "callback penalty", "sources.md §3.e.4 (TEPP: 1 - 9.3/12.5 = "
     "0.26; DARES 31.5%; BE lower, Quillian et al. 2019)",
     "Mean share by which employers cut the callback rate of non-EU applicants.", lo=0, hi=0.95,
     calibrate=True, prior=(0.1, 0.5),
     # the two French estimates (0.26, 0.315; France: another country), sd wide enough for
     # Belgium's lower figures (Quillian et al. 2019)
     prior_shape=("normal", 0.29, 0.08))
_add(S, "shortage_discrimination_factor", 0.5, "multiplier", "sources.md §3.e.4 (Baert et "
     "al.: none in tight occupations; DARES 26% vs 34%)",
     "Discrimination in shortage sectors relative to others.", lo=0, hi=1)
_add(S, "referral_share_of_hiring", 0.269, "probability", "sources.md §1.2 (Calvó-Armengol & "
     f"Jackson 2004; {FITTED})", "Mean monthly probability that an employed person passes news "
     "of an opening at their workplace to each job-seeking contact (employers differ: "
     "Beta-distributed around this mean).", lo=0, hi=1, calibrate=True, prior=(0.05, 0.6))
_add(S, "referral_discrimination_discount", 0.6, "share", A + " (Tassier & Menczer)",
     "Share of the discrimination penalty removed when an applicant is referred.", lo=0, hi=1)
_add(S, "language_slope", 0.08, "level", f"{A}; {G} L220-224",
     "Width of the language screen: hiring odds fall smoothly below the job's threshold.",
     lo=0.01, hi=0.5)
_add(S, "local_experience_bonus", 0.5, "relative", f"{G} L1736-1741, L1993-1997",
     "Relative increase in callbacks for applicants with declared host-country work "
     "experience (including SSE).", lo=0, hi=3)
_add(S, "foreign_diploma_employer_share", 0.3, "share", f"{G} L225-230",
     "Share of employers who accept unrecognised foreign diplomas for skilled posts.",
     lo=0, hi=1)
_add(S, "diploma_recognition_rate", 0.005, "per month", f"{G} L225-230",
     "Monthly probability of diploma recognition without support (slow, costly, uncertain).",
     lo=0, hi=1)
_add(S, "sse_worker_search_intensity", 0.5, "relative", f"{G} L2333-2334 (second transition)",
     "Job-search effort of SSE workers looking for mainstream jobs, relative to a job seeker.",
     lo=0, hi=1)
_add(S, "overqualified_search_intensity", 0.02, "relative",
     "set so natives' overqualification lands near Belgium's 21% (Eurostat 2023, reported by "
     "De Tijd / Brussels Times; 0.38 with no on-the-job search, 0.11-0.13 with 0.05 in the "
     "steady state); direction: Sicherman 1991, J. Labor Econ. 9(2), overeducated workers "
     "move up to higher-level posts more often",
     "Search effort, relative to a job seeker, of a worker in a mainstream post below their "
     "education, for a post at a higher level (on-the-job search).", lo=0, hi=1)
_add(S, "course_search_intensity", 0.2, "relative", f"{G} L289-291, L1656-1659",
     "Job-search effort while in a full-time language or vocational course.", lo=0, hi=1)
_add(S, "informal_find_rate", 0.08, "per month", f"{G} L270-278, L2212-2215",
     "Monthly probability that a person without declared work finds informal work, scaled by "
     "the share of contacts in informal work.", lo=0, hi=1, calibrate=True,
     prior=(0.02, 0.3))
_add(S, "informal_exit_rate", 0.05, "per month", A, "Monthly probability that informal work ends.",
     lo=0, hi=1)
_add(S, "promise_rate", 0.2, "probability", f"{G} L2280-2282, L2302-2304",
     "Probability that an employer who would hire an undocumented applicant issues a promise "
     "of employment instead.", lo=0, hi=1)
_add(S, "promise_months", 6, "months", A, "Months a promise of employment stays valid.",
     lo=1, hi=36)
_add(S, "readiness_threshold", 0.5, "readiness 0-1", f"{G} L2179-2186",
     "Readiness needed to look for work (trauma, housing and childcare lower readiness).",
     lo=0, hi=1)
_add(S, "self_employment_rate", 0.002, "per month", f"{G} L1903-1905",
     "Monthly probability that a permit holder without a job starts as self-employed.",
     lo=0, hi=0.1)
_add(S, "self_employment_exit_rate", 0.02, "per month", "sources.md §3.d.1 (firm survival)",
     "Monthly probability that self-employment ends.", lo=0, hi=0.5)
_add(S, "informal_worker_search_intensity", 0.7, "relative", A,
     "Job-search effort of informal workers looking for declared work, relative to a job "
     "seeker without work.", lo=0, hi=1)
_add(S, "own_level_application_share", 0.6, "share of applications", A,
     "Share of open applications sent to posts at the level of one's education (the rest go "
     "to any open post).", lo=0, hi=1)
_add(S, "information_base", 0.4, "relative", f"{A}; {G} L220-224",
     "Share of openings a non-EU job seeker hears of with no host language at all.",
     lo=0, hi=1)
_add(S, "information_language_weight", 0.6, "relative", f"{A}; {G} L220-224",
     "Extra share of openings heard of per unit of host language (information access is "
     "information_base + this x language).", lo=0, hi=1)
_add(S, "lingua_franca_information_level", 0.5, "level 0-1", A,
     "Host-language level a widely spoken second language is worth for hearing of openings.",
     lo=0, hi=1)
_add(S, "underqualified_hire_factor", 0.05, "multiplier", A,
     "Hiring odds of an applicant whose counted education is below the post's level, "
     "relative to a qualified one.", lo=0, hi=1)
_add(S, "informal_need_undocumented", 1.0, "multiplier", f"{A}; {G} L270-278",
     "Relative propensity to take informal work of people without papers.", lo=0, hi=1)
_add(S, "informal_need_no_right_to_work", 0.7, "multiplier", A,
     "Relative propensity to take informal work of people with a status but no right to work "
     "yet (asylum seekers waiting).", lo=0, hi=1)
_add(S, "informal_need_legal", 0.15, "multiplier", A,
     "Relative propensity to take informal work of people with the right to work.", lo=0, hi=1)
_add(S, "informal_contact_base", 0.3, "share", A,
     "Informal work found without any informal-working contact, in units of the contact "
     "share (the find rate scales with this + the share of contacts in informal work).",
     lo=0, hi=1)
_add(S, "language_threshold_low", 0.3, "level 0-1 (A2)", f"{A}; {G} L220-224",
     "Mean host-language level low-level posts require.", lo=0, hi=1)
_add(S, "language_threshold_medium", 0.5, "level 0-1 (B1)", f"{A}; {G} L220-224",
     "Mean host-language level medium-level posts require.", lo=0, hi=1)
_add(S, "language_threshold_tertiary", 0.7, "level 0-1 (B2)", f"{A}; {G} L220-224",
     "Mean host-language level tertiary-level posts require.", lo=0, hi=1)
_add(S, "language_threshold_spread", 0.05, "level 0-1 (sd)", A,
     "Standard deviation of employers' language requirement around their level's mean.",
     lo=0, hi=0.5)
_add(S, "language_threshold_min", 0.1, "level 0-1", A,
     "Lowest language requirement an employer may have.", lo=0, hi=1)
_add(S, "language_threshold_max", 0.95, "level 0-1", A,
     "Highest language requirement an employer may have.", lo=0, hi=1)
_add(S, "discrimination_concentration", 10.0, "Beta concentration", A,
     "How tightly employers' discrimination clusters around its mean (Beta a + b): higher "
     "means more alike employers.", lo=0.1, hi=1000)
_add(S, "referral_beta_shape", 2.0, "Beta shape a", A,
     "First shape parameter of employers' referral propensity (Beta(a, b) with the registry "
     "mean): lower means more unequal employers.", lo=0.1, hi=100)
_add(S, "employer_size_sigma", 1.0, "log-sd", A,
     "Spread of employers' sizes (lognormal sigma) when the initial workforce is placed.",
     lo=0, hi=5)
_add(S, "initial_native_employment_share", 0.94, "share of active natives", A,
     "Share of natives in the labour force placed in a job at start (the rest search).",
     lo=0, hi=1)
_add(S, "initial_migrant_employment_base", 0.25, "probability", A,
     "Probability that a migrant with the right to work holds a job at start, on arrival.",
     lo=0, hi=1)
_add(S, "initial_migrant_employment_gain", 0.35, "probability", A,
     "Further probability of a job at start gained with time in the country "
     "(base + gain x (1 - exp(-months/initial_migrant_employment_months))).", lo=0, hi=1)
_add(S, "initial_migrant_employment_months", 36.0, "months", A,
     "Time scale of the gain in the initial probability of a job with time present.",
     lo=1, hi=600)
_add(S, "initial_shortage_weight", 3.0, "multiplier", f"{A}; {G} L254-262",
     "Tilt of migrants' initial jobs towards shortage sectors.", lo=1, hi=20)
_add(S, "initial_undocumented_informal_share", 0.4, "share", f"{A}; {G} L270-278",
     "Share of the initial undocumented stock in informal work at start.", lo=0, hi=1)
_add(S, "duration_callback_loss", 0.45, "share", "Kroft, Lange & Notowidigdo (2013, QJE), US "
     "correspondence test: callbacks fall sharply over the first 8 months of unemployment "
     "(magnitude as read there; another country, not in sources.md)",
     "Share of the callback odds lost by duration_loss_months of unemployment (skills "
     "depreciate and employers read the gap as a signal); linear in between, flat after.",
     lo=0, hi=1)
_add(S, "duration_loss_months", 8.0, "months", "Kroft, Lange & Notowidigdo (2013): most of "
     "the decline within 8 months (US)", "Months of unemployment over which the callback "
     "odds fall by duration_callback_loss.", lo=1, hi=120)
_add(S, "contact_loss_per_month", 0.01, "per month", A + " (sources.md §1.2: Calvó-Armengol & "
     "Jackson's duration dependence through networks)", "Monthly loss in the chance that an "
     "employed contact passes news of an opening, per month of unemployment (contacts "
     "depreciate out of work).", lo=0, hi=1)
_add(S, "post_share_low", 0.09, "share of employers", A + ": ISCO skill level 1 (ISCO 9, "
     "elementary occupations) about 9% of Belgian employment, as read in Eurostat lfsa_eisn1 "
     "(not in the shared data; check before relying on it)",
     "National share of employers whose typical post is low level; the sector mixes are "
     "rescaled to it.", lo=0, hi=1)
_add(S, "post_share_medium", 0.44, "share of employers", A + ": ISCO skill level 2 (ISCO 4-8) "
     "about 44% of Belgian employment, ISCO 1-3 about 47% (the rest), as read in Eurostat "
     "lfsa_eisn1 (not in the shared data; check before relying on it)",
     "National share of employers whose typical post is medium level (the rest: tertiary, "
     "ISCO 1-3); the sector mixes are rescaled to it.", lo=0, hi=1)
_add(S, "one_level_below_hire_factor", 0.7, "multiplier", A + " (ISCO-08 maps skill levels "
     "to education bands loosely: many posts of ISCO 1-3 and 4-8 are held one level below)",
     "Hiring odds of an applicant whose counted education is one level below the post's, "
     "relative to a qualified one (two levels below: underqualified_hire_factor).",
     lo=0, hi=1)
_add(S, "initial_tenure_max_months", 60, "months", A,
     "Jobs held at start began up to this many months before (uniform).", lo=1, hi=600)
_add(S, "sector_weight_care", 0.13, "relative weight", A,
     "Relative number of employers in care.", lo=0, hi=1)
_add(S, "sector_weight_construction", 0.08, "relative weight", A,
     "Relative number of employers in construction.", lo=0, hi=1)
_add(S, "sector_weight_cleaning", 0.06, "relative weight", A,
     "Relative number of employers in cleaning.", lo=0, hi=1)
_add(S, "sector_weight_catering", 0.07, "relative weight", A,
     "Relative number of employers in catering.", lo=0, hi=1)
_add(S, "sector_weight_manufacturing", 0.12, "relative weight", A,
     "Relative number of employers in manufacturing.", lo=0, hi=1)
_add(S, "sector_weight_retail", 0.15, "relative weight", A,
     "Relative number of employers in retail.", lo=0, hi=1)
_add(S, "sector_weight_logistics", 0.08, "relative weight", A,
     "Relative number of employers in logistics.", lo=0, hi=1)
_add(S, "sector_weight_public_admin", 0.16, "relative weight", A,
     "Relative number of employers in public admin.", lo=0, hi=1)
_add(S, "sector_weight_professional", 0.15, "relative weight", A,
     "Relative number of employers in professional.", lo=0, hi=1)
_add(S, "post_level_low_care", 0.6, "share of employers", A,
     "Share of care employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_care", 0.3, "share of employers", A,
     "Share of care employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_construction", 0.7, "share of employers", A,
     "Share of construction employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_construction", 0.25, "share of employers", A,
     "Share of construction employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_cleaning", 0.9, "share of employers", A,
     "Share of cleaning employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_cleaning", 0.1, "share of employers", A,
     "Share of cleaning employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_catering", 0.8, "share of employers", A,
     "Share of catering employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_catering", 0.2, "share of employers", A,
     "Share of catering employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_manufacturing", 0.5, "share of employers", A,
     "Share of manufacturing employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_manufacturing", 0.4, "share of employers", A,
     "Share of manufacturing employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_retail", 0.5, "share of employers", A,
     "Share of retail employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_retail", 0.45, "share of employers", A,
     "Share of retail employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_logistics", 0.6, "share of employers", A,
     "Share of logistics employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_logistics", 0.35, "share of employers", A,
     "Share of logistics employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_public_admin", 0.1, "share of employers", A,
     "Share of public admin employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_public_admin", 0.4, "share of employers", A,
     "Share of public admin employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)
_add(S, "post_level_low_professional", 0.05, "share of employers", A,
     "Share of professional employers whose typical post is of low level.", lo=0, hi=1)
_add(S, "post_level_medium_professional", 0.35, "share of employers", A,
     "Share of professional employers whose typical post is of medium level (the "
     "rest: tertiary).", lo=0, hi=1)

# --------------------------------------------------------------------------- participation
S = "participation"
_add(S, "readiness_trauma_weight", 0.6, "readiness per unit of trauma", f"{A}; {G} L2179-2186",
     "Readiness lost per unit of trauma.", lo=0, hi=1)
_add(S, "readiness_housing_weight", 0.3, "readiness", f"{A}; {G} L1366-1368, L2184-2185",
     "Readiness lost without stable housing.", lo=0, hi=1)
_add(S, "readiness_childcare_weight", 1.0, "readiness", f"{G} L1402-1404, L1960-1962",
     "Readiness lost by a mother with an unmet childcare need; 1 makes the need binding (no "
     "search, no work until care is found), as the guide describes it.", lo=0, hi=1)
_add(S, "trauma_residual", 0.05, "trauma 0-1", A,
     "Trauma below this level no longer counts (set to 0).", lo=0, hi=1)
_add(S, "women_participation_factor_migrants", 0.638, "multiplier",
     "estat_lfsa_ergan/urgan BE 2019, NEU27: activity (employment / (1 - unemployment)) "
     f"women 37.8%, men 71.1%, ratio 0.53 (of which childcare explains part; {FITTED})",
     "Participation propensity of migrant women relative to migrant men, beyond the childcare "
     "need modelled explicitly (other care duties, norms, health).", lo=0, hi=1.5,
     calibrate=True, prior=(0.3, 1.0))
_add(S, "women_participation_factor_natives", 0.92, "multiplier",
     "estat_lfsa_ergan/urgan BE 2019, NAT: activity women 71.4%, men 79.2%, ratio 0.90 "
     f"({TUNED})", "Participation propensity of native women relative to native men, beyond "
     "the childcare need modelled explicitly.", lo=0, hi=1.5, calibrate=True, prior=(0.7, 1.1))
_add(S, "withdrawal_rate", 0.04, "per month", A + " (order of magnitude of the quarterly "
     "unemployment-to-inactivity flows in Eurostat's LFS flow statistics, lfsi_long_q, not in "
     "the shared data)", "Monthly probability that a job seeker without work leaves the labour "
     "force; inactive people who are ready re-enter at the rate that balances their group's "
     "mean exit hazard at the group's propensity q (mean exit x q / (1 - q)).", lo=0, hi=1)
_add(S, "employed_withdrawal_rate", 0.005, "per month", A + " (order of magnitude of the "
     "quarterly employment-to-inactivity flows in lfsi_long_q, not in the shared data)",
     "Monthly probability that a worker leaves work and the labour force for other reasons "
     "than a birth (health, care of others, return to study).", lo=0, hi=1)
_add(S, "discouragement_months", 12, "months", "ILO/Eurostat long-term unemployment "
     "(12 months or more)", "Months of search after which discouragement adds to withdrawal.",
     lo=1, hi=120)
_add(S, "discouragement_rate", 0.03, "per month", A,
     "Extra monthly probability of leaving the labour force after discouragement_months of "
     "search (discouraged workers).", lo=0, hi=1)

# --------------------------------------------------------------------------- households
S = "households"
_add(S, "birth_rate_migrants", 0.008, "per woman-month", A + " (non-EU women's fertility in "
     "Belgium above the national 1.6 children per woman; about 2.5 children over ages 18-44)",
     "Monthly probability that a migrant woman of childbearing age has a child.", lo=0, hi=0.1)
_add(S, "birth_rate_natives", 0.005, "per woman-month", A + " (Belgian total fertility about "
     "1.6 children per woman, spread over ages 18-44)",
     "Monthly probability that a native woman of childbearing age has a child.", lo=0, hi=0.1)
_add(S, "birth_age_min", 18.0, "years", A, "Youngest age at which births are drawn.",
     lo=14, hi=30)
_add(S, "birth_age_max", 45.0, "years", A, "Age from which no births are drawn.", lo=30, hi=55)
_add(S, "childcare_need_months", 30, "months", "sources.md, Belgian table (childcare under 3: "
     "nursery school from age 2.5)", "Months after a birth during which the child needs "
     "care (then nursery school takes over).", lo=1, hi=72)
_add(S, "birth_care_arranged_share", 0.6, "share", A + " (formal childcare under 3 in Belgium "
     "about 36%, EIGE/Eurostat ilc_caindformal in sources.md, plus family care)",
     "Share of working mothers who arrange care at the birth and keep their work; the others "
     "leave it and look for care.", lo=0, hi=1)

# --------------------------------------------------------------------------- network
S = "network"
_add(S, "mean_degree", 8.0, "ties", A, "Mean number of ties per person at start.", lo=1, hi=50)
_add(S, "homophily", 0.8, "share", f"{G} L263-269, L1811-1813",
     "Share of a migrant's ties within their own origin group.", lo=0, hi=1)
_add(S, "native_tie_share", 0.15, "share", f"{G} L263-269",
     "Share of a migrant's initial ties that reach natives (rises with language).", lo=0, hi=1)
_add(S, "tie_decay_rate", 0.01, "per month", A, "Monthly probability that a tie lapses.",
     lo=0, hi=0.2)
_add(S, "coworker_tie_rate", 0.3, "probability", A + " (ties formed at work)",
     "Probability that a new hire forms a tie with a coworker in the first month.", lo=0, hi=1)
_add(S, "native_tie_language_floor", 0.5, "multiplier", f"{A}; {G} L263-269 (bridging ties "
     "grow with language)", "The chance that a migrant's new tie reaches a native is "
     "native_tie_share times (this + language level): this multiplier at language 0, rising "
     "by 1 over the language scale.", lo=0, hi=2)

# --------------------------------------------------------------------------- language
S = "language"
_add(S, "course_gain_per_hour", 0.0015, "level per hour", "sources.md, Belgian rules "
     "(language-course hours: Flanders reaches A2 after 90-600 h, 240 h for low-educated "
     "learners); A2 is level 0.3 here, and 1 - exp(-0.0015 x 240) = 0.30",
     "Language gain per hour of classroom instruction, times the distance to level 1 (a "
     "course or the instruction hours of a placement).", lo=0, hi=0.02)
_add(S, "course_hours_per_month", 20.0, "hours per month", "sources.md, Belgian rules "
     "(Wallonia: at least 400 h of French within 18 months, about 22 h a month)",
     "Hours of instruction a month in a classroom language course.", lo=0, hi=200)
_add(S, "placement_work_gain_per_hour", 0.00015, "level per hour", f"{A}: twice the "
     "exposure of an ordinary job (work_gain over about 165 hours a month) for job-language "
     f"coaching at work; {G} L1656-1659, L2111-2118, L2802-2805 (learning the job's language "
     "in immersion) give no figure",
     "Language gain per hour of work-based learning in an integrated placement, times the "
     "distance to level 1.", lo=0, hi=0.02)
_add(S, "work_gain", 0.012, "level per month", f"{G} L1811-1813",
     "Monthly gain from working with native speakers (mainstream job; half in SSE).",
     lo=0, hi=0.1)
_add(S, "network_gain", 0.004, "level per month", A,
     "Monthly gain at a 100% share of native contacts.", lo=0, hi=0.1)
_add(S, "course_dropout_rate", 0.03, "per month", f"{G} L1796-1798 (Kokkola attrition)",
     "Base monthly dropout from classroom courses.", lo=0, hi=0.5, calibrate=True,
     prior=(0.005, 0.1))
_add(S, "dropout_fatigue", 1.0, "per year in course", f"{G} L1656-1659 (demotivation)",
     "Relative rise of classroom dropout per year spent in the course.", lo=0, hi=5)
_add(S, "training_gain_factor", 0.3, "multiplier", A,
     "Language gain in vocational training, relative to a language course's monthly gain.",
     lo=0, hi=1)
_add(S, "informal_work_gain_factor", 0.2, "multiplier", f"{A}; {G} L270-278 (informal work "
     "among co-nationals)", "Language gain from informal work, relative to work_gain.",
     lo=0, hi=1)
_add(S, "sse_work_gain_factor", 0.5, "multiplier", f"{A}; {G} L1811-1813",
     "Language gain from work in an SSE enterprise, relative to work_gain (mainstream work).",
     lo=0, hi=1)
_add(S, "self_employed_gain_factor", 0.5, "multiplier", A,
     "Language gain from self-employment, relative to work_gain.", lo=0, hi=1)

# --------------------------------------------------------------------------- cooperatives
S = "cooperatives"
_add(S, "initial_cooperatives", 7, "cooperatives",
     "the baseline's steady state (model/steady_state.csv: 6.75 active enterprises per seed "
     "for 1,973 migrants with issue 11's accounts; tests/test_stationary.py keeps the two in "
     "step); national scale: sources.md §3.d.3 (IAE 3,700 structures)",
     "SSE enterprises active at start (in a town of population.migrants migrants).",
     lo=0, hi=2000)
_add(S, "initial_communities", 2, "communities", "sources.md §3.c.2 (122 Emmaüs communities)",
     "Solidarity communities (OACAS-type) at start; they may host undocumented members.",
     lo=0, hi=500)
_add(S, "formation_rate", 0.04, "collectives per 100 free migrants per month",
     f"{G} L1998-2005, L2187-2191", "Rate at which collectives of migrants without declared "
     "work formalise as cooperatives.", lo=0, hi=1, calibrate=True, prior=(0.002, 0.05))
_add(S, "founders_min", 3, "persons", f"{G} L2079-2092 (Barikama: 7)", "Smallest founding group.",
     lo=2, hi=20)
_add(S, "founders_max", 8, "persons", f"{G} L2361-2417 (Diomcoop: 17)", "Largest founding group.",
     lo=2, hi=40)
_add(S, "max_members", 25, "persons", A, "Largest membership of an enterprise.", lo=2, hi=500)
_add(S, "community_capacity", 41, "persons", "sources.md §3.c.2 (5,000 companions / 122 "
     "communities)",
     "Places in a solidarity community.", lo=2, hi=500)
_add(S, "productivity_eur", 4500.0, "EUR per member-month", A + " (sales per worker in "
     "catering and cleaning)",
     "Value produced by a member with full language and experience.", lo=100, hi=20_000,
     calibrate=True, prior=(2500.0, 7000.0))
_add(S, "mature_market_eur", 30_000.0, "EUR per month", A,
     "Monthly private demand a mature enterprise can sell to.", lo=1000, hi=1_000_000)
_add(S, "market_learning_months", 30.0, "months", f"{G} L1480-1482, L1522-1525",
     "Time for a young enterprise to learn market codes and build its client base.", lo=1,
     hi=240)
_add(S, "initial_market_access", 0.5, "share", f"fitted to SINE 2006 (France: another country; "
     f"sources.md A5, 3.d.1) with premises_eur and founders_capital_eur; {G} L1480-1482",
     "Share of mature demand a new enterprise reaches.", lo=0, hi=1)
_add(S, "demand_volatility", 0.15, "sd of log demand", A, "Month-to-month demand noise.",
     lo=0, hi=1)
_add(S, "wage_eur", 1950.0, "EUR per month", A + " (Belgian minimum wage, about EUR 1,955 in 2023)",
     "Gross monthly pay of a declared SSE worker.", lo=500, hi=6000)
_add(S, "employer_cost_factor", 1.25, "multiplier", "sources.md, Belgian table (employer social "
     "contributions: headline 25% since 1 Jan 2018, Partena)",
     "Labour cost of a declared worker over gross pay.", lo=1, hi=2)
_add(S, "allowance_eur", 350.0, "EUR per month", A + " (OACAS 'financial support', guide "
     "L2288-2297, gives no amount)",
     "Allowance of a member without a work permit (solidarity activity).", lo=0, hi=2000)
_add(S, "offbook_pay_share", 1.25, "share of a declared member's gross pay", f"{A} (members "
     "share the labour budget equally: an off-book member takes in cash what a declared one "
     f"costs with employer contributions, a 'fair remuneration', {G} L2250-2252)",
     "Cash pay of an enterprise member without the right to work (off-book: no formal account "
     "or subsidy may pay it, guide L2244-2252), as a share of a declared member's gross pay at "
     "the same pay level.", lo=0, hi=2)
_add(S, "offbook_sales_share", 0.5, "share of private demand", f"{A}; {G} L2244-2252 (billing "
     "services of people without work permits is complicated)",
     "Share of an enterprise's private demand it can serve without an invoice: off-book work "
     "sells only there, and never to public buyers.", lo=0, hi=1)
_add(S, "offbook_inspection_rate", 0.005, "per month", A + " (about 6% a year: the chance that "
     "the social inspection detects off-book work in an enterprise that has some)",
     "Monthly probability that an enterprise employing members without the right to work is "
     "inspected and sanctioned.", lo=0, hi=1)
_add(S, "offbook_fine_eur", 25_000.0, "EUR per off-book worker", "assumption within the Belgian "
     "range (Social Penal Code art. 175, level-4 sanction: administrative fine EUR 300-3,000 x 8 "
     "surcharge per worker, plus back pay and contributions for a presumed 3 months, Directive "
     "2009/52/EC art. 6; not in sources.md, to be checked)",
     "Sanction per off-book worker found, charged to the enterprise's reserve; the workers "
     "found must leave it.", lo=0, hi=1e6)
_add(S, "offbook_contract_ban_months", 60, "months", "Directive 2009/52/EC art. 7(1)(b) "
     "(exclusion from public contracts for up to 5 years; not in sources.md, to be checked)",
     "Months a sanctioned enterprise receives no revenue from public contracts or direct "
     "orders.", lo=0, hi=240)
_add(S, "community_sales_eur", 750.0, "EUR per member-month", A + " (Emmaus-type shops sell "
     "donated goods; demand is not the limit)", "Sales a solidarity community makes per member.",
     lo=0, hi=10_000)
_add(S, "community_cost_eur", 300.0, "EUR per member-month", f"{G} L2288-2297 (OACAS: "
     "housing, support and financial aid)", "Housing and upkeep a solidarity community "
     "provides to each member.", lo=0, hi=5000)
_add(S, "premises_eur", 700.0, "EUR per month", "fitted to SINE 2006 (France: another country; "
     f"sources.md A5; 800 before incomes and membership were merged, refitted after: "
     f"`tremplin coop-survival baseline --seeds 20 --months 180`); {G} L1822-1825 (a city "
     f"helps with premises; no monthly figure)",
     "Premises and fixed costs of an enterprise (or community) a month.", lo=0, hi=50_000)
_add(S, "materials_share", 0.3, "share of revenue", A, "Material costs per euro sold.",
     lo=0, hi=0.9)
_add(S, "founders_capital_eur", 20_000.0, "EUR", "fitted to SINE 2006 (France: another country; "
     "sources.md A5)", "Cash the founders bring (savings, loans, in-kind equipment).", lo=0,
     hi=1e6)
_add(S, "failure_months", 9, "months", A,
     "Consecutive months with the reserve exhausted and pay below underpaid_threshold of the "
     "wage (or debts it cannot pay) after which a cooperative is wound up.", lo=1, hi=60)
_add(S, "reserve_cap_months", 6.0, "months of costs", A + " (a prudent cash buffer; no legal "
     "cap)", "Largest reserve an enterprise keeps, in months of this month's costs; a surplus "
     "beyond it is invested in sales effort.", lo=0, hi=60)
_add(S, "account_initial_pay_level", 1.0, "share of the wage", A,
     "Pay level (share of wage_eur) a new enterprise starts from; it is cut when cash is "
     "short and raised again from surplus.", lo=0, hi=1)
_add(S, "account_invest_demand_per_eur", 0.1, "EUR of monthly demand per EUR invested",
     A + " (with account_demand_decay, a euro of sales effort brings about EUR 3 of sales "
     "over the clients' lifetime)",
     "Private demand a euro of investment in sales effort adds each month.", lo=0, hi=1)
_add(S, "account_demand_decay", 0.03, "per month", A,
     "Monthly decay of the demand won by past investment (clients drift away).", lo=0, hi=1)
_add(S, "unpaid_exit_rate", 0.15, "per unpaid month", f"{G} L2244-2247, L2702-2704",
     "Monthly probability that a member who was not paid leaves for informal work.",
     lo=0, hi=1)
_add(S, "member_exit_rate", 0.01, "per month", A, "Other monthly exits of members.", lo=0, hi=0.5)
_add(S, "eligibility_share", 0.3, "share of workers", "sources.md §3.d.2 (Dir. 2014/24/EU art. 20; "
     "Belgian law of 17 June 2016: at least 30% of staff)",
     "Share of an enterprise's declared workers who are disabled or disadvantaged that makes it "
     "eligible for reserved contracts (members without the right to work are not employees).",
     lo=0, hi=1)
_add(S, "join_long_unemployed_months", 12, "months", "sources.md §3.d.2 (Conacee: narrower "
     "national criteria allowed); 12 months is the Eurostat/ILO long-term unemployment "
     "threshold the indicators use",
     "A person with the right to work whose current unemployment spell is at least this long "
     "counts as disadvantaged (long-term unemployed); a member keeps the spell they had when "
     "they joined.", lo=1, hi=120)
_add(S, "join_disabled_share", 0.06, "share of people", A + " (order of magnitude of a "
     "recognised disability among working-age adults; no Belgian figure in sources.md)",
     "Share of people, migrants and natives alike, drawn at entry as having a recognised "
     "disability (disadvantaged for reserved contracts; no other effect is modelled).",
     lo=0, hi=1)
_add(S, "join_native_factor", 0.5, "multiplier", A + " (natives have wider outside options "
     "and fewer ties to migrant collectives)",
     "Probability that a national or EU citizen accepts an SSE offer (through a contact or the "
     "public employment service), relative to a migrant with papers.", lo=0, hi=1)
_add(S, "sse_promise_rate", 0.05, "per month", f"{G} L2399-2403 (training route)",
     "Monthly probability that a solvent enterprise promises a contract to an undocumented member.",
     lo=0, hi=1)
_add(S, "output_language_weight", 0.6, "share of output", A,
     "Share of a member's output that depends on host-language level: a member produces "
     "productivity_eur times (1 - this + this x language).", lo=0, hi=1)
_add(S, "trained_output_bonus", 0.15, "relative", f"{A}; {G} L1937-1991 (vocational "
     "training)", "Relative rise in a member's output after vocational training or a "
     "placement.", lo=0, hi=2)
_add(S, "staffing_output_floor", 0.5, "share of productivity_eur", A,
     "Output per member used to size recruitment is at least this share of a full member's.",
     lo=0.05, hi=1)
_add(S, "recruit_paid_threshold", 0.9, "share of pay", A,
     "An enterprise recruits only if it paid at least this share of last month's pay bill.",
     lo=0, hi=1)
_add(S, "max_recruits_per_month", 3, "persons", A,
     "Most members an enterprise or community takes on in one month.", lo=1, hi=100)
_add(S, "accept_enterprise", 0.6, "probability", A,
     "Probability that a contact with papers accepts an offer to join an enterprise.", lo=0,
     hi=1)
_add(S, "accept_community", 0.2, "probability", A,
     "Probability that a contact with papers accepts an offer to join a solidarity community.",
     lo=0, hi=1)
_add(S, "accept_enterprise_undocumented", 0.15, "probability", f"{A}; {G} L2248-2250 (no "
     "formal pay without papers)", "Probability that a contact without papers accepts to "
     "join an enterprise (as an unpaid member).", lo=0, hi=1)
_add(S, "accept_community_undocumented", 0.4, "probability", f"{A}; {G} L2288-2297",
     "Probability that a contact without papers accepts to join a solidarity community.",
     lo=0, hi=1)
_add(S, "accept_community_towards_permit", 0.9, "probability", f"{A}; {G} L2277-2284 "
     "(OACAS activity counts towards a permit)", "The same when the national regime counts "
     "community activity towards a permit (oacas): people anticipate it.", lo=0, hi=1)
_add(S, "accept_employment_service", 0.6, "probability", A + " (as likely as a referred "
     "recruit)", "Probability that a job seeker with papers takes an SSE opening posted at "
     "the public employment service.", lo=0, hi=1)
_add(S, "profit_smoothing", 0.1, "weight per month", A,
     "Weight of the current month in the smoothed profit (an exponential moving average) "
     "that decides autonomy.", lo=0.01, hi=1)
_add(S, "autonomy_months", 12, "months", A,
     "Age from which an enterprise without subsidy and with non-negative smoothed profit "
     "counts as autonomous.", lo=0, hi=120)
_add(S, "underpaid_threshold", 0.5, "share of pay", f"{A}; {G} L2244-2247",
     "A member paid less than this share of their pay in a month counts as unpaid.",
     lo=0, hi=1)
_add(S, "min_members", 2, "persons", A,
     "An enterprise or community with fewer members is wound up.", lo=1, hi=20)
_add(S, "initial_community_fill", 0.5, "share of capacity", A,
     "Occupancy of a solidarity community already there at start.", lo=0, hi=1)
_add(S, "initial_community_undocumented_weight", 5.0, "relative odds", f"{A}; {G} L2288-2297",
     "Odds that a person without papers, rather than one with papers, is among the members of "
     "a community already there at start.", lo=1, hi=100)
_add(S, "initial_community_age_min", 60, "months", "sources.md §3.c.2 (long-established "
     "Emmaus communities; range assumption)",
     "Youngest age of a community already there at start (ages drawn uniformly).", lo=0,
     hi=600)
_add(S, "initial_community_age_max", 239, "months", A,
     "Oldest age of a community already there at start.", lo=0, hi=600)
_add(S, "initial_enterprise_age_min", 6, "months", A,
     "Youngest age of an enterprise already there at start (ages drawn uniformly).", lo=0,
     hi=600)
_add(S, "initial_enterprise_age_max", 59, "months", A,
     "Oldest age of an enterprise already there at start.", lo=0, hi=600)

# --------------------------------------------------------------------------- incomes
S = "incomes"
BE = "sources.md, Belgian table"
_add(S, "wage_low_eur", 2443.0, "EUR per month (gross)", f"{BE} (Statbel 2022: bottom decile "
     "of full-time earnings; cleaners, waiters < 2,700)",
     "Gross monthly wage of a full-time mainstream post of low skill level.", lo=500, hi=20_000)
_add(S, "wage_medium_eur", 3728.0, "EUR per month (gross)", f"{BE} (Statbel 2022: median "
     "full-time earnings)", "Gross monthly wage of a full-time mainstream post of medium "
     "skill level.", lo=500, hi=20_000)
_add(S, "wage_tertiary_eur", 6155.0, "EUR per month (gross)", f"{BE} (Statbel: mean 4,076 "
     "(2022) x 1.51, the master's premium of 2016; an upper value for all tertiary posts)",
     "Gross monthly wage of a full-time mainstream post of tertiary skill level.", lo=500,
     hi=30_000)
_add(S, "minimum_wage_eur", 2070.48, "EUR per month (gross)", f"{BE} (GMMMI, May 2024)",
     "Guaranteed minimum monthly wage: the floor of every declared wage and the wage of an "
     "Article 60 contract.", lo=0, hi=10_000)
_add(S, "worker_contribution_rate", 0.1307, "share of gross wage", A + " (Belgian personal "
     "social-security contribution, 13.07%; not in sources.md; the low-wage work bonus and "
     "income tax are left out)",
     "Share of a declared gross wage withheld as the worker's social contributions: incomes "
     "are net of it (not of income tax).", lo=0, hi=0.5)
_add(S, "informal_pay_eur", 900.0, "EUR per month",
     A + " (undeclared work pays well below the minimum wage)",
     "Monthly pay of informal (undeclared) work.", lo=0, hi=5000)
_add(S, "ris_cohabitant_eur", 858.97, "EUR per month", f"{BE} (integration income from 1 May "
     "2024, cohabitant)", "Integration income (RIS / leefloon) of a person living with "
     "others.", lo=0, hi=5000)
_add(S, "ris_single_eur", 1288.46, "EUR per month", f"{BE} (integration income from 1 May "
     "2024, single)", "Integration income of a person living alone.", lo=0, hi=5000)
_add(S, "ris_family_eur", 1741.29, "EUR per month", f"{BE} (integration income from 1 May "
     "2024, with dependent family)", "Integration income of a person with a dependent child.",
     lo=0, hi=5000)
_add(S, "cohabitant_share", 0.5, "share", A + " (household composition is not modelled)",
     "Share of adults without a dependent child who live with others (the cohabitant rate of "
     "the integration income applies to them; the others are single).", lo=0, hi=1)
_add(S, "dependent_child_months", 216, "months", A + " (a child is dependent until 18)",
     "Age of the youngest child until which a parent receives the family rate.", lo=0, hi=300)
_add(S, "ub_window_short_months", 21, "months", f"{BE} (312 days of work in 21 months, under "
     "36)", "Shortest reference period of the unemployment-insurance work condition.", lo=1,
     hi=42)
_add(S, "ub_required_short_months", 12, "months of declared work", f"{BE} (312 days of a "
     "6-day week = 12 months)", "Months of declared work needed within the shortest period.",
     lo=0, hi=42)
_add(S, "ub_window_middle_months", 33, "months", f"{BE} (468 days in 33 months)",
     "Middle reference period of the work condition.", lo=1, hi=42)
_add(S, "ub_required_middle_months", 18, "months of declared work", f"{BE} (468 days = 18 "
     "months)", "Months of declared work needed within the middle period.", lo=0, hi=42)
_add(S, "ub_window_long_months", 42, "months", f"{BE} (624 days in 42 months)",
     "Longest reference period of the work condition (the record kept covers it).", lo=1,
     hi=42)
_add(S, "ub_required_long_months", 24, "months of declared work", f"{BE} (624 days = 24 "
     "months)", "Months of declared work needed within the longest period.", lo=0, hi=42)
_add(S, "ub_age_middle", 36, "years", f"{BE} (from 36 the shortest period no longer applies)",
     "Age from which the shortest reference period no longer qualifies.", lo=18, hi=75)
_add(S, "ub_age_long", 50, "years", f"{BE} (from 50 only the longest period qualifies)",
     "Age from which only the longest reference period qualifies.", lo=18, hi=75)
_add(S, "ub_replacement_first", 0.65, "share of reference wage", f"{BE} (65% at first)",
     "Unemployment benefit as a share of the last gross wage in the first months.", lo=0, hi=1)
_add(S, "ub_first_months", 3, "months", f"{BE} (falling after 3 months)",
     "Months paid at the first replacement rate.", lo=0, hi=60)
_add(S, "ub_replacement_later", 0.60, "share of reference wage", A + " (sources.md says the "
     "rate falls after 3 and 6 months without the level; 60% is the Belgian rate of months "
     "4-12 as commonly quoted)", "Replacement rate after the first months.", lo=0, hi=1)
_add(S, "ub_wage_cap_eur", 3365.19, "EUR per month (gross)", f"{BE} (reference wage cap, May "
     "2024)", "Cap on the reference wage of the unemployment benefit.", lo=0, hi=20_000)
_add(S, "ub_base_months", 12, "months", f"{BE} (2025-26 reform: 12 months + up to 12)",
     "Months of unemployment benefit of every entitlement.", lo=0, hi=600)
_add(S, "ub_extra_months_max", 12, "months", f"{BE} (reform: up to 12 more months); one "
     "more month per year since the first declared job after the first is an assumption",
     "Most extra months of benefit a long career adds.", lo=0, hi=600)
_add(S, "reservation_margin_eur", 150.0, "EUR per month", A + " (costs of working: transport, "
     "childcare, the benefit trap)", "An offer is accepted only if it pays at least current "
     "income plus this margin (unless the social services press, activation_pressure).",
     lo=0, hi=2000)
_add(S, "aspiration_share", 0.6, "share of own-level wage", f"{A}; {G} L224-230 (people "
     "would rather work at their level)", "While a benefit pays for the search, a person "
     "refuses a post below their education unless it pays at least this share of the net "
     "wage of a post at their level.", lo=0, hi=1.5)
_add(S, "activation_pressure", 0.5, "probability per offer", f"{A}; {G} L224-230 (pressure "
     "exerted by social services to enter the labour market as quickly as possible)",
     "Probability that a person on the integration income must accept an offer they would "
     "refuse (a post below their level or below their reservation income).", lo=0, hi=1)

# --------------------------------------------------------------------------- municipality
S = "municipality"
_add(S, "budget_eur_per_migrant_year", 1500.0, "EUR per migrant per year", A,
     "Yearly inclusion budget, per migrant present at start; when a year's spending reaches it, "
     "no new grants, pairs, course seats or placements are committed until the next year.",
     lo=0, hi=1e6)
_add(S, "procurement_eur_per_year", 1_500_000.0, "EUR per year", f"{G} L1499-1519",
     "Municipal purchases in sectors SSE enterprises can serve (catering, cleaning, events...).",
     lo=0, hi=1e10)
_add(S, "lot_eur_per_year", 60_000.0, "EUR per year", A, "Size of one procurement lot.",
     lo=1000, hi=1e8)
_add(S, "contract_months", 12, "months", A, "Duration of a procurement contract.", lo=1, hi=120)
_add(S, "lot_labour_share", 0.6, "share of lot value", A,
     "Share of a lot's value spent on labour: a firm that wins a lot creates this share of the "
     "lot's value over the monthly cost of one worker in positions (at least one).", lo=0, hi=1)
for _sector, _w in (("catering", 0.3), ("cleaning", 0.35), ("care", 0.1), ("logistics", 0.15),
                   ("retail", 0.1)):
    _add(S, f"lot_sector_weight_{_sector}", _w, "relative weight", A + f" ({G} L1474-1482, "
         "L2229-2235: catering, cleaning and events; no municipal purchasing mix by sector in "
         "sources.md)", f"Relative share of the municipal purchases SSE enterprises can serve "
         f"that falls in {_sector}: the chance a new lot is a {_sector} lot.", lo=0, hi=1)
_add(S, "lot_other_sector_min_workers", 3, "persons", A + " (a team able to deliver the lot)",
     "A cooperative bids only for lots in the sectors it works in: its own, and any other SSE "
     "sector in which at least this many of its declared workers have their trade.", lo=1,
     hi=100)
_add(S, "open_win_chance", 0.05, "probability", f"{G} L1479-1482, L1493-1494",
     "Chance that a mature cooperative wins an open-competition lot against firms (scaled by "
     "its market access).", lo=0, hi=1)
_add(S, "course_cost_eur", 250.0, "EUR per seat-month", A, "Cost of a language course seat.",
     lo=0, hi=10_000)
_add(S, "course_seats_per_1000", 40.0, "seats per 1,000 migrants", A,
     "Language-course seats (linear pathway) per 1,000 migrants in the initial stock.",
     lo=0, hi=1000)
_add(S, "course_take_up", 0.08, "per month", f"{G} L1114-1120",
     "Monthly probability that an eligible person enrols when a seat is free.", lo=0, hi=1)
_add(S, "course_threshold", 0.5, "level (B1 = 0.5)", f"{G} L220-224",
     "Language level at which the linear pathway moves on to vocational training.", lo=0, hi=1)
_add(S, "vocational_months", 6, "months", f"{G} L1937-1991 (6-month programmes)",
     "Length of vocational training in the linear pathway.", lo=0, hi=36)
_add(S, "vocational_cost_eur", 400.0, "EUR per person-month", A, "Cost of vocational training.",
     lo=0, hi=10_000)
_add(S, "max_dropouts", 2, "dropouts", A,
     "People who dropped out of the pathway this many times are no longer enrolled.", lo=1,
     hi=20)
_add(S, "obligation_months", 36, "months", "Walloon integration pathway (parcours "
     "d'intégration): compulsory for non-EU foreigners with a permit of more than 3 months "
     "who have lived in Belgium for less than 3 years (Code wallon de l'action sociale, art. "
     "152; not in sources.md, to be checked); Flanders and Brussels (compulsory since 2022) "
     "have similar rules",
     "Permit holders who arrived less than this long ago are obliged to follow the integration "
     "pathway (below the threshold level); others with a residence right may.", lo=0, hi=240)
_add(S, "obliged_take_up", 0.3, "per month", "sources.md, Belgian rules (Brussels: register "
     "within 6 months); 0.3 a month enrols 88% within 6 months (assumption)",
     "Monthly probability that a person obliged to follow the pathway enrols when a seat is "
     "free (people who may but need not enrol: course_take_up).", lo=0, hi=1)
_add(S, "course_commitment_months", 6, "months", A,
     "Months of a course seat the budget must cover before a person is enrolled (the linear "
     "pathway; a placement commits its full length).", lo=1, hi=36)

# --------------------------------------------------------------------------- regularisation
S = "regularisation"
REGIMES = ("none", "humanitarian", "oacas", "arraigo", "work_based")
_add(S, "regime", "humanitarian", "-", "sources.md §3.c; facts.md §2 #53-57",
     "The national route to a permit, besides case-by-case discretionary regularisation: "
     "'humanitarian' has no other route; 'none' closes the discretionary route too.",
     choices=REGIMES)
_add(S, "preset", "belgium_9bis", "-", "sources.md §3.c",
     "Named rule set; its values fill the fields below unless the scenario sets them.",
     choices=("custom", "belgium_9bis", "valls_circular", "ceseda_l435_2", "state_emmaus",
              "arraigo_2011", "arraigo_2025", "barcelona_work"))
_add(S, "discretionary_min_presence_months", 60, "months", "sources.md §3.c.5 (Belgium: 5 "
     "years cited)", "Months of presence before a case-by-case (humanitarian) application has "
     "a chance.", lo=0, hi=240)
_add(S, "discretionary_application_rate", 0.02, "per month", A,
     "Monthly probability that an eligible person files a discretionary application.", lo=0,
     hi=1)
_add(S, "discretionary_approval_probability", 0.1, "probability", "sources.md §3.c.5 (BE 2014: "
     "fewer than 1,000 humanitarian regularisations)",
     "Probability that a discretionary application is approved.", lo=0, hi=1)
_add(S, "min_presence_months", 60, "months", f"{G} L2273-2282 (Valls: five years)",
     "Months of presence the regime's own route requires.", lo=0, hi=240)
_add(S, "min_activity_months", 0, "months", f"{G} L2277-2278, L2284, L2301-2302",
     "Months of continuous activity in an approved solidarity organisation required (oacas).",
     lo=0, hi=120)
_add(S, "promise_required", False, "-", f"{G} L2280-2282, L2302-2304",
     "Whether the oacas route also requires a promise of employment (arraigo always requires "
     "a contract; work_based a contract or SSE experience).")
_add(S, "work_experience_months", 0, "months", f"{G} L2399-2403",
     "Months of declared (SSE) work accepted instead of a contract (work_based).", lo=0, hi=120)
_add(S, "application_rate", 0.3, "per month", A, "Monthly probability that a person who meets "
     "the route's conditions files an application.", lo=0, hi=1)
_add(S, "approval_probability", 0.6, "probability", f"{G} L2310-2312 (639 applications, "
     "'majority positive')", "Probability that an application on the regime's route is "
     "approved (the prefect's discretion).", lo=0, hi=1)
_add(S, "processing_months", 9, "months", A, "Months between application and decision.",
     lo=0, hi=60)
_add(S, "in_force_before_start", False, "-", A,
     "Whether the regime already applied before month 0 (status quo) rather than being a reform "
     "that starts with the policy period; during the burn-in the default preset applies "
     "otherwise.")
_add(S, "permit_months", 12, "months", "sources.md §3.c.2 (1-year temporary permit)",
     "Validity of a first temporary permit.", lo=1, hi=120)
_add(S, "renewal_probability_working", 0.95, "probability", A,
     "Probability a work permit, or a regularised permit, is renewed when the holder has "
     "declared work.", lo=0, hi=1)
_add(S, "renewal_probability_not_working", 0.5, "probability", A + " (renewal rule of a "
     "granted 9bis card not confirmed: sources.md 'Belgian rules')",
     "Probability a regularised permit is renewed without declared work (work, family, study "
     "and protection follow their own rules).", lo=0, hi=1)
_add("regularisation", "renewal_months", 24, "months", A + " (twice the first permit's validity)",
     "Validity of a renewed temporary permit.", lo=1, hi=120)
_add("regularisation", "work_permit_grace_months", 3, "months", "sources.md 'Belgian rules' "
     "(single permit after job loss: about 90 days to find a new employer; Propay, BDO 2019)",
     "Months a work-permit holder may stay without declared work before the permit is "
     "revoked; a work permit is renewed only with a job.", lo=0, hi=24)
_add("regularisation", "family_permit_months", 12, "months", "sources.md 'Belgian rules' "
     "(Myria, family reunification: card renewed yearly for 5 years)",
     "Validity of a renewed family-reunification permit.", lo=1, hi=120)
_add("regularisation", "family_renewal_probability", 0.95, "probability", A + " (renewal "
     "depends on the sponsor's means, not the holder's job: Myria; means are not modelled)",
     "Probability a family-reunification permit is renewed at expiry.", lo=0, hi=1)
_add("regularisation", "study_permit_months", 12, "months", "sources.md 'Belgian rules' "
     "(student permit: one academic year)", "Validity of a renewed student permit.",
     lo=1, hi=120)
_add("regularisation", "study_renewal_probability", 0.9, "probability", A + " (renewed on "
     "study progress, studyinbelgium.be via sources.md 'Belgian rules')",
     "Probability a student permit is renewed at expiry while the holder studies.", lo=0, hi=1)
_add("regularisation", "search_year_months", 12, "months", "sources.md 'Belgian rules' "
     "(12-month search year after graduation since Aug 2021)",
     "Months a graduate may stay to find work; with declared work at its end the permit "
     "becomes a work permit, otherwise it lapses.", lo=0, hi=36)

# --------------------------------------------------------------------------- levers
S = "reserved_procurement"
_add(S, "enabled", False, "-", f"{G} L1483-1498; sources.md §3.d.2",
     "Reserve part of municipal procurement for eligible SSE enterprises.", lever=True)
_add(S, "reserved_share", 0.3, "share of procurement", f"{G} L1483-1498 (Brussels: obligatory)",
     "Share of the procurement volume reserved for eligible enterprises.", lo=0, hi=1, lever=True)
_add(S, "direct_orders_eur_per_month", 0.0, "EUR per month", f"{G} L1474-1482, L2229-2235",
     "Regular municipal orders placed directly with SSE enterprises (Grigny, Barcelona).",
     lo=0, hi=1e7, lever=True)
_add(S, "award_rule", "capacity", "-", A,
     "How a reserved lot is awarded: to the eligible enterprise with most spare capacity, or "
     "by lottery among eligible enterprises.", choices=("capacity", "lottery"), lever=True)
_add(S, "price_premium", 0.05, "share", A + " (fewer bidders on a "
     "reserved lot; Dir. 2014/24 art. 20 keeps the award criteria; no price comparison in "
     "sources.md)",
     "Price of a reserved lot above that of the same lot let openly, as a share of the open "
     "price; the city pays the "
     "difference (booked as reserved-procurement spending). At 0, reserving costs the city "
     "nothing in cash.", lo=0, hi=1, lever=True)

S = "subsidy"
_add(S, "enabled", False, "-", f"{G} L1339-1347, L2385-2388",
     "Tapering start-up support for new cooperatives (Diomcoop).", lever=True)
_add(S, "launch_grant_eur", 25_000.0, "EUR", f"{G} L2407-2409 (Diomcoop: about EUR 25,000)",
     "One-off grant paid when a cooperative is founded.", lo=0, hi=1e6, lever=True)
_add(S, "start_share", 0.95, "share of costs", f"{G} L1340-1343, L2385-2386",
     "Share of the enterprise's eligible declared costs (declared pay with employer "
     "contributions, materials, premises; never off-book pay) the city pays in the first "
     "month.", lo=0, hi=1, lever=True)
_add(S, "end_share", 0.0, "share of costs", f"{G} L1340-1343 (0%) vs L2385-2386 (40%)",
     "Share paid in the last subsidised month (0 or 0.4 in the guide).", lo=0, hi=1, lever=True)
_add(S, "duration_months", 36, "months", f"{G} L1340-1343 (three years)",
     "Months over which the share tapers; support stops after.", lo=1, hi=120, lever=True)
_add(S, "shape", "linear", "-", "facts.md §8.9 (shape not specified)",
     "Linear monthly taper or yearly steps.", choices=("linear", "yearly_steps"), lever=True)

S = "seconded_staff"
_add(S, "enabled", False, "-", f"{G} L2409-2410 (the City Council provided workers to "
     "strengthen Diomcoop's team)", "The city seconds staff to new SSE enterprises.", lever=True)
_add(S, "staff_per_enterprise", 1.0, "full-time equivalents", A + " (the guide gives no number)",
     "Staff the city seconds to each enterprise founded while the lever is on.", lo=0, hi=20,
     lever=True)
_add(S, "months", 36, "months", A + " (as long as the subsidy taper, guide L1340-1343)",
     "Months from its founding during which an enterprise has seconded staff.", lo=1, hi=240,
     lever=True)
_add(S, "output_share", 1.0, "share of productivity_eur", A + " (a municipal employee who "
     "speaks the language)", "Output of one seconded full-time worker, as a share of a full "
     "member's (cooperatives.productivity_eur); declared work, so it can serve contracts.",
     lo=0, hi=2, lever=True)
_add(S, "cost_eur_per_fte_month", 2_500.0, "EUR per FTE-month", "sources.md, Belgian table "
     "(minimum wage EUR 2,030-2,070 a month in 2024, plus 25% employer contributions)",
     "What a seconded worker costs the city a month.", lo=0, hi=20_000, lever=True)

S = "customer_help"
_add(S, "enabled", False, "-", f"{G} L2410-2411 (the city puts Diomcoop in contact with "
     "customers)", "The city helps new SSE enterprises find customers.", lever=True)
_add(S, "learning_speedup", 2.0, "multiplier", A + " (the guide gives no effect size)",
     "How much faster a helped enterprise learns its market (reaches private demand).", lo=1,
     hi=10, lever=True)
_add(S, "months", 36, "months", A, "Months from its founding during which an enterprise is "
     "helped.", lo=1, hi=240, lever=True)
_add(S, "cost_eur_per_enterprise_month", 500.0, "EUR per enterprise-month", A + " (part of a "
     "business adviser's time)", "What helping one enterprise costs the city a month.", lo=0,
     hi=20_000, lever=True)

S = "pathway"
_add(S, "mode", "linear", "-", f"{G} L287-291, L1656-1659, L2111-2118, L2802-2805",
     "Linear (language course, then vocational training, then job search) or integrated "
     "(job language and skills learned together in a placement).",
     choices=("linear", "integrated"), lever=True)
_add(S, "placement_months", 9, "months", f"{G} L2053-2056 (9-month programmes)",
     "Length of an integrated placement.", lo=1, hi=36, lever=True)
_add(S, "placement_seats_per_1000", 40.0, "seats per 1,000 migrants", A,
     "Integrated placements available per 1,000 migrants in the initial stock.", lo=0, hi=1000,
     lever=True)
_add(S, "placement_cost_eur", 450.0, "EUR per person-month", A,
     "Cost of a placement (coaching, job-language tutor).", lo=0, hi=10_000, lever=True)
_add(S, "placement_dropout_rate", 0.015, "per month", f"{G} L1796-1802 (INTEGRA)",
     "Monthly dropout from integrated placements.", lo=0, hi=0.5, lever=True)
_add(S, "placement_hours_per_month", 120.0, "hours per month", A + " (about 28 hours a week, "
     "below the full-time 38)", "Hours a month a person spends in an integrated placement, "
     "split between job-language instruction and work.", lo=1, hi=200, lever=True)
_add(S, "placement_instruction_share", 0.2, "share of placement hours", f"{A}; {G} "
     "L2111-2118 (language learned at work, in immersion)",
     "Share of a placement's hours spent in job-language instruction (gaining "
     "language.course_gain_per_hour); the rest is work-based learning "
     "(language.placement_work_gain_per_hour).", lo=0, hi=1, lever=True)

S = "one_stop_shop"
_add(S, "enabled", False, "-", f"{G} L1106-1162", "A municipal one-stop shop for migrants.",
     lever=True)
_add(S, "delay_factor", 0.7, "multiplier", f"{G} L1114-1120 (no figure given)",
     "Administrative delays (regularisation processing, diploma recognition) are multiplied "
     "by this.", lo=0.1, hi=1, lever=True)
_add(S, "take_up_factor", 1.5, "multiplier", f"{G} L1108-1126 (no figure given)",
     "Take-up of courses and procedures is multiplied by this.", lo=1, hi=5, lever=True)
_add(S, "cost_eur_per_month", 25_000.0, "EUR per month", A, "Running cost.", lo=0, hi=1e7,
     lever=True)

S = "mentoring"
_add(S, "enabled", False, "-", f"{G} L1749-1754 (Duo for a Job)",
     "Pairs of a job seeker and an experienced native from the same sector.", lever=True)
_add(S, "pairs_per_month_per_1000", 2.0, "pairs per 1,000 migrants", A,
     "New mentoring pairs formed each month.", lo=0, hi=100, lever=True)
_add(S, "cost_eur_per_pair", 1500.0, "EUR per pair", A, "Cost of one pairing.", lo=0, hi=1e5,
     lever=True)
_add(S, "mentee_max_age", 36, "years", f"{G} L1749-1754 (Duo for a Job: 'young "
     "jobseekers'; the cut-off is an assumption)",
     "Mentees are younger than this.", lo=18, hi=65, lever=True)
_add(S, "mentor_min_age", 50, "years", f"{G} L1749-1754 (Duo for a Job: mentors over 50)",
     "Mentors are natives in mainstream work at least this old.", lo=18, hi=70, lever=True)
_add(S, "pair_months", 6, "months", f"{G} L1276-1284 (Kodiko: 6-month pairing)",
     "Length of a mentoring pair; the mentee is not paired again before it ends.", lo=1,
     hi=36, lever=True)

S = "anti_discrimination"
_add(S, "enabled", False, "-", f"{G} L1472-1473 (Ghent testing, clauses)",
     "Anti-discrimination clauses in municipal contracts.", lever=True)
_add(S, "clause_effect", 0.5, "share", A,
     "Share of an employer's discrimination removed while it holds a municipal contract.",
     lo=0, hi=1, lever=True)

S = "third_place"
_add(S, "enabled", False, "-", f"{G} L1563-1634, L1662-1719, L2911-2915",
     "A third place / migration hub: meeting, coworking and incubation.", lever=True)
_add(S, "bridging_ties_per_1000", 5.0, "ties per 1,000 migrants per month", f"{G} L1564-1569",
     "New migrant-native ties formed there each month.", lo=0, hi=200, lever=True)
_add(S, "formation_factor", 2.0, "multiplier", f"{G} L1662-1719 (incubation)",
     "Collectives formalise this much faster with an incubator.", lo=1, hi=10, lever=True)
_add(S, "learning_factor", 0.6, "multiplier", f"{G} L1674-1683",
     "Market-learning time of incubated enterprises is multiplied by this.", lo=0.1, hi=1,
     lever=True)
_add(S, "cost_eur_per_month", 15_000.0, "EUR per month", A, "Running cost.", lo=0, hi=1e7,
     lever=True)

S = "social_assistance"
_add(S, "enabled", False, "-", f"{G} L1537-1541",
     "Keep the integration income of people who join an SSE enterprise or community.",
     lever=True)
_add(S, "kept_months", 12, "months", A + f" ({G} L1537-1541 gives no duration)",
     "Months after joining during which a former recipient keeps the integration income.",
     lo=0, hi=120, lever=True)
_add(S, "unpaid_exit_factor", 0.3, "multiplier", f"{G} L1537-1541",
     "Exit of unpaid members with papers (who keep assistance that month) is multiplied by "
     "this.", lo=0, hi=1, lever=True)

S = "skills_recognition"
_add(S, "enabled", False, "-", f"{G} L225-230, L1755-1769 (skills radar)",
     "Help with diploma recognition and skills assessment.", lever=True)
_add(S, "recognition_rate", 0.04, "per month", A,
     "Monthly probability that a tertiary or medium diploma is recognised with support.",
     lo=0, hi=1, lever=True)
_add(S, "cost_eur_per_case", 600.0, "EUR", A, "Cost per recognised diploma.", lo=0, hi=1e5,
     lever=True)

S = "childcare"
_add(S, "enabled", False, "-", f"{G} L1402-1404, L1960-1962",
     "Municipal childcare places for migrant mothers without care.", lever=True)
_add(S, "places_per_1000", 20.0, "places per 1,000 migrants", A,
     "Childcare places the municipality funds per 1,000 migrants in the initial stock.",
     lo=0, hi=500, lever=True)
_add(S, "take_up", 0.5, "per month", A,
     "Monthly probability that a mother waiting for care takes a free place.", lo=0, hi=1,
     lever=True)
_add(S, "cost_eur_per_place_month", 1200.0, "EUR per place-month", A + " (order of the "
     "public cost of a subsidised crèche place in Belgium; not in sources.md)",
     "Cost of one occupied place for a month.", lo=0, hi=10_000, lever=True)


REGISTRY: dict[str, Param] = {p.key: p for p in _P}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(p.section for p in _P))
LEVER_SECTIONS: tuple[str, ...] = tuple(
    s for s in SECTIONS if all(p.lever for p in _P if p.section == s)
)


# --------------------------------------------------------------------------- rules across fields
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ShareGroup:
    """Shares of one draw (one uniform number per person against their running sum); the rest
    of the people fall in ``rest``. The sum may not exceed 1 (to within ``SHARE_TOLERANCE``):
    above it the last shares would silently lose people to the first ones."""

    keys: tuple[str, ...]
    rest: str

    def allowed(self) -> str:
        """The rule, for error messages and docs."""
        return (f"shares that add up to at most 1 (to within {SHARE_TOLERANCE:g}); "
                f"the rest is {self.rest}")


SHARE_GROUPS: tuple[ShareGroup, ...] = (
    ShareGroup(("labour_market.post_share_low", "labour_market.post_share_medium"),
               "employers with tertiary-level posts"),
    *(ShareGroup((f"labour_market.post_level_low_{s}", f"labour_market.post_level_medium_{s}"),
                 f"{s.replace('_', ' ')} employers with tertiary-level posts")
      for s in ("care", "construction", "cleaning", "catering", "manufacturing", "retail",
                "logistics", "public_admin", "professional")),
    ShareGroup(("population.share_tertiary", "population.share_medium"),
               "low education"),
    ShareGroup(("population.arrival_share_undocumented", "population.arrival_share_asylum"),
               "arrivals with a first permit"),
    ShareGroup(("population.permit_share_employment", "population.permit_share_education"),
               "permits for family and other reasons"),
    ShareGroup(("population.initial_share_undocumented", "population.initial_share_asylum",
                "population.initial_share_protected", "population.initial_share_long_term"),
               "temporary permits"),
)

# (smaller, larger): pairs drawn as a range, ``integers(smaller, larger + 1)``
ORDERED: tuple[tuple[str, str], ...] = (
    ("cooperatives.founders_min", "cooperatives.founders_max"),
    ("cooperatives.initial_community_age_min", "cooperatives.initial_community_age_max"),
    ("cooperatives.initial_enterprise_age_min", "cooperatives.initial_enterprise_age_max"),
    ("labour_market.language_threshold_min", "labour_market.language_threshold_max"),
)


def section_params(section: str) -> list[Param]:
    """Parameters of one scenario section, in registry order."""
    return [p for p in _P if p.section == section]


def defaults() -> dict[str, dict[str, Any]]:
    """The default scenario as nested ``{section: {name: value}}``."""
    out: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    for p in _P:
        out[p.section][p.name] = p.default
    return out


@dataclass
class RegimePreset:
    """A named national regularisation rule set (sources.md §3.c)."""

    regime: str
    values: dict[str, Any] = field(default_factory=dict)
    source: str = ""


PRESETS: dict[str, RegimePreset] = {
    "belgium_9bis": RegimePreset(
        "humanitarian",
        {"discretionary_min_presence_months": 60, "discretionary_application_rate": 0.02,
         "discretionary_approval_probability": 0.1, "processing_months": 12},
        "sources.md §3.c.5: art. 9bis Aliens Act, discretionary; < 1,000 a year in 2014"),
    "valls_circular": RegimePreset(
        "oacas",
        {"min_presence_months": 60, "min_activity_months": 36, "promise_required": True,
         "approval_probability": 0.6, "processing_months": 6, "application_rate": 0.3},
        "guide L2273-2282: >= 5 years presence, >= 3 years Emmaus activity, job promise"),
    "ceseda_l435_2": RegimePreset(
        "oacas",
        {"min_presence_months": 36, "min_activity_months": 36, "promise_required": False,
         "approval_probability": 0.6, "processing_months": 6, "application_rate": 0.3},
        "guide L2282-2287, L2306-2312; sources.md §3.c.2: 3 years uninterrupted activity"),
    "state_emmaus": RegimePreset(
        "oacas",
        {"min_presence_months": 60, "min_activity_months": 12, "promise_required": True,
         "approval_probability": 0.6, "processing_months": 6, "application_rate": 0.3},
        "guide L2299-2304: >= 5 years presence, >= 12 months OACAS, promise of employment"),
    "arraigo_2011": RegimePreset(
        "arraigo",
        {"min_presence_months": 36, "min_activity_months": 0, "promise_required": True,
         "approval_probability": 0.7, "processing_months": 4, "application_rate": 0.3},
        "sources.md §3.c.1: arraigo social before the reform: 3 years + contract"),
    "arraigo_2025": RegimePreset(
        "arraigo",
        {"min_presence_months": 24, "min_activity_months": 0, "promise_required": True,
         "approval_probability": 0.7, "processing_months": 3, "application_rate": 0.3},
        "sources.md §3.c.1: reform of May 2025: 2 years + contract"),
    "barcelona_work": RegimePreset(
        "work_based",
        {"min_presence_months": 24, "min_activity_months": 0, "promise_required": False,
         "work_experience_months": 12, "approval_probability": 0.7, "processing_months": 4,
         "application_rate": 0.3},
        "guide L2399-2403: a contract or documented professional experience counts; the 24 "
        "months of presence and 12 months of experience are assumptions"),
}
