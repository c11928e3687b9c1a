"""The schools in a bundles folder, for picking one: read from each ``school.toml`` only.

Listing reads metadata, not documents, so the picker is ready at once even for hundreds of bundles;
a folder whose ``school.toml`` is broken is listed as a problem (file and reason) and the others stay
available.

>>> index = SchoolIndex.from_folder("fixtures/schools")           # doctest: +SKIP
>>> [s.name for s in index.search("1019")]                        # doctest: +SKIP
['Hillside Community School']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from inspector_kit.errors import InspectorKitError, problem
from inspector_kit.evidence.bundle import discover_bundles, read_school


@dataclass(frozen=True)
class SchoolEntry:
    """One school as the picker shows it: name, URN, type and local authority, and its folder."""

    urn: str
    name: str
    folder: Path
    type: str = ""
    local_authority: str = ""
    age_range: str = ""
    region: str = ""

    @property
    def label(self) -> str:
        """How the picker names a school: name and URN."""
        return f"{self.name} (URN {self.urn})"

    def matches(self, words: list[str]) -> bool:
        """Every word of the search appears in the name, URN, local authority or folder name."""
        haystack = " ".join((_fold(self.name), self.urn, _fold(self.local_authority), _fold(self.region),
                            self.folder.name.lower()))
        return all(w in haystack for w in words)


def _fold(text: str) -> str:
    """Lower case without apostrophes, so "kings" finds "The King's Grammar School"."""
    return re.sub(r"['\u2019]", "", text.lower())


@dataclass
class SchoolIndex:
    """Every school in the bundles folder (read from ``school.toml`` alone, so the picker is quick), with the
    folders that could not be read."""

    schools: list[SchoolEntry]
    problems: list[dict] = field(default_factory=list)

    @classmethod
    def from_folder(cls, root: str | Path) -> "SchoolIndex":
        """Every bundle under ``root``, sorted by name; unreadable ones go to ``problems``."""
        schools, problems = [], []
        try:
            folders = discover_bundles(root)
        except InspectorKitError as exc:
            return cls([], [exc.as_dict()])
        for folder in folders:
            try:
                school, _ = read_school(folder / "school.toml")
            except InspectorKitError as exc:
                problems.append(exc.as_dict())
                continue
            schools.append(SchoolEntry(school.urn, school.name, folder, school.type or school.phase,
                                       school.local_authority, school.age_range, school.region))
        seen: dict[str, SchoolEntry] = {}
        for entry in sorted(schools, key=lambda s: (_fold(s.name), s.urn)):
            if entry.urn in seen:
                problems.append(problem("bundle.duplicate_urn", f"URN {entry.urn} is also used by "
                                        f"{seen[entry.urn].folder.name}; only the first is shown",
                                        entry.folder / "school.toml"))
                continue
            seen[entry.urn] = entry
        return cls(list(seen.values()), problems)

    def get(self, urn: str | None) -> SchoolEntry | None:
        """A school by URN, or None."""
        return next((s for s in self.schools if s.urn == urn), None)

    def search(self, query: str) -> list[SchoolEntry]:
        """Schools whose name, URN, LA or folder contain every word of ``query`` (all when it is blank)."""
        words = _fold(query).split()
        return [s for s in self.schools if s.matches(words)]
