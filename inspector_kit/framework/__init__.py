"""The framework the toolkit judges against: Gatsby Benchmarks, DfE statutory duties, Ofsted's findings.

The criteria are data (``criteria.toml`` beside this module), read with ``importlib.resources``; every
finding and rule refers to them by id (``GB5``, ``SG-PAL-8-9``, ``OF23-KS3``).

>>> criterion("GB8").title
'Personal guidance'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
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
    return [c for c in criteria().values() if c.family == "gatsby"]
