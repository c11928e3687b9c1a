"""HTML fragments the dashboards show: pure functions from briefing data and analyses to strings.

Kept apart from the widgets so they can be tested without a browser or a kernel. Everything from the
evidence is escaped; nothing here adds a script or a link to fetch. Statuses are words with a symbol
(never colour alone), tables have header cells with scope, and highlighted evidence carries a text tag
as well as a style (affirmed underlined, negated struck through, planned dashed, uncertain dotted).
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

esc = html.escape

FINDING_TITLES_FALLBACK = "Weak spot"

# How a signal was read -> (css class, the tag a reader sees). Order matters: negated wins over planned.
READINGS = (
    ("negated", "ik-negated", "not done"),
    ("hypothetical", "ik-planned", "planned"),
    ("uncertain", "ik-uncertain", "unsure"),
)
AFFIRMED = ("ik-affirmed", "done")

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
    cls, symbol, words = STATUS_BADGES.get(status, ("ik-neutral", "•", status.capitalize()))
    return f"<span class='ik-badge {cls}'><span aria-hidden='true'>{symbol}</span> {esc(words)}</span>"


@lru_cache(maxsize=1)
def signal_titles() -> dict[str, str]:
    """Readable names for signal codes: the triangulation areas' titles where there is one."""
    from inspector_kit.triangulation import areas

    return {a.code: a.title for a in areas()}


def signal_title(code: str) -> str:
    title = signal_titles().get(code)
    if title:
        return title
    return code.split(".", 1)[-1].replace("_", " ").capitalize()


def finding_title(code: str) -> str:
    from inspector_kit.briefing.build import FINDING_TITLES

    return FINDING_TITLES.get(code, code.replace("_", " ").capitalize())


def years(year_groups) -> str:
    from inspector_kit.briefing.build import years_label

    return years_label(list(year_groups or ()))


def reading(signal) -> tuple[str, str]:
    """(css class, tag) for how a signal was read: negated, planned, unsure or done."""
    for attr, cls, tag in READINGS:
        if getattr(signal, attr, False) or (isinstance(signal, dict) and signal.get(attr)):
            return cls, tag
    return AFFIRMED


# --- highlighting ------------------------------------------------------------------------------

def highlight(text: str, signals, offset: int = 0) -> str:
    """``text`` escaped, with each signal's words marked by style and a tag (code and reading).

    ``signals`` carry ``start``/``end`` offsets into the analysed text; ``offset`` is where ``text``
    starts in it. Overlapping signals: the first (leftmost, then longest) is marked, the others are
    listed in its tag, so no words are lost or doubled.
    """
    spans = sorted(((s.start - offset, s.end - offset, s) for s in signals
                    if 0 <= s.start - offset < s.end - offset <= len(text)),
                   key=lambda t: (t[0], -(t[1] - t[0])))
    out, pos, i = [], 0, 0
    while i < len(spans):
        start, end, signal = spans[i]
        group = [signal]
        j = i + 1
        while j < len(spans) and spans[j][0] < end:
            group.append(spans[j][2])
            end = max(end, spans[j][1])
            j += 1
        if start < pos:  # cannot happen after grouping, kept for safety
            i = j
            continue
        out.append(esc(text[pos:start]))
        cls, tag = reading(signal)
        labels = "; ".join(dict.fromkeys(f"{signal_title(s.code)}: {reading(s)[1]}" for s in group))
        rule = ", ".join(dict.fromkeys(getattr(s, "rule", "") for s in group if getattr(s, "rule", "")))
        out.append(f"<mark class='ik-sig {cls}' data-code='{esc(signal.code)}' title='{esc(rule)}'>"
                   f"{esc(text[start:end])}</mark><span class='ik-tag'>{esc(labels)}</span>")
        pos = end
        i = j
    out.append(esc(text[pos:]))
    return "".join(out)


def mark_words(sentence: str, words: str, tag: str) -> str:
    """``sentence`` escaped with the first occurrence of ``words`` marked as the evidence (by ``tag``)."""
    cls = {"negated": "ik-negated", "planned": "ik-planned", "uncertain": "ik-uncertain"}.get(tag, "ik-affirmed")
    label = {"negated": "not done", "planned": "planned", "uncertain": "unsure"}.get(tag, "done")
    if words:
        m = re.search(re.escape(words.strip()), sentence, re.I)
        if m:
            return (esc(sentence[:m.start()]) + f"<mark class='ik-sig {cls}'>{esc(m.group(0))}</mark>"
                    f"<span class='ik-tag'>{esc(label)}</span>" + esc(sentence[m.end():]))
    suffix = f" <span class='ik-tag'>{esc(label)}</span>" if tag else ""
    return esc(sentence) + suffix


def legend_html() -> str:
    return ("<p class='ik-legend'><strong>How evidence is marked:</strong> "
            "<span><mark class='ik-sig ik-affirmed'>underlined</mark><span class='ik-tag'>done</span> said to happen</span>"
            "<span><mark class='ik-sig ik-negated'>struck through</mark><span class='ik-tag'>not done</span> denied or absent</span>"
            "<span><mark class='ik-sig ik-planned'>dashed</mark><span class='ik-tag'>planned</span> intended, not yet done</span>"
            "<span><mark class='ik-sig ik-uncertain'>dotted</mark><span class='ik-tag'>unsure</span> in doubt</span></p>")


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


# --- briefing sections -------------------------------------------------------------------------

def _fmt(value, pp: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        return f"{value:+.1f} pp" if pp else f"{value:.1f}%"
    return str(value)


def destinations_html(data: dict | None, problem: dict | None, charts: list[tuple[str, str, str]]) -> str:
    """Measures against LA and England (a table) and the charts (inline SVG with a text alternative).

    ``charts`` are (title, alt text, svg) triples.
    """
    out = ["<h2 id='ik-destinations'>Destinations</h2>"]
    if data is None:
        reason = (problem or {}).get("message", "no destination data")
        return out[0] + f"<p>{badge('no evidence')} Destination data not available: {esc(reason)}.</p>"
    if data.get("summary"):
        out.append(f"<p>{esc(str(data['summary']))}</p>")
    rows = "".join(
        f"<tr><th scope='row'>{esc(str(m.get('label', m.get('measure', ''))))}</th><td>{_fmt(m.get('school'))}</td>"
        f"<td>{_fmt(m.get('la'))}</td><td>{_fmt(m.get('england'))}</td><td>{_fmt(m.get('difference'), True)}</td>"
        f"<td>{esc(str(m.get('band') or m.get('reason') or ''))}</td></tr>" for m in data.get("measures", []))
    if rows:
        caption = esc(str(data.get("caption", "")))
        out.append(f"<table><caption>{caption}</caption><thead><tr><th scope='col'>Measure</th>"
                   "<th scope='col'>School</th><th scope='col'>LA</th><th scope='col'>England</th>"
                   f"<th scope='col'>Difference</th><th scope='col'>Band</th></tr></thead><tbody>{rows}</tbody></table>")
    findings = data.get("findings", [])
    if findings:
        out.append("<ul>" + "".join(f"<li>{esc(str(f.get('sentence', '')))} <span class='ik-muted'>"
                                    f"[{esc(str(f.get('code', '')))}; {esc(', '.join(f.get('criteria', [])))}]"
                                    "</span></li>" for f in findings) + "</ul>")
    for title, alt, svg in charts:
        out.append(f"<figure class='ik-chart'>{svg_with_alt(svg, alt)}<figcaption>{esc(title)}</figcaption></figure>")
    return "".join(out)


def svg_with_alt(svg: str, alt: str) -> str:
    """An inline SVG chart announced as one image with its description (screen readers skip the marks)."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    return svg.replace("<svg", f"<svg role='img' aria-label='{esc(alt, quote=True)}'", 1)


def website_html(checks: list[dict]) -> str:
    missing = [c for c in checks if not c["present"]]
    lead = ("All statutory items were found in the published plan." if not missing else
            f"{len(missing)} of {len(checks)} statutory items were not found.")
    rows = "".join(
        f"<tr><th scope='row'>{esc(c['title'])}</th><td>{badge('present' if c['present'] else 'missing')}</td>"
        f"<td>{esc(c['quote']) if c['present'] else 'Looked for ' + esc(c['looked_for'])}</td>"
        f"<td>{esc(c.get('where') or '–')}</td><td>{esc(', '.join(c.get('criteria', [])))}</td></tr>" for c in checks)
    return ("<h2 id='ik-website'>Statutory website checklist</h2>"
            f"<p>{esc(lead)}</p><table><thead><tr><th scope='col'>Item</th><th scope='col'>Status</th>"
            "<th scope='col'>Evidence</th><th scope='col'>Source</th><th scope='col'>Criteria</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def gatsby_html(rows: list[dict]) -> str:
    body = "".join(
        f"<tr><th scope='row'>{esc(g['benchmark'])} {esc(g['title'])}</th><td>{badge(g['status'])}</td>"
        f"<td>{esc(g['plan'])}</td><td>{esc(g['pupils'])}</td><td>{esc(g['data'])}</td></tr>" for g in rows)
    return ("<h2 id='ik-gatsby'>Gatsby Benchmark coverage</h2><table><thead><tr><th scope='col'>Benchmark</th>"
            "<th scope='col'>Status</th><th scope='col'>Plan</th><th scope='col'>Pupils</th><th scope='col'>Data</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")


def decision_html(decision: dict | None) -> str:
    """The reviewer's current decision on a finding, or that it has not been reviewed."""
    if not decision:
        return f"<p class='ik-decision'>{badge('not reviewed')}</p>"
    return (f"<p class='ik-decision' data-decision='{esc(decision['decision'])}'>{badge(decision['decision'])} "
            f"by {esc(decision['reviewer'])} ({esc(decision['decided_at'])}): {esc(decision['reason'])}</p>")


def weak_spots_html(spots: list[dict], span_text=lambda span: "") -> str:
    """Each weak spot with its summary, criteria, reviewer's decision and highlighted quotations."""
    out = ["<h2 id='ik-weak-spots'>Weak spots</h2>"]
    if not spots:
        out.append("<p>The engine found no weak spot in the plan or the notes.</p>")
        return "".join(out)
    out.append(f"<p>{len(spots)} weak spot(s). Decisions are made in the review form below; dismissed "
               "ones drop out of the lines of enquiry.</p>")
    for w in spots:
        state = (w.get("decision") or {}).get("decision", "")
        scope = "plan" if w["source"] == "plan" else f"notes, {w['source']}"
        out.append(f"<article class='ik-weak-spot ik-{esc(state or 'open')}' data-code='{esc(w['code'])}' "
                   f"data-id='{esc(w['id'])}'><h3>{esc(w['title'])} <span class='ik-muted'>({esc(scope)})</span></h3>"
                   f"<p>{esc(w['summary'])} <span class='ik-muted'>Criteria: {esc(', '.join(w['criteria']))}. "
                   f"Severity: {esc(str(w.get('severity', '')))}. Code <code>{esc(w['code'])}</code>.</span></p>"
                   + decision_html(w.get("decision")))
        for q in w.get("quotes", [])[:6]:
            out.append(f"<blockquote>{mark_words(q['text'], span_text(q.get('span')), q.get('tag', ''))}"
                       f"<span class='ik-src'>{esc(q['where'])}</span></blockquote>")
        if w.get("searched"):
            out.append("<ul>" + "".join(f"<li>Searched for and not found: {esc(s)}</li>" for s in w["searched"])
                       + "</ul>")
        out.append("</article>")
    return "".join(out)


def contradictions_html(triangulation: list[dict]) -> str:
    """Where the plan says one thing and pupils another, quotations side by side; then agreed weaknesses."""
    out = ["<h2 id='ik-contradictions'>Contradictions: plan against pupils</h2>"]
    contra = [t for t in triangulation if t["status"] == "contradiction"]
    if not contra:
        out.append("<p>No contradiction between the plan and what pupils said.</p>")
    for t in contra:
        year = f"Y{t['year_group']}" if t.get("year_group") else "whole school"
        plan = "".join(f"<blockquote>{esc(e['text'])}<span class='ik-src'>{esc(e['where'])} "
                       f"<span class='ik-tag'>plan: {esc(e['stance'])}</span></span></blockquote>" for e in t["plan"][:2])
        pupils = "".join(f"<blockquote>{esc(e['text'])}<span class='ik-src'>{esc(e['where'])} "
                         f"<span class='ik-tag'>pupils: {esc(e['stance'])}</span></span></blockquote>"
                         for e in t["pupils"][:3])
        out.append(f"<article class='ik-contradiction' data-area='{esc(t['area'])}'><h3>{badge('contradicted')} "
                   f"{esc(t['title'])}, {esc(year)}</h3><p><strong>The plan says:</strong></p>{plan}"
                   f"<p><strong>Pupils say:</strong></p>{pupils}</article>")
    agreed = [t for t in triangulation if t["status"] == "corroborated" and t.get("polarity") == "weakness"]
    if agreed:
        items = "".join(f"<li>{esc(t['title'])}, {esc('Y' + str(t['year_group']) if t.get('year_group') else 'whole school')}"
                        "</li>" for t in agreed)
        out.append(f"<h3>Weaknesses two sources agree on</h3><ul>{items}</ul>")
    return "".join(out)


def enquiries_html(enquiries: list[dict]) -> str:
    if not enquiries:
        return "<h2 id='ik-enquiry'>Lines of enquiry</h2><p>No line of enquiry proposed.</p>"
    items = "".join(f"<li><strong>{esc(e['question'])}</strong> Ask: {esc(e['ask'])}. "
                    f"<span class='ik-muted'>Because: {esc(e['because'])}.</span></li>" for e in enquiries)
    return f"<h2 id='ik-enquiry'>Lines of enquiry</h2><ol>{items}</ol>"


# --- focus groups ------------------------------------------------------------------------------

def finding_card_html(finding, finding_id: str, decision: dict | None) -> str:
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
            f"{highlight(analysis.text, analysis.signals)}</div></div><div><h4>Findings</h4>{findings}</div></section>")


def signal_counts(analyses) -> list[dict]:
    """Signals heard per year group and area: affirmed, denied and planned counts (the chart's data)."""
    counts: dict[tuple[int, str], dict] = {}
    for a in analyses:
        for s in a.signals:
            for y in (s.year_groups or a.year_groups):
                row = counts.setdefault((y, s.code), {"year": f"Y{y}", "year_group": y, "code": s.code,
                                                      "area": signal_title(s.code), "affirmed": 0, "denied": 0,
                                                      "planned": 0})
                key = "denied" if s.negated else "planned" if (s.hypothetical or s.uncertain) else "affirmed"
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
