"""The ``ik_signals`` component: codebook signals as spans in ``doc.spans["ik_signals"]``.

Phrases go to one PhraseMatcher on NORM and token patterns to one Matcher, so the per-token work stays
in spaCy's compiled code; Python only sees the matches. Each span's ``label_`` is the code and ``id_``
the rule id. Spans of different codes may overlap ("apprenticeship provider talk" is both a technical
route and a provider encounter); within one code the longest match wins.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp._extensions import SIGNALS_KEY
from nlp.errors import RuleFileError
from nlp.signals.rules import EXCLUDE, SignalRule, load_signal_rules


@lru_cache(maxsize=8)
def _cached_rules(rule_files: tuple[str, ...] | None) -> tuple[SignalRule, ...]:
    return tuple(load_signal_rules(list(rule_files) if rule_files else None))


@Language.factory(
    "ik_signals",
    default_config={"rule_files": None},
    assigns=["doc.spans"],
)
def make_signal_matcher(nlp: Language, name: str, rule_files: list[str] | None) -> "SignalMatcher":
    return SignalMatcher(nlp, name, rules=_cached_rules(tuple(rule_files) if rule_files else None))


def _neighbour(doc: Doc, i: int, step: int):
    """The nearest non-space token from ``i`` going ``step`` (+1 or -1), or None."""
    while 0 <= i < len(doc):
        if not doc[i].is_space:
            return doc[i]
        i += step
    return None


class SignalMatcher:
    """Find codebook signals with the rules given (by default every file in ``nlp/signals/resources``)."""

    def __init__(self, nlp: Language, name: str = "ik_signals", rules=None):
        self.name = name
        self.rules: tuple[SignalRule, ...] = tuple(rules if rules is not None else _cached_rules(None))
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab, validate=True)
        self._rule_of: dict[int, SignalRule] = {}
        for index, rule in enumerate(self.rules):
            key = f"ik_signal_{index}"
            self._rule_of[nlp.vocab.strings.add(key)] = rule
            if rule.is_phrase:
                self.phrase_matcher.add(key, [nlp.make_doc(rule.pattern)])
            else:
                try:
                    self.matcher.add(key, [list(rule.pattern)])
                except (ValueError, KeyError) as exc:
                    raise RuleFileError(f"spaCy refused the pattern: {exc}", where=rule.where) from exc

    def _keep(self, doc: Doc, rule: SignalRule, start: int, end: int) -> bool:
        if rule.not_before:
            nxt = _neighbour(doc, end, 1)
            if nxt is not None and nxt.norm_ in rule.not_before:
                return False
        if rule.not_after:
            prev = _neighbour(doc, start - 1, -1)
            if prev is not None and prev.norm_ in rule.not_after:
                return False
        if rule.skip_in_names and doc[start].is_title and start > 0:
            prev = doc[start - 1]
            if prev.is_title and not prev.is_sent_start and not prev.is_space:
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrase_matcher(doc)) + list(self.matcher(doc))
        candidates: dict[str, list[Span]] = {}
        exclusions: list[tuple[int, int, tuple[str, ...]]] = []
        for match_id, start, end in matches:
            rule = self._rule_of[match_id]
            if not self._keep(doc, rule, start, end):
                continue
            if rule.label == EXCLUDE:
                exclusions.append((start, end, rule.blocks))
                continue
            candidates.setdefault(rule.label, []).append(Span(doc, start, end, label=rule.label, span_id=rule.id))
        spans: list[Span] = []
        for label, found in candidates.items():
            if exclusions:
                found = [s for s in found
                         if not any(s.start < e and st < s.end and label in blocks for st, e, blocks in exclusions)]
            spans.extend(filter_spans(found))
        spans.sort(key=lambda s: (s.start, s.end, s.label_))
        doc.spans[SIGNALS_KEY] = spans
        return doc

    def rule(self, rule_id: str) -> list[SignalRule]:
        """The rule variants with this id (for explaining a signal)."""
        return [r for r in self.rules if r.id == rule_id]
