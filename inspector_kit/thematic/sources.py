"""What a thematic run reads, listed without reading it: each school and the files of its evidence.

A warm run must decide what is already analysed without parsing 4,000 PDFs, so this module only reads
``school.toml`` (or a manifest CSV) and lists files; the documents are loaded later, and only for the
pieces of evidence the cache does not hold. Folder bundles are listed exactly as
:func:`inspector_kit.evidence.load_bundle` lists them (a test keeps the two in step).

A manifest CSV suits evidence that is not laid out in bundles, one line per document::

    urn,kind,path,name,local_authority,region,type,age_low,age_high
    104712,plan,plans/riverside.pdf,Riverside High School,Liverpool,North West,Community school,11,18
    104712,notes,notes/riverside-day1.md,,,,,,

``urn``, ``kind`` (``plan`` or ``notes``) and ``path`` (relative to the manifest's folder) are required;
the other columns are any of ``school.toml``'s ``[school]`` fields plus ``destinations_file``, given on any
line of the school (blank cells are ignored; two different values for one school are an error).
"""
from __future__ import annotations

import csv
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from inspector_kit.errors import InspectorKitError, ManifestError, MissingEvidenceFileError
from inspector_kit.evidence import bundle as bundle_format
from inspector_kit.evidence.bundle import discover_bundles, list_bundle
from inspector_kit.evidence.model import School
from inspector_kit.thematic.stamps import stamp_of

MANIFEST_REQUIRED = ("urn", "kind", "path")
MANIFEST_KINDS = ("plan", "notes")


@dataclass(frozen=True)
class BundleSource:
    """One school's evidence as a list of files: ``plan_files`` and ``notes_files`` relative to ``root``."""

    root: Path
    school: School
    plan_files: tuple[str, ...] = ()
    notes_files: tuple[str, ...] = ()
    destinations_file: str | None = None
    problems: tuple[dict, ...] = ()
    plan_url: str | None = None
    label: str = ""                       # folder name, or "manifest.csv:URN"

    def path(self, relative: str) -> Path:
        """A file of the bundle from its path relative to the bundle folder."""
        return self.root / relative

    @property
    def files(self) -> tuple[str, ...]:
        """Plan files, then notes files."""
        return self.plan_files + self.notes_files


@dataclass
class SourceList:
    """The schools found, and the folders that could not be read as bundles (with the reason)."""

    sources: list[BundleSource] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sources)


def list_folder(root: str | Path, stamps=None) -> SourceList:
    """Every bundle under ``root``; a bundle whose ``school.toml`` is broken is reported, not fatal.

    With ``stamps`` (:class:`inspector_kit.thematic.stamps.Stamps`), a bundle whose ``school.toml`` and
    folders are unchanged since the last run is taken from the cache instead of being read again.
    """
    found = SourceList()
    exists: dict[str, bool] = {}
    for folder in discover_bundles(root):
        key = f"bundle:{os.path.abspath(folder)}"
        stamp = None
        if stamps is not None:
            parts = [stamp_of(folder / "school.toml"), stamp_of(folder), stamp_of(folder / "notes") or "-"]
            stamp = None if None in parts else "|".join(parts)
            held = stamps.get(key, stamp)
            if held is not None:
                found.sources.append(_from_record(folder, held, exists))
                continue
        try:
            source = bundle_source(folder)
        except InspectorKitError as exc:
            found.unreadable.append({**exc.as_dict(), "bundle": folder.name})
            continue
        found.sources.append(source)
        if stamps is not None:
            stamps.put(key, stamp, _record(source))
    return found


def _record(source: BundleSource) -> dict:
    return {"school": asdict(source.school), "plan_files": list(source.plan_files),
            "notes_files": list(source.notes_files), "destinations_file": source.destinations_file,
            "problems": list(source.problems), "plan_url": source.plan_url}


def _from_record(folder: Path, record: dict, exists: dict[str, bool]) -> BundleSource:
    dest = record["destinations_file"]
    problems = list(record["problems"])
    if dest is not None:
        if dest not in exists:
            exists[dest] = os.path.isfile(dest)
        if not exists[dest]:  # the data file went away since: say so, as a fresh listing would
            problems.append(MissingEvidenceFileError("is named in school.toml [destinations] but is not there",
                                                     path=dest).as_dict())
            dest = None
    return BundleSource(folder, School(**record["school"]), tuple(record["plan_files"]),
                        tuple(record["notes_files"]), dest, tuple(problems), record["plan_url"], folder.name)


def bundle_source(folder: str | Path) -> BundleSource:
    """The files of one bundle folder, listed as ``load_bundle`` would load them."""
    folder = Path(folder)
    files = list_bundle(folder)
    return BundleSource(folder, files.school, tuple(p.relative_to(folder).as_posix() for p in files.plan),
                        tuple(p.relative_to(folder).as_posix() for p in files.notes), files.destinations_file,
                        files.problems, files.plan_url, folder.name)


_SCHOOL_FIELDS = bundle_format._SCHOOL_FIELDS


def list_manifest(path: str | Path) -> SourceList:
    """The schools of a manifest CSV (see the module docstring); every problem is reported at once."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError("no such file", path=path)
    root = path.parent
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in MANIFEST_REQUIRED if c not in columns]
        unknown = sorted(set(columns) - set(MANIFEST_REQUIRED) - set(_SCHOOL_FIELDS) - {"destinations_file"})
        if missing or unknown:
            parts = ([f"lacks column(s) {', '.join(missing)}"] if missing else []) + \
                    ([f"has unknown column(s) {', '.join(unknown)}"] if unknown else [])
            raise ManifestError(f"{'; '.join(parts)}; allowed: {', '.join(MANIFEST_REQUIRED)}, "
                                f"{', '.join(sorted(_SCHOOL_FIELDS))}, destinations_file", path=path)
        schools: dict[str, dict] = {}
        problems: list[str] = []
        for line, row in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            urn, kind, rel = row["urn"], row["kind"].lower(), row["path"]
            if not urn.isdigit():
                problems.append(f"line {line}: urn should be digits, got {urn!r}")
                continue
            if kind not in MANIFEST_KINDS:
                problems.append(f"line {line}: kind should be plan or notes, got {row['kind']!r}")
                continue
            entry = schools.setdefault(urn, {"fields": {"urn": urn}, "plan": [], "notes": [], "missing": []})
            for key, value in row.items():
                if key in MANIFEST_REQUIRED or value == "":
                    continue
                if key in entry["fields"] and entry["fields"][key] != value:
                    problems.append(f"line {line}: {key} for URN {urn} is {value!r} here but "
                                    f"{entry['fields'][key]!r} earlier")
                entry["fields"].setdefault(key, value)
            if (root / rel).is_file():
                entry[kind].append(rel)
            else:
                entry["missing"].append(MissingEvidenceFileError("is named in the manifest but is not there",
                                                                 path=root / rel, line=line).as_dict())
        if problems:
            raise ManifestError("; ".join(problems[:20]) + (f" (and {len(problems) - 20} more)"
                                                            if len(problems) > 20 else ""), path=path)
    found = SourceList()
    for urn, entry in schools.items():
        fields = entry["fields"]
        dest = fields.pop("destinations_file", None)
        try:
            school = School(**{k: _convert(k, v, path) for k, v in fields.items()},
                            **({} if "name" in fields else {"name": f"URN {urn}"}))
        except ManifestError as exc:
            found.unreadable.append({**exc.as_dict(), "bundle": f"{path.name}:{urn}"})
            continue
        if dest and not (root / dest).is_file():
            entry["missing"].append(MissingEvidenceFileError("is named in the manifest but is not there",
                                                             path=root / dest).as_dict())
            dest = None
        found.sources.append(BundleSource(root, school, tuple(entry["plan"]), tuple(entry["notes"]),
                                          str((root / dest).resolve()) if dest else None,
                                          tuple(entry["missing"]), None, f"{path.name}:{urn}"))
    return found


def _convert(key: str, value: str, path: Path):
    kind = _SCHOOL_FIELDS[key]
    if kind is int:
        if not value.lstrip("-").isdigit():
            raise ManifestError(f"{key} should be a whole number, got {value!r}", path=path)
        return int(value)
    if kind is bool:
        lowered = value.lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0"):
            raise ManifestError(f"{key} should be true or false, got {value!r}", path=path)
        return lowered in ("true", "yes", "1")
    return value


def list_sources(root: str | Path | None = None, *, manifest: str | Path | None = None,
                 stamps=None) -> SourceList:
    """Bundles under ``root``, plus the schools of ``manifest`` if one is given."""
    found = SourceList()
    if root is not None:
        part = list_folder(root, stamps)
        found.sources += part.sources
        found.unreadable += part.unreadable
    if manifest is not None:
        part = list_manifest(manifest)
        found.sources += part.sources
        found.unreadable += part.unreadable
    return found
