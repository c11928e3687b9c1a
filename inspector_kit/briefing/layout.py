"""Lay the briefing out as blocks: the order and wording an inspector reads, the same in every format.

The sections, their order and headings come from the briefing model (:mod:`.sections`), which the
dashboard follows too; this module only says what each section holds.
"""
from __future__ import annotations

from pathlib import Path

from inspector_kit.briefing import blocks as B
from inspector_kit.briefing.sections import (FINDINGS_HEADING, SHOWN_STATUSES, STATUS_WORDS, TREND_CAPTION,
                                             TREND_HEADER, area_line, gap_sentence, section, sections,
                                             shown_quotes, silent_line, trend_rows, website_lead)
# the module, not its names: importing the labour market section first runs this package's __init__
# (it imports the section's records from here), which lays the briefing out before the section has finished
from inspector_kit.labour_market import briefing as labour_market_section


def _heading(section_id: str) -> B.Heading:
    return B.Heading(section(section_id).title)


def destination_charts(comparison) -> list[B.Chart]:
    """The destination panel's charts as Vega-Lite specs (school against LA and England; mix; trend),
    built without altair: its import alone costs more than the rest of a briefing's charts."""
    from inspector_kit.destinations import charts

    out = []
    if comparison.cohort is None:
        return out
    for name, title in (("comparison_spec", "Sustained destinations: school, local authority and England"),
                        ("mix_spec", "Destination mix"), ("trend_spec", "Three-year trend against England")):
        make = getattr(charts, name, None)
        if make is None:
            continue
        try:
            spec = make(comparison)
        except Exception:  # a chart must never stop the briefing; the table carries the figures
            continue
        if spec is not None:
            out.append(B.Chart(spec=spec, title=title, alt=f"{title} for URN {comparison.urn}"))
    return out


def briefing_blocks(b) -> list:
    """The whole briefing as blocks, section by section in the briefing model's order (``sections.toml``)."""
    s = b.school
    out: list = [B.Heading(b.title, 1),
                 B.Paragraph(f"{s.type or s.phase}, ages {s.age_range}, {s.local_authority} ({s.region}). "
                             f"LAESTAB {s.laestab or 'not given'}.", "lead"),
                 B.Paragraph("Every statement below names its source: a figure from the destination data or a "
                             "quotation with its file, page and line. Pupils' names are replaced by [Pupil A], "
                             "[Pupil B] ...", "note")]
    out += _framework_note(b)
    for s in sections():
        out += SECTION_BLOCKS[s.id](b)
    return out


def _evidence_section(b) -> list:
    e = b.evidence
    rows = [(d["file"], d["format"], f"{d['words']:,}", "; ".join(d["warnings"]) or "-") for d in e["plan"]]
    out = [_heading("evidence"),
           B.Table(("Plan document", "Format", "Words", "Warnings"), tuple(rows) or (("none loaded", "-", "0", "-"),))]
    notes = [(n["label"], ", ".join(f"Y{y}" for y in n["year_groups"]), str(n["pupils"] or "-"), str(n["words"]),
              f"{n['file']} l.{n['line']}") for n in e["notes"]]
    out.append(B.Table(("Focus group", "Year groups", "Pupils", "Words", "Source"), tuple(notes)
                       or (("no focus-group notes yet", "-", "-", "-", "-"),)))
    if b.problems:
        out.append(B.Paragraph("Evidence that could not be read:", "warning"))
        out.append(B.BulletList(tuple(f"{Path(p.get('path') or '').name}: {p['message']} [{p['code']}]"
                                      for p in b.problems)))
    return out


def _destinations_section(b) -> list:
    out = [_heading("destinations")]
    d = b.destinations
    if d is None:
        reason = (b.destination_problem or {}).get("message", "no destination data")
        out.append(B.Paragraph(f"Destination data not available: {reason}.", "warning"))
        return out
    stage = "key stage 4" if d.get("stage") == "ks4" else "16-18"
    out.append(B.Paragraph(
        f"Leavers after {stage}, {d.get('year') or d.get('time_period')} ({d.get('version')}), "
        f"{d.get('breakdown')}, cohort {_count(d.get('cohort'))}; "
        f"compared with {d.get('la_name') or 'the local authority'} and England for "
        f"{d.get('comparison_group') or d.get('institution_group')}. Source: {Path(d.get('source') or '').name}."))
    rows = []
    for m in d.get("measures", []):
        rows.append((m.get("label", m.get("measure", "")), _fig(m.get("school")), _fig(m.get("la")),
                     _fig(m.get("england")), _pp(m.get("diff_england_pp")),
                     m.get("band_label") or m.get("reason") or "not reported"))
    if rows:
        out.append(B.Table(("Measure", "School", "LA", "England", "Difference from England", "Band"), tuple(rows)))
    trend = trend_rows(d)
    if trend:
        out.append(B.Table(TREND_HEADER, tuple(trend), caption=TREND_CAPTION))
    if gap_sentence(d):
        out.append(B.Paragraph(gap_sentence(d)))
    if d.get("findings"):
        out.append(B.Heading(FINDINGS_HEADING, 3))
    for f in d.get("findings", []):
        out.append(B.Paragraph(f"{f.get('sentence', '')} [{f.get('code', '')}; {', '.join(f.get('criteria', []))}]"))
    for note in d.get("notes", []) or []:
        out.append(B.Paragraph(str(note), "note"))
    out += list(b.charts)
    return out


def _labour_market_section(b) -> list:
    return labour_market_section.section_blocks(getattr(b, "labour_market", None), list(getattr(b, "labour_market_charts", [])))


def _count(value) -> str:
    return "not reported" if value is None else f"{value:,.0f}"


def _fig(figure) -> str:
    if not figure:
        return "-"
    if isinstance(figure, dict):
        if figure.get("percentage") is None:
            return figure.get("status", "-").replace("_", " ")
        return f"{figure['percentage']:.1f}%"
    return _fmt(figure)


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, (int, float)):
        return f"{value:.1f}%"
    return str(value)


def _pp(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, (int, float)):
        return f"{value:+.1f} pp"
    return str(value)


def _website_section(b) -> list:
    rows = tuple((c.title, "present" if c.present else "MISSING", c.quote or f"looked for {c.looked_for}",
                  c.where or "-") for c in b.website)
    return [_heading("website"), B.Paragraph(website_lead([c.as_dict() for c in b.website])),
            B.Table(("Item", "Status", "Evidence", "Source"), rows)]


def _gatsby_section(b) -> list:
    rows = tuple((g["benchmark"] + " " + g["title"], g["plan"], g["pupils"], g["data"], g["status"]) for g in b.gatsby)
    return [_heading("gatsby"),
            B.Table(("Benchmark", "Plan", "Pupils", "Data", "Status"), rows)]


def _framework_note(b) -> list:
    f = b.framework
    if not f:
        return []
    return [B.Paragraph(f"Weak spots and lines of enquiry are grouped by the evaluation areas of the "
                        f"{f['toolkit_title']} ({f['title']}; {f['chosen_because']}). The toolkit sets out "
                        "evidence for each area; it proposes no grade for any of them.", "note")]


def _context_section(b) -> list:
    """Context the inspector should know but that is not evidence of provision: quality awards."""
    out = [_heading("context")]
    if not b.awards:
        out.append(B.Paragraph("Quality award for careers: the published plan names none."))
        return out
    rows = []
    for a in b.awards:
        where = b.plan_where.source(a.sentence_start, a.sentence_end).label() if b.plan_where else "-"
        rows.append((a.award, a.status_label, str(a.year) if a.year else "not stated",
                     str(a.valid_until) if a.valid_until else "-", a.sentence, where))
    out.append(B.Table(("Quality award", "Status claimed", "Year", "Until", "Quotation", "Source"), tuple(rows),
                       caption="Quality awards the plan names (the school's claim; context, not evidence of "
                               "provision by itself)"))
    return out


def _area_heading(area) -> str:
    return area.title if area is not None else "Not filed under an evaluation area"


def _also(item) -> str:
    others = [a.title for a in item.evaluation_areas[1:]]
    return f" Also bears on: {'; '.join(others)}." if others else ""


def _weak_spot_section(b) -> list:
    out = [_heading("weak_spots")]
    if not b.weak_spots:
        out.append(B.Paragraph("The engine found no weak spot in the plan or the notes."))
        return out
    for area, spots in b.area_groups(b.weak_spots):
        out.append(B.Heading(_area_heading(area), 3))
        out += _weak_spots(spots)
    return out


def _weak_spots(spots) -> list:
    out = []
    for w in spots:
        scope = "plan" if w.source == "plan" else f"notes, {w.source}"
        out.append(B.Heading(f"{w.title} ({scope})", 4))
        out.append(B.Paragraph(f"{w.summary} Criteria: {', '.join(w.criteria)}. Severity: {w.severity}. "
                               f"Finding {w.code}, id {w.id}.{_also(w)}"))
        if w.decision:
            d = w.decision
            out.append(B.Paragraph(f"Reviewer decision: {d['decision']} by {d['reviewer']} ({d['decided_at']}): "
                                   f"{d['reason']}", "note"))
        for q in w.quotes[:6]:
            out.append(B.Quote(q["text"], f"{q['where']}; {q['why']}; rule {q['rule']}", q["tag"]))
        if w.searched:
            out.append(B.BulletList(tuple(f"Looked for: {s}" for s in w.searched)))
    return out


def _triangulation_section(b) -> list:
    out = [_heading("triangulation")]
    for status in SHOWN_STATUSES:
        items = [t for t in b.triangulation if t.status == status]
        if not items:
            continue
        out.append(B.Heading(STATUS_WORDS[status], 3))
        for t in items:
            out.append(B.Paragraph(area_line(t.area.title, t.year_group, status, t.polarity)))
            for e in shown_quotes(t.plan, t.pupils, t.data):
                out.append(B.Quote(e.text, f"{e.source}: {e.where}", str(e.stance)))
    silent = silent_line(t.area.title for t in b.triangulation if t.status == "no_evidence")
    if silent:
        out.append(B.Paragraph(silent, "note"))
    return out


def _enquiry_section(b) -> list:
    out = [_heading("enquiries")]
    if not b.enquiries:
        return out + [B.BulletList(("No line of enquiry proposed.",), ordered=True)]
    for area, enquiries in b.area_groups(b.enquiries):
        out.append(B.Heading(_area_heading(area), 3))
        out.append(B.BulletList(tuple(f"{e.question} Ask: {e.ask}. Because: {e.because}.{_also(e)}"
                                      for e in enquiries), ordered=True))
    return out


#: what each section of the briefing model holds, by section id (see ``sections.toml``)
SECTION_BLOCKS = {
    "evidence": _evidence_section, "context": _context_section, "destinations": _destinations_section,
    "labour_market": _labour_market_section, "website": _website_section, "gatsby": _gatsby_section,
    "weak_spots": _weak_spot_section, "triangulation": _triangulation_section, "enquiries": _enquiry_section,
}
