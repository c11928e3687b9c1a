"""The local labour market panel: the school's area, its largest and fastest-growing industries, and the
industries its plan and its pupils name.

Why: schools are expected to link their offer to the local economy (Gatsby benchmark 2; encounters and
experiences of workplaces, benchmarks 5 and 6). The panel sets the area's real figures (``data/``) beside
what the evidence names, and says when the plan's encounters, experiences and labour market activities
name none of the area's main or growing industries. ``panel.toml`` holds the choices (base year, how
growth is measured, which activities count).

>>> figures = area_figures("E08000012")          # Liverpool -> Liverpool City Region   # doctest: +SKIP
>>> [r.name for r in figures.largest]            # doctest: +SKIP
['Health and social work', 'Wholesale and retail trade', 'Education', 'Professional services', 'Support services']
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from nlp.industries import find_industries, industry_ids

from inspector_kit.labour_market.loader import ALL_INDUSTRIES, DistrictLookup, EmploymentTable, bundled


@lru_cache(maxsize=1)
def settings() -> dict:
    """``panel.toml``: base and projection years, list lengths, growth threshold, linking activities."""
    return tomllib.loads(resources.files(__package__).joinpath("panel.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class IndustryFigures:
    """One industry in one area: employment (thousands) in the base and projection years, its share of
    the area's jobs in the base year, and the change between them in thousands and per cent."""

    industry: str   # stable id (nlp/resources/industries.json)
    name: str       # as the table spells it
    base: float
    projected: float
    share: float
    change: float
    change_pct: float

    def as_dict(self) -> dict:
        """JSON-ready, with units in the keys (thousands of jobs, shares, percentage change)."""
        return {"industry": self.industry, "name": self.name, "employment_base_000s": round(self.base, 3),
                "employment_projected_000s": round(self.projected, 3), "share_of_jobs": round(self.share, 4),
                "change_000s": round(self.change, 3), "change_pct": round(self.change_pct, 1)}


@dataclass(frozen=True)
class AreaFigures:
    """What the tables say for a school's district: its LSIP area and, when there is a table, the lists.

    ``reason`` says in words why there are no figures (no district code, a county code, an area
    without a projection table); it is empty when there are figures.
    """

    district_code: str
    district_name: str = ""
    area_code: str = ""
    area_name: str = ""
    base_year: int = 0
    projection_year: int = 0
    total_base: float = 0.0
    largest: tuple[IndustryFigures, ...] = ()
    growing: tuple[IndustryFigures, ...] = ()
    reason: str = ""
    source: str = ""

    @property
    def has_table(self) -> bool:
        """Whether there are figures for the area (else ``reason`` says why, and nothing is judged)."""
        return not self.reason

    @property
    def local_industries(self) -> tuple[str, ...]:
        """Ids of the largest and fastest-growing industries, largest first, each once."""
        return tuple(dict.fromkeys(r.industry for r in self.largest + self.growing))

    def as_dict(self) -> dict:
        """JSON-ready, with the measures each ranking uses said in words."""
        s = settings()
        measures = {
            "largest_measure": f"employment in {self.base_year} (latest year of estimates; later years are projections)",
            "growth_measure": (f"percentage change in employment {self.base_year} to {self.projection_year} "
                               f"(projected), among industries with at least {s['growth_min_share']:.0%} of "
                               f"the area's jobs in {self.base_year}; the change in thousands of jobs is shown beside it"),
        } if self.has_table else {"largest_measure": None, "growth_measure": None}
        return {"district_code": self.district_code, "district_name": self.district_name,
                "area_code": self.area_code, "area_name": self.area_name, "has_table": self.has_table,
                "reason": self.reason, "base_year": self.base_year or None,
                "projection_year": self.projection_year or None,
                "employment_base_000s": round(self.total_base, 3) if self.has_table else None, **measures,
                "largest": [r.as_dict() for r in self.largest], "growing": [r.as_dict() for r in self.growing],
                "source": self.source}


def area_figures(district_code: str | None, tables: tuple[EmploymentTable, DistrictLookup] | None = None) -> AreaFigures:
    """The area and its industry lists for a district code (the bundle's ``la_code``: for unitary,
    metropolitan and London authorities the authority is the district)."""
    employment, lookup = tables or bundled()
    s = settings()
    code = (district_code or "").strip().upper()
    if not code:
        return AreaFigures("", reason="the school has no local authority district code, so its labour market "
                                      "area is not known")
    district = lookup.area_of(code)
    if district is None:
        why = ("is a county council; the lookup is by district, so name the school's district" if code.startswith("E10")
               else "is not in the district to LSIP area lookup (2023 codes)")
        return AreaFigures(code, reason=f"{code} {why}")
    base = dict(district_code=code, district_name=district.lad_name, area_code=district.lsip_code,
                area_name=district.lsip_name, source=employment.source)
    if not employment.has_area(district.lsip_code):
        return AreaFigures(**base, reason=f"{district.lsip_name} is one of the LSIP areas without a projection "
                                          "table in the source (it covers 30 of the 38)")
    by, to = s["base_year"], s["projection_year"]
    total = employment.employment(district.lsip_code, ALL_INDUSTRIES)[by]
    rows = []
    for name, industry in industry_ids().items():
        figures = employment.employment(district.lsip_code, name)
        start, end = figures[by], figures[to]
        rows.append(IndustryFigures(industry, name, start, end, start / total if total else 0.0, end - start,
                                    100 * (end - start) / start if start else 0.0))
    largest = sorted(rows, key=lambda r: (-r.base, r.name))[: s["largest"]]
    eligible = [r for r in rows if r.share >= s["growth_min_share"] and r.change > 0]
    growing = sorted(eligible, key=lambda r: (-r.change_pct, r.name))[: s["growing"]]
    return AreaFigures(**base, base_year=by, projection_year=to, total_base=total, largest=tuple(largest),
                       growing=tuple(growing))


@dataclass(frozen=True)
class NamedIndustry:
    """One industry named in the evidence: where, in which words, and whether in a linking activity."""

    industry: str
    name: str
    source: str           # "plan" or the focus group's label
    words: str            # the words that matched
    quote: str            # the sentence (or line) it stands in
    where: str            # file, page and line
    span: dict
    activity: str = ""    # the linking signal's code when it sits in one ("activity.lmi"), else ""
    local: str = ""       # "largest", "growing", "largest, growing" or ""
    rule: str = ""

    def as_dict(self) -> dict:
        """JSON-ready, with the quotation and where it stands."""
        return {"industry": self.industry, "name": self.name, "source": self.source, "words": self.words,
                "quote": self.quote, "where": self.where, "span": self.span, "activity": self.activity,
                "local": self.local, "rule": self.rule}


@dataclass
class LabourMarketPanel:
    """The panel for one school: the area's figures and the industries its evidence names."""

    figures: AreaFigures
    named: list[NamedIndustry] = field(default_factory=list)
    plan_read: bool = False

    @property
    def linked(self) -> list[NamedIndustry]:
        """Plan mentions of the area's main or growing industries inside a linking activity."""
        return [n for n in self.named if n.source == "plan" and n.activity and n.local]

    @property
    def not_linked(self) -> bool:
        """The weak spot: figures exist, the plan was read, and no linking activity names a local industry."""
        return self.figures.has_table and self.plan_read and not self.linked

    def as_dict(self) -> dict:
        """The panel as the briefing's JSON and the dashboard read it."""
        return {**self.figures.as_dict(), "plan_read": self.plan_read,
                "named": [n.as_dict() for n in self.named],
                "linked_industries": sorted({n.name for n in self.linked}),
                "not_linked": self.not_linked}


def _context(text: str, start: int, end: int, limit: int = 240) -> tuple[str, int, int]:
    """The line around a mention (for mentions outside any signal's sentence), trimmed to ``limit``."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > limit:
        left, right = max(left, start - limit // 2), min(right, end + limit // 2)
    raw = text[left:right]
    kept = raw.lstrip(" \t-*•–").rstrip()
    lead = len(raw) - len(raw.lstrip(" \t-*•–"))
    return kept, left + lead, left + lead + len(kept)


def _named_in(analysis, source: str, figures: AreaFigures, linking: set[str]) -> list[NamedIndustry]:
    largest = {r.industry for r in figures.largest}
    growing = {r.industry for r in figures.growing}
    sentences = [s for s in analysis.signals if s.code in linking and not s.negated]
    out = []
    for m in find_industries(analysis.text):
        host = next((s for s in sentences if s.sentence_start <= m.start and m.end <= s.sentence_end), None)
        if host is not None:
            quote, q_start, q_end = host.sentence.strip(), host.sentence_start, host.sentence_end
        else:
            quote, q_start, q_end = _context(analysis.text, m.start, m.end)
        span = analysis.source(m.start, m.end)
        where = span.label() + ("" if analysis.kind == "plan" else f" ({analysis.label})")
        local = ", ".join(w for w, ids in (("largest", largest), ("growing", growing)) if m.industry in ids)
        out.append(NamedIndustry(m.industry, m.name, source, m.text, quote, where, span.as_dict(),
                                 host.code if host is not None else "", local, m.rule))
    return out


def labour_market_panel(bundle_analysis, tables=None) -> LabourMarketPanel:
    """The panel for an analysed bundle (:class:`inspector_kit.analysis.BundleAnalysis`)."""
    figures = area_figures(bundle_analysis.school.la_code, tables)
    linking = set(settings()["linking_signals"])
    named: list[NamedIndustry] = []
    if bundle_analysis.plan is not None:
        named += _named_in(bundle_analysis.plan, "plan", figures, linking)
    for note in bundle_analysis.notes:
        named += _named_in(note, note.label, figures, linking)
    return LabourMarketPanel(figures, named, plan_read=bundle_analysis.plan is not None)
