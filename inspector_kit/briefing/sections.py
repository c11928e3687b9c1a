"""The briefing model: which sections a briefing has, in which order, under which headings, and the
sentences that more than one renderer prints. Laid out once (``sections.toml``), so the file formats
(``layout``) and the dashboard (``inspector_kit.ui``) cannot drift apart in sections, order or wording.

>>> [s.id for s in sections()][:3]
['evidence', 'context', 'destinations']
>>> section("website").title
'Statutory website check'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Section:
    """One section of the briefing: its stable id, its heading and the dashboard's anchor for it."""

    id: str
    title: str
    anchor: str


@lru_cache(maxsize=1)
def sections() -> tuple[Section, ...]:
    """Every section, in the order every format shows it."""
    data = tomllib.loads(resources.files(__package__).joinpath("sections.toml").read_text("utf-8"))
    return tuple(Section(s["id"], s["title"], s["anchor"]) for s in data["section"])


def section(section_id: str) -> Section:
    """The section with this id; a KeyError names the ids there are."""
    for s in sections():
        if s.id == section_id:
            return s
    raise KeyError(f"no briefing section {section_id!r}; sections: {', '.join(s.id for s in sections())}")


# --- what the triangulation section shows ----------------------------------------------------------

#: the triangulation statuses the briefing shows, in this order, under these headings
SHOWN_STATUSES = ("contradiction", "corroborated", "claimed_only", "data_only")
STATUS_WORDS = {
    "contradiction": "Contradiction", "corroborated": "Corroborated", "claimed_only": "Claimed only",
    "pupils_only": "Pupils only", "data_only": "Data only", "no_evidence": "No evidence",
}
#: how many quotations of each source an area shows (plan, pupils, data)
QUOTES_SHOWN = {"plan": 2, "pupils": 2, "data": 1}
SILENT_LEAD = "No source says anything about (not the same as weak): "


def year_words(year_group: int | None) -> str:
    """A triangulation row's scope in words: "Y9", or "whole school" when it has no year group."""
    return f"Y{year_group}" if year_group else "whole school"


def area_line(title: str, year_group: int | None, status: str, polarity: str) -> str:
    """The sentence that introduces one area's triangulation, e.g. "Encounters with employers, Y9."."""
    return f"{title}, {year_words(year_group)}" + (f" ({polarity})" if status == "corroborated" else "") + "."


def shown_quotes(plan: list, pupils: list, data: list) -> list:
    """The quotations and figures an area shows, in order: the plan's, the pupils', the data's."""
    return plan[:QUOTES_SHOWN["plan"]] + pupils[:QUOTES_SHOWN["pupils"]] + data[:QUOTES_SHOWN["data"]]


def silent_line(titles) -> str:
    """The note naming the areas no source says anything about; empty when there are none."""
    titles = sorted(set(titles))
    return SILENT_LEAD + "; ".join(titles) + "." if titles else ""


# --- what the statutory website check says --------------------------------------------------------

def website_lead(checks: list[dict]) -> str:
    """The sentence that opens the statutory website check (``checks``: ``WebsiteCheck.as_dict()``)."""
    missing = [c["title"] for c in checks if not c["present"]]
    if not missing:
        return "All statutory items were found in the published plan."
    return f"{len(missing)} of {len(checks)} statutory items were not found: {', '.join(missing)}."


# --- what the destinations section says beyond its measures ----------------------------------------

FINDINGS_HEADING = "What the data shows"   # the sub-heading over the destination data's findings
TREND_CAPTION = "Overall sustained: three-year trend"
TREND_HEADER = ("Year", "School", "England", "Against England", "Change against national", "Band")


def _pct(figure) -> str:
    value = figure.get("percentage") if isinstance(figure, dict) else figure
    return "-" if value is None else f"{value:.1f}%"


def trend_rows(data: dict) -> list[tuple[str, ...]]:
    """The three-year trend of overall sustained destinations (``SchoolComparison.as_dict()``), as rows."""
    return [(str(p.get("year", "")), _pct(p.get("school")), _pct(p.get("england_percentage")),
             "-" if p.get("diff_england_pp") is None else f"{p['diff_england_pp']:+.1f} pp",
             f"{p.get('arrow_symbol') or ''} {p.get('arrow') or ''}".strip() or "-", p.get("band_label") or "-")
            for p in ((data.get("trend") or {}).get("overall") or [])]


def gap_sentence(data: dict) -> str:
    """The disadvantaged gap in one sentence, or empty when the data has no gap record."""
    gap = data.get("gap")
    if not gap:
        return ""
    if gap.get("gap_pp") is None:
        return f"Disadvantaged gap: not reported. {gap.get('reason', '')}".strip()
    pupils = "students" if data.get("stage") == "16-18" else "pupils"
    return (f"Disadvantaged gap: {_pct(gap.get('disadvantaged'))} of disadvantaged {pupils} against "
            f"{_pct(gap.get('other'))} of others, a gap of {gap['gap_pp']:.1f} pp against "
            f"{gap.get('england_gap_pp') or 0:.1f} pp in England: {gap.get('band_label', '')}.")
