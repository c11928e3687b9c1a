"""Signal rules: one codebook code, one spaCy pattern, a stable id, and the keys below.

Shape (JSON Lines, one rule a line; lines sharing an ``id`` are variants of one rule)::

    {"label": "pathway.technical", "pattern": "T levels", "id": "pathway.technical/t-levels",
     "examples": ["Pupils learn about T levels in Year 9."]}

- ``pattern``: a phrase (matched on the token NORM, so case-insensitive and "couldn't" = "could not")
  or a list of token dicts for spaCy's ``Matcher`` (use ``ORTH`` for case-sensitive acronyms).
- ``not_before`` / ``not_after``: NORM forms of the token that must not follow / precede the match
  ("degree" is academic, but not before "apprenticeship").
- ``provider_type`` (``activity.provider_encounter`` only): ``technical``, ``higher`` or ``any``; the
  provider access finding counts the technical ones.
- ``skip_in_names``: true to ignore a capitalised match after another capitalised word, so "Headland
  College" (a name) is not "college" (a route).
- ``requires_in_sentence``: NORM forms of which at least one must occur in the match's sentence
  ("monitored" counts as evaluation only in a sentence about careers, the programme or encounters);
  ``"@name"`` stands for every word of a class in ``nlp/resources/word_classes.json``.
- ``not_with``: rule ids; the match is dropped when one of them also matched in the same sentence
  ("growing sectors" is part of the labour market information already named there).
- ``not_inside``: codes; the match is dropped when it lies wholly inside a mention of one of them
  ("colleges" in "representatives from local further education colleges" names who came, not a route).
- ``blocks`` (``exclude`` rules only): codes a matching exclusion suppresses where it overlaps them,
  e.g. "University Technical College" is a school's name, not a pathway.
- ``description``: why the rule exists; ``examples``: texts the rule must fire on (tests check them).
"""
from __future__ import annotations

from dataclasses import dataclass

from nlp.wordforms import expand_classes, resolve_pattern
from nlp.rulefiles import check_keys, expect, read_jsonl, resource_names, string_tuple
from nlp.signals.codebook import SIGNAL_CODES

EXCLUDE = "exclude"
PROVIDER_TYPES = ("technical", "higher", "any")
REQUIRED = ("label", "pattern", "id")
OPTIONAL = ("description", "examples", "not_before", "not_after", "provider_type", "blocks", "skip_in_names",
            "requires_in_sentence", "not_with", "not_inside")
PACKAGE = "nlp.signals"


@dataclass(frozen=True)
class SignalRule:
    """One pattern for one codebook code (or an exclusion), as read from a rule file."""

    label: str
    pattern: str | tuple
    id: str
    description: str = ""
    examples: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    provider_type: str | None = None
    blocks: tuple[str, ...] = ()
    skip_in_names: bool = False
    requires_in_sentence: frozenset = frozenset()
    not_with: tuple[str, ...] = ()
    not_inside: tuple[str, ...] = ()
    where: str = ""

    @property
    def is_phrase(self) -> bool:
        """Whether the pattern is a phrase (PhraseMatcher) rather than a token pattern (Matcher)."""
        return isinstance(self.pattern, str)

    @classmethod
    def from_dict(cls, record: dict, where: str = "") -> "SignalRule":
        """One rule from its JSON record, refusing unknown keys and bad values with a message naming the file
        and line."""
        check_keys(record, REQUIRED, OPTIONAL, where)
        label, pattern, rule_id = record["label"], record["pattern"], record["id"]
        expect(label in SIGNAL_CODES or label == EXCLUDE,
               f"label {label!r} is not a codebook code (expected one of {', '.join(SIGNAL_CODES)} or 'exclude')",
               where)
        expect(isinstance(rule_id, str) and rule_id.startswith(f"{label}/") and len(rule_id) > len(label) + 1,
               f"id {rule_id!r} must be '{label}/<name>'", where)
        if isinstance(pattern, str):
            expect(pattern.strip() != "", "pattern must not be empty", where)
        else:
            expect(isinstance(pattern, list) and pattern and all(isinstance(t, dict) and t for t in pattern),
                   f"pattern must be a phrase or a non-empty list of token dicts, got {pattern!r}", where)
            pattern = resolve_pattern(pattern, where)
        provider_type = record.get("provider_type")
        if provider_type is not None:
            expect(label == "activity.provider_encounter",
                   "provider_type is only for activity.provider_encounter rules", where)
            expect(provider_type in PROVIDER_TYPES,
                   f"provider_type must be one of {', '.join(PROVIDER_TYPES)}, got {provider_type!r}", where)
        blocks = string_tuple(record.get("blocks", []), "blocks", where)
        expect(not blocks or label == EXCLUDE, "blocks is only for 'exclude' rules", where)
        for code in blocks:
            expect(code in SIGNAL_CODES, f"blocks names {code!r}, not a codebook code", where)
        skip_in_names = record.get("skip_in_names", False)
        expect(isinstance(skip_in_names, bool), "skip_in_names must be true or false", where)
        description = record.get("description", "")
        expect(isinstance(description, str), "description must be a string", where)
        return cls(
            label=label, pattern=pattern, id=rule_id, description=description,
            examples=string_tuple(record.get("examples", []), "examples", where),
            not_before=tuple(w.lower() for w in string_tuple(record.get("not_before", []), "not_before", where)),
            not_after=tuple(w.lower() for w in string_tuple(record.get("not_after", []), "not_after", where)),
            provider_type=provider_type, blocks=blocks, skip_in_names=skip_in_names,
            requires_in_sentence=frozenset(expand_classes(string_tuple(
                record.get("requires_in_sentence", []), "requires_in_sentence", where), where)),
            not_with=string_tuple(record.get("not_with", []), "not_with", where),
            not_inside=_codes(record.get("not_inside", []), "not_inside", where),
            where=where,
        )


def _codes(value, key: str, where: str) -> tuple[str, ...]:
    codes = string_tuple(value, key, where)
    for code in codes:
        expect(code in SIGNAL_CODES, f"{key} names {code!r}, not a codebook code", where)
    return codes


def load_signal_rules(names: list[str] | None = None) -> list[SignalRule]:
    """All signal rules shipped in ``nlp/signals/resources`` (or the named files), in file order."""
    rules = []
    for name in names or resource_names(PACKAGE):
        rules.extend(SignalRule.from_dict(record, where) for where, record in read_jsonl(PACKAGE, name))
    # a rule's provider type is looked up by its id, so the variants of one rule must agree on it
    types: dict[str, tuple[str | None, str]] = {}
    for rule in rules:
        if rule.provider_type is None:
            continue
        first = types.setdefault(rule.id, (rule.provider_type, rule.where))
        expect(first[0] == rule.provider_type, f"rule {rule.id} has provider_type {rule.provider_type!r} here but "
               f"{first[0]!r} at {first[1]}: the variants of one rule must agree", rule.where)
    return rules
