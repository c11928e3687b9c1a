"""Finding rules as data: which signals count, thresholds, and what applies to plans, notes and phases.

``resources/findings.json`` holds one rule per finding code::

    {"code": "thin_ks3", "criteria": ["SG-YEAR7", "OF23-KS3"], "severity": "medium",
     "summary": {"plan": "...", "notes": "..."},
     "applies_if_serves": [7, 8],
     "plan":  {"all": [{"test": "count", "select": {...}, "op": "<", "value": 2, "note": "..."}]},
     "notes": {"per_section": true, "sections_overlapping": [7, 8], "any": [...]}}

or, for notes, a finding that holds for one focus group or across them::

     "notes": {"any": [{"per_section": true, "all": [...]},
                       {"test": "groups", "select": {...}, "op": "<=", "value": 1, "of_at_least": 3}]}

A kind without a block (``"notes"`` missing) means the finding never applies to that kind.
``applies_if_serves``: the provider's year groups must include one of these (thin_ks3 never applies to a
16-19 college). A block combines conditions with ``all`` or ``any`` (nestable). ``per_section`` (on the
kind's block or on a block inside it) judges the block on each focus group of a set of notes that was
heard, and holds when it holds for one or more; ``sections_overlapping`` limits that to the groups with
one of these year groups. Condition tests:

- ``count``: the number of selected signals compared with ``value`` (``op`` one of < <= == >= >);
- ``outweighs``: ``major`` signals at least ``min_major`` and ``minor`` (less ``minor_penalty``) at most
  ``max_ratio`` times ``major`` (academic routes outweigh technical ones);
- ``share``: ``part`` is at least ``value`` of ``whole``, with ``whole`` at least ``min_whole``;
- ``compare``: the number of ``left`` signals compared with ``factor`` (default 1) times the number of
  ``right`` ones (pupils deny more activities than they describe; online resources twice the face-to-face);
- ``text_absent``: no match of ``regex`` in the text (an email address, a telephone number);
- ``near_absent``: no match of ``regex`` in the sentences of the ``select``ed signals (a leader's name);
- ``groups`` (notes only, never inside a ``per_section`` block): the number of focus groups in which the
  ``select``ed signals are found (``where: "found"``, the default) or not found (``"not_found"``),
  compared with ``value`` by ``op``, among the groups heard, of which there must be at least
  ``of_at_least`` (default 1). "Only one of four groups could name an employer encounter":
  ``{"test": "groups", "select": {"codes": ["activity.employer_encounter"], "state": "delivered"},
  "op": "<=", "value": 1, "of_at_least": 3}``. Its evidence names each group's heading and what was, or
  was not, found there; its year groups are those of the groups that show the weak spot (the groups
  without, when the test is that few groups have it).

Every condition may carry ``criteria`` (added to the finding's when it holds), ``if_serves`` (the
condition only counts when the provider serves one of these year groups) and a ``note`` for the evidence.
A selector picks signals: ``codes`` (codes or prefixes ending in "."), ``state`` (``delivered``,
``affirmed`` = not negated, ``negated``, ``denied`` = negated and not expected later, ``hypothetical``,
``weak`` = not delivered, ``any``), ``limited`` and ``online`` (true/false to require or exclude), ``year_groups`` (overlap, after clipping to the phase),
``unscoped`` (whether signals without year groups count; default true), ``provider_type``, ``rules``
(rule ids or prefixes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nlp.errors import RuleFileError
from nlp.rulefiles import check_keys, expect, read_json
from nlp.signals.codebook import SIGNAL_CODES

PACKAGE = "nlp.findings"
KINDS = ("plan", "notes")
SEVERITIES = ("high", "medium", "low")
FINDING_CODES = (
    "academic_bias", "thin_ks3", "website_only", "no_personal_guidance", "thin_employer_contact",
    "provider_access_gap", "missing_published_info", "no_evaluation", "needs_not_addressed", "aspirational_only",
)
STATES = ("delivered", "affirmed", "negated", "denied", "hypothetical", "weak", "any")
OPS = ("<", "<=", "==", ">=", ">")
SELECTOR_KEYS = ("codes", "state", "limited", "online", "year_groups", "unscoped", "provider_type", "rules")
COMMON_CONDITION_KEYS = ("test", "note", "criteria", "if_serves", "id")
TEST_KEYS = {
    "count": (("select", "op", "value"), ()),
    "outweighs": (("major", "minor", "min_major", "max_ratio"), ("minor_penalty",)),
    "share": (("part", "whole", "value", "min_whole"), ()),
    "compare": (("left", "op", "right"), ("factor",)),
    "text_absent": (("regex",), ("flags",)),
    "near_absent": (("select", "regex"), ("flags",)),
    "groups": (("select", "op", "value"), ("of_at_least", "where")),
}
GROUP_WHERE = ("found", "not_found")
RULE_KEYS = ("code", "criteria", "severity", "summary")
RULE_OPTIONAL = ("plan", "notes", "applies_if_serves", "description")
BLOCK_KEYS = ("all", "any")
BLOCK_OPTIONAL = ("per_section", "sections_overlapping")


def _check_years(value: Any, key: str, where: str) -> tuple[int, ...]:
    expect(isinstance(value, list) and all(isinstance(y, int) and 7 <= y <= 13 for y in value),
           f"'{key}' must be a list of year groups 7-13, got {value!r}", where)
    return tuple(value)


def _check_codes(codes: Any, where: str) -> None:
    expect(isinstance(codes, list) and codes, f"'codes' must be a non-empty list, got {codes!r}", where)
    for code in codes:
        expect(isinstance(code, str) and (code in SIGNAL_CODES or (
            code.endswith(".") and any(c.startswith(code) for c in SIGNAL_CODES))),
            f"codes names {code!r}, not a codebook code or prefix", where)


def check_selector(selector: Any, where: str) -> None:
    """Refuse a malformed signal selector, naming where it is."""
    expect(isinstance(selector, dict), f"a selector must be an object, got {selector!r}", where)
    check_keys(selector, ("codes",), SELECTOR_KEYS[1:], where)
    _check_codes(selector["codes"], where)
    expect(selector.get("state", "any") in STATES, f"state must be one of {', '.join(STATES)}", where)
    expect(selector.get("limited") in (None, True, False), "limited must be true, false or absent", where)
    expect(selector.get("online") in (None, True, False), "online must be true, false or absent", where)
    if "year_groups" in selector:
        _check_years(selector["year_groups"], "year_groups", where)
    expect(selector.get("unscoped", True) in (True, False), "unscoped must be true or false", where)


def check_condition(condition: Any, where: str, in_section: bool = False) -> None:
    """Refuse a malformed condition (a selector, a count or a nested block), naming where it is."""
    expect(isinstance(condition, dict), f"a condition must be an object, got {condition!r}", where)
    if any(k in condition for k in BLOCK_KEYS):
        check_block(condition, where, in_section=in_section)
        return
    test = condition.get("test")
    expect(test in TEST_KEYS, f"test must be one of {', '.join(TEST_KEYS)}, got {test!r}", where)
    required, optional = TEST_KEYS[test]
    check_keys(condition, required + ("test",), optional + COMMON_CONDITION_KEYS[1:], where)
    if "if_serves" in condition:
        _check_years(condition["if_serves"], "if_serves", where)
    for key in ("select", "major", "minor", "minor_penalty", "part", "whole", "left", "right"):
        if key in condition:
            check_selector(condition[key], f"{where} ({key})")
    if test == "compare":
        expect(condition["op"] in OPS, f"op must be one of {' '.join(OPS)}", where)
        expect(isinstance(condition.get("factor", 1), (int, float)) and condition.get("factor", 1) > 0,
               "factor must be a positive number", where)
    if test in ("count", "groups"):
        expect(condition["op"] in OPS, f"op must be one of {' '.join(OPS)}", where)
        expect(isinstance(condition["value"], int) and not isinstance(condition["value"], bool),
               "value must be a whole number", where)
    if test == "groups":
        expect(not in_section, "a 'groups' test counts across focus groups, so it cannot sit inside a "
               "'per_section' block", where)
        at_least = condition.get("of_at_least", 1)
        expect(isinstance(at_least, int) and not isinstance(at_least, bool) and at_least >= 1,
               f"of_at_least must be a whole number of groups, 1 or more, got {at_least!r}", where)
        expect(condition.get("where", "found") in GROUP_WHERE,
               f"where must be one of {', '.join(GROUP_WHERE)}, got {condition.get('where')!r}", where)
    if test in ("text_absent", "near_absent"):
        try:
            re.compile(condition["regex"])
        except (re.error, TypeError) as exc:
            raise RuleFileError(f"regex does not compile: {exc}", where=where) from exc


def check_block(block: Any, where: str, in_section: bool = False) -> None:
    """Refuse a malformed ``all``/``any`` block, naming where it is."""
    expect(isinstance(block, dict), f"a kind block must be an object, got {block!r}", where)
    combiners = [k for k in BLOCK_KEYS if k in block]
    expect(len(combiners) == 1, "a block needs exactly one of 'all' or 'any'", where)
    check_keys(block, (combiners[0],), BLOCK_OPTIONAL, where)
    expect(block.get("per_section", False) in (True, False), "per_section must be true or false", where)
    if block.get("per_section"):
        expect(not in_section, "a 'per_section' block cannot sit inside another one", where)
        in_section = True
    else:
        expect("sections_overlapping" not in block, "sections_overlapping needs per_section: true", where)
    if "sections_overlapping" in block:
        _check_years(block["sections_overlapping"], "sections_overlapping", where)
    items = block[combiners[0]]
    expect(isinstance(items, list) and items, f"'{combiners[0]}' must be a non-empty list", where)
    for i, item in enumerate(items):
        check_condition(item, f"{where} {combiners[0]}[{i}]", in_section)


def _has_groups_test(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("test") == "groups" or any(_has_groups_test(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_groups_test(v) for v in node)
    return False


@dataclass(frozen=True)
class FindingRule:
    """One finding code's rule, validated (see the module docstring for the shape)."""

    code: str
    criteria: tuple[str, ...]
    severity: str
    summary: dict
    blocks: dict
    applies_if_serves: tuple[int, ...] = ()
    description: str = ""

    def summary_for(self, kind: str) -> str:
        """The finding's summary for a kind of evidence (falling back to the plan's)."""
        return self.summary.get(kind) or self.summary.get("plan") or next(iter(self.summary.values()))

    @classmethod
    def from_dict(cls, record: dict, where: str) -> "FindingRule":
        """One rule from its JSON record, checked in full (keys, codes, criteria, blocks) before it is used."""
        check_keys(record, RULE_KEYS, RULE_OPTIONAL, where)
        code = record["code"]
        where = f"{where} [{code}]"
        expect(code in FINDING_CODES, f"code {code!r} is not a finding code ({', '.join(FINDING_CODES)})", where)
        expect(isinstance(record["criteria"], list) and all(isinstance(c, str) for c in record["criteria"]),
               "criteria must be a list of criterion ids", where)
        expect(record["severity"] in SEVERITIES, f"severity must be one of {', '.join(SEVERITIES)}", where)
        summary = record["summary"]
        if isinstance(summary, str):
            summary = {"plan": summary, "notes": summary}
        expect(isinstance(summary, dict) and summary and set(summary) <= set(KINDS)
               and all(isinstance(v, str) and v.strip() for v in summary.values()),
               "summary must be a sentence or an object of sentences by kind (plan, notes)", where)
        blocks = {k: record[k] for k in KINDS if k in record}
        expect(bool(blocks), "a finding needs a 'plan' or 'notes' block", where)
        for kind, block in blocks.items():
            check_block(block, f"{where} {kind}")
            if kind != "notes":
                expect(not _has_groups_test(block), "a 'groups' test counts focus groups, so only notes have one",
                       f"{where} {kind}")
        serves = _check_years(record.get("applies_if_serves", []), "applies_if_serves", where)
        return cls(code=code, criteria=tuple(record["criteria"]), severity=record["severity"], summary=summary,
                   blocks=blocks, applies_if_serves=serves, description=record.get("description", ""))


def load_finding_rules(name: str = "findings.json") -> list[FindingRule]:
    """The finding rules shipped in ``nlp/findings/resources``."""
    data = read_json(PACKAGE, name)
    where = f"{PACKAGE}/resources/{name}"
    expect(isinstance(data, dict) and isinstance(data.get("findings"), list),
           "expected an object with a 'findings' list", where)
    rules = [FindingRule.from_dict(r, f"{where} findings[{i}]") for i, r in enumerate(data["findings"])]
    codes = [r.code for r in rules]
    expect(len(codes) == len(set(codes)), "a finding code appears twice", where)
    return rules


def criteria_ids(rules: list[FindingRule]) -> set[str]:
    """Every criterion id the finding rules refer to (a test checks each exists in the framework)."""
    ids = set()

    def walk(node):
        if isinstance(node, dict):
            ids.update(node.get("criteria", []) if isinstance(node.get("criteria"), list) else [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for rule in rules:
        ids.update(rule.criteria)
        walk(rule.blocks)
    return ids
