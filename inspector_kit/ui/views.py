"""HTML fragments the dashboards show: pure functions from briefing data and analyses to strings.

Kept apart from the widgets so they can be tested without a browser or a kernel. Everything from the
evidence is escaped; nothing here adds a script or a link to fetch. Statuses are words with a symbol
(never colour alone), tables have header cells with scope, and highlighted evidence carries a text tag
as well as a style (affirmed underlined, negated struck through, planned dashed, uncertain dotted).
A note's whole text is marked up by the engine's own renderer (``nlp.render_html``), which follows the
same conventions, so the dashboards and the engine's HTML never disagree about a signal.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from nlp import render_html
from nlp.stance import Stance

from inspector_kit.briefing.sections import (FINDINGS_HEADING, SHOWN_STATUSES, STATUS_WORDS, TREND_CAPTION,
                                             area_line, gap_sentence, section, shown_quotes, silent_line,
                                             website_lead)
from inspector_kit.briefing.build import years_label
from inspector_kit.triangulation import areas
from inspector_kit.weak_spots import title as weak_spot_title

esc = html.escape


def section_heading(section_id: str) -> str:
    """A section's heading as the briefing model names it (``inspector_kit/briefing/sections.toml``),
    with the dashboard's stable anchor."""
    s = section(section_id)
    return f"<h2 id='{esc(s.anchor)}'>{esc(s.title)}</h2>"

# status -> (css class, symbol, words)
STATUS_BADGES = {
    "present": ("ik-good", "✓", "Present"),
    "missing": ("ik-bad", "✗", "Missing"),
    "evidenced": ("ik-good", "✓", "Evidenced"),
    "claimed only": ("ik-warn", "?", "Claimed only"),
    "pupils only": ("ik-neutral", "~", "Pupils only"),
    "weak": ("ik-bad", "✗", "Weak"),
    "contradicted": ("ik-bad", "⚠", "Contradicted"),
    "no evidence": ("ik-neutral", "–", "No evidence"),
    "accepted": ("ik-good", "✓", "Accepted"),
    "dismissed": ("ik-neutral", "✗", "Dismissed"),
    "not reviewed": ("ik-warn", "•", "Not yet reviewed"),
}


def badge(status: str) -> str:
    """A status as a badge: a symbol and words, never colour alone."""
    cls, symbol, words = STATUS_BADGES.get(status, ("ik-neutral", "•", status.capitalize()))
    return f"<span class='ik-badge {cls}'><span aria-hidden='true'>{symbol}</span> {esc(words)}</span>"


@lru_cache(maxsize=1)
def signal_titles() -> dict[str, str]:
    """Readable names for signal codes: the triangulation areas' titles where there is one."""
    return {a.code: a.title for a in areas()}


def signal_title(code: str) -> str:
    """A readable name for a signal code: its triangulation area's title, else the code in words."""
    title = signal_titles().get(code)
    if title:
        return title
    return code.split(".", 1)[-1].replace("_", " ").capitalize()


def finding_title(code: str) -> str:
    """A weak spot's title (:func:`inspector_kit.weak_spots.title`)."""
    return weak_spot_title(code)


def years(year_groups) -> str:
    """Year groups in the briefing's words (:func:`inspector_kit.briefing.build.years_label`)."""
    return years_label(list(year_groups or ()))


# Stance -> (css class, words): the highlight style and text tag of a quotation, one entry per Stance
TAG_READING = {Stance.NEGATED: ("ik-negated", "not done"), Stance.PLANNED: ("ik-planned", "planned"),
               Stance.WISHED: ("ik-planned", "wished for"), Stance.UNCERTAIN: ("ik-uncertain", "unsure"),
               Stance.LIMITED: ("ik-affirmed", "done for some or on request"), Stance.AFFIRMED: ("ik-affirmed", "done")}


def quote_html(quote: dict, words: str = "") -> str:
    """A quotation with its signal's words marked (style by how it was read) and a tag naming the area
    and the reading, e.g. "Technical routes and apprenticeships: not done"; then its source and why it counts."""
    sentence, tag = quote.get("text", ""), quote.get("tag", "")
    cls, reading_words = TAG_READING.get(tag, ("ik-affirmed", tag or "quoted"))
    area = signal_title(quote["signal"]) if quote.get("signal") else ""
    label = f"{area}: {reading_words}" if area else reading_words
    tag_html = f"<span class='ik-tag'>{esc(label)}</span>"
    m = re.search(re.escape(words.strip()), sentence, re.I) if words and words.strip() else None
    if m:
        body = (esc(sentence[:m.start()]) + f"<mark class='ik-sig {cls}'>{esc(m.group(0))}</mark>{tag_html}"
                + esc(sentence[m.end():]))
    else:
        body = f"<span class='ik-quote {cls}'>{esc(sentence)}</span> {tag_html}"
    why = f" – {esc(quote['why'])}" if quote.get("why") else ""
    return f"<blockquote>{body}<span class='ik-src'>{esc(quote.get('where', ''))}{why}</span></blockquote>"


# --- problems ----------------------------------------------------------------------------------

def problems_html(problems: list[dict], title: str = "Problems with the evidence") -> str:
    """The error panel: one row per problem with the file and the reason; empty string when none."""
    if not problems:
        return ""
    rows = "".join(
        f"<tr><td>{esc(Path(p.get('path') or '').name or '-')}</td><td>{esc(p.get('message', ''))}</td>"
        f"<td><code>{esc(p.get('code', ''))}</code></td></tr>" for p in problems)
    return (f"<section class='ik-problems' aria-labelledby='ik-problems-h'><h2 id='ik-problems-h'>"
            f"<span aria-hidden='true'>⚠</span> {esc(title)} ({len(problems)})</h2>"
            "<p>The rest of the evidence is shown; these files or items could not be used.</p>"
            "<table><thead><tr><th scope='col'>File</th><th scope='col'>Reason</th><th scope='col'>Code</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></section>")


# --- the school --------------------------------------------------------------------------------

def school_header_html(case) -> str:
    """Who the school is and what evidence was read for it."""
    e = case.entry
    if case.bundle is None:
        return f"<h2 id='ik-school' data-urn='{esc(e.urn)}'>{esc(e.name)}</h2><p>No evidence could be loaded.</p>"
    s = case.bundle.school
    plan = ", ".join(f"{Path(d.path).name} ({d.words:,} words)" for d in
                     (case.bundle.plan.documents if case.bundle.plan else ())) or "none loaded"
    heard = years(case.bundle.note_year_groups) if case.bundle.notes else "no focus groups yet"
    return (f"<h2 id='ik-school' data-urn='{esc(s.urn)}'>{esc(s.name)} <span class='ik-muted'>URN {esc(s.urn)}"
            f"</span></h2><p>{esc(s.type or s.phase)}, ages {esc(s.age_range)}, {esc(s.local_authority)} "
            f"({esc(s.region)}). Plan read: {esc(plan)}. Pupils heard: {esc(heard)}.</p>")


def reading_html(entry) -> str:
    """A school whose documents are still being read: its name and URN from the bundles folder, marked busy.
    Its id is not ``ik-school``, which only an analysed view carries."""
    return (f"<h2 id='ik-reading' data-urn='{esc(entry.urn)}'>{esc(entry.name)} <span class='ik-muted'>URN "
            f"{esc(entry.urn)}</span></h2><p aria-busy='true' class='ik-loading'>Reading the school's documents...</p>")


# --- briefing sections -------------------------------------------------------------------------

def _pct(figure) -> str:
    """A percentage from a figure record (or a bare number); a dash when not reported, never 0."""
    value = figure.get("percentage") if isinstance(figure, dict) else figure
    return "–" if value is None else f"{value:.1f}%"


def _pp(value) -> str:
    return "–" if value is None else f"{value:+.1f} pp"


def _band(code: str, label: str) -> str:
    """A band in words with a direction symbol, as IDSR writes them. Significant differences stand out
    (amber) without calling them good or bad: more pupils "not sustained" is above average and a concern."""
    symbol = {"well_below": "▼▼", "below": "▼", "close": "●", "above": "▲", "well_above": "▲▲"}.get(code, "–")
    cls = "ik-warn" if code in ("well_below", "below", "above", "well_above") else "ik-neutral"
    return f"<span class='ik-badge {cls}'><span aria-hidden='true'>{symbol}</span> {esc(label or code)}</span>"


def destinations_html(data: dict | None, problem: dict | None, charts: list[tuple[str, str, str]]) -> str:
    """The school's destinations against its LA and England: measures with bands, the three-year trend,
    the disadvantaged gap, the data's findings, and the charts (inline SVG with a text alternative).

    ``data`` is ``SchoolComparison.as_dict()``; ``charts`` are (title, alt text, svg) triples.
    """
    out = [section_heading("destinations")]
    if data is None:
        reason = (problem or {}).get("message", "no destination data")
        return out[0] + f"<p>{badge('no evidence')} Destination data not available: {esc(reason)}.</p>"
    cohort = "suppressed" if data.get("cohort") is None else f"{data['cohort']:.0f}"
    pupils = "students" if data.get("stage") == "16-18" else "pupils"
    out.append(f"<p>{esc(str(data.get('year', '')))} ({esc(str(data.get('version') or 'version not stated'))}), "
               f"{esc(str(data.get('breakdown', '')))}: {cohort} {pupils} in the cohort; compared with "
               f"{esc(str(data.get('la_name', '')))} and England ({esc(str(data.get('comparison_group', '')))}).</p>")
    rows = "".join(
        f"<tr><th scope='row'>{esc(str(m.get('label', m.get('measure', ''))))}</th><td>{_pct(m.get('school'))}"
        + (f" <span class='ik-muted'>({m['interval'][0]:.1f}–{m['interval'][1]:.1f})</span>" if m.get("interval") else "")
        + f"</td><td>{_pct(m.get('la'))}</td><td>{_pct(m.get('england'))}</td><td>{_pp(m.get('diff_england_pp'))}</td>"
        f"<td>{_band(m.get('band', ''), m.get('band_label', ''))}"
        + (f" <span class='ik-muted'>{esc(m['reason'])}</span>" if m.get("reason") else "") + "</td></tr>"
        for m in data.get("measures", []))
    if rows:
        out.append("<table><caption>Sustained destinations (school with its 95% interval)</caption><thead><tr>"
                   "<th scope='col'>Measure</th><th scope='col'>School</th><th scope='col'>LA</th>"
                   "<th scope='col'>England</th><th scope='col'>Against England</th><th scope='col'>Band</th>"
                   f"</tr></thead><tbody>{rows}</tbody></table>")
    trend = (data.get("trend") or {}).get("overall") or []
    if trend:
        cells = "".join(f"<tr><th scope='row'>{esc(str(p.get('year', '')))}</th><td>{_pct(p.get('school'))}</td>"
                        f"<td>{_pct(p.get('england_percentage'))}</td><td>{_pp(p.get('diff_england_pp'))}</td>"
                        f"<td>{esc(p.get('arrow_symbol') or '')} {esc(str(p.get('arrow') or ''))}</td>"
                        f"<td>{_band(p.get('band', ''), p.get('band_label', ''))}</td></tr>" for p in trend)
        out.append(f"<table><caption>{esc(TREND_CAPTION)}</caption><thead><tr><th scope='col'>Year</th>"
                   "<th scope='col'>School</th><th scope='col'>England</th><th scope='col'>Against England</th>"
                   f"<th scope='col'>Change against national</th><th scope='col'>Band</th></tr></thead><tbody>{cells}"
                   "</tbody></table>")
    gap = gap_sentence(data)
    if gap:
        head, _, rest = gap.partition(": ")
        out.append(f"<p class='ik-gap'><strong>{esc(head)}:</strong> {esc(rest)}</p>")
    findings = data.get("findings", [])
    if findings:
        out.append(f"<h3>{esc(FINDINGS_HEADING)}</h3><ul>" + "".join(
            f"<li>{esc(str(f.get('sentence', '')))} <span class='ik-muted'>[{esc(str(f.get('code', '')))}; "
            f"{esc(', '.join(f.get('criteria', [])))}]</span></li>" for f in findings) + "</ul>")
    for title, alt, svg in charts:
        out.append(f"<figure class='ik-chart'>{svg_with_alt(svg, alt)}<figcaption>{esc(title)}</figcaption></figure>")
    if data.get("notes"):
        out.append("<p class='ik-muted'>" + " ".join(esc(n) for n in data["notes"]) + "</p>")
    return "".join(out)


def loading_html(section_id: str, message: str) -> str:
    """A section whose content is on its way (marked busy for screen readers)."""
    return f"{section_heading(section_id)}<p aria-busy='true' class='ik-loading'>{esc(message)}</p>"


def svg_with_alt(svg: str, alt: str) -> str:
    """An inline SVG chart announced as one image with its description (screen readers skip the marks)."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    return svg.replace("<svg", f"<svg role='img' aria-label='{esc(alt, quote=True)}'", 1)


def evidence_html(evidence: dict, problems: list[dict] = ()) -> str:
    """What was read: the plan's documents and the focus-group notes, as the briefing's first section."""
    plan = "".join(f"<tr><th scope='row'>{esc(d['file'])}</th><td>{esc(d['format'])}</td><td>{d['words']:,}</td>"
                   f"<td>{esc('; '.join(d['warnings']) or '-')}</td></tr>" for d in evidence["plan"]) \
        or "<tr><th scope='row'>none loaded</th><td>-</td><td>0</td><td>-</td></tr>"
    notes = "".join(f"<tr><th scope='row'>{esc(n['label'])}</th><td>{esc(', '.join(f'Y{y}' for y in n['year_groups']))}"
                    f"</td><td>{esc(str(n['pupils'] or '-'))}</td><td>{n['words']}</td>"
                    f"<td>{esc(n['file'])} l.{n['line']}</td></tr>" for n in evidence["notes"]) \
        or "<tr><th scope='row'>no focus-group notes yet</th><td>-</td><td>-</td><td>-</td><td>-</td></tr>"
    out = [section_heading("evidence"),
           "<table class='ik-evidence-plan'><thead><tr><th scope='col'>Plan document</th><th scope='col'>Format</th>"
           f"<th scope='col'>Words</th><th scope='col'>Warnings</th></tr></thead><tbody>{plan}</tbody></table>",
           "<table class='ik-evidence-notes'><thead><tr><th scope='col'>Focus group</th><th scope='col'>Year groups</th>"
           "<th scope='col'>Pupils</th><th scope='col'>Words</th><th scope='col'>Source</th></tr></thead>"
           f"<tbody>{notes}</tbody></table>"]
    if problems:
        out.append("<p class='ik-warning'>Evidence that could not be read:</p><ul>" + "".join(
            f"<li>{esc(Path(p.get('path') or '').name)}: {esc(p['message'])} [{esc(p['code'])}]</li>" for p in problems)
            + "</ul>")
    return "".join(out)


def website_html(checks: list[dict]) -> str:
    """The statutory website check as a table, with the briefing's lead sentence."""
    lead = website_lead(checks)
    rows = "".join(
        f"<tr><th scope='row'>{esc(c['title'])}</th><td>{badge('present' if c['present'] else 'missing')}</td>"
        f"<td>{esc(c['quote']) if c['present'] else 'Looked for ' + esc(c['looked_for'])}</td>"
        f"<td>{esc(c.get('where') or '–')}</td><td>{esc(', '.join(c.get('criteria', [])))}</td></tr>" for c in checks)
    return (section_heading("website") + f"<p>{esc(lead)}</p><table><thead><tr><th scope='col'>Item</th><th scope='col'>Status</th>"
            "<th scope='col'>Evidence</th><th scope='col'>Source</th><th scope='col'>Criteria</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def gatsby_html(rows: list[dict]) -> str:
    """Gatsby coverage as a table: each benchmark's status and what the plan, pupils and data show."""
    body = "".join(
        f"<tr><th scope='row'>{esc(g['benchmark'])} {esc(g['title'])}</th><td>{badge(g['status'])}</td>"
        f"<td>{esc(g['plan'])}</td><td>{esc(g['pupils'])}</td><td>{esc(g['data'])}</td></tr>" for g in rows)
    return (section_heading("gatsby") + "<table><thead><tr><th scope='col'>Benchmark</th>"
            "<th scope='col'>Status</th><th scope='col'>Plan</th><th scope='col'>Pupils</th><th scope='col'>Data</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")


def decision_html(decision: dict | None) -> str:
    """The reviewer's current decision on a finding, or that it has not been reviewed."""
    if not decision:
        return f"<p class='ik-decision'>{badge('not reviewed')}</p>"
    return (f"<p class='ik-decision' data-decision='{esc(decision['decision'])}'>{badge(decision['decision'])} "
            f"by {esc(decision['reviewer'])} ({esc(decision['decided_at'])}): {esc(decision['reason'])}</p>")


def _by_area(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """Items (weak spots, enquiries) under the evaluation area each is filed under, in first-seen order
    of the briefing's toolkit (``framework.evaluation_areas``) when given."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        areas = item.get("evaluation_areas") or [{"title": "Not filed under an evaluation area"}]
        groups.setdefault(areas[0]["title"], []).append(item)
    return list(groups.items())


def _also(item: dict) -> str:
    others = [a["title"] for a in (item.get("evaluation_areas") or [])[1:]]
    return f" Also bears on: {'; '.join(others)}." if others else ""


def framework_html(framework: dict | None) -> str:
    """Which framework's evaluation areas group the briefing, and why; no grade is proposed."""
    if not framework:
        return ""
    return (f"<p class='ik-muted ik-framework' data-framework='{esc(framework['id'])}'>Grouped by the evaluation "
            f"areas of the {esc(framework['toolkit_title'])} ({esc(framework['chosen_because'])}). "
            "The toolkit proposes no grade.</p>")


def weak_spots_html(spots: list[dict], signal_words=lambda quote: "", framework: dict | None = None) -> str:
    """Each weak spot, under its evaluation area, with its summary, criteria, reviewer's decision and
    highlighted quotations."""
    out = [section_heading("weak_spots")]
    if not spots:
        out.append("<p>The engine found no weak spot in the plan or the notes.</p>")
        return "".join(out)
    out.append(f"<p>{len(spots)} weak spot(s). Decisions are made in the review form below; dismissed "
               "ones drop out of the lines of enquiry.</p>" + framework_html(framework))
    order = [a["title"] for a in (framework or {}).get("evaluation_areas", [])]
    groups = sorted(_by_area(spots), key=lambda g: order.index(g[0]) if g[0] in order else len(order))
    for area, members in groups:
        out.append(f"<section class='ik-area'><h3>{esc(area)}</h3>")
        for w in members:
            state = (w.get("decision") or {}).get("decision", "")
            scope = "plan" if w["source"] == "plan" else f"notes, {w['source']}"
            out.append(f"<article class='ik-weak-spot ik-{esc(state or 'open')}' data-code='{esc(w['code'])}' "
                       f"data-id='{esc(w['id'])}'><h4>{esc(w['title'])} <span class='ik-muted'>({esc(scope)})</span></h4>"
                       f"<p>{esc(w['summary'])} <span class='ik-muted'>Criteria: {esc(', '.join(w['criteria']))}. "
                       f"Severity: {esc(str(w.get('severity', '')))}. Code <code>{esc(w['code'])}</code>."
                       f"{esc(_also(w))}</span></p>" + decision_html(w.get("decision")))
            for q in w.get("quotes", [])[:6]:
                out.append(quote_html(q, signal_words(q)))
            if w.get("searched"):
                out.append("<ul>" + "".join(f"<li>Searched for and not found: {esc(s)}</li>" for s in w["searched"])
                           + "</ul>")
            out.append("</article>")
        out.append("</section>")
    return "".join(out)


def context_html(context: dict | None) -> str:
    """Quality awards the plan names, with status and year: the school's claim, shown as context."""
    awards = (context or {}).get("quality_awards", [])
    out = [section_heading("context")]
    if not awards:
        return "".join(out) + "<p>Quality award for careers: the published plan names none.</p>"
    rows = "".join(f"<tr data-status='{esc(a['status'])}'><td>{esc(a['award'])}</td><td>{esc(a['status_label'])}</td>"
                   f"<td>{esc(str(a['year'] or 'not stated'))}</td><td>{esc(str(a['valid_until'] or '-'))}</td>"
                   f"<td><q>{esc(a['sentence'])}</q></td><td>{esc(a.get('where', '-'))}</td></tr>" for a in awards)
    return ("".join(out) + "<table class='ik-awards'><caption>Quality awards the plan names (the school's claim; "
            "context, not evidence of provision by itself)</caption><thead><tr><th>Quality award</th>"
            "<th>Status claimed</th><th>Year</th><th>Until</th><th>Quotation</th><th>Source</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def triangulation_html(triangulation: list[dict], silent_titles=()) -> str:
    """Plan, pupils and data side by side: the statuses the briefing shows, in its order, each area with
    its quotations (the plan's, the pupils', the data's); then the areas no source speaks to.
    ``triangulation``: ``Triangulation.as_dict()`` records; ``silent_titles``: titles of the areas with no
    evidence."""
    out = [section_heading("triangulation")]
    for status in SHOWN_STATUSES:
        items = [t for t in triangulation if t["status"] == status]
        if not items:
            continue
        out.append(f"<section class='ik-status' data-status='{esc(status)}'><h3>{esc(STATUS_WORDS[status])}</h3>")
        for t in items:
            cls = "ik-contradiction" if status == "contradiction" else "ik-triangulated"
            quotes = "".join(f"<blockquote>{esc(e['text'])}<span class='ik-src'>{esc(e['source'])}: {esc(e['where'])} "
                             f"<span class='ik-tag'>{esc(str(e['stance']))}</span></span></blockquote>"
                             for e in shown_quotes(t["plan"], t["pupils"], t["data"]))
            out.append(f"<article class='{cls}' data-area='{esc(t['area'])}'><p>"
                       f"{esc(area_line(t['title'], t.get('year_group'), status, t.get('polarity', '')))}</p>"
                       f"{quotes}</article>")
        out.append("</section>")
    silent = silent_line(silent_titles)
    if silent:
        out.append(f"<p class='ik-muted'>{esc(silent)}</p>")
    return "".join(out)


def silent_area_titles(no_evidence: list[str]) -> list[str]:
    """Area titles from the briefing's ``no_evidence`` entries ("activity.lmi Y7")."""
    return [signal_title(entry.split(" ", 1)[0]) for entry in no_evidence]


def enquiries_html(enquiries: list[dict], framework: dict | None = None) -> str:
    """The lines of enquiry under the evaluation area each bears on most, heaviest evidence first."""
    if not enquiries:
        return section_heading("enquiries") + "<ol><li>No line of enquiry proposed.</li></ol>"
    order = [a["title"] for a in (framework or {}).get("evaluation_areas", [])]
    groups = sorted(_by_area(enquiries), key=lambda g: order.index(g[0]) if g[0] in order else len(order))
    out = [section_heading("enquiries")]
    for area, members in groups:
        items = "".join(f"<li><strong>{esc(e['question'])}</strong> Ask: {esc(e['ask'])}. "
                        f"<span class='ik-muted'>Because: {esc(e['because'])}.{esc(_also(e))}</span></li>"
                        for e in members)
        out.append(f"<section class='ik-area'><h3>{esc(area)}</h3><ol>{items}</ol></section>")
    return "".join(out)


# --- focus groups ------------------------------------------------------------------------------

def finding_card_html(finding, finding_id: str, decision: dict | None) -> str:
    """One weak spot as a card: title, scope, summary, criteria, severity and the reviewer's decision."""
    state = (decision or {}).get("decision", "open")
    scope = f" ({years(finding.year_groups)})" if getattr(finding, "year_groups", ()) else ""
    return (f"<article class='ik-finding ik-{esc(state)}' data-code='{esc(finding.code)}' data-id='{esc(finding_id)}'>"
            f"<h4>{esc(finding_title(finding.code))}{esc(scope)}</h4><p>{esc(finding.summary)}</p>"
            f"<p class='ik-muted'>Criteria: {esc(', '.join(finding.criteria))}. Severity: {esc(str(finding.severity))}."
            f"</p>{decision_html(decision)}</article>")


def note_html(analysis, decisions: dict[str, dict], index: int = 0) -> str:
    """One focus-group note: heading with source, the text with signals marked, its findings beside it."""
    note = analysis.note
    source = note.source.label() if note is not None else analysis.label
    pupils = f", {note.pupil_count} pupils" if note is not None and note.pupil_count else ""
    findings = "".join(finding_card_html(f, analysis.finding_id(f), decisions.get(analysis.finding_id(f)))
                       for f in analysis.findings) or "<p>No weak spot found in this note.</p>"
    return (f"<section class='ik-note' aria-labelledby='ik-note-{index}'><header><h3 id='ik-note-{index}'>"
            f"{esc(analysis.label)} <span class='ik-muted'>({esc(years(analysis.year_groups))}{esc(pupils)}; "
            f"{esc(source)})</span></h3></header><div><h4>Note</h4><div class='ik-note-text'>"
            f"{render_html(analysis.text, analysis.result, findings=False)}</div></div><div><h4>Findings</h4>"
            f"{findings}</div></section>")


def signal_counts(analyses) -> list[dict]:
    """Signals heard per year group and area: affirmed, denied and planned counts (the chart's data)."""
    counts: dict[tuple[int, str], dict] = {}
    for a in analyses:
        for s in a.signals:
            for y in (s.year_groups or a.year_groups):
                row = counts.setdefault((y, s.code), {"year": f"Y{y}", "year_group": y, "code": s.code,
                                                      "area": signal_title(s.code), "affirmed": 0, "denied": 0,
                                                      "planned": 0})
                stance = s.stance
                key = "denied" if stance is Stance.NEGATED else "affirmed" if stance.delivered else "planned"
                row[key] += 1
    rows = sorted(counts.values(), key=lambda r: (r["year_group"], r["area"]))
    for r in rows:
        r["net"] = r["affirmed"] - r["denied"]
        r["label"] = f"{r['affirmed']}✓ {r['denied']}✗" + (f" {r['planned']}?" if r["planned"] else "")
    return rows


def counts_table_html(rows: list[dict]) -> str:
    """The chart's figures as a table (the chart's text alternative)."""
    body = "".join(f"<tr><td>{esc(r['year'])}</td><th scope='row'>{esc(r['area'])}</th><td>{r['affirmed']}</td>"
                   f"<td>{r['denied']}</td><td>{r['planned']}</td></tr>" for r in rows)
    return ("<details><summary>The chart's figures as a table</summary><table><thead><tr><th scope='col'>Year</th>"
            "<th scope='col'>Area</th><th scope='col'>Said to happen</th><th scope='col'>Denied</th>"
            f"<th scope='col'>Planned or unsure</th></tr></thead><tbody>{body}</tbody></table></details>")
