"""Context triggers: words that make a signal negated, hypothetical, uncertain or limited.

Shape (JSON Lines, spaCy's pattern shape plus the keys below)::

    {"label": "NEGATED_EXISTENCE", "pattern": "none of", "id": "negation/none-of",
     "direction": "forward", "examples": ["none of the Y10 pupils had heard of T levels"]}

- ``label``: the category (``NEGATED_EXISTENCE``, ``HYPOTHETICAL``, ``UNCERTAIN``, ``LIMITED``,
  ``REMOTE`` = happens online: "live online employer talks", "wex is Springpod"), or
  ``PSEUDO`` (a longer phrase that looks like a trigger but is not one: "will continue to", "not only")
  or ``TERMINATE`` (a word that ends a trigger's scope: "but", "although").
- ``direction``: ``forward`` (scope after the trigger), ``backward`` (before it: "work experience is
  planned"), ``bidirectional``, or ``previous``: a sentence that names no provision of its own and points
  back with a pronoun ("Nobody had met her.") takes the sentence before it that does (at most two back,
  so a bare "'who?'" between them does not break the reference); not used for PSEUDO; for TERMINATE, which scopes it ends (default both:
  a spaced dash ends forward scopes only, since a notes comment after it refers back to its topic).
- ``max_scope``: how many tokens the scope may reach (default per category, see ``DEFAULT_MAX_SCOPE``).
- ``allowed_codes``: codebook codes (or prefixes ending in ".") the trigger may modify; default all.
- ``kinds``: the kinds of document the trigger applies to (default both): a pupil who "hopes to get an
  apprenticeship" has been told about the route, while a plan that "hopes to" offer something does not.
- ``unless_named_after``: true for a backward trigger that reaches over "but" ("but nobody had used it"): it
  is dropped when its own sentence names provision after it ("but they are not given enough information about
  apprenticeships" denies the apprenticeships, through the plain "not" inside it, not what came before "but").
- ``description``; ``examples``: texts where the trigger must modify at least one signal (tests check them).
"""
from __future__ import annotations

from dataclasses import dataclass

from nlp._extensions import CONTEXT_ATTRIBUTES
from nlp.wordforms import resolve_pattern
from nlp.rulefiles import check_keys, expect, read_json, read_jsonl, resource_names, string_tuple
from nlp.signals.codebook import SIGNAL_CODES

PACKAGE = "nlp.context"
PSEUDO, TERMINATE = "PSEUDO", "TERMINATE"
CATEGORIES = tuple(CONTEXT_ATTRIBUTES) + (PSEUDO, TERMINATE)
DIRECTIONS = ("forward", "backward", "bidirectional", "previous")
SCOPE_DIRECTIONS = DIRECTIONS[:3]  # the scopes a TERMINATE rule can end
DEFAULT_MAX_SCOPE = {"NEGATED_EXISTENCE": 12, "HYPOTHETICAL": 18, "UNCERTAIN": 12, "LIMITED": 12, "REMOTE": 5}
REQUIRED = ("label", "pattern", "id")
OPTIONAL = ("direction", "max_scope", "allowed_codes", "kinds", "unless_named_after", "description", "examples")
KINDS = ("plan", "notes")


@dataclass(frozen=True)
class ContextRule:
    """One trigger phrase or token pattern with its category, direction and scope."""

    label: str
    pattern: str | tuple
    id: str
    direction: str | None = None
    max_scope: int | None = None
    allowed_codes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = KINDS
    description: str = ""
    examples: tuple[str, ...] = ()
    where: str = ""
    unless_named_after: bool = False

    @property
    def is_phrase(self) -> bool:
        """Whether the pattern is a phrase (PhraseMatcher) rather than a token pattern (Matcher)."""
        return isinstance(self.pattern, str)

    @property
    def attribute(self) -> str | None:
        """The Span attribute this trigger sets (None for PSEUDO and TERMINATE)."""
        return CONTEXT_ATTRIBUTES.get(self.label)

    @property
    def scope_limit(self) -> int:
        """How many tokens the trigger's scope reaches at most (the rule's own, else its category's default)."""
        return self.max_scope or DEFAULT_MAX_SCOPE.get(self.label, 12)

    def applies_to(self, code: str) -> bool:
        """Whether the trigger may modify a signal code (``allowed_codes``; a code ending in "." is a family)."""
        if not self.allowed_codes:
            return True
        return any(code == c or (c.endswith(".") and code.startswith(c)) for c in self.allowed_codes)

    @classmethod
    def from_dict(cls, record: dict, where: str = "") -> "ContextRule":
        """One rule from its JSON record, refusing unknown keys and bad values with a message naming the file
        and line."""
        check_keys(record, REQUIRED, OPTIONAL, where)
        label, pattern, rule_id = record["label"], record["pattern"], record["id"]
        expect(label in CATEGORIES, f"label {label!r} is not a context category ({', '.join(CATEGORIES)})", where)
        expect(isinstance(rule_id, str) and "/" in rule_id, f"id {rule_id!r} must be '<family>/<name>'", where)
        if isinstance(pattern, str):
            expect(pattern.strip() != "", "pattern must not be empty", where)
        else:
            expect(isinstance(pattern, list) and pattern and all(isinstance(t, dict) and t for t in pattern),
                   f"pattern must be a phrase or a non-empty list of token dicts, got {pattern!r}", where)
            pattern = resolve_pattern(pattern, where)
        direction = record.get("direction")
        if label == PSEUDO:
            expect(direction is None, f"{label} rules take no direction", where)
        elif label == TERMINATE:
            expect(direction in (None,) + SCOPE_DIRECTIONS,
                   f"a TERMINATE rule's direction (the scopes it ends) must be one of {', '.join(SCOPE_DIRECTIONS)}",
                   where)
        else:
            expect(direction in DIRECTIONS, f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}",
                   where)
        max_scope = record.get("max_scope")
        expect(max_scope is None or (isinstance(max_scope, int) and not isinstance(max_scope, bool)
                                     and 0 < max_scope <= 60),
               f"max_scope must be a whole number of tokens from 1 to 60, got {max_scope!r}", where)
        allowed = string_tuple(record.get("allowed_codes", []), "allowed_codes", where)
        for code in allowed:
            expect(code in SIGNAL_CODES or (code.endswith(".") and any(c.startswith(code) for c in SIGNAL_CODES)),
                   f"allowed_codes names {code!r}, not a codebook code or prefix", where)
        kinds = string_tuple(record.get("kinds", list(KINDS)), "kinds", where)
        expect(kinds and all(k in KINDS for k in kinds), f"kinds must name {' or '.join(KINDS)}, got {kinds!r}", where)
        description = record.get("description", "")
        expect(isinstance(description, str), "description must be a string", where)
        unless_named_after = record.get("unless_named_after", False)
        expect(isinstance(unless_named_after, bool), "unless_named_after must be true or false", where)
        expect(not unless_named_after or direction == "backward", "unless_named_after needs direction backward", where)
        return cls(label=label, pattern=pattern, id=rule_id, direction=direction, max_scope=max_scope,
                   allowed_codes=allowed, kinds=kinds, description=description,
                   examples=string_tuple(record.get("examples", []), "examples", where), where=where,
                   unless_named_after=unless_named_after)


def load_category_exemptions(name: str = "categories.json") -> dict[str, frozenset]:
    """Codes a category never applies to (``resources/categories.json``), e.g. a review date is never
    hypothetical."""
    data = read_json(PACKAGE, name)
    where = f"{PACKAGE}/resources/{name}"
    expect(isinstance(data, dict), "expected an object of categories", where)
    out = {}
    for category, entry in data.items():
        expect(category in CONTEXT_ATTRIBUTES, f"{category!r} is not a context category", where)
        check_keys(entry, ("never_applies_to",), ("why",), f"{where} [{category}]")
        codes = string_tuple(entry["never_applies_to"], "never_applies_to", where)
        for code in codes:
            expect(code in SIGNAL_CODES, f"{code!r} is not a codebook code", where)
        out[category] = frozenset(codes)
    return out


def load_context_rules(names: list[str] | None = None) -> list[ContextRule]:
    """All context rules shipped in ``nlp/context/resources`` (or the named files), in file order."""
    rules = []
    for name in names or resource_names(PACKAGE):
        rules.extend(ContextRule.from_dict(record, where) for where, record in read_jsonl(PACKAGE, name))
    return rules
