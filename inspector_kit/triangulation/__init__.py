"""Triangulation: set what the plan claims beside what pupils say and what the data shows.

For each area (employer encounters, work experience, technical routes ...) and each year group the
school serves, the three sources are compared and one status is given:

- ``contradiction``: the plan affirms the area for that year group (or for every pupil), pupils of that
  year group deny it;
- ``corroborated``: independent sources agree, on provision (plan affirms and pupils confirm) or on a
  weakness (the plan is silent or only planned, pupils deny it, the data is below average);
- ``claimed_only``: the plan claims it, nothing else bears on it yet: a line of enquiry;
- ``pupils_only``: pupils mention it, the plan does not;
- ``data_only``: only the destination data bears on it (no plan was loaded);
- ``no_evidence``: no source says anything. Kept apart from weak: silence is not a finding.

Every status carries its quotations (with source spans) and figures, so it can be checked.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from nlp.stance import Stance

from inspector_kit.analysis import EvidenceSpan
from inspector_kit.analysis import gatsby_signals as _gatsby_signals
from inspector_kit.evidence.model import SourceSpan

STATUSES = ("contradiction", "corroborated", "claimed_only", "pupils_only", "data_only", "no_evidence")


@dataclass(frozen=True)
class Area:
    """One area of provision the three sources are compared on: its signal code, title, criteria and the
    destination findings that bear on it."""
    code: str
    title: str
    criteria: tuple[str, ...]
    data_findings: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("areas.toml").read_text(encoding="utf-8"))


def areas() -> list[Area]:
    """The areas triangulated (``areas.toml``), in the order the briefing shows them."""
    return [Area(a["code"], a["title"], tuple(a["criteria"]), tuple(a["data_findings"])) for a in _data()["area"]]


def gatsby_signals() -> dict[str, tuple[str, ...]]:
    """The signal codes of each Gatsby Benchmark (defined once, in ``inspector_kit/gatsby.toml``)."""
    return _gatsby_signals()


@dataclass(frozen=True)
class Evidence:
    """One quotation or figure that bears on an area: who says it, how, and where it is.

    ``stance`` is the engine's :class:`~nlp.stance.Stance` for a quotation, or the band of a data
    finding (``"below"``); ``record`` is the quotation's located :class:`EvidenceSpan`."""

    source: str          # "plan" | "pupils" | "data"
    stance: str          # a Stance ("affirmed", "negated", "limited", ...) or, for data, "below"
    text: str            # the quotation, or the data sentence
    where: str           # "careers-plan.pdf p.2 l.14", "notes/day1.md l.7 (Y8 group)", or the data file
    span: SourceSpan | None = None
    record: EvidenceSpan | None = None
    group: str = ""      # for pupils: which focus group said it

    @property
    def signal(self):
        """The engine's signal behind the quotation, or None for a destination figure."""
        return self.record.signal if self.record is not None else None

    @property
    def affirms(self) -> bool:
        """The quotation claims the provision (possibly in doubt or only for some): see Stance.claims_provision."""
        return self.record is not None and self.record.stance.claims_provision

    @property
    def denies(self) -> bool:
        """The quotation says the provision does not happen (negated)."""
        return self.record is not None and self.record.stance is Stance.NEGATED

    def as_dict(self) -> dict:
        """The quotation as the JSON briefing gives it, with its stance and place."""
        return {"source": self.source, "stance": str(self.stance), "text": self.text, "where": self.where,
                "span": self.span.as_dict() if self.span else None}


@dataclass
class Triangulation:
    """The three sources on one area for one year group (``year_group`` None: the whole school / data)."""

    area: Area
    year_group: int | None
    status: str
    polarity: str                      # "provision" | "weakness" | "none"
    plan: list[Evidence] = field(default_factory=list)
    pupils: list[Evidence] = field(default_factory=list)
    data: list[Evidence] = field(default_factory=list)
    pupils_heard: bool = False

    @property
    def weight(self) -> int:
        """How much evidence stands behind it: the number of quotations and figures, contradictions first."""
        bonus = {"contradiction": 100, "corroborated": 50 if self.polarity == "weakness" else 0,
                 "claimed_only": 10}.get(self.status, 0)
        return bonus + len(self.plan) + len(self.pupils) + 2 * len(self.data)

    def as_dict(self) -> dict:
        """The area's comparison as the JSON briefing gives it, with each source's quotations."""
        return {"area": self.area.code, "title": self.area.title, "year_group": self.year_group,
                "status": self.status, "polarity": self.polarity, "criteria": list(self.area.criteria),
                "plan": [e.as_dict() for e in self.plan], "pupils": [e.as_dict() for e in self.pupils],
                "data": [e.as_dict() for e in self.data], "pupils_heard": self.pupils_heard}


def _quote(analysis, record: EvidenceSpan, source: str) -> Evidence:
    sentence = (record.sentence or record.text).strip()
    where = record.where + ("" if analysis.kind == "plan" else f" ({analysis.label})")
    group = "" if analysis.kind == "plan" else f"{analysis.label}@{analysis.note.source.file}:{analysis.note.source.start}"
    return Evidence(source, record.stance, sentence, where, record.source, record, group)


def _data_evidence(bundle_analysis, area: Area) -> list[Evidence]:
    comparison = bundle_analysis.destinations
    if comparison is None or not area.data_findings:
        return []
    out = []
    for finding in getattr(comparison, "findings", []) or []:
        if finding.code in area.data_findings:
            where = bundle_analysis.bundle.destinations_file or "destination data"
            out.append(Evidence("data", "below", finding.sentence, where.rsplit("/", 1)[-1]))
    return out


def triangulate(bundle_analysis) -> list[Triangulation]:
    """Every area for every year group served, plus one whole-school row per area for the data."""
    school = bundle_analysis.school
    heard = {y for note in bundle_analysis.notes for y in note.year_groups}
    results = []
    for area in areas():
        plan_all = [s for s in (bundle_analysis.plan.spans if bundle_analysis.plan else ()) if s.code == area.code]
        data = _data_evidence(bundle_analysis, area)
        for year in school.year_groups:
            plan = [_quote(bundle_analysis.plan, s, "plan") for s in plan_all
                    if not s.year_groups or year in s.year_groups]
            pupils = [_quote(note, s, "pupils") for note in bundle_analysis.notes if year in note.year_groups
                      for s in note.spans if s.code == area.code and (not s.year_groups or year in s.year_groups)]
            results.append(_judge(area, year, plan, pupils, data if year in (11, 13) else [], year in heard,
                                  plan_present=bundle_analysis.plan is not None))
    return results


def _denying_groups(pupils: list[Evidence]) -> list[str]:
    """Focus groups whose sentences on the area mostly deny it (one group can contradict a whole-year claim)."""
    by_group: dict[str, dict[str, set]] = {}
    for e in pupils:
        stances = by_group.setdefault(e.group, {"affirm": set(), "deny": set()})
        if e.affirms:
            stances["affirm"].add(e.text)
        elif e.denies:
            stances["deny"].add(e.text)
    # a sentence that both names and denies the area ("nobody had a placement or a form") is a denial
    return [g for g, st in by_group.items()
            if st["deny"] and len(st["deny"]) >= len(st["affirm"] - st["deny"])]


def _judge(area, year, plan, pupils, data, heard, plan_present=True) -> Triangulation:
    """One status from the three sources; see the module docstring for what each means."""
    plan_affirms = [e for e in plan if e.affirms]
    affirm = [e for e in pupils if e.affirms]
    deny = [e for e in pupils if e.denies]
    denying = _denying_groups(pupils)
    t = Triangulation(area, year, "no_evidence", "none", plan, pupils, data, heard)
    # sources that point to a weakness: a plan that does not affirm it, pupils who deny it, data below
    weak_sources = (plan_present and not plan_affirms) + bool(denying) + bool(data)
    if plan_affirms and denying:
        t.status, t.polarity = "contradiction", "weakness"
    elif plan_affirms and affirm:
        t.status, t.polarity = "corroborated", "provision"
    elif not plan_affirms and (deny or data) and weak_sources >= 2:
        t.status, t.polarity = "corroborated", "weakness"
    elif plan_affirms:
        t.status, t.polarity = "claimed_only", "provision"
    elif affirm:
        t.status, t.polarity = "pupils_only", "provision"
    elif data:
        t.status, t.polarity = "data_only", "weakness"
    return t
