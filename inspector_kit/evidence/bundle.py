"""A school's evidence folder (a *bundle*): ``school.toml``, the published plan, ``notes/``.

The format is documented in ``fixtures/README.md``. Loading is forgiving where it can be and strict
where it must be: a missing or invalid ``school.toml`` stops the load (nothing can be said about an
unknown school), while a plan or notes file that cannot be read is recorded in ``bundle.problems`` and
the rest of the evidence still loads.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from inspector_kit.errors import (
    BundleNotFoundError,
    InspectorKitError,
    MissingEvidenceFileError,
    SchoolMetadataError,
)
from inspector_kit.evidence.documents import FORMATS, load_document
from inspector_kit.evidence.model import CareersPlan, EvidenceBundle, School
from inspector_kit.evidence.notes import split_notes

NOTES_FORMATS = (".md", ".txt", ".docx")
_NOT_PLAN = {"school.toml", "expected.toml", "readme.md", "readme.txt"}

_SCHOOL_FIELDS: dict[str, type | tuple] = {
    "urn": str, "name": str, "laestab": str, "phase": str, "type": str, "local_authority": str,
    "la_code": str, "old_la_code": str, "region": str, "age_low": int, "age_high": int,
    "sixth_form": bool, "fe_provider": bool, "institution_group": str, "selective": bool,
}
_REQUIRED = ("urn", "name")


def discover_bundles(root: str | Path) -> list[Path]:
    """Bundle folders under ``root`` (``root`` itself if it is one), sorted by folder name."""
    root = Path(root)
    if (root / "school.toml").is_file():
        return [root]
    if not root.is_dir():
        raise BundleNotFoundError("no such folder", path=root)
    return sorted(p.parent for p in root.glob("*/school.toml"))


def read_school(path: Path) -> tuple[School, dict]:
    """Parse ``school.toml`` into a :class:`School` and the raw table (for [plan] and [destinations])."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise SchoolMetadataError(f"is not valid TOML ({exc})", path=path) from exc
    except UnicodeDecodeError as exc:
        raise SchoolMetadataError("is not UTF-8 text", path=path) from exc
    table = raw.get("school")
    if not isinstance(table, dict):
        raise SchoolMetadataError("has no [school] table", path=path)
    unknown = sorted(set(table) - set(_SCHOOL_FIELDS))
    if unknown:
        raise SchoolMetadataError(f"[school] has unknown keys {unknown}; allowed: {sorted(_SCHOOL_FIELDS)}",
                                  path=path)
    missing = [k for k in _REQUIRED if not table.get(k)]
    if missing:
        raise SchoolMetadataError(f"[school] lacks {', '.join(missing)}", path=path)
    values = {}
    for key, value in table.items():
        expected = _SCHOOL_FIELDS[key]
        if expected is str and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # URNs and LA codes written without quotes
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SchoolMetadataError(f"[school].{key} should be {expected.__name__}, got {value!r}", path=path)
        values[key] = value
    if not values["urn"].isdigit():
        raise SchoolMetadataError(f"[school].urn should be digits, got {values['urn']!r}", path=path)
    school = School(**values)
    if school.age_low >= school.age_high:
        raise SchoolMetadataError(f"age range {school.age_range} is not a range", path=path)
    return school, raw


@dataclass(frozen=True)
class BundleFiles:
    """The files a bundle names or holds, as ``load_bundle`` reads them, before any is opened.

    ``plan`` and ``notes`` are paths (a plan file named in ``school.toml`` but absent is left out and
    reported in ``problems``); the thematic review lists bundles this way to hash files without reading them.
    """

    school: School
    plan: tuple[Path, ...]
    notes: tuple[Path, ...]
    destinations_file: str | None
    problems: tuple[dict, ...]
    plan_url: str | None = None
    plan_retrieved: str | None = None


def list_bundle(folder: str | Path) -> BundleFiles:
    """Read ``school.toml`` and list the bundle's evidence files; invalid metadata raises, absent files are problems."""
    folder = Path(folder)
    toml_path = folder / "school.toml"
    if not folder.is_dir():
        raise BundleNotFoundError("no such folder", path=folder)
    if not toml_path.is_file():
        raise BundleNotFoundError("has no school.toml (see fixtures/README.md for the bundle format)", path=folder)
    school, raw = read_school(toml_path)
    problems: list[dict] = []

    plan_table = raw.get("plan", {}) if isinstance(raw.get("plan"), dict) else {}
    for key in ("url", "retrieved"):
        if key in plan_table and not isinstance(plan_table[key], str):
            raise SchoolMetadataError(f"[plan].{key} should be text, got {plan_table[key]!r}", path=toml_path)
    if "files" in plan_table:
        files = plan_table["files"]
        if not isinstance(files, list) or not all(isinstance(f, str) and f and "\0" not in f for f in files):
            raise SchoolMetadataError(f"[plan].files should be a list of file names, got {files!r}", path=toml_path)
        named = [folder / f for f in files]
        outside = [f for f, p in zip(files, named) if not p.resolve().is_relative_to(folder.resolve())]
        if outside:
            raise SchoolMetadataError(f"[plan].files must be inside the bundle folder, got {outside}", path=toml_path)
        plan_paths = []
        for path in named:
            if path.is_file():
                plan_paths.append(path)
            else:
                problems.append(MissingEvidenceFileError("is named in school.toml [plan] but is not there",
                                                         path=path).as_dict())
    else:
        plan_paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FORMATS
                            and p.name.lower() not in _NOT_PLAN)

    notes_dir = folder / "notes"
    notes_paths = sorted(p for p in notes_dir.iterdir() if p.is_file() and not p.name.startswith(".")
                         and p.suffix.lower() in NOTES_FORMATS) if notes_dir.is_dir() else []

    destinations_file = None
    dest = raw.get("destinations", {})
    if isinstance(dest, dict) and dest.get("file"):
        if not isinstance(dest["file"], str) or "\0" in dest["file"]:
            raise SchoolMetadataError(f"[destinations].file should be a file name, got {dest['file']!r}",
                                      path=toml_path)
        candidate = (folder / dest["file"]).resolve()
        if candidate.is_file():
            destinations_file = str(candidate)
        else:
            problems.append(MissingEvidenceFileError("is named in school.toml [destinations] but is not there",
                                                     path=candidate).as_dict())
    return BundleFiles(school, tuple(plan_paths), tuple(notes_paths), destinations_file, tuple(problems),
                       plan_table.get("url"), plan_table.get("retrieved"))


def load_bundle(folder: str | Path) -> EvidenceBundle:
    """Load one school's evidence; unreadable evidence files go to ``problems``, not exceptions.

    >>> bundle = load_bundle("fixtures/schools/riverside-high")  # doctest: +SKIP
    >>> bundle.school.name, [n.label for n in bundle.notes][:1]
    ('Riverside High School', ['Y8 group'])
    """
    files = list_bundle(folder)
    problems = list(files.problems)
    documents = []
    for path in files.plan:
        try:
            documents.append(load_document(path))
        except InspectorKitError as exc:
            problems.append(exc.as_dict())
    plan = CareersPlan(tuple(documents), url=files.plan_url, retrieved=files.plan_retrieved) if documents else None
    notes = []
    for path in files.notes:
        try:
            notes.extend(split_notes(load_document(path)))
        except InspectorKitError as exc:
            problems.append(exc.as_dict())
    return EvidenceBundle(root=str(folder), school=files.school, plan=plan, notes=tuple(notes),
                          destinations_file=files.destinations_file, problems=tuple(problems))


def summary(bundle: EvidenceBundle) -> dict:
    """What an inspector checks first: who the school is, what plan was read, which groups were heard."""
    s = bundle.school
    by_year: dict[str, int] = {}
    for note in bundle.notes:
        by_year[note.label] = by_year.get(note.label, 0) + 1
    return {
        "school": {"urn": s.urn, "name": s.name, "laestab": s.laestab, "type": s.type, "phase": s.phase,
                   "ages": s.age_range, "local_authority": s.local_authority, "region": s.region,
                   "sixth_form": s.sixth_form, "fe_provider": s.fe_provider},
        "plan": [{"file": Path(d.path).name, "format": d.format, "characters": len(d.text), "words": d.words,
                  "warnings": list(d.warnings)} for d in (bundle.plan.documents if bundle.plan else ())],
        "notes": [{"file": Path(n.source.file).name, "label": n.label, "year_groups": list(n.year_groups),
                   "pupils": n.pupil_count, "words": len(n.text.split()), "line": n.source.line}
                  for n in bundle.notes],
        "destinations_file": bundle.destinations_file,
        "problems": list(bundle.problems),
    }
