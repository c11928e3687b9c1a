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

# Span attributes of a signal, with their defaults. The values live in one plain record per signal
# (``doc.user_data[RECORDS_KEY]``, msgpack-safe so Docs still serialise); the Span attributes are
# read-only views of those records, so components update a dict instead of paying for spaCy's
# per-access ``Underscore`` objects.
SPAN_EXTENSIONS: dict[str, object] = {
    "negated": False,
    "hypothetical": False,
    "uncertain": False,
    "limited": False,
    "online": False,          # the encounter or guidance happens online (a talk watched, virtual work experience)
    "modifiers": (),          # the triggers and scopes that changed this span (dicts)
    "year_groups": (),        # ints 7..13, () when no year group is stated or implied
    "year_group_source": None,  # "sentence" | "list lead-in" | "table row" | "heading" | "default" | None
    "section_year_groups": (),  # year groups of the heading section (or default) the span sits in
}

DOC_EXTENSIONS: dict[str, object] = {
    "ik_text": None,              # the analysed text, kept because Doc.text re-joins every token
    "ik_kind": "plan",            # "plan" or "notes"
    "ik_default_year_groups": (),  # scope for the whole text, from the caller
    "ik_phase_year_groups": None,  # year groups the provider serves, when the phase is known
    "ik_headings": None,           # list of dicts (start, end, level, text, year_groups) from the segmenter
    "ik_row_scopes": None,         # list of (start_char, end_char, year_groups) for table rows
    "ik_list_items": None,         # list of (start_char, end_char, lead_start_char, lead_end_char) per list item
    "ik_heard_year_groups": (),    # notes: year groups whose pupils were heard
    "ik_sections": None,           # list of dicts: start, end, heading, year_groups, starts_group (a focus group)
}

SIGNALS_KEY = "ik_signals"  # doc.spans key of the signal SpanGroup
RECORDS_KEY = "ik_signal_records"  # doc.user_data key of the signal records (same order as the SpanGroup)
# doc.user_data key: False when only the records are wanted (``nlp.analyse``), so no Span is built
SPANS_WANTED = "ik_spans_wanted"


def new_record(start: int, end: int, start_char: int, end_char: int, code: str, rule: str) -> dict:
    """A signal record with every attribute at its default (a fresh list for each list attribute).

    Written out as one dict display (a signal every dozen words: copying the defaults in a loop cost
    several times this); a test checks it against ``SPAN_EXTENSIONS``."""
    return {"start": start, "end": end, "start_char": start_char, "end_char": end_char, "code": code,
            "rule": rule, "negated": False, "hypothetical": False, "uncertain": False, "limited": False,
            "online": False, "modifiers": [], "year_groups": [], "year_group_source": None,
            "section_year_groups": []}


def signal_records(doc) -> list[dict]:
    """The signal records of a processed Doc (empty before ``ik_signals`` has run)."""
    return doc.user_data.get(RECORDS_KEY, [])


def _record_of(span) -> dict | None:
    for record in signal_records(span.doc):
        if record["start"] == span.start and record["end"] == span.end and record["code"] == span.label_:
            return record
    return None


def _getter(name: str, default):
    def get(span):
        record = _record_of(span)
        value = default if record is None else record.get(name, default)
        return tuple(value) if isinstance(default, tuple) else value
    return get


def doc_text(doc) -> str:
    """The Doc's text, read once: ``Doc.text`` joins every token on each call."""
    text = doc._.ik_text
    if text is None:
        text = doc.text
        doc._.ik_text = text
    return text


def register_extensions() -> None:
    """Register the attributes once; calling it again is harmless."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_getter(name, default))
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
