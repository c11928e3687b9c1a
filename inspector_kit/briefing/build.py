"""Build the pre-inspection briefing for one school: the *brief* step.

``build_briefing(bundle_analysis)`` gathers destinations, the statutory website check, Gatsby coverage,
weak spots, triangulation and lines of enquiry into a :class:`Briefing`. The briefing holds structured
data (for JSON) and turns itself into blocks (for HTML, DOCX and Markdown), with pupils' names redacted
in both. Nothing in the body depends on the clock, so the same evidence gives the same briefing.
"""
from __future__ import annotations

import tomllib
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from inspector_kit.briefing import blocks as B
from inspector_kit.briefing.checks import WebsiteCheck, website_checks
from inspector_kit.briefing.layout import briefing_blocks, destination_charts
from inspector_kit.briefing.records import Enquiry, WeakSpot
from inspector_kit.evidence.model import School
from inspector_kit.framework import EvaluationArea, Toolkit, areas_for, choose_framework, frameworks, toolkit_for
from inspector_kit.privacy import Redactor
from inspector_kit.review_store import ReviewStatus
from inspector_kit.weak_spots import titles as weak_spot_titles
from nlp.findings.rules import FINDING_CODES
from inspector_kit.analysis import BundleAnalysis, EvidenceAnalysis, bundle_gatsby_coverage
from inspector_kit.labour_market.panel import LabourMarketPanel
from inspector_kit.triangulation import Triangulation, triangulate
from inspector_kit.evidence import summary
from inspector_kit.labour_market import briefing as labour_market_section   # the module: see layout.py
from nlp.signals.awards import award_claims, current_awards

# the engine's weak spots' titles (defined once, in inspector_kit/weak_spots.toml)
FINDING_TITLES = {code: title for code, title in weak_spot_titles().items() if code in FINDING_CODES}


@lru_cache(maxsize=1)
def enquiry_templates() -> dict:
    """The wording of the lines of enquiry (``enquiry.toml``), read once."""
    return tomllib.loads(resources.files(__package__).joinpath("enquiry.toml").read_text("utf-8"))


def years_label(years) -> str:
    """Year groups as an inspector writes them, runs joined ("Y7-9, Y11"); none means "all year groups"."""
    years = sorted(set(years))
    if not years:
        return "all year groups"
    runs, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(f"Y{start}" if start == prev else f"Y{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


@dataclass
class Briefing:
    """Everything the lead inspector reads about one school, traceable to figures and quotations."""

    school: School
    evidence: dict
    destinations: dict | None
    destination_problem: dict | None
    charts: list
    website: list[WebsiteCheck]
    gatsby: list[dict]
    weak_spots: list[WeakSpot]
    triangulation: list[Triangulation]
    enquiries: list[Enquiry]
    problems: list[dict] = field(default_factory=list)
    redactor: Redactor | None = None
    framework: dict | None = None      # {"id", "title", "toolkit", "toolkit_title", "chosen_because", ...}
    toolkit: Toolkit | None = None     # the toolkit whose evaluation areas group the briefing
    awards: list = field(default_factory=list)   # nlp AwardClaim: quality awards the plan names (context)
    plan_where: EvidenceAnalysis | None = None   # the plan's analysis, to locate award quotations
    labour_market: LabourMarketPanel | None = None
    labour_market_charts: list = field(default_factory=list)

    @property
    def title(self) -> str:
        """The briefing's title, naming the school and its URN."""
        return f"Careers guidance briefing: {self.school.name} (URN {self.school.urn})"

    def as_dict(self) -> dict:
        """The briefing as the JSON format gives it, pupils' names redacted."""
        data = {
            "school": {k: getattr(self.school, k) for k in ("urn", "laestab", "name", "type", "phase",
                                                            "local_authority", "region", "age_range")},
            "evidence": self.evidence,
            "destinations": self.destinations,
            "destination_problem": self.destination_problem,
            "website_check": [c.as_dict() for c in self.website],
            "gatsby": self.gatsby,
            "weak_spots": [w.as_dict() for w in self.weak_spots],
            "triangulation": [t.as_dict() for t in self.triangulation if t.status != "no_evidence"],
            "no_evidence": sorted({f"{t.area.code}" + (f" Y{t.year_group}" if t.year_group else "")
                                   for t in self.triangulation if t.status == "no_evidence"}),
            "lines_of_enquiry": [e.as_dict() for e in self.enquiries],
            "problems": self.problems,
            "framework": self.framework,
            "context": {"quality_awards": [award_record(a, self.plan_where) for a in self.awards]},
            "labour_market": self.labour_market.as_dict() if self.labour_market is not None else None,
        }
        return redact_tree(data, self.redactor)

    def blocks(self) -> list:
        """The briefing laid out as blocks (:mod:`.layout`), pupils' names redacted: what HTML, DOCX and Markdown
        render."""
        return redact_blocks(briefing_blocks(self), self.redactor)

    def area_groups(self, items) -> list[tuple[EvaluationArea | None, list]]:
        """``items`` (weak spots or enquiries) under the evaluation area each is filed under, in the
        toolkit's order; the areas with nothing filed under them are left out."""
        order = {a.id: n for n, a in enumerate(self.toolkit.areas)} if self.toolkit else {}
        groups: dict[str, tuple[EvaluationArea | None, list]] = {}
        for item in items:
            area = item.evaluation_areas[0] if item.evaluation_areas else None
            key = area.id if area else ""
            groups.setdefault(key, (area, []))[1].append(item)
        return [groups[k] for k in sorted(groups, key=lambda k: order.get(k, len(order)))]


def award_record(claim, plan_analysis=None) -> dict:
    """A quality award for the context panel: name, status, year and the sentence with its place."""
    record = claim.as_dict()
    if plan_analysis is not None:
        span = plan_analysis.source(claim.sentence_start, claim.sentence_end)
        record["where"] = span.label()
        record["span"] = span.as_dict()
    return record


def redact_tree(value, redactor: Redactor | None):
    """Every string in a JSON-like tree with pupils' names replaced; the tree unchanged without a redactor."""
    if redactor is None:
        return value
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, dict):
        return {k: redact_tree(v, redactor) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(v, redactor) for v in value]
    return value


def redact_blocks(blocks: list, redactor: Redactor | None) -> list:
    """The blocks with pupils' names replaced in their text, items, headers and cells."""
    if redactor is None:
        return blocks
    out = []
    for b in blocks:
        changes = {}
        for f in dataclasses.fields(b):
            v = getattr(b, f.name)
            if isinstance(v, str):
                changes[f.name] = redactor.redact(v)
            elif f.name == "items":
                changes[f.name] = tuple(redactor.redact(i) for i in v)
            elif f.name in ("header",):
                changes[f.name] = tuple(redactor.redact(i) for i in v)
            elif f.name == "rows":
                changes[f.name] = tuple(tuple(redactor.redact(c) for c in row) for row in v)
        out.append(dataclasses.replace(b, **changes))
    return out


def _evidence_items(analysis, finding, limit: int = 8) -> tuple[list[dict], list[str]]:
    """Quotations (located in their files) and, for absences, what was searched and not found."""
    quotes, searched, seen = [], [], set()
    for item in finding.evidence:
        if item.signal is None:
            looked = ", ".join(item.searched)
            searched.append(f"{item.note} (searched: {looked})" if looked else item.note)
            continue
        s = item.signal
        if (s.sentence_start, s.sentence_end) in seen or len(quotes) >= limit:
            continue
        seen.add((s.sentence_start, s.sentence_end))
        record = analysis.located(s)
        span = record.sentence_source
        where = span.label() + ("" if analysis.kind == "plan" else f" ({analysis.label})")
        quotes.append({"text": s.sentence.strip(), "where": where, "span": span.as_dict(),
                       "tag": record.stance.value, "why": item.note, "signal": s.code, "rule": s.rule})
    return quotes, searched


def weak_spots(bundle_analysis: BundleAnalysis, decisions: dict | None = None) -> list[WeakSpot]:
    """The engine's findings on the plan and each note as weak spots, with quotations located and reviewers'
    decisions attached."""
    decisions = decisions or {}
    out = []
    pieces = ([bundle_analysis.plan] if bundle_analysis.plan else []) + list(bundle_analysis.notes)
    for analysis in pieces:
        for finding in analysis.findings:
            quotes, searched = _evidence_items(analysis, finding)
            fid = analysis.finding_id(finding)
            decision = decisions.get(fid)
            out.append(WeakSpot(
                id=fid, code=finding.code, title=FINDING_TITLES.get(finding.code, finding.code),
                source="plan" if analysis.kind == "plan" else analysis.label,
                year_groups=tuple(analysis.year_groups), severity=getattr(finding, "severity", ""),
                summary=finding.summary, criteria=tuple(finding.criteria), quotes=quotes, searched=searched,
                decision=decision.as_dict() if decision else None))
    return out


def gatsby_coverage(bundle_analysis: BundleAnalysis, triangulation: list[Triangulation]) -> list[dict]:
    """For GB1-GB8: what the plan, the pupils and the data show, and a status; defined once in
    :func:`inspector_kit.analysis.gatsby_coverage` (thematic reviews judge it the same way)."""
    return bundle_gatsby_coverage(bundle_analysis, {t.area.code for t in triangulation if t.status == "contradiction"})


def _years_of(spots: list[WeakSpot]) -> tuple[int, ...]:
    """The year groups some weak spots concern together; none (the whole school) if one concerns all."""
    if any(not w.year_groups for w in spots):
        return ()
    return tuple(sorted({y for w in spots for y in w.year_groups}))


def lines_of_enquiry(weak: list[WeakSpot], triangulation: list[Triangulation], destinations_findings) -> list[Enquiry]:
    """Questions for the team from weak spots not dismissed, triangulation statuses and destination findings,
    weightiest first."""
    templates = enquiry_templates()
    out: list[Enquiry] = []
    by_code: dict[str, list[WeakSpot]] = {}
    for w in weak:
        if ReviewStatus.of(w.decision) is ReviewStatus.DISMISSED:
            continue
        by_code.setdefault(w.code, []).append(w)
    for code, spots in by_code.items():
        t = templates["finding"].get(code)
        if not t:
            continue
        sources = sorted({w.source for w in spots})
        weight = sum(len(w.quotes) + 1 for w in spots) + 5 * len(spots)
        out.append(Enquiry(t["question"], t["ask"], f"{FINDING_TITLES.get(code, code)} ({', '.join(sources)})", weight,
                           bears_on=("finding", code), year_groups=_years_of(spots)))
    grouped: dict[tuple[str, str], list[Triangulation]] = {}
    for tri in triangulation:
        key = None
        if tri.status == "contradiction":
            key = "contradiction"
        elif tri.status == "claimed_only" and tri.area.code.startswith("activity."):
            key = "claimed_only"
        elif tri.status == "corroborated" and tri.polarity == "weakness":
            key = "corroborated_weakness"
        if key:
            grouped.setdefault((key, tri.area.code), []).append(tri)
    for (key, _), tris in grouped.items():
        t = templates["status"][key]
        years = years_label([x.year_group for x in tris if x.year_group])
        area = tris[0].area.title.lower()
        weight = sum(x.weight for x in tris)
        if key == "claimed_only":
            weight = min(weight, 20)
        out.append(Enquiry(t["question"].format(years=years, area=area), t["ask"].format(years=years),
                           f"{key.replace('_', ' ')}: {tris[0].area.title} ({years})", weight,
                           bears_on=("area", tris[0].area.code),
                           year_groups=tuple(sorted({x.year_group for x in tris if x.year_group}))))
    for f in destinations_findings or []:
        t = templates["destinations"]
        out.append(Enquiry(t["question"].format(sentence=f.sentence), t["ask"], f"destination data: {f.code}", 30,
                           bears_on=("destinations", None)))
    out.sort(key=lambda e: (-e.weight, e.question))
    return out


CLAIMED = ("held", "reassessed")


def award_enquiries(awards, weak: list[WeakSpot]) -> list[Enquiry]:
    """A line of enquiry when the plan claims a quality award while weak spots are found (not dismissed)."""
    open_spots = [w for w in weak if ReviewStatus.of(w.decision) is not ReviewStatus.DISMISSED]
    claimed = [a for a in awards if a.status in CLAIMED]
    if not claimed or not open_spots:
        return []
    t = enquiry_templates()["award"]
    titles = list(dict.fromkeys(w.title.lower() for w in open_spots))
    out = []
    for a in claimed:
        award = a.award + (f" ({a.status_label}, {a.year})" if a.year else f" ({a.status_label})")
        out.append(Enquiry(t["question"].format(award=award, weak_spots="; ".join(titles[:4])), t["ask"],
                           f"quality award claimed: {a.summary()}; {len(open_spots)} weak spot(s)",
                           10 + 2 * len(open_spots), bears_on=("award", None)))
    return out


def file_under_areas(items, kind_of, toolkit, school) -> None:
    """Set each weak spot's or enquiry's evaluation areas under the chosen toolkit (``area_map.toml``)."""
    for item in items:
        kind, code = kind_of(item)
        item.evaluation_areas = areas_for(kind, code, toolkit, item.year_groups, school.sixth_form)


def build_briefing(bundle_analysis: BundleAnalysis, decisions: dict | None = None, redact: bool = True,
                   framework: str | None = None, inspection_date=None) -> Briefing:
    """The briefing for one analysed bundle; ``decisions`` are reviewers' verdicts by finding id.

    ``framework`` (``renewed-2025`` or ``eif-2019``) chooses the evaluation areas the briefing is grouped
    by; without it, an ``inspection_date`` before 10 November 2025 chooses the 2019 framework, and
    otherwise the renewed one. The briefing never proposes a grade."""
    bundle = bundle_analysis.bundle
    evidence = summary(bundle)
    tri = triangulate(bundle_analysis)
    labour = labour_market_section.briefing_part(bundle_analysis, decisions)
    weak = weak_spots(bundle_analysis, decisions) + labour.weak_spots
    comparison = bundle_analysis.destinations
    dest_findings = list(getattr(comparison, "findings", []) or []) if comparison is not None else []
    charts = []
    if comparison is not None:
        charts = destination_charts(comparison)
    keep = set()
    for s in (bundle_analysis.plan.signals if bundle_analysis.plan else []):
        if s.code == "governance.careers_leader":
            keep.update(w for w in s.sentence.split() if w[:1].isupper())
    redactor = Redactor(names=set(bundle.pupil_names), keep=keep) if redact else None
    chosen, because = choose_framework(framework, inspection_date)
    toolkit = toolkit_for(bundle.school, chosen)
    fw = frameworks()[chosen]
    awards = current_awards(award_claims(bundle_analysis.plan.signals)) if bundle_analysis.plan else []
    enquiries = lines_of_enquiry(weak, tri, dest_findings) + award_enquiries(awards, weak) + labour.enquiries
    enquiries.sort(key=lambda e: (-e.weight, e.question))
    file_under_areas(weak, lambda w: ("finding", w.code), toolkit, bundle.school)
    file_under_areas(enquiries, lambda e: e.bears_on, toolkit, bundle.school)
    framework_record = {"id": fw.id, "title": fw.title, "toolkit": toolkit.id, "toolkit_title": toolkit.title,
                        "source": toolkit.source, "source_url": toolkit.source_url, "chosen_because": because,
                        "inspection_date": inspection_date.isoformat() if inspection_date else None,
                        "evaluation_areas": [{"id": a.id, "title": a.title, "wording": a.wording,
                                              "wording_source": a.wording_source, "source_url": a.source_url}
                                             for a in toolkit.areas]}
    briefing = Briefing(
        school=bundle.school, evidence=evidence,
        destinations=comparison.as_dict() if comparison is not None else None,
        destination_problem=bundle_analysis.destination_problem, charts=charts,
        website=website_checks(bundle_analysis.plan), gatsby=gatsby_coverage(bundle_analysis, tri),
        weak_spots=weak, triangulation=tri, enquiries=enquiries,
        problems=list(bundle_analysis.problems), redactor=redactor, framework=framework_record, toolkit=toolkit,
        awards=awards, plan_where=bundle_analysis.plan,
        labour_market=labour.panel, labour_market_charts=labour.charts)
    return briefing
