"""The framework the toolkit judges against: Gatsby Benchmarks, DfE statutory duties, Ofsted's findings.

The criteria are data (``criteria.toml`` beside this module), read with ``importlib.resources``; every
finding and rule refers to them by id (``GB5``, ``SG-PAL-8-9``, ``OF23-KS3``).

>>> criterion("GB8").title
'Personal guidance'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from inspector_kit.errors import FrameworkError

_KEYS = {"id", "title", "summary", "summary_2025", "source", "versions"}
_REQUIRED = {"id", "title", "summary", "source", "versions"}


@dataclass(frozen=True)
class Criterion:
    """One thing the framework asks of a school, with where it comes from and which editions it is in."""

    id: str
    title: str
    summary: str
    source: str
    versions: tuple[str, ...]
    summary_2025: str | None = None

    @property
    def family(self) -> str:
        """``gatsby``, ``statutory`` or ``ofsted``: how the briefing groups criteria."""
        if self.id.startswith("GB"):
            return "gatsby"
        if self.id.startswith("SG-"):
            return "statutory"
        return "ofsted"


@lru_cache(maxsize=1)
def criteria() -> dict[str, Criterion]:
    """All criteria by id, in the order of the data file."""
    raw = tomllib.loads(resources.files(__package__).joinpath("criteria.toml").read_text(encoding="utf-8"))
    out: dict[str, Criterion] = {}
    for n, entry in enumerate(raw.get("criterion", []), start=1):
        unknown = set(entry) - _KEYS
        missing = _REQUIRED - set(entry)
        if unknown or missing:
            raise FrameworkError(f"criterion {n} ({entry.get('id', '?')}): unknown keys {sorted(unknown)}, "
                                 f"missing {sorted(missing)}; allowed keys are {sorted(_KEYS)}",
                                 path="inspector_kit/framework/criteria.toml")
        if entry["id"] in out:
            raise FrameworkError(f"criterion id {entry['id']} appears twice", path="criteria.toml")
        out[entry["id"]] = Criterion(id=entry["id"], title=entry["title"], summary=entry["summary"],
                                     source=entry["source"], versions=tuple(entry["versions"]),
                                     summary_2025=entry.get("summary_2025"))
    return out


def criterion(criterion_id: str) -> Criterion:
    """The criterion with this id, or FrameworkError listing the nearest known ids."""
    try:
        return criteria()[criterion_id]
    except KeyError:
        raise FrameworkError(f"unknown criterion id {criterion_id!r}; known ids: {', '.join(criteria())}") from None


def gatsby_benchmarks() -> list[Criterion]:
    """The eight Gatsby Benchmarks, in order, from ``criteria.toml``."""
    return [c for c in criteria().values() if c.family == "gatsby"]


# --- inspection frameworks and evaluation areas ---------------------------------------------------------

FRAMEWORKS = ("renewed-2025", "eif-2019")
_FRAMEWORK_KEYS = ({"id", "title", "from", "grades", "source", "source_url"}, {"until", "safeguarding_grades"})
_TOOLKIT_KEYS = ({"id", "framework", "provider", "title", "source", "source_url"}, set())
_AREA_KEYS = ({"id", "toolkit", "title", "wording", "wording_source", "source_url", "careers"}, {"where_applicable"})


@dataclass(frozen=True)
class Framework:
    """An Ofsted inspection framework: when it applies, and the grade scale it uses (never applied here)."""

    id: str
    title: str
    starts: date
    grades: tuple[str, ...]
    source: str
    source_url: str
    ends: date | None = None
    safeguarding_grades: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvaluationArea:
    """One evaluation area (or key judgement) of a toolkit, with its published wording and where it is from.

    >>> evaluation_area("schools-2025.personal-development-and-well-being").title
    'Personal development and well-being'
    """

    id: str
    toolkit: str
    title: str
    wording: str
    wording_source: str
    source_url: str
    careers: str
    where_applicable: str | None = None

    def as_dict(self) -> dict:
        """JSON-ready: the area's stable id and published title."""
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True)
class Toolkit:
    """The toolkit (or handbook) a framework uses for one kind of provider, with its areas in order."""

    id: str
    framework: str
    provider: str            # "school" | "fe"
    title: str
    source: str
    source_url: str
    areas: tuple[EvaluationArea, ...]

    def area(self, short_id: str) -> EvaluationArea:
        """One evaluation area by its short id; FrameworkError lists the areas there are."""
        for a in self.areas:
            if a.id == f"{self.id}.{short_id}":
                return a
        raise FrameworkError(f"toolkit {self.id} has no evaluation area {short_id!r}; it has "
                             f"{', '.join(a.id.split('.', 1)[1] for a in self.areas)}", path="area_map.toml")


def _checked(entry: dict, keys: tuple[set, set], what: str, n: int) -> dict:
    required, optional = keys
    unknown, missing = set(entry) - required - optional, required - set(entry)
    if unknown or missing:
        raise FrameworkError(f"{what} {n} ({entry.get('id', '?')}): unknown keys {sorted(unknown)}, missing "
                             f"{sorted(missing)}; allowed keys are {sorted(required | optional)}",
                             path="inspector_kit/framework/criteria.toml")
    return entry


@lru_cache(maxsize=1)
def _framework_data() -> tuple[dict[str, Framework], dict[str, Toolkit]]:
    raw = tomllib.loads(resources.files(__package__).joinpath("criteria.toml").read_text(encoding="utf-8"))
    frameworks = {}
    for n, e in enumerate(raw.get("framework", []), start=1):
        e = _checked(e, _FRAMEWORK_KEYS, "framework", n)
        frameworks[e["id"]] = Framework(e["id"], e["title"], e["from"], tuple(e["grades"]), e["source"],
                                        e["source_url"], e.get("until"), tuple(e.get("safeguarding_grades", ())))
    areas: dict[str, list[EvaluationArea]] = {}
    for n, e in enumerate(raw.get("evaluation_area", []), start=1):
        e = _checked(e, _AREA_KEYS, "evaluation_area", n)
        if not e["id"].startswith(f"{e['toolkit']}."):
            raise FrameworkError(f"evaluation area {e['id']} must start with its toolkit id {e['toolkit']}.",
                                 path="criteria.toml")
        areas.setdefault(e["toolkit"], []).append(EvaluationArea(**e))
    toolkits = {}
    for n, e in enumerate(raw.get("toolkit", []), start=1):
        e = _checked(e, _TOOLKIT_KEYS, "toolkit", n)
        if e["framework"] not in frameworks:
            raise FrameworkError(f"toolkit {e['id']} names unknown framework {e['framework']!r}", path="criteria.toml")
        toolkits[e["id"]] = Toolkit(**e, areas=tuple(areas.get(e["id"], ())))
    return frameworks, toolkits


def frameworks() -> dict[str, Framework]:
    """The inspection frameworks by id (``renewed-2025``, ``eif-2019``), read once from the data files."""
    return _framework_data()[0]


def toolkits() -> dict[str, Toolkit]:
    """The toolkits (schools, FE and skills) by id, read once from the data files."""
    return _framework_data()[1]


def evaluation_area(area_id: str) -> EvaluationArea:
    """One evaluation area by its full id, whichever toolkit it is in."""
    for t in toolkits().values():
        for a in t.areas:
            if a.id == area_id:
                return a
    raise FrameworkError(f"unknown evaluation area {area_id!r}")


def choose_framework(requested: str | None = None, inspection_date: date | None = None) -> tuple[str, str]:
    """The framework to brief against and why: the inspector's choice, else the one in force on the
    inspection date, else the renewed framework (today's inspections).

    >>> choose_framework(inspection_date=date(2025, 6, 1))
    ('eif-2019', 'inspection date 2025-06-01 is before 2025-11-10')
    """
    if requested:
        if requested not in FRAMEWORKS:
            raise FrameworkError(f"unknown framework {requested!r}; choose one of {', '.join(FRAMEWORKS)}")
        return requested, "chosen by the inspector"
    renewed = frameworks()["renewed-2025"]
    if inspection_date is not None and inspection_date < renewed.starts:
        return "eif-2019", f"inspection date {inspection_date.isoformat()} is before {renewed.starts.isoformat()}"
    if inspection_date is not None:
        return "renewed-2025", f"inspection date {inspection_date.isoformat()} is on or after {renewed.starts.isoformat()}"
    return "renewed-2025", "the framework in force for inspections from 10 November 2025"


def toolkit_for(school, framework: str) -> Toolkit:
    """The framework's toolkit for this provider: the FE and skills one for FE providers, else schools."""
    provider = "fe" if getattr(school, "fe_provider", False) else "school"
    for t in toolkits().values():
        if t.framework == framework and t.provider == provider:
            return t
    raise FrameworkError(f"framework {framework!r} has no toolkit for provider type {provider!r}")


@lru_cache(maxsize=1)
def area_map() -> dict:
    """``area_map.toml``: which evaluation areas each finding, triangulation area and enquiry bears on."""
    return tomllib.loads(resources.files(__package__).joinpath("area_map.toml").read_text(encoding="utf-8"))


def areas_for(kind: str, code: str | None, toolkit: Toolkit, year_groups=(), sixth_form: bool = False
              ) -> tuple[EvaluationArea, ...]:
    """The evaluation areas an item bears on, first the one to file it under.

    ``kind`` is ``finding``, ``area`` (a triangulation area's code), ``destinations`` or ``award``. An item
    that concerns only years 12-13 of a school with a sixth form goes under the sixth-form area first.

    >>> t = toolkits()["schools-2025"]
    >>> [a.title for a in areas_for("finding", "needs_not_addressed", t)]
    ['Inclusion', 'Personal development and well-being']
    """
    data = area_map()
    entry = data.get(kind, {})
    if code is not None:
        entry = entry.get(code, {})
    short = list(entry.get(toolkit.id, ()))
    if not short:
        raise FrameworkError(f"area_map.toml maps no evaluation area for {kind} {code or ''} in {toolkit.id}",
                             path="inspector_kit/framework/area_map.toml")
    sixth = data.get("sixth_form", {})
    years = set(year_groups)
    if sixth_form and toolkit.id in sixth and years & set(sixth.get("years", ())):
        area = sixth[toolkit.id]
        short = [s for s in short if s != area]
        if years <= set(sixth["years"]):
            short.insert(0, area)
        else:
            short.append(area)
    return tuple(toolkit.area(s) for s in short)
