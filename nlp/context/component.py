"""The ``ik_context`` component: NegEx/ConText over the signals, with clause-limited scopes.

For each sentence, trigger phrases are found (PhraseMatcher and Matcher, as for signals) and overlaps
resolved longest-first, so "will continue to" (PSEUDO) silences "will" and "not sure" (UNCERTAIN)
silences "not". Each remaining trigger opens a scope forward, backward or both, which stops at the
sentence edge, at its ``max_scope`` in tokens, or at the first TERMINATE match ("but", ";", a spaced
dash) on that side. A forward scope that reaches the end of a lead-in sentence ("Pupils had not heard
of:") runs on over the list items under it, each whole, so bullets inherit the lead-in's stance. A signal
overlapping the scope, or the trigger itself ("drop-in clinics"), gets
the category's attribute (see ``CONTEXT_ATTRIBUTES``) and a modifier record naming the trigger, so a
reader can see why a signal was judged negated.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp._extensions import CONTEXT_ATTRIBUTES, doc_text, signal_records
from nlp._tokens import tokens
from nlp.context.answers import answer_end, load_answer_rules, questions
from nlp.context.clauses import fronted_clause_ends
from nlp.context.rules import PSEUDO, TERMINATE, ContextRule, load_category_exemptions, load_context_rules
from nlp.errors import RuleFileError
from nlp.patterns import shared_matcher
from nlp.segmenter import _BULLET  # one definition of a bullet for the segmenter and list scopes


@lru_cache(maxsize=8)
def _cached_rules(rule_files: tuple[str, ...] | None) -> tuple[ContextRule, ...]:
    return tuple(load_context_rules(list(rule_files) if rule_files else None))


@Language.factory(
    "ik_context",
    default_config={"rule_files": None},
    requires=["doc.spans"],
    assigns=["span._.negated", "span._.hypothetical", "span._.uncertain", "span._.limited", "span._.online",
             "span._.modifiers"],  # through the signal records (see nlp._extensions)
)
def make_context(nlp: Language, name: str, rule_files: list[str] | None) -> "ContextComponent":
    """spaCy factory for the context component; rule files are read once per process (cached by name)."""
    return ContextComponent(nlp, name, rules=_cached_rules(tuple(rule_files) if rule_files else None))


def sentence_bounds(doc: Doc) -> list[int]:
    """Token indices at which sentences start (always including 0), from the SENT_START annotation."""
    return tokens(doc).sent_starts(doc)


_BARE = re.compile(r"\s*(?:[,.;!?]|['\"’”]?\s*$)")  # "No." / "Never," / "'None'": nothing after the answer word
_PRIORITY = {PSEUDO: 0, "NEGATED_EXISTENCE": 1, "HYPOTHETICAL": 2, "UNCERTAIN": 3, "LIMITED": 4, "REMOTE": 5,
             TERMINATE: 6}


def _list_end(text: str, table, bounds: list[int], sent_index: int, n: int) -> int:
    """Where the list under a lead-in sentence ends (a token index), or the sentence's end when it is
    not a lead-in: the sentence ends with ':' and the sentences after it are bullet items."""
    end = bounds[sent_index + 1] if sent_index + 1 < len(bounds) else n
    if end >= n or not text[table.idx[bounds[sent_index]]:table.idx[end]].rstrip().endswith(":"):
        return end
    k = sent_index + 1
    while k < len(bounds):
        start_char = table.idx[bounds[k]]
        line_start = text.rfind("\n", 0, start_char) + 1
        if not _BULLET.match(text, line_start) or len(text[line_start:start_char].strip()) > 4:
            break
        k += 1
    return bounds[k] if k < len(bounds) else n


def _previous_scope(bounds: list[int], sent_index: int, sent_end: int, signal_starts: list[int]):
    """The sentence a pointing-back sentence refers to: the nearest of the two before it that holds a
    signal, provided the pointing-back sentence holds none itself (else it speaks of its own topic)."""
    def holds_signal(lo: int, hi: int) -> bool:
        k = bisect_left(signal_starts, lo)
        return k < len(signal_starts) and signal_starts[k] < hi
    if holds_signal(bounds[sent_index], sent_end):
        return None
    for back in (1, 2):
        if sent_index - back < 0:
            return None
        lo, hi = bounds[sent_index - back], bounds[sent_index - back + 1]
        if holds_signal(lo, hi):
            return lo, hi
    return None


class ContextComponent:
    """Set negated / hypothetical / uncertain / limited on the signals in ``doc.spans["ik_signals"]``."""

    def __init__(self, nlp: Language, name: str = "ik_context", rules=None):
        self.name = name
        self.rules: tuple[ContextRule, ...] = tuple(rules if rules is not None else _cached_rules(None))
        self.exemptions = load_category_exemptions()
        self._order = {id(rule): i for i, rule in enumerate(self.rules)}
        # one matcher for the whole pipeline: signals and context triggers are found in a single pass
        self.matcher = shared_matcher(nlp)
        self._rule_of: dict[int, ContextRule] = {}
        for index, rule in enumerate(self.rules):
            key = f"ik_context_{id(self)}_{index}"
            self._rule_of[nlp.vocab.strings.add(key)] = rule
            try:
                self.matcher.add(key, rule.pattern)
            except (ValueError, KeyError) as exc:
                raise RuleFileError(f"spaCy refused the pattern: {exc}", where=rule.where) from exc

    def triggers(self, doc: Doc, signal_starts: list[int] | None = None) -> list[tuple[int, int, ContextRule]]:
        """Trigger matches after longest-first overlap resolution, in document order (PSEUDO kept).

        Given the signals' starts, a pointing-back trigger in a sentence that holds a signal is dropped
        before overlaps are resolved: that sentence speaks of its own topic, and the plain trigger inside
        the same words ("have never used") must stay. So is a trigger marked ``unless_named_after`` when a
        signal follows it in its sentence ("but they are not given enough information about apprenticeships")."""
        rule_of = self._rule_of
        found = [(s, e, rule_of[m]) for m, s, e in self.matcher(doc) if m in rule_of]
        if signal_starts is not None and any(r.direction == "previous" or r.unless_named_after for _, _, r in found):
            bounds = tokens(doc).sent_starts(doc)
            n = len(doc)

            def signal_between(lo: int, start: int) -> bool:
                """Whether a signal starts in the sentence of ``start``, at or after ``lo``."""
                i = bisect_right(bounds, start) - 1
                end = bounds[i + 1] if i + 1 < len(bounds) else n
                k = bisect_left(signal_starts, max(lo, bounds[i]))
                return k < len(signal_starts) and signal_starts[k] < end
            found = [t for t in found
                     if not (t[2].direction == "previous" and signal_between(0, t[0]))
                     and not (t[2].unless_named_after and signal_between(t[1], t[0]))]
        # longest first; on a tie a trigger beats a terminator, then the rule listed first wins, except
        # that a rule of the same category and words looking the other way is kept beside it (one
        # phrase may deny different codes before and after it: "college visit - not attended")
        found.sort(key=lambda t: (-(t[1] - t[0]), t[0], _PRIORITY.get(t[2].label, 9), self._order[id(t[2])]))
        taken = bytearray(len(doc) + 1)  # a slice test per trigger: far cheaper than a numpy call
        kept = []
        spans: dict[tuple[int, int], ContextRule] = {}
        for start, end, rule in found:
            if 1 in taken[start:end]:
                first = spans.get((start, end))
                if first is None or first.label != rule.label or first.direction == rule.direction \
                        or "bidirectional" in (first.direction, rule.direction):
                    continue
            taken[start:end] = b"\x01" * (end - start)
            spans.setdefault((start, end), rule)
            kept.append((start, end, rule))
        kept.sort(key=lambda t: t[0])
        return kept

    def __call__(self, doc: Doc) -> Doc:
        signals = signal_records(doc)
        if not signals:
            return doc
        kind = doc._.ik_kind
        triggers = [t for t in self.triggers(doc, [r["start"] for r in signals])
                    if t[2].label != PSEUDO and kind in t[2].kinds]
        if not triggers:
            self.answer_questions(doc, signals, triggers)
            return doc
        table = tokens(doc)
        bounds = table.sent_starts(doc)
        text = doc_text(doc)
        n = len(doc)
        terminators = [(s, e, r.direction or "bidirectional") for s, e, r in triggers if r.label == TERMINATE]
        terminators += fronted_clause_ends(doc, table, bounds)
        terminators.sort()
        term_starts = [s for s, _, d in terminators if d in ("forward", "bidirectional")]
        term_ends = [e for _, e, d in terminators if d in ("backward", "bidirectional")]
        signal_starts = [r["start"] for r in signals]
        lists: dict[int, int] = {}

        def apply(chosen, only_affirmed: bool) -> None:
            for t_start, t_end, rule in chosen:
                if rule.label == TERMINATE:
                    continue
                sent_index = bisect_right(bounds, t_start) - 1
                sent_start = bounds[sent_index]
                sent_end = bounds[sent_index + 1] if sent_index + 1 < len(bounds) else n
                limit = rule.scope_limit
                scopes = []
                if rule.direction == "previous":
                    scope = _previous_scope(bounds, sent_index, sent_end, signal_starts)
                    if scope is None:
                        continue
                    scopes.append(scope)
                if rule.direction in ("forward", "bidirectional"):
                    stop = min(sent_end, t_end + limit)
                    k = bisect_left(term_starts, t_end)
                    if k < len(term_starts) and term_starts[k] < stop:
                        stop = term_starts[k]
                    scopes.append((t_end, stop))
                    if stop == sent_end:
                        if sent_index not in lists:
                            lists[sent_index] = _list_end(text, table, bounds, sent_index, n)
                        if lists[sent_index] > sent_end:
                            scopes.append((sent_end, lists[sent_index]))
                if rule.direction in ("backward", "bidirectional"):
                    begin = max(sent_start, t_start - limit)
                    k = bisect_right(term_ends, t_start) - 1
                    if k >= 0 and term_ends[k] > begin:
                        begin = term_ends[k]
                    scopes.append((begin, t_start))
                scopes.append((t_start, t_end))
                lo = min(s for s, _ in scopes)
                hi = max(e for _, e in scopes)
                exempt = self.exemptions.get(rule.label, ())
                first = bisect_left(signal_starts, lo - 40)  # signals are short; look a little before
                for record in signals[first:]:
                    if record["start"] >= hi:
                        break
                    code = record["code"]
                    if not rule.applies_to(code) or code in exempt \
                            or (only_affirmed and (record["negated"] or record["hypothetical"])):
                        continue
                    if any(record["start"] < e and s < record["end"] for s, e in scopes if e > s):
                        record[rule.attribute] = True
                        c_start, c_end = table.idx[t_start], table.end_char(t_end)
                        record["modifiers"].append({
                            "category": rule.label,
                            "attribute": rule.attribute,
                            "rule": rule.id,
                            "trigger": text[c_start:c_end],
                            "start": c_start,
                            "end": c_end,
                            "direction": rule.direction,
                        })

        # pointing back comes last: a question's own answer, or a denial inside the sentence, decides first
        apply([t for t in triggers if t[2].direction != "previous"], False)
        self.answer_questions(doc, signals, triggers)
        apply([t for t in triggers if t[2].direction == "previous"], True)
        return doc

    def answer_questions(self, doc: Doc, signals: list[dict], triggers: list) -> None:
        """Give the signals inside a question the stance of its answer (see ``nlp.context.answers``)."""
        text = doc_text(doc)
        rules = load_answer_rules()
        found = questions(text, rules)
        if not found:
            return
        table = tokens(doc)
        spans = [(table.idx[r["start"]], table.end_char(r["end"])) for r in signals]
        term_chars = sorted(table.idx[s] for s, _, r in triggers if r.label == TERMINATE)
        from_trigger = [r for r in rules.rules if r.stance == "from_trigger"]
        for q_start, q_end, a_start, question_id in found:
            asked = [r for r, (s, e) in zip(signals, spans)
                     if q_start <= s and e <= q_end + 1 and not (r["negated"] or r["hypothetical"])]
            if not asked:
                continue
            a_end = answer_end(text, a_start)
            answer = text[a_start:a_end].lower()
            if not answer.strip() or rules.affirming.match(answer):
                continue
            k = bisect_left(term_chars, a_start)
            clause_end = min(a_end, term_chars[k]) if k < len(term_chars) else a_end
            opening = rules.opening(answer)
            if opening is not None:
                rule, words = opening
                change = ("NEGATED_EXISTENCE", rule.id, a_start, a_start + len(words), "")
            else:  # the first negation or plan trigger in the answer's first clause
                change = next(((t.label, rule.id, table.idx[ts], table.end_char(te), t.id)
                               for rule in from_trigger for ts, te, t in triggers
                               if t.label in rule.categories and a_start <= table.idx[ts] < clause_end), None)
            if change is None:
                continue
            category, rule_id, c_start, c_end, via = change
            # an answer that names its own topic denies that topic ("Nobody's talked to us about uni"),
            # unless it is a bare "No." or "Never," that answers the question itself
            bare = opening is not None and _BARE.match(text, c_end, a_end + 1) is not None
            answered = set() if bare else {r["code"] for r, (s, _) in zip(signals, spans) if a_start <= s < clause_end}
            attribute = CONTEXT_ATTRIBUTES[category]
            for record in asked:
                if record["code"] in self.exemptions.get(category, ()) or (answered and record["code"] not in answered):
                    continue
                record[attribute] = True
                record["modifiers"].append({
                    "category": category, "attribute": attribute, "rule": rule_id,
                    "trigger": text[c_start:c_end], "start": c_start, "end": c_end, "direction": "backward",
                    "question": text[q_start:q_end + 1].strip(), "question_rule": question_id,
                    **({"via": via} if via else {}),
                })
