"""What a weak spot is, defined once: a finding, with the criteria its rule names and a title in
inspectors' words.

The engine's findings carry their rule's code, criteria, severity and summary
(``nlp/findings/resources/findings.json``); the labour market panel adds one of its own
(``labour_market/settings.toml``). Their titles are ``weak_spots.toml``. The briefing, both dashboards
and thematic reviews read them here, so no part of the toolkit names or counts a weak spot its own way.

>>> title("thin_ks3")
'Thin aims and activity for years 7-8'
>>> "GB8" in criteria("no_personal_guidance")
True
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from nlp.findings.engine import cached_rules
from nlp.findings.rules import FINDING_CODES

from inspector_kit.labour_market.panel import settings


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Each weak spot's title by its code (the engine's finding codes and the labour market's)."""
    data = tomllib.loads(resources.files("inspector_kit").joinpath("weak_spots.toml").read_text(encoding="utf-8"))
    out = dict(data["title"])
    spot = settings()["weak_spot"]
    out[spot["code"]] = spot["title"]
    return out


def title(code: str) -> str:
    """The weak spot's title; an unknown code reads as its words ("some_code" -> "Some code")."""
    return titles().get(code) or code.replace("_", " ").capitalize()


@lru_cache(maxsize=None)
def criteria(code: str) -> tuple[str, ...]:
    """The criteria a weak spot's rule names (a finding may add those of the tests that fired)."""
    for rule in cached_rules():
        if rule.code == code:
            return tuple(rule.criteria)
    spot = settings()["weak_spot"]
    if spot["code"] == code:
        return tuple(spot["criteria"])
    raise KeyError(f"{code!r} is not a weak spot")


def codes() -> tuple[str, ...]:
    """Every weak spot code, the engine's first (in its order), then the labour market's."""
    return tuple(FINDING_CODES) + (settings()["weak_spot"]["code"],)


def finding_status(finding: dict) -> str:
    """How a finding (``Finding.as_dict()``) stands in a thematic review: ``weak`` when its evidence quotes
    words (denied, only planned, token), ``not_mentioned`` when it rests on silence alone (what was searched
    for was not found). Silence is kept apart from weakness everywhere."""
    def quotes(obj) -> bool:
        if isinstance(obj, dict):
            if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and obj["end"] > obj["start"]:
                return True
            return any(quotes(v) for v in obj.values())
        if isinstance(obj, list):
            return any(quotes(v) for v in obj)
        return False
    return "weak" if quotes(finding.get("evidence")) else "not_mentioned"
