"""Monthly indicators, with Eurostat definitions where one exists.

Employment and unemployment rates are for ages 20-64, as in lfsa_ergan / lfsa_urgan. Declared
paid work means a mainstream job, self-employment, or paid work in an SSE enterprise; informal
work and the solidarity activity of people without papers are not declared paid work.
"""

from __future__ import annotations

import numpy as np

from .labour_market import job_seekers
from .population import NEVER, Citizenship, Education, Pathway, Status, Work

INDICATORS: dict[str, str] = {
    "month": "Month of the simulation (0 = policy start).",
    "migrants_present": "Non-EU migrants of working age present.",
    "employment_rate": "Share of non-EU migrants aged 20-64 in declared paid work.",
    "employment_rate_regular": "Same among permit holders (protected, temporary, long-term): the "
                               "comparator for Eurostat lfsa_ergan NEU27_2020_FOR.",
    "unemployment_rate": "Job seekers without any work / labour force (declared, informal and "
                         "unemployed), non-EU migrants aged 20-64.",
    "unemployment_rate_regular": "Same among permit holders (comparator for lfsa_urgan).",
    "natives_employment_rate": "Employment rate of nationals aged 20-64 (lfsa_ergan NAT).",
    "natives_unemployment_rate": "Unemployment rate of nationals aged 20-64 (lfsa_urgan NAT).",
    "mainstream_employment_rate": "Share of migrants 20-64 employed by mainstream employers.",
    "sse_employment_rate": "Share of migrants 20-64 in paid work in an SSE enterprise.",
    "informal_work_rate": "Share of migrants 20-64 in informal (undeclared) work.",
    "regularisation_rate": "Share of people undocumented on arrival, present now, who hold a "
                           "permit.",
    "undocumented_share": "Share of migrants present without residence status.",
    "overqualification_rate": "Share of tertiary-educated migrants in declared work whose job is "
                              "below tertiary level.",
    "mean_language_level": "Mean host-language level of migrants (0-1; B1 = 0.5).",
    "coops_active": "Cooperatives and solidarity communities active.",
    "coop_survival_rate": "Share of all cooperatives ever founded that are still active.",
    "municipal_spend_eur": "Cumulative municipal spending on the levers (EUR).",
    "sse_springboard_rate": "Of people who left an SSE job at least 6 months ago, share in "
                            "declared mainstream work 6 months after leaving.",
    "long_term_unemployment_share": "Share of unemployed migrants searching for 12 months or "
                                    "more.",
    "coop_survival_36m": "Share of cooperatives that reached 36 months of age among those "
                         "founded in the simulation at least 36 months ago (cooperatives "
                         "already there at start are left out: their early failures are "
                         "unobserved).",
    "coop_survival_60m": "Same at 60 months.",
    "in_language_course_share": "Share of migrants in a classroom course or vocational training.",
    "in_placement_share": "Share of migrants in an integrated placement.",
    "pathway_employment_rate": "Share in declared paid work among migrants present who entered "
                               "the municipal pathway (course or placement) since month 0.",
    "employment_rate_women": "Employment rate of migrant women 20-64.",
    "employment_rate_men": "Employment rate of migrant men 20-64.",
    "employment_rate_arrived_undocumented": "Employment rate of people undocumented on arrival.",
    "employment_rate_arrived_asylum": "Employment rate of people who arrived as asylum seekers.",
    "employment_rate_arrived_permit": "Employment rate of people who arrived with a permit.",
    "employment_rate_years_0_1": "Employment rate 0-1 years after arrival.",
    "employment_rate_years_2_3": "Employment rate 2-3 years after arrival.",
    "employment_rate_years_4_5": "Employment rate 4-5 years after arrival.",
    "employment_rate_years_6_9": "Employment rate 6-9 years after arrival.",
    "employment_rate_years_10_plus": "Employment rate 10 or more years after arrival.",
}

COUNTS = frozenset({"month", "migrants_present", "coops_active"})
YEAR_BANDS = (("0_1", 0, 2), ("2_3", 2, 4), ("4_5", 4, 6), ("6_9", 6, 10), ("10_plus", 10, 999))


def _rate(num: np.ndarray, den: np.ndarray) -> float:
    d = np.count_nonzero(den)
    return np.count_nonzero(num & den) / d if d else float("nan")


def compute(m) -> dict[str, float]:
    """All indicators for the current month, from masks computed once."""
    p, month = m.people, m.month
    present = p.col("present")
    cit = p.col("citizenship")
    birth = p.col("birth_month")
    work_all = p.col("work")
    pw_all = p.col("pathway")
    declared_all = m.declared()
    seeking = np.zeros(p.n, dtype=bool)
    seeking[job_seekers(m)[0]] = True
    in_course_all = (pw_all == Pathway.LANGUAGE_COURSE) | (pw_all == Pathway.VOCATIONAL_TRAINING)
    # unemployed: looking for work and not working at all (informal work is work, even if
    # undeclared; a course taken full time is inactivity in the LFS sense)
    unemployed_all = seeking & (work_all == Work.NONE) & ~in_course_all
    wa_all = present & (birth <= month - 20 * 12) & (birth > month - 65 * 12)
    nat = wa_all & (cit == Citizenship.NATIONAL)
    active_all = declared_all | unemployed_all | (work_all == Work.INFORMAL)
    # everything else is about migrants present: work on their rows only
    mi = np.flatnonzero(present & (cit == Citizenship.NON_EU))
    wa, declared, unemployed, active = (x[mi] for x in (wa_all, declared_all, unemployed_all,
                                                         active_all))
    work, pw, in_course = work_all[mi], pw_all[mi], in_course_all[mi]
    status = p.status[mi]
    every = np.ones(len(mi), dtype=bool)
    regular = (status >= Status.PROTECTED) & (status <= Status.LONG_TERM_PERMIT)
    out: dict[str, float] = {"month": month, "migrants_present": int(np.count_nonzero(wa))}
    out["employment_rate"] = _rate(declared, wa)
    out["employment_rate_regular"] = _rate(declared, wa & regular)
    out["unemployment_rate"] = _rate(unemployed, wa & active)
    out["unemployment_rate_regular"] = _rate(unemployed, wa & regular & active)
    out["natives_employment_rate"] = _rate(declared_all, nat)
    out["natives_unemployment_rate"] = _rate(unemployed_all, nat & active_all)
    out["mainstream_employment_rate"] = _rate(work == Work.MAINSTREAM, wa)
    out["sse_employment_rate"] = _rate(declared & (work == Work.SSE), wa)
    out["informal_work_rate"] = _rate(work == Work.INFORMAL, wa)
    soa = p.status_on_arrival[mi]
    out["regularisation_rate"] = _rate(status != Status.UNDOCUMENTED,
                                       soa == Status.UNDOCUMENTED)
    out["undocumented_share"] = _rate(status == Status.UNDOCUMENTED, every)
    tertiary = (p.education[mi] == Education.TERTIARY) & declared
    out["overqualification_rate"] = _rate(p.job_level[mi] < Education.TERTIARY, tertiary)
    out["mean_language_level"] = float(p.language[mi].mean()) if len(mi) else float("nan")
    c = m.cooperatives
    alive = c.active[: c.n]
    out["coops_active"] = int(alive.sum())
    out["coop_survival_rate"] = float(alive.mean()) if c.n else float("nan")
    out["municipal_spend_eur"] = m.municipality.total_spent
    out["sse_springboard_rate"] = (m.springboard[1] / m.springboard[0] if m.springboard[0]
                                   else float("nan"))
    since = p.searching_since[mi]
    out["long_term_unemployment_share"] = _rate((since != NEVER) & (month - since >= 12),
                                                unemployed & wa)
    age_c = month - c.founded_month[: c.n]
    lifetime = np.where(alive, age_c, c.ended_month[: c.n] - c.founded_month[: c.n])
    observed = c.in_sim[: c.n]  # founded in the simulation: observed from birth
    for horizon in (36, 60):
        old_enough = observed & (age_c >= horizon)
        out[f"coop_survival_{horizon}m"] = (float((lifetime[old_enough] >= horizon).mean())
                                            if old_enough.any() else float("nan"))
    out["in_language_course_share"] = _rate(in_course, every)
    out["in_placement_share"] = _rate(pw == Pathway.PLACEMENT, every)
    out["pathway_employment_rate"] = _rate(declared, p.pathway_entry_month[mi] >= 0)
    female = p.sex_female[mi]
    out["employment_rate_women"] = _rate(declared, wa & female)
    out["employment_rate_men"] = _rate(declared, wa & ~female)
    out["employment_rate_arrived_undocumented"] = _rate(declared,
                                                        wa & (soa == Status.UNDOCUMENTED))
    out["employment_rate_arrived_asylum"] = _rate(declared, wa & (soa == Status.ASYLUM_SEEKER))
    out["employment_rate_arrived_permit"] = _rate(declared, wa & (soa >= Status.PROTECTED))
    months_here = month - p.arrival_month[mi]
    for name, lo, hi in YEAR_BANDS:
        band = (months_here >= lo * 12) & (months_here < hi * 12)
        out[f"employment_rate_years_{name}"] = _rate(declared, wa & band)
    return out


def summary_medians(m) -> dict[str, float]:
    """Medians of months to first declared job and to regularisation, among people who arrived
    after the policy start (so both durations are observed from arrival), with counts."""
    p = m.people
    mig = p.col("citizenship") == Citizenship.NON_EU
    arrived = mig & (p.col("arrival_month") >= 0)
    fj = p.col("first_job_month")
    got = arrived & (fj != NEVER)
    to_job = (fj - p.col("arrival_month"))[got]
    undoc = arrived & (p.col("status_on_arrival") == Status.UNDOCUMENTED)
    rm = p.col("regularised_month")
    reg = undoc & (rm != NEVER)
    to_reg = (rm - p.col("arrival_month"))[reg]
    return {
        "median_months_to_first_job": float(np.median(to_job)) if len(to_job) else float("nan"),
        "first_job_observed": int(got.sum()),
        "arrivals_observed": int(arrived.sum()),
        "median_months_to_regularisation": float(np.median(to_reg)) if len(to_reg)
        else float("nan"),
        "regularisations_observed": int(reg.sum()),
        "undocumented_arrivals_observed": int(undoc.sum()),
    }
