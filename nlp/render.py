"""An HTML view of an analysis, in the manner of displaCy: the text with its signals highlighted.

Returns a string (for the dashboards and for tests), never displays anything. Context is shown by
shape and words as well as colour, so it survives printing in black and white and colour blindness:

- delivered: solid underline, label "CODE";
- negated: struck through, label "CODE · not";
- hypothetical: dashed underline, label "CODE · planned";
- uncertain: dotted underline, label "CODE · unsure";
- limited (on request, some pupils) and online are added to the label.

Overlapping signals (an activity and the route named inside it) share one highlight with one label
each. Every highlight carries ``data-`` attributes (codes, offsets, rule ids) and a ``title`` tooltip.
"""
from __future__ import annotations

from html import escape

from nlp.results import Analysis, Signal

FAMILY_COLOURS = {
    "pathway": "#dbeafe",
    "activity": "#dcfce7",
    "resource": "#fef3c7",
    "support": "#fce7f3",
    "governance": "#ede9fe",
    "outcome": "#e0f2fe",
}

STYLE = """
.ik-doc { white-space: pre-wrap; line-height: 2.4; font-family: system-ui, sans-serif; font-size: 15px; }
.ik-doc mark { padding: 0.1em 0.25em; border-radius: 0.25em; color: inherit;
  border-bottom: 2px solid #1f2937; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.ik-doc mark.ik-hypothetical { border-bottom-style: dashed; }
.ik-doc mark.ik-uncertain { border-bottom-style: dotted; }
.ik-doc mark.ik-negated .ik-text { text-decoration: line-through; }
.ik-doc .ik-label { font-size: 0.7em; font-weight: bold; text-transform: none; margin-left: 0.4em;
  padding: 0 0.3em; border: 1px solid #374151; border-radius: 0.2em; background: #fff; vertical-align: middle; }
.ik-findings { font-family: system-ui, sans-serif; }
.ik-findings li { margin-bottom: 0.3em; }
.ik-legend span { margin-right: 1em; }
"""


def _state(signal: Signal) -> tuple[list[str], list[str]]:
    """CSS classes and label words for a signal's context."""
    classes, words = [], []
    for flag, word in (("negated", "not"), ("hypothetical", "planned"), ("uncertain", "unsure"),
                       ("limited", "on request/some"), ("online", "online")):
        if getattr(signal, flag):
            classes.append(f"ik-{flag}")
            words.append(word)
    if not classes:
        classes.append("ik-delivered")
    return classes, words


def _label(signal: Signal) -> str:
    _, words = _state(signal)
    years = ",".join(f"Y{y}" for y in signal.year_groups)
    text = signal.code + (f" · {' · '.join(words)}" if words else "") + (f" · {years}" if years else "")
    return f'<span class="ik-label">{escape(text)}</span>'


def _clusters(signals):
    """Groups of overlapping signals, in text order."""
    clusters: list[list[Signal]] = []
    end = -1
    for s in sorted(signals, key=lambda s: (s.start, -s.end)):
        if clusters and s.start < end:
            clusters[-1].append(s)
            end = max(end, s.end)
        else:
            clusters.append([s])
            end = s.end
    return clusters


def render_html(text: str, analysis: Analysis, title: str | None = None, findings: bool = True,
                page: bool = False) -> str:
    """The text with signals highlighted (and, by default, the findings listed above it).

    ``page=True`` wraps it in a complete HTML document with its stylesheet; otherwise the fragment
    carries a ``<style>`` element of its own, so it can be dropped into a dashboard as it is.
    """
    parts = [f"<style>{STYLE}</style>", '<div class="ik-analysis">']
    if title:
        parts.append(f"<h3>{escape(title)}</h3>")
    if findings:
        parts.append('<ul class="ik-findings">')
        for f in analysis.findings:
            years = f" ({', '.join(f'Y{y}' for y in f.year_groups)})" if f.year_groups else ""
            parts.append(f'<li data-code="{escape(f.code)}"><strong>{escape(f.code)}</strong>{escape(years)} '
                         f'[{escape(f.severity)}; {escape(", ".join(f.criteria))}]: {escape(f.summary)}</li>')
        if not analysis.findings:
            parts.append("<li>No weak spots found.</li>")
        parts.append("</ul>")
    parts.append('<p class="ik-legend"><span>solid = delivered</span><span>struck through = denied</span>'
                 '<span>dashed = planned</span><span>dotted = unsure</span></p>')
    parts.append('<div class="ik-doc">')
    cursor = 0
    for cluster in _clusters(analysis.signals):
        start = min(s.start for s in cluster)
        end = max(s.end for s in cluster)
        parts.append(escape(text[cursor:start]))
        first = cluster[0]
        classes, _ = _state(first)
        for s in cluster[1:]:
            classes += [c for c in _state(s)[0] if c not in classes]
        family = first.code.split(".")[0]
        colour = FAMILY_COLOURS.get(family, "#f3f4f6")
        tooltip = "; ".join(
            f"{s.code} ({s.rule})" + (" — " + ", ".join(m["trigger"] for m in s.modifiers) if s.modifiers else "")
            for s in cluster)
        parts.append(
            f'<mark class="ik-signal {" ".join(classes)}" style="background: {colour}" '
            f'data-codes="{escape(" ".join(s.code for s in cluster))}" data-start="{start}" data-end="{end}" '
            f'title="{escape(tooltip)}"><span class="ik-text">{escape(text[start:end])}</span>'
            + "".join(_label(s) for s in cluster) + "</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    parts.append("</div></div>")
    html = "".join(parts)
    if page:
        return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                f"{escape(title or 'Analysis')}</title></head><body>{html}</body></html>")
    return html
