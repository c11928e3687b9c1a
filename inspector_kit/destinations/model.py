"""What a destination comparison says about one school, as plain records.

These are the objects the briefing, dashboards and CLI read; ``as_dict()`` gives JSON-ready records and
``to_text()`` the text the CLI prints.
Treat them as read-only. Percentages are 0-100; differences are percentage points (pp); ``band`` is one of ``well_below``,
``below``, ``close``, ``above``, ``well_above`` or ``not_reported`` (then ``reason`` says why).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from inspector_kit.destinations.reference import period_label
from inspector_kit.destinations.schema import MEASURES
from inspector_kit.destinations.stats import band_config


def _clean(value):
    """JSON-safe: NaN -> None, numpy scalars -> Python, tuples -> lists."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return _clean(value.item())
        except (ValueError, AttributeError):
            pass
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def pct(value: float | None, digits: int = 1) -> str:
    """``3.2154`` -> ``"3.2%"``; missing -> ``"-"``."""
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}%"


def band_label(code: str) -> str:
    """A band code in the IDSR's words (``well_below`` -> "well below average"), from ``bands.toml``."""
    return band_config()["labels"].get(code, code)


@dataclass(slots=True)
class Figure:
    """One figure: a percentage with the count and cohort behind it, and where it came from.

    ``status`` is the loader's (``ok``, ``suppressed``...); ``basis`` says whether the percentage was
    published, computed from counts, or summed from districts; ``source`` is the file.
    """

    percentage: float | None
    count: float | None
    cohort: float | None
    status: str
    time_period: str
    version: str = ""
    basis: str = ""
    source: str = ""
    note: str = ""

    @property
    def usable(self) -> bool:
        """Whether a figure can be compared: published (or DfE's "low") and a number."""
        return self.status in ("ok", "low") and self.percentage is not None and not math.isnan(self.percentage)

    def as_dict(self) -> dict:
        """JSON-ready, with NaN as None."""
        return _clean(asdict(self))


@dataclass(slots=True)
class MeasureComparison:
    """A school's figure for one destination against its LA and England, with the band.

    ``interval`` is the Wilson 95% interval of the school's percentage; ``p_value`` is the exact
    binomial test against England (``la_p_value`` against the LA); ``effect_h`` is Cohen's h.
    """

    measure: str
    school: Figure
    interval: tuple[float, float] | None
    england: Figure | None
    la: Figure | None
    diff_england_pp: float | None
    diff_la_pp: float | None
    p_value: float | None
    la_p_value: float | None
    effect_h: float | None
    band: str
    reason: str = ""
    england_reason: str = ""
    la_reason: str = ""

    @property
    def label(self) -> str:
        """The measure's short name for tables and charts."""
        return MEASURES[self.measure].short if self.measure in MEASURES else self.measure

    @property
    def band_label(self) -> str:
        """The band in the IDSR's words."""
        return band_label(self.band)

    @property
    def significant(self) -> bool:
        """Whether the school differs from England enough to be banded above or below."""
        return self.band not in ("close", "not_reported")

    @property
    def reported(self) -> bool:
        """Whether a band could be given at all (else ``reason`` says why not)."""
        return self.band != "not_reported"

    def as_dict(self) -> dict:
        """JSON-ready, with the label, band label and significance the readers show."""
        d = asdict(self)
        d.update(label=self.label, band_label=self.band_label, significant=self.significant)
        return _clean(d)


@dataclass(slots=True)
class TrendPoint:
    """One year of a measure in the three-year view; ``arrow`` compares with the year before."""

    time_period: str
    version: str
    school: Figure
    england_percentage: float | None
    la_percentage: float | None
    diff_england_pp: float | None
    p_value: float | None
    band: str
    arrow: str | None = None
    reason: str = ""

    @property
    def year(self) -> str:
        """The period as DfE labels it (``2021/22``)."""
        return period_label(self.time_period)

    @property
    def arrow_symbol(self) -> str:
        """The arrow printed for the change against England since the year before."""
        return band_config()["arrows"].get(self.arrow, "") if self.arrow else ""

    def as_dict(self) -> dict:
        """JSON-ready, with the year, band label and arrow the readers show."""
        d = asdict(self)
        d.update(year=self.year, band_label=band_label(self.band), arrow_symbol=self.arrow_symbol)
        return _clean(d)


@dataclass(frozen=True)
class GapComparison:
    """The disadvantaged gap (other pupils' rate minus disadvantaged pupils' rate) against England's."""

    measure: str
    time_period: str
    disadvantaged: Figure | None
    other: Figure | None
    england_disadvantaged: Figure | None
    england_other: Figure | None
    gap_pp: float | None
    england_gap_pp: float | None
    excess_pp: float | None
    z: float | None
    p_value: float | None
    band: str  # wider | similar | narrower | not_reported
    reason: str = ""

    @property
    def band_label(self) -> str:
        """The gap's band in words (wider, narrower or close to England's gap)."""
        return band_config()["gap_labels"].get(self.band, self.band)

    def as_dict(self) -> dict:
        """JSON-ready, with the band label."""
        d = asdict(self)
        d["band_label"] = self.band_label
        return _clean(d)


@dataclass(frozen=True)
class DestinationFinding:
    """Something in the destination data worth an inspector's attention, in IDSR's style.

    ``code`` is stable (``destinations.low_apprenticeship``); ``criteria`` are framework ids;
    ``figures`` holds the numbers behind the sentence, year by year.
    """

    code: str
    title: str
    sentence: str
    criteria: tuple[str, ...]
    measure: str
    years: tuple[str, ...]
    figures: dict = field(default_factory=dict)
    explore: str = ""

    def as_dict(self) -> dict:
        """JSON-ready, for the briefing's JSON and the CLI."""
        return _clean(asdict(self))


@dataclass
class SchoolComparison:
    """One school's destinations for one year, version and breakdown, against LA and England.

    ``measures`` are the headline measures in reading order; ``trend`` maps each measure to up to three
    years ending with this one; ``gap`` is the disadvantaged gap (None if the file has no disadvantage
    breakdown); ``findings`` are filled by :func:`inspector_kit.destinations.findings`; ``notes`` record
    every choice made for the inspector (reference version used, LA caveats).
    """

    urn: str
    school_name: str
    stage: str
    time_period: str
    version: str
    breakdown_topic: str
    breakdown: str
    cohort_level_group: str
    institution_group: str
    comparison_group: str
    institution_type: str
    la_code: str
    la_name: str
    cohort: float | None
    cohort_status: str
    measures: tuple[MeasureComparison, ...]
    trend: dict[str, tuple[TrendPoint, ...]]
    gap: GapComparison | None
    available_periods: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    findings: list[DestinationFinding] = field(default_factory=list)
    source: str = ""

    @property
    def year(self) -> str:
        """The period compared, as DfE labels it."""
        return period_label(self.time_period)

    @property
    def pupils(self) -> str:
        """'pupils' at key stage 4, 'students' at 16-18 (as DfE writes)."""
        return "students" if self.stage == "16-18" else "pupils"

    @property
    def reported(self) -> bool:
        """Whether any measure could be banded (a cohort under six reports none)."""
        return any(m.reported for m in self.measures)

    def measure(self, code: str) -> MeasureComparison:
        """One measure's comparison by code (``appren``); KeyError names the measures there are."""
        for m in self.measures:
            if m.measure == code:
                return m
        raise KeyError(f"{code!r} is not compared for this school (measures: {[m.measure for m in self.measures]})")

    def as_dict(self) -> dict:
        """The whole comparison JSON-ready: what ``destinations --format json`` prints and the briefing's JSON
        holds."""
        return _clean({
            "urn": self.urn, "school_name": self.school_name, "stage": self.stage,
            "time_period": self.time_period, "year": self.year, "version": self.version,
            "breakdown_topic": self.breakdown_topic, "breakdown": self.breakdown,
            "cohort_level_group": self.cohort_level_group, "institution_group": self.institution_group,
            "comparison_group": self.comparison_group, "institution_type": self.institution_type,
            "la_code": self.la_code, "la_name": self.la_name, "cohort": self.cohort,
            "cohort_status": self.cohort_status, "available_periods": list(self.available_periods),
            "measures": [m.as_dict() for m in self.measures],
            "trend": {k: [p.as_dict() for p in v] for k, v in self.trend.items()},
            "gap": self.gap.as_dict() if self.gap else None,
            "findings": [f.as_dict() for f in self.findings],
            "notes": list(self.notes), "source": self.source,
        })

    def to_text(self) -> str:
        """The comparison as an inspector reads it in a terminal: table, trend, gap, findings, notes."""
        return comparison_text(self)


# --- the comparison as plain text ----------------------------------------------------------------
# What ``inspector-kit destinations`` prints and exports can quote. Figures carry their counts
# ("0.0% (0/215)") so an inspector can see how small a percentage's base is; bands carry their p-values;
# every figure that is not reported says why. Kept beside the records it prints, so that the records
# never import their own view (that was an import cycle).

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
