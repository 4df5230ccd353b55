"""Monthly indicators, with Eurostat definitions where one exists.

Employment and unemployment rates are for ages 20-64, as in lfsa_ergan / lfsa_urgan. Declared
paid work means a mainstream job, self-employment, or paid work in an SSE enterprise; informal
work and the solidarity activity of people without papers are not declared paid work.
"""

from __future__ import annotations

import numpy as np

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
                         "founded at least 36 months ago.",
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
    """All indicators for the current month, from shared masks (one pass)."""
    p, month = m.people, m.month
    present = p.col("present")
    cit = p.col("citizenship")
    birth = p.col("birth_month")
    wa = present & (birth <= month - 20 * 12) & (birth > month - 65 * 12)
    mig = present & (cit == Citizenship.NON_EU)
    mwa = mig & wa
    status = p.col("status")
    work = p.col("work")
    declared = m.declared()
    seekers = np.zeros(p.n, dtype=bool)
    rows, _ = m.job_seekers()
    seekers[rows] = True
    pw = p.col("pathway")
    in_course = (pw == Pathway.LANGUAGE_COURSE) | (pw == Pathway.VOCATIONAL_TRAINING)
    # unemployed: looking for work and not working at all (informal work is work, even if
    # undeclared; a course taken full time is inactivity in the LFS sense)
    unemployed = seekers & (work == Work.NONE) & ~in_course
    active = declared | unemployed | (work == Work.INFORMAL)
    regular = (status == Status.PROTECTED) | (status == Status.TEMPORARY_PERMIT) | (
        status == Status.LONG_TERM_PERMIT)
    out: dict[str, float] = {"month": month, "migrants_present": int(mwa.sum())}
    out["employment_rate"] = _rate(declared, mwa)
    out["employment_rate_regular"] = _rate(declared, mwa & regular)
    out["unemployment_rate"] = _rate(unemployed, mwa & active)
    out["unemployment_rate_regular"] = _rate(unemployed, mwa & regular & active)
    nat = wa & (cit == Citizenship.NATIONAL)
    out["natives_employment_rate"] = _rate(declared, nat)
    out["natives_unemployment_rate"] = _rate(unemployed, nat & active)
    out["mainstream_employment_rate"] = _rate(work == Work.MAINSTREAM, mwa)
    out["sse_employment_rate"] = _rate(declared & (work == Work.SSE), mwa)
    out["informal_work_rate"] = _rate(work == Work.INFORMAL, mwa)
    arrived_undoc = mig & (p.col("status_on_arrival") == Status.UNDOCUMENTED)
    out["regularisation_rate"] = _rate(status != Status.UNDOCUMENTED, arrived_undoc)
    out["undocumented_share"] = _rate(status == Status.UNDOCUMENTED, mig)
    tertiary = mig & (p.col("education") == Education.TERTIARY) & declared
    out["overqualification_rate"] = _rate(p.col("job_level") < Education.TERTIARY, tertiary)
    out["mean_language_level"] = float(p.col("language")[mig].mean()) if mig.any() else np.nan
    c = m.cooperatives
    active = c.active[: c.n]
    out["coops_active"] = int(active.sum())
    out["coop_survival_rate"] = float(active.mean()) if c.n else float("nan")
    out["municipal_spend_eur"] = m.municipality.total_spent
    out["sse_springboard_rate"] = (m.springboard[1] / m.springboard[0] if m.springboard[0]
                                   else float("nan"))
    since = p.col("searching_since")
    um = unemployed & mwa
    out["long_term_unemployment_share"] = _rate((since != NEVER) & (month - since >= 12), um)
    age_c = month - c.founded_month[: c.n]
    lifetime = np.where(active, age_c, c.ended_month[: c.n] - c.founded_month[: c.n])
    for horizon in (36, 60):
        old_enough = age_c >= horizon
        out[f"coop_survival_{horizon}m"] = (float((lifetime[old_enough] >= horizon).mean())
                                            if old_enough.any() else float("nan"))
    out["in_language_course_share"] = _rate(in_course, mig)
    out["in_placement_share"] = _rate(pw == Pathway.PLACEMENT, mig)
    out["pathway_employment_rate"] = _rate(declared, mig & (p.col("pathway_entry_month") >= 0))
    female = p.col("sex_female")
    out["employment_rate_women"] = _rate(declared, mwa & female)
    out["employment_rate_men"] = _rate(declared, mwa & ~female)
    soa = p.col("status_on_arrival")
    out["employment_rate_arrived_undocumented"] = _rate(declared,
                                                        mwa & (soa == Status.UNDOCUMENTED))
    out["employment_rate_arrived_asylum"] = _rate(declared, mwa & (soa == Status.ASYLUM_SEEKER))
    out["employment_rate_arrived_permit"] = _rate(declared, mwa & (soa >= Status.PROTECTED))
    years = (month - p.col("arrival_month")) / 12.0
    for name, lo, hi in YEAR_BANDS:
        out[f"employment_rate_years_{name}"] = _rate(declared, mwa & (years >= lo) & (years < hi))
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
