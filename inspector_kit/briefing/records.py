"""The briefing's records that other sections make too: a weak spot and a line of enquiry.

Apart from :mod:`.build` so that a section built elsewhere (the labour market's, in
``inspector_kit/labour_market/briefing.py``) makes the same records without importing the briefing that
includes it: this module imports nothing of the briefing, so no import cycle runs through it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_kit.framework import EvaluationArea


@dataclass
class WeakSpot:
    """A finding from the engine on the plan or a note, with its quotations located in their files."""

    id: str
    code: str
    title: str
    source: str              # "plan" or the note label
    year_groups: tuple[int, ...]
    severity: str
    summary: str
    criteria: tuple[str, ...]
    quotes: list[dict]       # {"text", "where", "span", "tag"}
    searched: list[str]      # for absences: what was looked for and not found
    decision: dict | None = None
    evaluation_areas: tuple[EvaluationArea, ...] = ()   # first the one the briefing files it under

    def as_dict(self) -> dict:
        """The weak spot as the JSON briefing gives it (the evaluation areas as records, not objects)."""
        return {"id": self.id, "code": self.code, "title": self.title, "source": self.source,
                "year_groups": list(self.year_groups), "severity": self.severity, "summary": self.summary,
                "criteria": list(self.criteria), "quotes": self.quotes, "searched": self.searched,
                "decision": self.decision, "evaluation_areas": [a.as_dict() for a in self.evaluation_areas]}


@dataclass
class Enquiry:
    """A question for the inspection team; ``bears_on`` says what raised it (``("finding", code)``,
    ``("area", signal code)``, ``("destinations", None)`` or ``("award", None)``), which decides its
    evaluation areas (``inspector_kit/framework/area_map.toml``)."""

    question: str
    ask: str
    because: str
    weight: int
    bears_on: tuple = ("finding", None)
    year_groups: tuple[int, ...] = ()
    evaluation_areas: tuple[EvaluationArea, ...] = ()

    def as_dict(self) -> dict:
        """The enquiry as the JSON briefing gives it; ``bears_on`` and the year groups stay internal (they only
        decide the evaluation areas)."""
        return {"question": self.question, "ask": self.ask, "because": self.because, "weight": self.weight,
                "evaluation_areas": [a.as_dict() for a in self.evaluation_areas]}
