"""The labour market part of a briefing: the panel, its weak spot, its line of enquiry, its blocks.

Kept in one self-contained section so the briefing's other sections (and their grouping) do not depend
on it: :func:`briefing_part` gives everything ``build_briefing`` adds, :func:`section_blocks` the blocks
every format renders, in the same words.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from inspector_kit.briefing import blocks as B
from inspector_kit.briefing.records import Enquiry, WeakSpot
from inspector_kit.briefing.sections import section
from inspector_kit.labour_market import charts
from inspector_kit.labour_market.panel import LabourMarketPanel, labour_market_panel, settings
from inspector_kit.review_store import ReviewStatus

SOURCE_NOTE = ("Source: The Skills Imperative 2035 employment projections and DfE's district to LSIP area lookup "
               "(Open Government Licence v3.0), as shipped in inspector_kit/labour_market/data.")


@dataclass
class LabourMarketPart:
    """Everything the labour market adds to a briefing, kept together so the rest of the briefing does not
    depend on it."""

    panel: LabourMarketPanel
    weak_spots: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)
    charts: list = field(default_factory=list)


def _names(rows) -> str:
    return ", ".join(r.name for r in rows)


def weak_spot(panel: LabourMarketPanel, decisions: dict | None = None):
    """The "offer not linked to the local labour market" weak spot, or None when it does not hold."""
    if not panel.not_linked:
        return None
    rule, f = settings()["weak_spot"], panel.figures
    summary = rule["summary"].format(area=f.area_name, largest=_names(f.largest), growing=_names(f.growing),
                                     projection_year=f.projection_year)
    quotes, seen = [], set()
    for n in panel.named:
        if n.source != "plan" or not n.activity or (n.quote in seen) or len(quotes) >= 6:
            continue
        seen.add(n.quote)
        quotes.append({"text": n.quote, "where": n.where, "span": n.span, "tag": "affirmed",
                       "why": f"names {n.name}, not among the area's largest or fastest-growing industries",
                       "signal": n.activity, "rule": n.rule})
    looked = _names(f.largest + tuple(r for r in f.growing if r not in f.largest))
    searched = [f"one of the area's largest or fastest-growing industries named in the plan's employer encounters, "
                f"experiences of workplaces or labour market activities (searched: {looked})"]
    fid = f"plan:plan:{rule['code']}"
    decision = (decisions or {}).get(fid)
    return WeakSpot(id=fid, code=rule["code"], title=rule["title"], source="plan", year_groups=(),
                    severity=rule["severity"], summary=summary, criteria=tuple(rule["criteria"]), quotes=quotes,
                    searched=searched, decision=decision.as_dict() if decision else None)


def enquiry(panel: LabourMarketPanel, spot):
    """The line of enquiry naming the area's industries, for an open (not dismissed) weak spot."""
    if spot is None or ReviewStatus.of(spot.decision) is ReviewStatus.DISMISSED:
        return None
    t, f = settings()["enquiry"], panel.figures
    question = t["question"].format(area=f.area_name, largest=_names(f.largest), growing=_names(f.growing))
    return Enquiry(question, t["ask"], f"{spot.title} (plan; {f.area_name} figures, {f.base_year}-{f.projection_year})",
                   6 + len(spot.quotes), bears_on=("finding", spot.code))


def briefing_part(bundle_analysis, decisions: dict | None = None) -> LabourMarketPart:
    """Everything the labour market adds to one school's briefing."""
    panel = labour_market_panel(bundle_analysis)
    spot = weak_spot(panel, decisions)
    asked = enquiry(panel, spot)
    made = []
    f = panel.figures
    described = {
        "Largest industries in the area": "; ".join(f"{r.name} {r.base:,.1f} thousand jobs" for r in f.largest),
        "Fastest-growing industries in the area": "; ".join(f"{r.name} {r.change_pct:+.1f}% ({r.change:+,.1f} thousand)"
                                                            for r in f.growing)}
    for make, title in ((charts.largest_spec, "Largest industries in the area"),
                        (charts.growing_spec, "Fastest-growing industries in the area")):
        try:
            spec = make(panel.figures)
        except Exception:  # a chart must never stop the briefing; the table carries the figures
            continue
        if spec is not None:
            made.append(B.Chart(spec=spec, title=title,
                                alt=f"Bar chart, {f.area_name}, {f.base_year}-{f.projection_year}: {described[title]}"))
    return LabourMarketPart(panel, [spot] if spot else [], [asked] if asked else [], made)


def section_blocks(panel: LabourMarketPanel | None, charts: list) -> list:
    """The "Local labour market" section of the briefing, as blocks (same words in every format)."""
    out: list = [B.Heading(section("labour_market").title)]
    if panel is None:
        return out + [B.Paragraph("Local labour market figures were not looked up.", "note")]
    f = panel.figures
    if not f.has_table:
        where = f" ({f.district_name}, {f.area_name})" if f.area_name else ""
        out.append(B.Paragraph(f"No local labour market table for this school's area{where}: {f.reason}. "
                               "No figures are shown rather than a guess.", "warning"))
    else:
        d = f.as_dict()
        out.append(B.Paragraph(
            f"{f.district_name} is in the {f.area_name} Local Skills Improvement Plan area: "
            f"{f.total_base:,.1f} thousand jobs in {f.base_year}. Largest industries by {d['largest_measure']}; "
            f"fastest-growing by {d['growth_measure']}."))
        out.append(B.Table(("Largest industries", f"Jobs {f.base_year} (thousands)", "Share of jobs",
                            f"Projected {f.projection_year} (thousands)"),
                           tuple((r.name, f"{r.base:,.1f}", f"{r.share:.1%}", f"{r.projected:,.1f}") for r in f.largest)))
        out.append(B.Table(("Fastest-growing industries", f"Change {f.base_year}-{f.projection_year}",
                            "Change (thousands of jobs)", f"Jobs {f.base_year} (thousands)"),
                           tuple((r.name, f"{r.change_pct:+.1f}%", f"{r.change:+,.1f}", f"{r.base:,.1f}")
                                 for r in f.growing)))
        out += list(charts)
        out.append(B.Paragraph(SOURCE_NOTE, "note"))
    out += named_blocks(panel)
    return out


def excerpt(quote: str, words: str, width: int = 160) -> str:
    """About ``width`` characters of ``quote`` around the first place ``words`` stand in it, verbatim (no
    ellipsis added), so that an inspector can find the words in the source as they are."""
    if len(quote) <= width:
        return quote
    at = max(0, quote.lower().find(words.lower()))
    start = max(0, min(at - width // 2, len(quote) - width))
    return quote[start:start + width].strip()


def named_blocks(panel: LabourMarketPanel) -> list:
    """The industries the plan and pupils name, each with where and whether in a linking activity."""
    if not panel.named:
        said = "The plan and the focus-group notes name no industry." if panel.plan_read else \
            "No plan was read; the focus-group notes name no industry."
        return [B.Paragraph(said)]
    by: dict[tuple[str, str], list] = {}
    for n in panel.named:
        by.setdefault((n.name, "plan" if n.source == "plan" else "pupils"), []).append(n)
    rows = []
    for (name, who), items in sorted(by.items(), key=lambda kv: (kv[0][1] != "plan", kv[0][0])):
        in_activity = sum(1 for n in items if n.activity)
        local = items[0].local or "-"
        first = items[0]
        rows.append((name, who, local, f"{len(items)} ({in_activity} in an encounter, experience or LMI activity)",
                     excerpt(first.quote, first.words), first.where))
    out = [B.Table(("Industry named", "By", "In the area's lists", "Mentions", "First quotation", "Where"), tuple(rows),
                   caption="Industries named in the plan and by pupils (matched by the engine to the 22 groups)")]
    if panel.figures.has_table:
        linked = sorted({n.name for n in panel.linked})
        out.append(B.Paragraph(
            "The plan's encounters, experiences and labour market activities name the area's "
            + (f"main or growing industries: {', '.join(linked)}." if linked else
               "main or growing industries: none.")))
    return out
