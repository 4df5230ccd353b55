"""The results table and the comparison with the design targets (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass

from .sizes import BASELINE, label

DESIGN_MONTHS = 120
MIB = 1024  # KiB per MiB


@dataclass(frozen=True)
class Target:
    """A design target: ``metric`` of the row for ``size`` must be at most ``limit``."""

    name: str
    size: str
    metric: str
    limit: float
    unit: str


TARGETS = (
    Target("Liège scale (40k migrants), 120 months: time", "40000", "total_s", 5.0, "s"),
    Target("Liège scale (40k migrants), 120 months: peak memory", "40000", "peak_mib",
           1024.0, "MiB"),
    Target("2,000-migrant town (baseline), 120 months: time", BASELINE, "total_s", 0.2, "s"),
)

COLUMNS = (
    # header, key, format
    ("size", "label", "{}"),
    ("migrants", "migrants", "{:,}"),
    ("people rows", "rows", "{:,}"),
    ("build s", "build_s", "{:.3f}"),
    ("run s", "run_s", "{:.3f}"),
    ("total s", "total_s", "{:.3f}"),
    ("migrant-mo/s", "migrant_months_per_s", "{:,.0f}"),
    ("row-mo/s", "row_months_per_s", "{:,.0f}"),
    ("ns/row-mo", "ns_per_row_month", "{:,.0f}"),
    ("peak MiB", "peak_mib", "{:,.1f}"),
    ("model MiB", "model_mib", "{:,.1f}"),
    ("target", "target", "{}"),
    ("ratio", "ratio", "{}"),
)


def derive(row: dict, months: int, import_peak_kib: float | None) -> dict:
    """Add the per-second, per-row and memory figures to an aggregated row."""
    scn = row["scenario"]
    run_s = max(row["run_s"], 1e-12)
    row["label"] = label(row["size"])
    row["migrants"] = scn["migrants"]
    row["migrant_months_per_s"] = scn["migrants"] * months / run_s
    row["row_months_per_s"] = row["rows"] * months / run_s
    row["ns_per_row_month"] = 1e9 * run_s / max(row["rows"] * months, 1)
    row["peak_mib"] = row["peak_kib"] / MIB
    row["model_mib"] = (None if import_peak_kib is None
                        else (row["peak_kib"] - import_peak_kib) / MIB)
    return row


def target_checks(rows: dict[str, dict]) -> list[dict]:
    """One entry per design target: measured value, limit, ratio (None if not measured)."""
    out = []
    for t in TARGETS:
        row = rows.get(t.size)
        value = None if row is None else row.get(t.metric)
        out.append({
            "target": t.name, "size": t.size, "metric": t.metric, "unit": t.unit,
            "limit": t.limit, "measured": value,
            "ratio": None if value is None else value / t.limit,
            "met": None if value is None else value <= t.limit,
        })
    return out


def _cell(fmt: str, value) -> str:
    return "-" if value is None else fmt.format(value)


def table(rows: list[dict], checks: list[dict]) -> str:
    """The results as a fixed-width text table; target ratios on the rows they concern."""
    by_size: dict[str, list[tuple[str, str]]] = {}
    for c in checks:
        if c["ratio"] is None:
            continue
        if c["unit"] == "MiB":
            limit = f"<={c['limit'] / 1024:g} GiB"
        else:
            limit = f"<={c['limit']:g} {c['unit']}"
        by_size.setdefault(c["size"], []).append((limit, f"{c['ratio']:.2f}x"))
    lines_in: list[list[str]] = []
    for row in rows:
        row_targets = by_size.get(row["size"], [])
        cells = {**row,
                 "target": ", ".join(t for t, _ in row_targets) or None,
                 "ratio": ", ".join(r for _, r in row_targets) or None}
        lines_in.append([_cell(fmt, cells.get(key)) for _, key, fmt in COLUMNS])
    heads = [h for h, _, _ in COLUMNS]
    widths = [max(len(h), *(len(r[i]) for r in lines_in)) if lines_in else len(h)
              for i, h in enumerate(heads)]
    left = {"size", "target", "ratio"}

    def fmt_line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if h in left else c.rjust(w)
                         for c, w, h in zip(cells, widths, heads, strict=True)).rstrip()

    lines = [fmt_line(heads), fmt_line(["-" * w for w in widths])]
    lines += [fmt_line(r) for r in lines_in]
    return "\n".join(lines)


def targets_text(checks: list[dict], months: int) -> str:
    lines = ["Design targets (ratio = measured / target; <= 1.00 meets it):"]
    for c in checks:
        if c["measured"] is None:
            lines.append(f"  {c['target']}: not measured (size {label(c['size'])} not run)")
            continue
        unit = c["unit"]
        verdict = "met" if c["met"] else "NOT met"
        lines.append(f"  {c['target']}: {c['measured']:,.3f} {unit} vs <= {c['limit']:g} {unit}"
                     f" -> {c['ratio']:.2f}x ({verdict})")
    if months != DESIGN_MONTHS:
        lines.append(f"  note: targets are stated for {DESIGN_MONTHS} months; this run stepped "
                     f"{months}, so the time ratios are indicative only")
    return "\n".join(lines)
