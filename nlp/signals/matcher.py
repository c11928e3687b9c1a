"""The ``ik_signals`` component: codebook signals as spans in ``doc.spans["ik_signals"]``.

Phrases go to one PhraseMatcher on NORM and token patterns to one Matcher, so the per-token work stays
in spaCy's compiled code; Python only sees the matches. Each span's ``label_`` is the code and ``id_``
the rule id. Spans of different codes may overlap ("apprenticeship provider talk" is both a technical
route and a provider encounter); within one code the longest match wins.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp._extensions import RECORDS_KEY, SIGNALS_KEY, new_record
from nlp.context.component import sentence_bounds
from nlp.errors import RuleFileError
from nlp.patterns import RuleMatcher
from nlp.signals.rules import EXCLUDE, SignalRule, load_signal_rules


@lru_cache(maxsize=8)
def _cached_rules(rule_files: tuple[str, ...] | None) -> tuple[SignalRule, ...]:
    return tuple(load_signal_rules(list(rule_files) if rule_files else None))


# Codes whose neighbouring matches in one clause are one mention ("online careers modules on Xello",
# "meets employers at our annual STEM fair"); routes are never merged (each route word is a mention).
MERGE_CODES = [
    "activity.employer_encounter", "activity.workplace_experience", "activity.provider_encounter",
    "activity.personal_guidance", "activity.lmi", "activity.curriculum_link", "resource.online",
    "support.tailored", "governance.careers_leader", "governance.evaluation", "governance.provider_access",
    "governance.review_date",
]
_NAME_PREFIXES = {"st", "st.", "saint", "king", "queen", "the"}
# Words that may sit between two parts of one mention: prepositions, determiners, a few modifiers and the
# verbs that tie a provider to its event ("the college runs a taster"); anything else keeps them apart.
_GAP_WORDS = frozenset(
    "on via with through using at in from by for of to the a an our their its this his her my your pupils "
    "students learners as annual local short online careers career weekly termly each every own "
    "qualified independent level runs run hosts holds offers delivers led job jobs support".split())


@Language.factory(
    "ik_signals",
    default_config={"rule_files": None, "merge_codes": MERGE_CODES, "max_merge_gap": 4},
    assigns=["doc.spans", "doc.user_data"],
)
def make_signal_matcher(nlp: Language, name: str, rule_files: list[str] | None, merge_codes: list[str],
                        max_merge_gap: int) -> "SignalMatcher":
    return SignalMatcher(nlp, name, rules=_cached_rules(tuple(rule_files) if rule_files else None),
                         merge_codes=merge_codes, max_merge_gap=max_merge_gap)


def _neighbour(doc: Doc, i: int, step: int):
    """The nearest non-space token from ``i`` going ``step`` (+1 or -1), or None."""
    while 0 <= i < len(doc):
        if not doc[i].is_space:
            return doc[i]
        i += step
    return None


class SignalMatcher:
    """Find codebook signals with the rules given (by default every file in ``nlp/signals/resources``)."""

    def __init__(self, nlp: Language, name: str = "ik_signals", rules=None, merge_codes=MERGE_CODES,
                 max_merge_gap: int = 4):
        self.name = name
        self.merge_codes = frozenset(merge_codes)
        self._bounds_doc, self._bounds = None, []
        self.max_merge_gap = max_merge_gap
        self.rules: tuple[SignalRule, ...] = tuple(rules if rules is not None else _cached_rules(None))
        self.matcher = RuleMatcher(nlp.vocab, nlp.make_doc)
        self._rule_of: dict[int, SignalRule] = {}
        for index, rule in enumerate(self.rules):
            key = f"ik_signal_{index}"
            self._rule_of[nlp.vocab.strings.add(key)] = rule
            try:
                self.matcher.add(key, rule.pattern)
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
        if rule.skip_in_names and self._in_name(doc, start, end):
            return False
        if rule.requires_in_sentence:
            lo, hi = self._sentence_of(doc, start)
            if not any(t.norm_ in rule.requires_in_sentence for t in doc[lo:hi]):
                return False
        return True

    def _sentence_of(self, doc: Doc, i: int) -> tuple[int, int]:
        """Token range of the sentence holding token ``i`` (bounds computed once per doc)."""
        if self._bounds_doc is not doc:
            self._bounds_doc, self._bounds = doc, sentence_bounds(doc).tolist()
        k = bisect_right(self._bounds, i) - 1
        return self._bounds[k], self._bounds[k + 1] if k + 1 < len(self._bounds) else len(doc)

    @staticmethod
    def _in_name(doc: Doc, start: int, end: int) -> bool:
        """A capitalised match inside a proper name: "Headland College", "St Aidan's Sixth Form College",
        "University of Leeds"."""
        if not doc[start].is_title:
            return False
        if start > 0:
            prev = doc[start - 1]
            if prev.norm_ in ("'s", "’s") and start > 1 and doc[start - 2].is_title:
                return True
            if prev.is_title and (not prev.is_stop or prev.norm_ in _NAME_PREFIXES) and not prev.is_space:
                return True
        if end + 1 < len(doc) and doc[end].norm_ == "of" and doc[end + 1].is_title:
            return True
        return False

    def _merge(self, doc: Doc, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Join same-code matches separated by a few words of one clause into one mention."""
        merged: list[tuple[int, int, str, str]] = []
        for item in found:
            start, end, label, rule_id = item
            if merged:
                l_start, l_end, _, l_rule = merged[-1]
                if (label in self.merge_codes and 0 <= start - l_end <= self.max_merge_gap
                        and self._sentence_of(doc, start)[0] <= l_start
                        and all((t.norm_ in _GAP_WORDS or t.like_num or t.is_quote) and not t.is_space
                                for t in doc[l_end:start])):
                    keep = l_rule if l_end - l_start >= end - start else rule_id
                    merged[-1] = (l_start, max(l_end, end), label, keep)
                    continue
            merged.append(item)
        return merged

    @staticmethod
    def _longest(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Non-overlapping matches, longest first (spaCy's ``filter_spans`` on plain tuples)."""
        taken: set[int] = set()
        kept = []
        for item in sorted(found, key=lambda m: (m[0] - m[1], m[0], m[3])):
            if any(i in taken for i in range(item[0], item[1])):
                continue
            taken.update(range(item[0], item[1]))
            kept.append(item)
        kept.sort()
        return kept

    def __call__(self, doc: Doc) -> Doc:
        candidates: dict[str, list[tuple[int, int, str, str]]] = {}
        exclusions: list[tuple[int, int, tuple[str, ...]]] = []
        conditional: list[tuple[tuple[int, int, str, str], SignalRule]] = []
        for match_id, start, end in self.matcher(doc):
            rule = self._rule_of[match_id]
            if not self._keep(doc, rule, start, end):
                continue
            if rule.label == EXCLUDE:
                exclusions.append((start, end, rule.blocks))
                continue
            item = (start, end, rule.label, rule.id)
            if rule.not_with:
                conditional.append((item, rule))
            else:
                candidates.setdefault(rule.label, []).append(item)
        if conditional:
            fired = {(m[3], self._sentence_of(doc, m[0])[0]) for found in candidates.values() for m in found}
            for item, rule in conditional:
                sent_start = self._sentence_of(doc, item[0])[0]
                if not any((other, sent_start) in fired for other in rule.not_with):
                    candidates.setdefault(rule.label, []).append(item)
        blocked: dict[str, set[int]] = {}
        for st, e, blocks in exclusions:
            for label in blocks:
                blocked.setdefault(label, set()).update(range(st, e))
        final: list[tuple[int, int, str, str]] = []
        for label, found in candidates.items():
            if label in blocked:
                positions = blocked[label]
                found = [m for m in found if not any(i in positions for i in range(m[0], m[1]))]
            final.extend(self._merge(doc, self._longest(found)))
        final.sort()
        records, spans = [], []
        for start, end, label, rule_id in final:
            span = Span(doc, start, end, label=label, span_id=rule_id)
            spans.append(span)
            records.append(new_record(start, end, span.start_char, span.end_char, label, rule_id))
        doc.spans[SIGNALS_KEY] = spans
        doc.user_data[RECORDS_KEY] = records
        return doc

    def rule(self, rule_id: str) -> list[SignalRule]:
        """The rule variants with this id (for explaining a signal)."""
        return [r for r in self.rules if r.id == rule_id]
