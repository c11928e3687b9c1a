"""Turn a destination comparison into findings an inspector can read, in the IDSR's style.

The rules are data (``findings.toml``): each has a stable code (``destinations.low_apprenticeship``),
the framework criteria it bears on, the band(s) that trigger it and the sentence it writes. A finding
only ever rests on a significant difference (see :mod:`inspector_kit.destinations.stats`), and it says
for how many consecutive years up to the one compared the difference held::

    The proportion of pupils sustaining an apprenticeship (0.6% in 2021/22) was significantly below
    national (3.2%) in each of the last three years (2019/20 to 2021/22).

``figures`` keeps the numbers behind each sentence, year by year, so the briefing can show them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from inspector_kit.destinations.model import DestinationFinding, SchoolComparison, TrendPoint
from inspector_kit.destinations.reference import period_label
from inspector_kit.destinations.schema import MEASURES
from inspector_kit.destinations.stats import band_config
from inspector_kit.errors import FrameworkError

_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
_ALLOWED = {"code", "title", "kind", "measure", "bands", "criteria", "sentence", "explore", "min_excess_pp"}


@dataclass(frozen=True)
class FindingRule:
    """One rule from ``findings.toml``."""

    code: str
    title: str
    kind: str  # "band" | "gap"
    measure: str
    criteria: tuple[str, ...]
    sentence: str
    explore: str = ""
    bands: tuple[str, ...] = ()
    min_excess_pp: float = 0.0


@lru_cache(maxsize=1)
def finding_rules() -> tuple[FindingRule, ...]:
    """The rules in ``findings.toml``, checked: known keys, kinds, measures and bands only."""
    data = tomllib.loads(resources.files(__package__).joinpath("findings.toml").read_text(encoding="utf-8"))
    rules = []
    for spec in data["finding"]:
        extra = set(spec) - _ALLOWED
        if extra:
            raise FrameworkError(f"findings.toml: {spec.get('code')} has unknown keys {sorted(extra)}; "
                                 f"allowed: {sorted(_ALLOWED)}")
        if spec["kind"] not in ("band", "gap"):
            raise FrameworkError(f"findings.toml: {spec['code']} kind must be 'band' or 'gap', not {spec['kind']!r}")
        if spec["measure"] not in MEASURES:
            raise FrameworkError(f"findings.toml: {spec['code']} measure {spec['measure']!r} is not in columns.toml")
        unknown_bands = set(spec.get("bands", ())) - set(band_config()["labels"])
        if unknown_bands:
            raise FrameworkError(f"findings.toml: {spec['code']} has unknown bands {sorted(unknown_bands)}")
        rules.append(FindingRule(code=spec["code"], title=spec["title"], kind=spec["kind"], measure=spec["measure"],
                                 criteria=tuple(spec["criteria"]), sentence=spec["sentence"],
                                 explore=spec.get("explore", ""), bands=tuple(spec.get("bands", ())),
                                 min_excess_pp=float(spec.get("min_excess_pp", 0.0))))
    codes = [r.code for r in rules]
    if len(codes) != len(set(codes)):
        raise FrameworkError("findings.toml: finding codes must be unique")
    return tuple(rules)


def findings(comparison: SchoolComparison, rules: tuple[FindingRule, ...] | None = None) -> list[DestinationFinding]:
    """Every finding the comparison supports, in the order of ``findings.toml``."""
    out = []
    for rule in rules or finding_rules():
        found = _band_finding(comparison, rule) if rule.kind == "band" else _gap_finding(comparison, rule)
        if found is not None:
            out.append(found)
    return out


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _run_length(points: tuple[TrendPoint, ...], bands: tuple[str, ...]) -> list[TrendPoint]:
    """The consecutive years, ending with the latest, whose band is one of ``bands``."""
    run = []
    for point in reversed(points):
        if point.band not in bands:
            break
        run.append(point)
    return list(reversed(run))


def _when(run: list[TrendPoint], fallback_period: str) -> str:
    if len(run) <= 1:
        return f"in {period_label(run[0].time_period if run else fallback_period)}"
    return (f"in each of the last {_NUMBERS.get(len(run), len(run))} years "
            f"({period_label(run[0].time_period)} to {period_label(run[-1].time_period)})")


def _band_finding(c: SchoolComparison, rule: FindingRule) -> DestinationFinding | None:
    try:
        m = c.measure(rule.measure)
    except KeyError:
        return None
    if m.band not in rule.bands:
        return None
    run = _run_length(c.trend.get(rule.measure, ()), rule.bands) or []
    if not run or run[-1].time_period != c.time_period:
        run = []
    alpha = band_config()["alpha"]
    la_clause = ""
    below = rule.bands[0].endswith("below")
    if m.la and m.la_p_value is not None and m.la_p_value < alpha and m.diff_la_pp is not None \
            and (m.diff_la_pp < 0) == below:
        la_clause = f" and the local authority ({_fmt(m.la.percentage)})"
    school = _fmt(m.school.percentage) + (f" in {c.year}" if len(run) > 1 else "")
    values = dict(pupils=c.pupils, phrase=MEASURES[rule.measure].phrase, school=school,
                  england=_fmt(m.england.percentage if m.england else None), la_clause=la_clause,
                  when=_when(run, c.time_period), dominant_label="", dominant="")
    if "{dominant" in rule.sentence:
        parts = [x for x in c.measures if MEASURES[x.measure].parent == "education" and x.school.percentage is not None]
        if parts:
            top = max(parts, key=lambda x: x.school.percentage)
            values.update(dominant_label=MEASURES[top.measure].label.lower(), dominant=_fmt(top.school.percentage))
    years = run or [p for p in c.trend.get(rule.measure, ()) if p.time_period == c.time_period]
    figures = {
        "measure": rule.measure, "band": m.band, "school": m.school.percentage, "count": m.school.count,
        "cohort": m.school.cohort, "england": m.england.percentage if m.england else None,
        "la": m.la.percentage if m.la else None, "p_value": m.p_value, "effect_h": m.effect_h,
        "diff_england_pp": m.diff_england_pp, "diff_la_pp": m.diff_la_pp,
        "years": [{"year": p.year, "school": p.school.percentage, "count": p.school.count, "cohort": p.school.cohort,
                   "england": p.england_percentage, "la": p.la_percentage, "p_value": p.p_value, "band": p.band}
                  for p in years],
    }
    if values["dominant_label"]:
        figures["dominant"] = {"label": values["dominant_label"], "school": values["dominant"]}
    return DestinationFinding(code=rule.code, title=rule.title, sentence=rule.sentence.format(**values),
                              criteria=rule.criteria, measure=rule.measure,
                              years=tuple(p.time_period for p in years) or (c.time_period,),
                              figures=figures, explore=rule.explore)


def _gap_finding(c: SchoolComparison, rule: FindingRule) -> DestinationFinding | None:
    g = c.gap
    if g is None or g.band != "wider" or g.excess_pp is None or g.excess_pp < rule.min_excess_pp:
        return None
    values = dict(pupils=c.pupils, disadvantaged=_fmt(g.disadvantaged.percentage), other=_fmt(g.other.percentage),
                  gap=f"{g.gap_pp:.1f}", england_gap=f"{g.england_gap_pp:.1f}", when=f"in {c.year}")
    figures = {
        "measure": rule.measure, "year": c.year,
        "disadvantaged": g.disadvantaged.percentage, "disadvantaged_count": g.disadvantaged.count,
        "disadvantaged_cohort": g.disadvantaged.cohort, "other": g.other.percentage,
        "other_count": g.other.count, "other_cohort": g.other.cohort, "gap_pp": g.gap_pp,
        "england_disadvantaged": g.england_disadvantaged.percentage if g.england_disadvantaged else None,
        "england_other": g.england_other.percentage if g.england_other else None,
        "england_gap_pp": g.england_gap_pp, "excess_pp": g.excess_pp, "z": g.z, "p_value": g.p_value,
    }
    return DestinationFinding(code=rule.code, title=rule.title, sentence=rule.sentence.format(**values),
                              criteria=rule.criteria, measure=rule.measure, years=(c.time_period,),
                              figures=figures, explore=rule.explore)
