"""A comparison as plain text: what ``inspector-kit destinations`` prints and exports can quote.

Figures carry their counts ("0.0% (0/215)") so an inspector can see how small a percentage's base is;
bands carry their p-values; every figure that is not reported says why.
"""
from __future__ import annotations

from inspector_kit.destinations.model import SchoolComparison, band_label, pct
from inspector_kit.destinations.reference import period_label
from inspector_kit.destinations.schema import MEASURES

STAGE_NAMES = {"ks4": "key stage 4", "16-18": "16-18"}


def _count(fig) -> str:
    if fig is None or fig.count is None or fig.cohort is None:
        return ""
    return f" ({fig.count:.0f}/{fig.cohort:.0f})"


def _p(value) -> str:
    if value is None:
        return ""
    return "p<0.001" if value < 0.001 else f"p={value:.3f}"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def comparison_text(c: SchoolComparison) -> str:
    """The comparison as an inspector reads it: measures, three-year view, gap, findings, notes."""
    cohort = "suppressed" if c.cohort is None else f"{c.cohort:.0f}"
    lines = [
        f"{c.school_name} (URN {c.urn}): {STAGE_NAMES.get(c.stage, c.stage)} destinations, {c.year} ({c.version or 'version not stated'})",
        f"{c.la_name} ({c.la_code}) | {c.institution_group} | {c.institution_type} | cohort {cohort}",
        f"Breakdown: {c.breakdown}" + ("" if c.cohort_level_group == "Total" else f" | {c.cohort_level_group}")
        + f" | compared with England and LA figures for {c.comparison_group}",
        "",
    ]
    rows = [["Measure", "School", "95% interval", "LA", "England", "vs England", "Band"]]
    for m in c.measures:
        interval = f"{m.interval[0]:.1f}-{m.interval[1]:.1f}" if m.interval else ""
        diff = "" if m.diff_england_pp is None else f"{m.diff_england_pp:+.1f} pp"
        band = m.band_label if m.reported else f"not reported: {m.reason}"
        if m.reported:
            band += f" ({_p(m.p_value)})"
        rows.append([m.label, pct(m.school.percentage) + _count(m.school) if m.school.percentage is not None else "-",
                     interval, pct(m.la.percentage) if m.la else "-", pct(m.england.percentage) if m.england else "-",
                     diff, band])
    lines += _table(rows)
    la_reasons = {m.la_reason for m in c.measures if m.la is None and m.la_reason}
    if len(la_reasons) == 1:
        lines.append(f"LA: {la_reasons.pop()}")

    if c.trend:
        periods = sorted({p.time_period for pts in c.trend.values() for p in pts})
        lines += ["", "Three-year view (school, arrow = change against England since the year before):"]
        rows = [["Measure"] + [period_label(p) for p in periods]]
        for code in [m.measure for m in c.measures if m.measure in c.trend]:
            by_period = {p.time_period: p for p in c.trend[code]}
            cells = []
            for period in periods:
                point = by_period.get(period)
                if point is None:
                    cells.append("")
                elif point.band == "not_reported":
                    cells.append(f"{pct(point.school.percentage)} (not reported)" if point.school.percentage is not None
                                 else "not reported")
                else:
                    arrow = f" {point.arrow_symbol}" if point.arrow_symbol else ""
                    cells.append(f"{pct(point.school.percentage)}{arrow} ({band_label(point.band)})")
            rows.append([MEASURES[code].short] + cells)
        lines += _table(rows)

    if c.gap is not None:
        g = c.gap
        lines += ["", "Disadvantaged gap (overall sustained):"]
        if g.band == "not_reported":
            lines.append(f"  not reported: {g.reason}")
        else:
            lines.append(f"  disadvantaged {pct(g.disadvantaged.percentage)}{_count(g.disadvantaged)}, other "
                         f"{pct(g.other.percentage)}{_count(g.other)}: gap {g.gap_pp:.1f} pp; England gap "
                         f"{g.england_gap_pp:.1f} pp; {g.band_label} (z={g.z:.2f}, {_p(g.p_value)})")

    lines += ["", "Findings:"]
    if c.findings:
        for f in c.findings:
            lines.append(f"  [{f.code}] {f.sentence}")
            lines.append(f"      criteria: {', '.join(f.criteria)}; explore: {f.explore}")
    else:
        lines.append("  none: no significant difference from England that the finding rules look for")
    if c.notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in c.notes]
    lines += ["", f"Source: {c.source}; England and LA: DfE destination measures (Open Government Licence v3.0)"]
    return "\n".join(lines)
