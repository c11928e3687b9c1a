"""Every custom attribute the pipeline sets, registered in one place (medspaCy's ``_extensions`` habit).

Span attributes describe a signal: its context flags, the trail of what modified it, and the year
groups it applies to. Doc attributes carry what the caller knows before analysis (kind, default year
groups, phase) and what the pipeline learns about the document (sections, year groups heard).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

# Context category -> Span attribute it sets (one table; nlp.context reads it).
CONTEXT_ATTRIBUTES: dict[str, str] = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "hypothetical",
    "UNCERTAIN": "uncertain",
    "LIMITED": "limited",
    "REMOTE": "online",
}

SPAN_EXTENSIONS: dict[str, object] = {
    "negated": False,
    "hypothetical": False,
    "uncertain": False,
    "limited": False,
    "online": False,          # the encounter or guidance happens online (a talk watched, virtual work experience)
    "modifiers": None,        # list of dicts: the triggers and scopes that changed this span
    "year_groups": None,      # tuple of ints 7..13, () when no year group is stated or implied
    "year_group_source": None,  # "sentence" | "table" | "heading" | "default" | None
    "section_year_groups": None,  # year groups of the heading section (or default) the span sits in
}

DOC_EXTENSIONS: dict[str, object] = {
    "ik_kind": "plan",            # "plan" or "notes"
    "ik_default_year_groups": (),  # scope for the whole text, from the caller
    "ik_phase_year_groups": None,  # year groups the provider serves, when the phase is known
    "ik_headings": None,           # list of Heading records from the segmenter
    "ik_row_scopes": None,         # list of (start_char, end_char, year_groups) for table rows
    "ik_heard_year_groups": (),    # notes: year groups whose pupils were heard
    "ik_sections": None,           # list of dicts: start, end, heading, year_groups
}

SIGNALS_KEY = "ik_signals"  # doc.spans key of the signal SpanGroup


def register_extensions() -> None:
    """Register the attributes once; calling it again is harmless."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
