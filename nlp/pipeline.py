"""The analysis pipeline: ``spacy.blank("en")`` plus four rule-based components, and the public entry points.

    ik_segmenter  -> sentences from lines, bullets, headings and table cells
    ik_signals    -> codebook signals (PhraseMatcher + Matcher over rules in nlp/signals/resources)
    ik_context    -> negated / hypothetical / uncertain / limited (triggers in nlp/context/resources)
    ik_year_scope -> year groups for each signal (sentence, table row, heading, default)

then the findings engine (rules in nlp/findings/resources) turns the signals into findings.

>>> from nlp import analyse
>>> a = analyse("## Y10 group\\n- none of them had heard of T levels", kind="notes")
>>> [(s.code, s.negated, s.year_groups) for s in a.signals]
[('pathway.technical', True, (10,))]
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import _extensions  # noqa: F401
from nlp._extensions import doc_text, signal_records
from nlp.context import component as _context  # noqa: F401  (registers ik_context)
from nlp._tokens import tokens
from nlp.errors import AnalysisRequestError
from nlp.findings.engine import evaluate
from nlp.results import Analysis, Signal
from nlp import sections as _sections  # noqa: F401  (registers ik_year_scope)
from nlp import segmenter as _segmenter  # noqa: F401  (registers ik_segmenter)
from nlp.signals import matcher as _matcher  # noqa: F401  (registers ik_signals)
from nlp.signals.rules import load_signal_rules
from nlp.yeargroups import YEAR_GROUPS, phase_year_groups

KINDS = ("plan", "notes")
COMPONENTS = ("ik_segmenter", "ik_signals", "ik_context", "ik_year_scope")


def build_pipeline() -> Language:
    """A fresh pipeline: ``spacy.blank("en")`` with the four ``ik_`` components."""
    nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline, built once per process (rule files are read once)."""
    return build_pipeline()


@lru_cache(maxsize=1)
def _provider_types() -> dict[str, str]:
    return {r.id: r.provider_type for r in load_signal_rules() if r.provider_type}


def _check_request(kind: str, phase: str | None, year_groups) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    if kind not in KINDS:
        raise AnalysisRequestError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    served = None
    if phase is not None:
        if not isinstance(phase, str):
            raise AnalysisRequestError(f"phase must be an age range such as '11-16', got {phase!r}")
        served = phase_year_groups(phase)
    if year_groups is None:
        return (), served
    try:
        years = tuple(sorted({int(y) for y in year_groups}))
    except (TypeError, ValueError) as exc:
        raise AnalysisRequestError(f"year_groups must be whole numbers 7-13, got {year_groups!r}") from exc
    if any(y not in YEAR_GROUPS for y in years):
        raise AnalysisRequestError(f"year_groups must be between 7 and 13, got {list(years)}")
    return years, served


def _prepare(nlp: Language, text: str, kind: str, phase: str | None, year_groups) -> Doc:
    if not isinstance(text, str):
        raise AnalysisRequestError(f"text must be a string, got {type(text).__name__}")
    years, served = _check_request(kind, phase, year_groups)
    doc = nlp.make_doc(text)
    doc._.ik_text = text
    doc._.ik_kind = kind
    doc._.ik_default_year_groups = years
    doc._.ik_phase_year_groups = served
    return doc


def _sentence(text: str, char_bounds: list[int], start_char: int) -> tuple[str, int, int]:
    """The sentence around a signal (text and character offsets, surrounding whitespace trimmed).

    ``span.sent`` would scan every sentence of the document for each signal; ``char_bounds`` (where each
    sentence starts) turns that into a bisection.
    """
    i = bisect_right(char_bounds, start_char) - 1
    start = char_bounds[i]
    end = char_bounds[i + 1] if i + 1 < len(char_bounds) else len(text)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return raw.strip(), start + lead, end - trail


def doc_to_analysis(doc: Doc, phase: str | None = None) -> Analysis:
    """Turn a processed Doc into an :class:`Analysis` (signals, then findings)."""
    provider_types = _provider_types()
    text = doc_text(doc)
    records = signal_records(doc)
    signals = []
    if records:
        table = tokens(doc)
        char_bounds = [table.idx[b] for b in table.sent_starts(doc)]
        for r in records:
            sentence, s_start, s_end = _sentence(text, char_bounds, r["start_char"])
            signals.append(Signal(
                code=r["code"], text=text[r["start_char"]:r["end_char"]], start=r["start_char"],
                end=r["end_char"], sentence=sentence, sentence_start=s_start, sentence_end=s_end, rule=r["rule"],
                negated=r["negated"], hypothetical=r["hypothetical"], uncertain=r["uncertain"],
                limited=r["limited"], online=r["online"], year_groups=tuple(r["year_groups"]),
                year_group_source=r["year_group_source"], section_year_groups=tuple(r["section_year_groups"]),
                modifiers=tuple(r["modifiers"]), provider_type=provider_types.get(r["rule"]),
            ))
    kind = doc._.ik_kind
    served = doc._.ik_phase_year_groups
    sections = tuple(doc._.ik_sections or ())
    findings = evaluate(signals, text, kind, served, sections=sections)
    return Analysis(
        kind=kind, phase=phase, year_groups=tuple(doc._.ik_default_year_groups or ()),
        heard_year_groups=tuple(doc._.ik_heard_year_groups or ()), signals=tuple(signals),
        findings=tuple(findings), words=len(text.split()), sections=sections,
    )


def analyse(text: str, kind: str = "plan", phase: str | None = None, year_groups=None) -> Analysis:
    """Analyse one plan or one set of notes.

    ``kind``: "plan" (a school's published careers information) or "notes" (focus-group notes).
    ``phase``: the provider's age range ("11-16", "11-18", "14-19", "16-19"); decides which findings
    apply and clips year groups. ``year_groups``: the default scope for the whole text (a notes section
    already known to be Y8).
    """
    nlp = get_pipeline()
    doc = nlp(_prepare(nlp, text, kind, phase, year_groups))
    return doc_to_analysis(doc, phase)


def analyse_many(texts: Iterable[str | Mapping], kind: str = "plan", phase: str | None = None, year_groups=None,
                 batch_size: int = 64, n_process: int = 1) -> Iterator[Analysis]:
    """Analyse many texts with ``nlp.pipe`` (for thematic reviews of thousands of documents).

    Each item is a text, or a mapping with ``text`` and optionally ``kind``, ``phase``, ``year_groups``
    overriding the defaults given here. Results come back in input order. ``n_process=2`` is allowed but
    measure first (``benchmarks/bench_nlp.py``): on small machines process start-up often costs more
    than it saves.
    """
    nlp = get_pipeline()
    phases: list[str | None] = []

    def docs():
        for item in texts:
            if isinstance(item, Mapping):
                item_phase = item.get("phase", phase)
                phases.append(item_phase)
                yield _prepare(nlp, item["text"], item.get("kind", kind), item_phase,
                               item.get("year_groups", year_groups))
            else:
                phases.append(phase)
                yield _prepare(nlp, item, kind, phase, year_groups)

    for index, doc in enumerate(nlp.pipe(docs(), batch_size=batch_size, n_process=n_process)):
        yield doc_to_analysis(doc, phases[index])
