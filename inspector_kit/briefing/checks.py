"""The statutory website check: is what the law asks a school to publish in its careers information?

The items and how each is detected are data (``statutory.toml``). The items the engine's finding on the
duty to publish (``missing_published_info``) already checks derive from that finding: an item is missing
exactly when the finding holds through its tests, so one page of the briefing cannot say "published"
while the weak spots say "not found". The other items are detected here from engine signals and
patterns over the plan text. Each item is reported present (with the quotation that shows it) or
missing (with what was looked for), so an inspector can verify either answer.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from inspector_kit.evidence.model import SourceSpan
from nlp.findings.engine import NAME_WINDOW, cached_rules, evaluate_condition, select


@dataclass(frozen=True)
class WebsiteCheck:
    """One item the school must publish about its careers programme, and whether the plan shows it (with the
    quotation and its place)."""
    id: str
    title: str
    criteria: tuple[str, ...]
    present: bool
    quote: str
    where: str
    looked_for: str
    span: SourceSpan | None = None

    def as_dict(self) -> dict:
        """The check as the JSON briefing gives it."""
        return {"id": self.id, "title": self.title, "criteria": list(self.criteria), "present": self.present,
                "quote": self.quote, "where": self.where, "looked_for": self.looked_for,
                "span": self.span.as_dict() if self.span else None}


@lru_cache(maxsize=1)
def check_definitions() -> list[dict]:
    """The statutory items and what shows each (``statutory.toml``), read once."""
    return tomllib.loads(resources.files(__package__).joinpath("statutory.toml").read_text("utf-8"))["check"]


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, (len(text) if right == -1 else right)


def website_checks(plan_analysis) -> list[WebsiteCheck]:
    """Each statutory item for the plan; all missing when no plan was loaded."""
    out = []
    for d in check_definitions():
        looked = []
        if d.get("finding"):
            notes = [c.get("note") or c["id"] for c in finding_tests(d)]
            looked.append(f"the engine's finding {d['finding']}: " + "; ".join(notes))
        if d.get("signals"):
            looked.append("engine signals " + ", ".join(d["signals"]))
        if d.get("pattern"):
            looked.append("the pattern " + d["pattern"] + (f" near {d['near']}" if d.get("near") else ""))
        if plan_analysis is None:
            found = None
        elif d.get("finding"):
            found = _from_finding(plan_analysis, d)
        else:
            found = _find(plan_analysis, d)
        if found:
            start, end = found
            left, right = _line_around(plan_analysis.text, start, end)
            span = plan_analysis.source(left, right)
            out.append(WebsiteCheck(d["id"], d["title"], tuple(d["criteria"]), True,
                                    plan_analysis.text[left:right].strip(), span.label(), "; ".join(looked), span))
        else:
            out.append(WebsiteCheck(d["id"], d["title"], tuple(d["criteria"]), False, "", "",
                                    "; ".join(looked)))
    return out


def finding_tests(definition) -> list[dict]:
    """The engine's test conditions (``findings.json``, plan block) an item derives from, by id."""
    rule = next(r for r in cached_rules() if r.code == definition["finding"])
    conditions = {c["id"]: c for c in _conditions(rule.blocks["plan"]) if "id" in c}
    return [conditions[t] for t in definition["tests"]]


def _conditions(block) -> list[dict]:
    out = []
    for c in block.get("all") or block.get("any") or ():
        out += _conditions(c) if ("all" in c or "any" in c) else [c]
    return out


def _from_finding(plan_analysis, definition) -> tuple[int, int] | None:
    """Where the plan shows an item the engine's finding checks, or None when the finding holds through
    one of its tests (the item is missing: the finding says so, with the same evidence)."""
    tests = finding_tests(definition)
    signals, text = plan_analysis.signals, plan_analysis.text
    holds = plan_analysis.result.finding(definition["finding"]) is not None
    if holds and any(evaluate_condition(c, signals, text, ()).held for c in tests):
        return None
    return _shown_by(tests[-1], signals, text) or next(filter(None, (_shown_by(c, signals, text) for c in tests)),
                                                        None) or (0, 0)


def _shown_by(condition: dict, signals, text: str) -> tuple[int, int] | None:
    """The first place that makes one of the finding's tests fail: what shows the item is published."""
    flags = re.IGNORECASE if "i" in condition.get("flags", "") else 0
    if condition["test"] == "text_absent":
        m = re.search(condition["regex"], text, flags)
        return (m.start(), m.end()) if m else None
    picked = select(signals, condition["select"], ()) if "select" in condition else []
    if condition["test"] == "near_absent":
        pattern = re.compile(condition["regex"], flags)
        for s in picked:
            m = pattern.search(text, s.sentence_start, min(len(text), s.sentence_end + NAME_WINDOW))
            if m:
                return m.start(), m.end()
        return None
    return (picked[0].start, picked[0].end) if picked else None


def _find(plan_analysis, definition) -> tuple[int, int] | None:
    """The first evidence for a check: its pattern when it has one (more exact), else an engine signal."""
    found = _find_pattern(plan_analysis.text, definition)
    if found or definition.get("pattern") and not definition.get("signals"):
        return found
    for signal in plan_analysis.signals:
        if signal.code in definition.get("signals", ()) and signal.stance.claims_provision:
            return signal.start, signal.end
    return None


def _find_pattern(text: str, definition) -> tuple[int, int] | None:
    pattern = definition.get("pattern")
    if not pattern:
        return None
    near = [m.start() for m in re.finditer(definition["near"], text, re.I)] if definition.get("near") else None
    for m in re.finditer(pattern, text, re.I if not definition["id"].endswith("leader_name") else 0):
        if near is None or any(abs(m.start() - n) <= 300 for n in near):
            return m.start(), m.end()
    return None
