"""Apply the finding rules to a document's signals.

Plans are judged as a whole. Notes are judged focus group by focus group (a block with ``per_section``),
and only for the groups that were heard: a group whose year groups are known, or one a group heading
announces ("Group B") even without them, because a finding about pupils needs those pupils to have been
heard; the text before the first heading counts only when the caller gave its year groups. The finding's
``year_groups`` are the groups whose words show it. A ``groups`` condition counts across the focus groups
("only one of four groups could name an employer encounter"). The provider's phase decides what applies
(``applies_if_serves``) and clips the year groups each selector looks at.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import lru_cache

from nlp.findings.rules import FindingRule, load_finding_rules
from nlp.results import Evidence, Finding, Signal
from nlp.signals.codebook import SIGNAL_CODES
from nlp.yeargroups import YEAR_GROUPS, heading_year_groups

_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge, ">": operator.gt}
_ABSENCE_OPS = {"<", "<=", "=="}
MAX_EVIDENCE = 8
NAME_WINDOW = 120  # characters after a careers leader's sentence searched for their name


@lru_cache(maxsize=4)
def cached_rules(name: str = "findings.json") -> tuple[FindingRule, ...]:
    """The finding rules, read once per process."""
    return tuple(load_finding_rules(name))


@dataclass
class Outcome:
    """What one condition (or block) found: whether it held, its evidence, criteria and year groups."""

    held: bool
    evidence: list[Evidence] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    year_groups: set[int] = field(default_factory=set)


@lru_cache(maxsize=256)
def _codes(wanted: tuple[str, ...]) -> frozenset:
    """The codebook codes a selector's ``codes`` names (codes, or prefixes ending in ".")."""
    return frozenset(c for c in SIGNAL_CODES if any(c == w or (w.endswith(".") and c.startswith(w)) for w in wanted))


def _state_matches(signal: Signal, state: str) -> bool:
    if state == "delivered":
        return signal.delivered
    if state == "affirmed":
        return not signal.negated
    if state == "negated":
        return signal.negated
    if state == "denied":
        return signal.negated and not signal.hypothetical
    if state == "hypothetical":
        return signal.hypothetical and not signal.negated
    if state == "weak":
        return not signal.delivered
    return True


def selector_years(selector: dict, served: tuple[int, ...]) -> tuple[int, ...]:
    """The year groups a selector asks for that the school serves."""
    years = selector.get("year_groups")
    if not years:
        return ()
    return tuple(y for y in years if y in served)


class SignalSet(list):
    """The signals of one document (or one focus group), indexed by code for the selectors."""

    def __init__(self, signals=()):
        super().__init__(signals)
        self.by_code: dict[str, list[Signal]] = {}
        for s in self:
            self.by_code.setdefault(s.code, []).append(s)

    def of(self, codes) -> list[Signal]:
        """The signals of some codes, in text order."""
        if len(codes) == 1:
            return self.by_code.get(next(iter(codes)), [])
        return sorted((s for c in codes for s in self.by_code.get(c, ())), key=lambda s: (s.start, s.end))


def select(signals, selector: dict, served: tuple[int, ...]) -> list[Signal]:
    """The signals a selector picks (see ``nlp.findings.rules`` for the keys)."""
    codes = _codes(tuple(selector["codes"]))
    if isinstance(signals, SignalSet):
        signals = signals.of(codes)
    state = selector.get("state", "any")
    limited = selector.get("limited")
    online = selector.get("online")
    years = set(selector_years(selector, served)) if selector.get("year_groups") else None
    unscoped = selector.get("unscoped", True)
    provider_types = selector.get("provider_type")
    rules = selector.get("rules")
    picked = []
    for s in signals:
        if s.code not in codes or not _state_matches(s, state):
            continue
        if limited is not None and s.limited != limited:
            continue
        if online is not None and s.online != online:
            continue
        if years is not None:
            if not s.year_groups:
                if not unscoped:
                    continue
            elif not years.intersection(s.year_groups):
                continue
        if provider_types and s.provider_type not in provider_types:
            continue
        if rules and not any(s.rule == r or s.rule.startswith(r) for r in rules):
            continue
        picked.append(s)
    return picked


@dataclass
class FocusGroup:
    """The signals of one focus group of a set of notes, with its heading and year groups."""

    heading: str
    year_groups: tuple[int, ...]
    signals: SignalSet
    heard: bool  # its year groups are known, or a group heading announced it

    @property
    def label(self) -> str:
        """The heading without its pupil count and names ("Group 1 (Year 8)"), for evidence notes."""
        if self.heading:
            parsed = heading_year_groups("# " + self.heading)
            return parsed.label if parsed is not None and parsed.label else self.heading
        if self.year_groups:
            return "Year " + "/".join(str(y) for y in self.year_groups)
        return "notes before the first heading"


def focus_groups(signals, sections=None) -> list[FocusGroup]:
    """The focus groups of a set of notes, in order, each with the signals said in it.

    ``sections``: ``Analysis.sections`` (start, end, heading, year_groups, starts_group): a group runs from
    a section whose heading starts one to the next. Without ``starts_group`` (older callers), signals are
    grouped by their ``section_year_groups``, and only groups with known year groups are heard.
    """
    sections = list(sections or ())
    if not sections or any("starts_group" not in s for s in sections):
        years = {tuple(s.section_year_groups) for s in signals if s.section_year_groups}
        return [FocusGroup("", y, SignalSet(s for s in signals if s.section_year_groups == y), True)
                for y in sorted(years)]
    numbers, current = [], 0
    for section in sections:
        current += bool(section["starts_group"])
        numbers.append(current)
    firsts: dict[int, dict] = {}
    for number, section in zip(numbers, sections):
        firsts.setdefault(number, section)
    starts = [section["start"] for section in sections]
    members: dict[int, list[Signal]] = {g: [] for g in firsts}
    for signal in signals:
        i = bisect_right(starts, signal.start) - 1
        members[numbers[max(i, 0)]].append(signal)
    groups = []
    for g, first in firsts.items():
        years = tuple(first.get("year_groups") or ())
        groups.append(FocusGroup(first.get("heading", ""), years, SignalSet(members[g]), bool(years) or g > 0))
    return groups


def _why_not(signal: Signal) -> str:
    if signal.negated:
        return "named but denied"
    if signal.hypothetical:
        return "planned or intended, not delivered"
    if signal.uncertain:
        return "uncertain"
    if signal.limited:
        return "only on request, by referral or for some pupils"
    if signal.online:
        return "online, not face to face"
    return "outside the year groups concerned"


def _signal_evidence(signals, note: str) -> list[Evidence]:
    return [Evidence("signal", note, signal=s) for s in signals[:MAX_EVIDENCE]]


def evaluate_condition(condition: dict, signals, text: str, served: tuple[int, ...], groups=None) -> Outcome:
    """Whether one condition holds on ``signals``; ``groups`` (the focus groups) for ``groups`` tests."""
    if "all" in condition or "any" in condition:
        return evaluate_block(condition, signals, text, served, groups)
    if condition.get("if_serves") and not set(condition["if_serves"]) & set(served):
        return Outcome(False)
    test, note = condition["test"], condition.get("note", "")
    criteria = list(condition.get("criteria", []))
    if test == "count":
        picked = select(signals, condition["select"], served)
        held = _OPS[condition["op"]](len(picked), condition["value"])
        if not held:
            return Outcome(False)
        years = set(selector_years(condition["select"], served))
        if condition["op"] in _ABSENCE_OPS:
            codes = tuple(condition["select"]["codes"])
            evidence = [Evidence("absence", f"searched for {note or ', '.join(codes)}: "
                                 f"{len(picked)} found (threshold {condition['op']} {condition['value']})",
                                 searched=codes, year_groups=tuple(sorted(years)))]
            evidence += _signal_evidence(picked, f"counted: {note}" if note else "counted")
            near = [s for s in select(signals, {"codes": list(codes)}, served) if s not in picked]
            evidence += [Evidence("signal", f"not counted ({_why_not(s)})", signal=s) for s in near[:MAX_EVIDENCE]]
            return Outcome(True, evidence, criteria, years)
        return Outcome(True, _signal_evidence(picked, note), criteria, years)
    if test == "groups":
        return _groups_condition(condition, groups or [], served, note, criteria)
    if test == "outweighs":
        major = select(signals, condition["major"], served)
        minor = select(signals, condition["minor"], served)
        penalty = select(signals, condition["minor_penalty"], served) if "minor_penalty" in condition else []
        score = len(minor) - len(penalty)
        held = len(major) >= condition["min_major"] and score <= condition["max_ratio"] * len(major)
        if not held:
            return Outcome(False)
        evidence = [Evidence("absence", f"{note}: {len(major)} academic against {len(minor)} technical"
                             f"{f' ({len(penalty)} denied)' if penalty else ''}",
                             searched=tuple(condition["minor"]["codes"]))]
        evidence += _signal_evidence(major, "dominant route")
        evidence += _signal_evidence(penalty, "denied or unknown")
        evidence += _signal_evidence(minor, "token mention")
        return Outcome(True, evidence, criteria)
    if test == "compare":
        left = select(signals, condition["left"], served)
        right = select(signals, condition["right"], served)
        if not _OPS[condition["op"]](len(left), condition.get("factor", 1) * len(right)):
            return Outcome(False)
        evidence = [Evidence("absence", f"{note}: {len(left)} against {len(right)}",
                             searched=tuple(condition["right"]["codes"]))]
        return Outcome(True, evidence + _signal_evidence(left, note) + _signal_evidence(right, "set against"),
                       criteria)
    if test == "share":
        part = select(signals, condition["part"], served)
        whole = select(signals, condition["whole"], served)
        held = len(whole) >= condition["min_whole"] and len(part) >= condition["value"] * len(whole)
        if not held:
            return Outcome(False)
        evidence = [Evidence("absence", f"{note}: {len(part)} of {len(whole)}",
                             searched=tuple(condition["whole"]["codes"]))]
        evidence += _signal_evidence(part, note)
        return Outcome(True, evidence, criteria)
    if test == "text_absent":
        if re.search(condition["regex"], text, _flags(condition)):
            return Outcome(False)
        return Outcome(True, [Evidence("absence", f"searched the text for {note}: none found",
                                       searched=(condition.get("id", "text"),))], criteria)
    if test == "near_absent":
        picked = select(signals, condition["select"], served)
        if not picked:
            return Outcome(False)  # the 'count' condition reports the absence of the signal itself
        pattern = re.compile(condition["regex"], _flags(condition))
        # the name may follow on the next line ("Contact our Careers Leader" / "Ms Laura Bainbridge, ...")
        if any(pattern.search(text, s.sentence_start, min(len(text), s.sentence_end + NAME_WINDOW)) for s in picked):
            return Outcome(False)
        evidence = [Evidence("absence", f"searched the sentences naming the careers leader for {note}: none found",
                             searched=(condition.get("id", "near"),))]
        return Outcome(True, evidence + _signal_evidence(picked, "mentioned without a name"), criteria)
    raise ValueError(f"unknown test {test!r}")  # rules are validated on load; this is a bug


def _flags(condition: dict) -> int:
    return re.IGNORECASE if "i" in condition.get("flags", "") else 0


def _groups_condition(condition: dict, groups: list[FocusGroup], served, note: str, criteria) -> Outcome:
    """Count the focus groups in which the selected signals are found (or, ``where: not_found``, not found)."""
    heard = [g for g in groups if g.heard]
    if len(heard) < condition.get("of_at_least", 1):
        return Outcome(False)
    codes = tuple(condition["select"]["codes"])
    picked = [select(g.signals, condition["select"], served) for g in heard]
    want_found = condition.get("where", "found") == "found"
    counted = [g for g, p in zip(heard, picked) if bool(p) == want_found]
    if not _OPS[condition["op"]](len(counted), condition["value"]):
        return Outcome(False)
    what = note or ", ".join(codes)
    where = "found" if want_found else "not found"
    evidence = [Evidence("absence", f"{what}: {where} in {len(counted)} of {len(heard)} focus groups "
                         f"(threshold {condition['op']} {condition['value']}, of at least "
                         f"{condition.get('of_at_least', 1)})", searched=codes,
                         year_groups=tuple(sorted({y for g in heard for y in g.year_groups})))]
    for group, found in zip(heard, picked):
        if found:
            evidence += [Evidence("signal", f"{group.label}: found", signal=s) for s in found[:2]]
            continue
        near = [s for s in select(group.signals, {"codes": list(codes)}, served)]
        evidence.append(Evidence("absence", f"{group.label}: none found" + (
            f" ({len(near)} not counted)" if near else ""), searched=codes, year_groups=group.year_groups))
        evidence += [Evidence("signal", f"{group.label}: not counted ({_why_not(s)})", signal=s) for s in near[:2]]
    # the groups that show the weak spot: those without it when few groups have it, else those counted
    showing = [g for g in heard if g not in counted] if want_found and condition["op"] in _ABSENCE_OPS else counted
    return Outcome(True, evidence, list(criteria), {y for g in showing for y in g.year_groups})


def _per_group(block: dict, text: str, served, groups: list[FocusGroup]) -> Outcome:
    """A ``per_section`` block judged on each heard focus group; held when it holds for one or more."""
    wanted = set(block.get("sections_overlapping", ()))
    inner = {k: v for k, v in block.items() if k not in ("per_section", "sections_overlapping")}
    merged = Outcome(False)
    for group in groups:
        if not group.heard or (wanted and not wanted & set(group.year_groups)):
            continue
        outcome = evaluate_block(inner, group.signals, text, served)
        if outcome.held:
            merged.held = True
            merged.evidence += outcome.evidence
            merged.criteria += outcome.criteria
            merged.year_groups |= set(group.year_groups) & (wanted or set(group.year_groups))
    return merged


def evaluate_block(block: dict, signals, text: str, served: tuple[int, ...], groups=None) -> Outcome:
    """Whether a kind block (``all``/``any`` of conditions, or per section) holds, with its evidence."""
    if block.get("per_section") and groups is not None:
        return _per_group(block, text, served, groups)
    items = block.get("all") or block.get("any")
    outcomes = [evaluate_condition(c, signals, text, served, groups) for c in items]
    held = all(o.held for o in outcomes) if "all" in block else any(o.held for o in outcomes)
    if not held:
        return Outcome(False)
    result = Outcome(True)
    for o in outcomes:
        if o.held:
            result.evidence += o.evidence
            result.criteria += o.criteria
            result.year_groups |= o.year_groups
    return result


def _finding(rule: FindingRule, kind: str, outcome: Outcome, year_groups) -> Finding:
    criteria = tuple(dict.fromkeys(list(rule.criteria) + outcome.criteria))
    seen, evidence = set(), []
    for e in outcome.evidence:
        key = (e.kind, e.note, e.signal.start if e.signal else None, e.signal.code if e.signal else None, e.searched)
        if key not in seen:
            seen.add(key)
            evidence.append(e)
    return Finding(code=rule.code, criteria=criteria, severity=rule.severity, summary=rule.summary_for(kind),
                   evidence=tuple(evidence), year_groups=tuple(sorted(year_groups)), rule=f"{rule.code}/{kind}")


def evaluate(signals, text: str, kind: str, served: tuple[int, ...] | None = None,
             sections=None, rules=None) -> list[Finding]:
    """The findings for one document.

    ``served``: the year groups the provider serves (from its phase; all when unknown). ``sections``:
    for notes, ``Analysis.sections`` (dicts with ``start``, ``heading``, ``year_groups``, ``starts_group``); the
    signals are grouped into focus groups by where they sit (see :func:`focus_groups`).
    """
    served = tuple(served) if served else YEAR_GROUPS
    signals = SignalSet(signals)
    groups = focus_groups(signals, sections) if kind == "notes" else None
    findings = []
    for rule in rules if rules is not None else cached_rules():
        block = rule.blocks.get(kind)
        if block is None:
            continue
        if rule.applies_if_serves and not set(rule.applies_if_serves) & set(served):
            continue
        outcome = evaluate_block(block, signals, text, served, groups)
        if outcome.held:
            findings.append(_finding(rule, kind, outcome, outcome.year_groups))
    return findings
