"""The analysis pipeline: ``spacy.blank("en")`` plus four rule-based components, and the public entry points.

    ik_segmenter  -> sentences from lines, bullets, headings and table cells
    ik_signals    -> codebook signals (PhraseMatcher + Matcher over rules in nlp/signals/resources)
    ik_context    -> negated / hypothetical / uncertain / limited (triggers in nlp/context/resources)
    ik_year_scope -> year groups for each signal (sentence, table row, heading, default)

then the findings engine (rules in nlp/findings/resources) turns the signals into findings.

A text longer than ``nlp.chunking.TARGET_CHARS`` is analysed in sections cut at paragraphs, lines or
sentences (``nlp.chunking``): one Doc per section, offsets shifted back into the whole text, year scope
carried across cuts by the headings in force, findings judged once over the whole text's signals. So
any length is analysed in the memory of one section and in time linear in the length.

>>> from nlp import analyse
>>> a = analyse("## Y10 group\\n- none of them had heard of T levels", kind="notes")
>>> [(s.code, s.negated, s.year_groups) for s in a.signals]
[('pathway.technical', True, (10,))]
"""
from __future__ import annotations

from bisect import bisect_right
from collections import deque
from functools import lru_cache
from typing import Iterable, Iterator, Mapping

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import _extensions  # noqa: F401
from nlp import rulecache
from nlp._extensions import SPANS_WANTED, doc_text, signal_records
from nlp.context import component as _context  # noqa: F401  (registers ik_context)
from nlp._tokens import tokens
from nlp.chunking import carry_headings, chunk_bounds, count_words
from nlp.errors import AnalysisRequestError
from nlp.findings.engine import evaluate
from nlp.patterns import shared_matcher
from nlp.wordforms import add_known_forms, known_forms
from nlp.results import Analysis, Signal
from nlp import sections as _sections  # noqa: F401  (registers ik_year_scope)
from nlp import segmenter as _segmenter  # noqa: F401  (registers ik_segmenter)
from nlp.signals import matcher as _matcher  # noqa: F401  (registers ik_signals)
from nlp.signals.rules import load_signal_rules
from nlp.wordforms import word_classes
from nlp.yeargroups import YEAR_GROUPS, phase_year_groups

KINDS = ("plan", "notes")
COMPONENTS = ("ik_segmenter", "ik_signals", "ik_context", "ik_year_scope")


def build_pipeline(use_cache: bool = True) -> Language:
    """A fresh pipeline: ``spacy.blank("en")`` with the four ``ik_`` components.

    With ``use_cache`` the matcher tables compiled from the rule files are read from the rule cache
    (``nlp.rulecache``) when it holds them for these exact files, and written there when it does not;
    without it they are compiled here and nothing is read or written. The results are the same.
    """
    nlp = spacy.blank("en")
    key = stored = None
    if use_cache:
        key = rulecache.cache_key()
        stored = rulecache.load(key)
        if stored is not None:
            add_known_forms(stored["forms"])
    shared = shared_matcher(nlp, compiled=stored["matcher"] if stored else None)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    shared.matcher.compile()
    if use_cache and shared.matcher.source != "cache":
        rulecache.store(key, shared.matcher.compiled_state(), known_forms())
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline, built once per process (rule files are read once)."""
    return build_pipeline()


@lru_cache(maxsize=1)
def _provider_types() -> dict[str, str]:
    return {r.id: r.provider_type for r in load_signal_rules() if r.provider_type}


@lru_cache(maxsize=1)
def _provider_words() -> tuple[frozenset, frozenset]:
    classes = word_classes()
    return frozenset(classes["technical_provider_word"]), frozenset(classes["higher_provider_word"])


def _provider_type(rule_type: str | None, text: str) -> str | None:
    """A rule's provider type, made precise by the words it matched: "a colleges evening" is an encounter
    with further education (technical education providers in the provider access duty), "university open
    days" with higher education; a mention naming both or neither stays ``any``."""
    if rule_type != "any":
        return rule_type
    technical, higher = _provider_words()
    words = set(text.lower().replace("-", " ").split())
    is_technical, is_higher = bool(words & technical), bool(words & higher)
    if is_technical != is_higher:
        return "technical" if is_technical else "higher"
    return rule_type


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


def _prepare(nlp: Language, text: str, kind: str, years: tuple[int, ...], served) -> Doc:
    """A Doc of ``text`` carrying what the components read about it (kind, default year groups, phase)."""
    doc = nlp.make_doc(text)
    doc._.ik_text = text
    doc._.ik_kind = kind
    doc._.ik_default_year_groups = years
    doc._.ik_phase_year_groups = served
    doc.user_data[SPANS_WANTED] = False  # the Analysis is made from the signal records; the Doc is dropped
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


def _shifted(modifier: dict, offset: int) -> dict:
    """A modifier record with its trigger's offsets moved from the section into the whole text."""
    if not offset:
        return modifier
    moved = dict(modifier)
    for key in ("start", "end"):
        if isinstance(moved.get(key), int):
            moved[key] += offset
    return moved


def _signals(doc: Doc, offset: int = 0) -> list[Signal]:
    """The signals of one processed Doc, with offsets ``offset`` characters further into the whole text."""
    provider_types = _provider_types()
    text = doc_text(doc)
    records = signal_records(doc)
    signals = []
    if records:
        table = tokens(doc)
        char_bounds = [table.idx[b] for b in table.sent_starts(doc)]
        for r in records:
            start_char, end_char = r["start_char"], r["end_char"]
            sentence, s_start, s_end = _sentence(text, char_bounds, start_char)
            words = text[start_char:end_char]
            modifiers = r["modifiers"]
            signals.append(Signal(
                code=r["code"], text=words, start=start_char + offset,
                end=end_char + offset, sentence=sentence, sentence_start=s_start + offset,
                sentence_end=s_end + offset, rule=r["rule"],
                negated=r["negated"], hypothetical=r["hypothetical"], uncertain=r["uncertain"],
                limited=r["limited"], online=r["online"], year_groups=tuple(r["year_groups"]),
                year_group_source=r["year_group_source"], section_year_groups=tuple(r["section_year_groups"]),
                modifiers=tuple(_shifted(m, offset) for m in modifiers) if modifiers and offset else tuple(modifiers),
                provider_type=_provider_type(provider_types.get(r["rule"]), words),
            ))
    return signals


def doc_to_analysis(doc: Doc, phase: str | None = None) -> Analysis:
    """Turn one processed Doc (all four components run) into an :class:`Analysis` (signals, then findings)."""
    text = doc_text(doc)
    signals = _signals(doc)
    kind = doc._.ik_kind
    sections = tuple(doc._.ik_sections or ())
    findings = evaluate(signals, text, kind, doc._.ik_phase_year_groups, sections=sections)
    return Analysis(
        kind=kind, phase=phase, year_groups=tuple(doc._.ik_default_year_groups or ()),
        heard_year_groups=tuple(doc._.ik_heard_year_groups or ()), signals=tuple(signals),
        findings=tuple(findings), words=count_words(text), sections=sections,
    )


class _LongText:
    """One text being analysed section by section (see :mod:`nlp.chunking`): what the sections found so far.

    Why: a Doc per section keeps memory bounded and under spaCy's ``max_length``, but heading scope,
    sections and findings belong to the whole text. Each section is year-scoped under the headings in
    force where it starts (``carry_headings``), its signals and sections are shifted into the whole
    text, and the findings are judged once, over every signal, when the last section is in.
    """

    def __init__(self, text: str, kind: str, phase: str | None, years: tuple[int, ...], served):
        self.text, self.kind, self.phase, self.years, self.served = text, kind, phase, years, served
        self.bounds = chunk_bounds(text, kind=kind)
        self.done = 0
        self.stack: tuple = ()
        self.signals: list[Signal] = []
        self.sections: list[dict] = []
        self.heard: set[int] = set()
        self.words = 0

    def docs(self, nlp: Language) -> Iterator[Doc]:
        """One Doc per section, made only when the pipeline asks for it."""
        whole = len(self.bounds) == 1
        for start, end in self.bounds:
            yield _prepare(nlp, self.text if whole else self.text[start:end], self.kind, self.years, self.served)

    @property
    def complete(self) -> bool:
        return self.done == len(self.bounds)

    def add(self, doc: Doc, year_scope) -> None:
        """Year-scope the next section's Doc (signals, segmenter and context already run) and keep its results."""
        offset, end = self.bounds[self.done]
        first = self.done == 0
        real = list(doc._.ik_headings or ())
        if self.stack:  # the headings in force at the cut, as if they stood at the start of this section
            doc._.ik_headings = [{"start": 0, "end": 0, "level": level, "text": text, "year_groups": list(years)}
                                 for level, years, text in self.stack] + real
        year_scope(doc)
        self.stack = carry_headings(self.stack, real)
        self.heard.update(doc._.ik_heard_year_groups or ())
        opens_with_heading = bool(real) and real[0]["start"] == 0
        for section in doc._.ik_sections or ():
            if not first and section["end"] == section["start"]:
                continue  # the empty stretch before a heading that opens the section, or a carried heading
            if not first and section["start"] == 0 and not opens_with_heading and self.sections:
                self.sections[-1]["end"] = section["end"] + offset  # the section above the cut goes on
                continue
            self.sections.append(dict(section, start=section["start"] + offset, end=section["end"] + offset))
        self.signals.extend(_signals(doc, offset))
        self.words += count_words(doc_text(doc))
        if not first and not self.text[offset - 1].isspace() and not self.text[offset].isspace():
            self.words -= 1  # a hard cut inside a word counts it in both sections
        self.done += 1

    def analysis(self) -> Analysis:
        """The whole text's Analysis: findings judged over every section's signals."""
        sections = tuple(self.sections)
        findings = evaluate(self.signals, self.text, self.kind, self.served, sections=sections)
        heard = tuple(sorted(self.heard)) if self.kind == "notes" else ()
        return Analysis(kind=self.kind, phase=self.phase, year_groups=self.years, heard_year_groups=heard,
                        signals=tuple(self.signals), findings=tuple(findings), words=self.words,
                        sections=sections)


def analyse(text: str, kind: str = "plan", phase: str | None = None, year_groups=None) -> Analysis:
    """Analyse one plan or one set of notes, of any length (a long text is analysed in sections).

    ``kind``: "plan" (a school's published careers information) or "notes" (focus-group notes).
    ``phase``: the provider's age range ("11-16", "11-18", "14-19", "16-19"); decides which findings
    apply and clips year groups. ``year_groups``: the default scope for the whole text (a notes section
    already known to be Y8).
    """
    return next(analyse_many([text], kind=kind, phase=phase, year_groups=year_groups))


def _long_text(item, kind: str, phase: str | None, year_groups) -> _LongText:
    """Check one item of ``analyse_many`` and plan its sections."""
    if isinstance(item, Mapping):
        text, kind = item.get("text"), item.get("kind", kind)
        phase, year_groups = item.get("phase", phase), item.get("year_groups", year_groups)
    else:
        text = item
    if not isinstance(text, str):
        raise AnalysisRequestError(f"text must be a string, got {type(text).__name__}")
    years, served = _check_request(kind, phase, year_groups)
    return _LongText(text, kind, phase, years, served)


def analyse_many(texts: Iterable[str | Mapping], kind: str = "plan", phase: str | None = None, year_groups=None,
                 batch_size: int = 64, n_process: int = 1) -> Iterator[Analysis]:
    """Analyse many texts with ``nlp.pipe`` (for thematic reviews of thousands of documents).

    Each item is a text, or a mapping with ``text`` and optionally ``kind``, ``phase``, ``year_groups``
    overriding the defaults given here. Results come back in input order. A text longer than
    ``nlp.chunking.TARGET_CHARS`` goes through the pipe as several section Docs, one after another, so
    memory stays that of one section whatever the text's length. ``n_process=2`` is allowed but
    measure first (``benchmarks/bench_nlp.py``): on small machines process start-up often costs more
    than it saves.
    """
    nlp = get_pipeline()
    year_scope = nlp.get_pipe("ik_year_scope")
    pending: deque[_LongText] = deque()

    def docs():
        for item in texts:
            long_text = _long_text(item, kind, phase, year_groups)
            pending.append(long_text)
            yield from long_text.docs(nlp)

    # year scope runs here, in order, because each section starts under the headings the one before left open
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process, disable=["ik_year_scope"]):
        current = pending[0]
        current.add(doc, year_scope)
        if current.complete:
            pending.popleft()
            yield current.analysis()
