"""The statutory website check: is what the law asks a school to publish in its careers information?

The items and how each is detected are data (``statutory.toml``): engine signals and patterns over the
plan text. Each item is reported present (with the quotation that shows it) or missing (with what was
looked for), so an inspector can verify either answer.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class WebsiteCheck:
    id: str
    title: str
    criteria: tuple[str, ...]
    present: bool
    quote: str
    where: str
    looked_for: str
    span: object = None

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "criteria": list(self.criteria), "present": self.present,
                "quote": self.quote, "where": self.where, "looked_for": self.looked_for,
                "span": self.span.as_dict() if self.span else None}


@lru_cache(maxsize=1)
def check_definitions() -> list[dict]:
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
        if d.get("signals"):
            looked.append("engine signals " + ", ".join(d["signals"]))
        if d.get("pattern"):
            looked.append("the pattern " + d["pattern"] + (f" near {d['near']}" if d.get("near") else ""))
        found = _find(plan_analysis, d) if plan_analysis is not None else None
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
