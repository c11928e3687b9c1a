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

from nlp._extensions import RECORDS_KEY, SIGNALS_KEY, SPANS_WANTED, new_record
from nlp._tokens import tokens
from nlp.errors import RuleFileError
from nlp.patterns import shared_matcher
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
    """spaCy factory for the signal matcher; rule files are read once per process (cached by name)."""
    return SignalMatcher(nlp, name, rules=_cached_rules(tuple(rule_files) if rule_files else None),
                         merge_codes=merge_codes, max_merge_gap=max_merge_gap)


class SignalMatcher:
    """Find codebook signals with the rules given (by default every file in ``nlp/signals/resources``)."""

    def __init__(self, nlp: Language, name: str = "ik_signals", rules=None, merge_codes=MERGE_CODES,
                 max_merge_gap: int = 4):
        self.name = name
        self.merge_codes = frozenset(merge_codes)
        self.vocab = nlp.vocab
        self._hash_cache: dict = {}
        self._gap_words = frozenset(nlp.vocab.strings.add(w) for w in _GAP_WORDS)
        self._possessive = frozenset(nlp.vocab.strings.add(w) for w in ("'s", "’s"))
        self._name_prefixes = frozenset(nlp.vocab.strings.add(w) for w in _NAME_PREFIXES)
        self._of = nlp.vocab.strings.add("of")
        self.max_merge_gap = max_merge_gap
        self.rules: tuple[SignalRule, ...] = tuple(rules if rules is not None else _cached_rules(None))
        # one matcher for the whole pipeline: signals and context triggers are found in a single pass
        self.matcher = shared_matcher(nlp)
        self._rule_of: dict[int, SignalRule] = {}
        # rule id -> codes its matches may not sit inside (merged over the rule's variants)
        self._not_inside: dict[str, frozenset] = {}
        for rule in self.rules:
            if rule.not_inside:
                self._not_inside[rule.id] = self._not_inside.get(rule.id, frozenset()) | frozenset(rule.not_inside)
        # rules whose matches _keep must check (most have no condition)
        self._conditioned = frozenset(id(r) for r in self.rules if r.not_before or r.not_after or r.skip_in_names
                                      or r.requires_in_sentence)
        for index, rule in enumerate(self.rules):
            key = f"ik_signal_{id(self)}_{index}"
            self._rule_of[nlp.vocab.strings.add(key)] = rule
            try:
                self.matcher.add(key, rule.pattern)
            except (ValueError, KeyError) as exc:
                raise RuleFileError(f"spaCy refused the pattern: {exc}", where=rule.where) from exc

    def _drop_inside(self, final: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Drop matches of ``not_inside`` rules that lie wholly inside a mention of the named codes."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for start, end, label, _ in final:
            spans.setdefault(label, []).append((start, end))
        kept = []
        for item in final:
            codes = self._not_inside.get(item[3])
            if codes and any(s <= item[0] and item[1] <= e and (s, e) != (item[0], item[1])
                             for code in codes for s, e in spans.get(code, ())):
                continue
            kept.append(item)
        return kept

    def _keep(self, t, rule: SignalRule, start: int, end: int) -> bool:
        n = t.doc_length
        if rule.not_before:
            i = end
            while i < n and t.is_space[i]:
                i += 1
            if i < n and t.norm[i] in self._hashes(rule.not_before):
                return False
        if rule.not_after:
            i = start - 1
            while i >= 0 and t.is_space[i]:
                i -= 1
            if i >= 0 and t.norm[i] in self._hashes(rule.not_after):
                return False
        if rule.skip_in_names and self._in_name(t, start, end):
            return False
        if rule.requires_in_sentence:
            lo, hi = self._sentence_of(t, start)
            wanted = self._hashes(rule.requires_in_sentence)
            if not any(t.norm[i] in wanted for i in range(lo, hi)):
                return False
        return True

    def _hashes(self, words) -> frozenset:
        """NORM hashes of a rule's word list (cached: rules are few, matches many)."""
        key = id(words)
        found = self._hash_cache.get(key)
        if found is None:
            found = self._hash_cache[key] = (words, frozenset(self.vocab.strings.add(w) for w in words))
        return found[1]

    def _sentence_of(self, t, i: int) -> tuple[int, int]:
        """Token range of the sentence holding token ``i``."""
        bounds = t._sent_starts
        k = bisect_right(bounds, i) - 1
        return bounds[k], bounds[k + 1] if k + 1 < len(bounds) else t.doc_length

    def _in_name(self, t, start: int, end: int) -> bool:
        """A capitalised match inside a proper name: "Headland College", "St Aidan's Sixth Form College",
        "University of Leeds"."""
        if not t.is_title[start]:
            return False
        if start > 0:
            prev = start - 1
            if t.norm[prev] in self._possessive and start > 1 and t.is_title[start - 2]:
                return True
            if t.is_title[prev] and (not t.is_stop[prev] or t.norm[prev] in self._name_prefixes) \
                    and not t.is_space[prev]:
                return True
        if end + 1 < t.doc_length and t.norm[end] == self._of and t.is_title[end + 1]:
            return True
        return False

    def _merge(self, t, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
        """Join same-code matches separated by a few words of one clause into one mention."""
        merged: list[tuple[int, int, str, str]] = []
        gap_words = self._gap_words
        for item in found:
            start, end, label, rule_id = item
            if merged:
                l_start, l_end, _, l_rule = merged[-1]
                if (label in self.merge_codes and 0 <= start - l_end <= self.max_merge_gap
                        and self._sentence_of(t, start)[0] <= l_start
                        and all((t.norm[i] in gap_words or t.like_num[i] or t.is_quote[i]) and not t.is_space[i]
                                for i in range(l_end, start))):
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
        t = tokens(doc)
        t.sent_starts(doc)
        candidates: dict[str, list[tuple[int, int, str, str]]] = {}
        exclusions: list[tuple[int, int, tuple[str, ...]]] = []
        conditional: list[tuple[tuple[int, int, str, str], SignalRule]] = []
        rule_of, conditioned = self._rule_of, self._conditioned
        for match_id, start, end in self.matcher(doc):
            rule = rule_of.get(match_id)
            if rule is None:  # another component's rule
                continue
            if id(rule) in conditioned and not self._keep(t, rule, start, end):
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
            fired = {(m[3], self._sentence_of(t, m[0])[0]) for found in candidates.values() for m in found}
            for item, rule in conditional:
                sent_start = self._sentence_of(t, item[0])[0]
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
            final.extend(self._merge(t, self._longest(found)))
        if self._not_inside:
            final = self._drop_inside(final)
        final.sort()
        idx, end_char = t.idx, t.end_char
        doc.user_data[RECORDS_KEY] = [new_record(start, end, idx[start], end_char(end), label, rule_id)
                                      for start, end, label, rule_id in final]
        if doc.user_data.get(SPANS_WANTED, True):  # analyse() reads the records only
            doc.spans[SIGNALS_KEY] = [Span(doc, start, end, label=label, span_id=rule_id)
                                      for start, end, label, rule_id in final]
        return doc

    def rule(self, rule_id: str) -> list[SignalRule]:
        """The rule variants with this id (for explaining a signal)."""
        return [r for r in self.rules if r.id == rule_id]
