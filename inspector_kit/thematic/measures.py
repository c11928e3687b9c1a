"""Each school's destination figures and destination findings, for the cross-tabulations.

The comparison is the destinations package's own (``compare_all``: the latest year with England
figures, Revised where published, bands and findings as in a school's briefing), run once per data file
over every institution in it, vectorised. Results are cached per file content and school, keyed also
on the destinations package's rule and reference files, so a warm run reads no CSV at all.

A school takes its key stage 4 figures when it has them (its pupils' destinations after year 11), else
its 16-18 figures (colleges). Suppressed and small-cohort values keep their status: the aggregates leave
them out, never read them as 0.
"""
from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from inspector_kit.errors import InspectorKitError, problem
from inspector_kit.thematic.cache import ResultCache
from inspector_kit.thematic.sources import BundleSource

MEASURE_COLUMNS = ["school", "urn", "stage", "time_period", "version", "measure", "cohort", "count", "percentage",
                   "status", "band", "england_percentage", "diff_england_pp"]


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the destinations package's data files (bands, findings, columns, reference data)."""
    digest = hashlib.sha256(b"thematic-destinations-1\0")
    # the folder, found without importing the package (pandas schemas take a second to import)
    spec = importlib.util.find_spec("inspector_kit.destinations")
    root = Path(next(iter(spec.submodule_search_locations)))

    def walk(node, prefix):
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, prefix + child.name + "/")
            elif child.name.endswith((".toml", ".csv", ".json")):
                digest.update((prefix + child.name).encode() + b"\0" + hashlib.sha256(child.read_bytes()).digest())

    walk(root, "")
    return digest.hexdigest()[:20]


def file_key(path: str | Path) -> str:
    """A hash of a destination file's bytes: its comparisons are cached under it."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()[:24]}:{rules_fingerprint()}"


def summarise_comparison(c) -> dict:
    """The figures the thematic review uses from one :class:`SchoolComparison`."""
    measures = {}
    for m in c.measures:
        measures[m.measure] = {
            "percentage": m.school.percentage, "count": m.school.count, "cohort": m.school.cohort,
            "status": m.school.status, "band": m.band,
            "england": m.england.percentage if m.england else None, "diff_pp": m.diff_england_pp,
        }
    return {"stage": c.stage, "time_period": c.time_period, "version": c.version, "cohort": c.cohort,
            "measures": measures, "findings": [f.code for f in c.findings]}


@dataclass
class DestinationData:
    """Per-school destination figures (long: one row per school and measure) and findings."""

    measures: pd.DataFrame
    findings: pd.DataFrame            # school, urn, stage, code
    problems: list[dict] = field(default_factory=list)
    files_read: int = 0


def school_measures(sources: list[BundleSource], cache: ResultCache | None = None, *,
                    data_files: list[str | Path] | None = None) -> DestinationData:
    """Destination figures for every school: from ``data_files`` when given (the CLI's ``--data``), else
    from the file each bundle names."""
    cache = ResultCache(":memory:") if cache is None else cache
    by_file: dict[str, list[int]] = {}
    for index, source in enumerate(sources):
        files = [str(Path(f).resolve()) for f in data_files] if data_files else \
            ([source.destinations_file] if source.destinations_file else [])
        for f in files:
            by_file.setdefault(f, []).append(index)
    problems: list[dict] = []
    per_school: dict[int, dict] = {}
    files_read = 0
    for path, indices in by_file.items():
        try:
            key = file_key(path)
        except OSError as exc:
            problems.append(problem("destinations.unreadable", str(exc), path))
            continue
        wanted = {f"{key}:{sources[i].school.urn}": i for i in indices}
        found = cache.destination_summaries(wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            try:
                computed = _compare_file(path)
            except InspectorKitError as exc:
                problems.append(exc.as_dict())
                continue
            files_read += 1
            rows = {f"{key}:{urn}": {"stages": stages} for urn, stages in computed.items()}
            rows.update({k: {"stages": {}} for k in wanted if k not in rows})
            cache.put_destinations(rows.items())
            found = {k: rows[k] for k in wanted}
        for k, i in wanted.items():
            stages = found[k]["stages"]
            if stages and i not in per_school:
                per_school[i] = stages["ks4"] if "ks4" in stages else next(iter(stages.values()))
    rows, frows = [], []
    for i, summary in sorted(per_school.items()):
        urn = sources[i].school.urn
        for measure, m in summary["measures"].items():
            rows.append({"school": i, "urn": urn, "stage": summary["stage"], "time_period": summary["time_period"],
                         "version": summary["version"], "measure": measure, "cohort": m["cohort"],
                         "count": m["count"], "percentage": m["percentage"], "status": m["status"],
                         "band": m["band"], "england_percentage": m["england"], "diff_england_pp": m["diff_pp"]})
        for code in summary["findings"]:
            frows.append({"school": i, "urn": urn, "stage": summary["stage"], "code": code})
    measures = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    for col in ("cohort", "count", "percentage", "england_percentage", "diff_england_pp"):
        measures[col] = pd.to_numeric(measures[col], errors="coerce")
    return DestinationData(measures, pd.DataFrame(frows, columns=["school", "urn", "stage", "code"]), problems,
                           files_read)


def _compare_file(path: str) -> dict[str, dict[str, dict]]:
    """``{urn: {stage: summary}}`` for every institution in one file."""
    from inspector_kit.destinations import compare_all, load_destinations

    table = load_destinations(path)
    out: dict[str, dict[str, dict]] = {}
    for comparison in compare_all(table):
        out.setdefault(str(comparison.urn), {})[comparison.stage] = summarise_comparison(comparison)
    return out
