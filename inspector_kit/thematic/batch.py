"""Analyse every school's evidence once: hash, look up, analyse only what the cache lacks.

The unit of work and of caching is a *piece of evidence*: a school's plan (all its files, analysed as one
text, as :func:`inspector_kit.analysis.analyse_bundle` does) or one notes file (split into one note per
year-group heading). A unit's key hashes its files' bytes and names, its kind and the school's age range:
everything the engine sees. So a warm run reads ``school.toml`` files and hashes bytes, and parses no PDF.

Parallelism: with ``workers > 1`` bundles are analysed in chunks by a pool of processes, one per core
by default (:mod:`inspector_kit.workers`: a fork server, each worker building the pipeline once), each
loading its bundles' documents and running the engine over them in one batch (``nlp.pipe`` inside);
what travels back is a compressed result and a small summary per piece of evidence, and the chunks'
results are stored in input order, so a run's cache and report do not depend on ``workers``. This is
not spaCy's ``n_process``, which ships Doc objects between processes and was measured 10 times slower
for these pipelines. Measured by ``benchmarks/bench_thematic.py`` on 200 synthetic schools, cold, best of
three: one process 4.2 s, a pool of two 2.5 s (1.7x) on a quiet 2-core machine. Loading PDFs, Word files
and web pages is as parallel as the engine, which is why the pool pays. A bundle whose worker crashes
is reported as a problem of that school (not cached, so it is tried again next run); the rest go on.
"""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from nlp.chunking import count_words
from nlp.signals.awards import CODE, award_claims, current_awards
from nlp.stance import Stance

import inspector_kit
from inspector_kit.analysis import PLAN_SEPARATOR, Piece
from inspector_kit.errors import InspectorKitError
from inspector_kit.evidence import load_document, split_notes
from inspector_kit.progress import progress_bar
from inspector_kit.thematic import engine
from inspector_kit.thematic.cache import ResultCache, pack
from inspector_kit.thematic.sources import BundleSource, SourceList
from inspector_kit.thematic.stamps import Stamps, stamp_of
from inspector_kit.weak_spots import finding_status  # noqa: F401  (thematic reads it from here too)
from inspector_kit.workers import default_jobs, map_in_order

#: Bump when the layout of a stored result changes: old rows then stop matching.
RESULT_FORMAT = "thematic-result-1"


@dataclass(frozen=True)
class Unit:
    """One piece of evidence of one school: its plan, or one notes file."""

    school: int              # index into the run's sources
    kind: str                # "plan" | "notes"
    files: tuple[str, ...]   # relative to the school's root
    key: str
    size: int                # bytes, for scheduling and progress


def file_hash(path: Path, stamps: Stamps | None = None) -> tuple[str, int]:
    """sha256 of a file's bytes and its size; remembered by stamp, so an unchanged file is not re-read.
    An unreadable file hashes as its error (so it is retried when it changes)."""
    stamp = stamp_of(path) if stamps is not None else None
    key = f"sha:{os.path.abspath(path)}"
    held = stamps.get(key, stamp) if stamps is not None else None
    if held is not None:
        return held[0], held[1]
    try:
        data = path.read_bytes()
    except OSError as exc:
        data = f"unreadable: {exc.__class__.__name__}".encode()
        stamp = None
    value = (hashlib.sha256(data).hexdigest(), len(data))
    if stamps is not None:
        stamps.put(key, stamp, list(value))
    return value


def unit_key(source: BundleSource, kind: str, files: tuple[str, ...], stamps: Stamps | None = None
             ) -> tuple[str, int]:
    """The content key of a unit (its files' bytes and names, its kind, the school's age range) and size."""
    digest = hashlib.sha256(f"{RESULT_FORMAT}\0{inspector_kit.__version__}\0{kind}\0"
                            f"{source.school.age_range}\0".encode())
    size = 0
    for rel in files:
        sha, n = file_hash(source.path(rel), stamps)
        size += n
        digest.update(rel.encode("utf-8") + b"\0" + sha.encode("ascii"))
    return digest.hexdigest()[:32], size


def units_of(index: int, source: BundleSource, stamps: Stamps | None = None) -> list[Unit]:
    """A school's units of analysis: its plan files together, and its notes files, each with a cache key."""
    units = []
    if source.plan_files:
        key, size = unit_key(source, "plan", source.plan_files, stamps)
        units.append(Unit(index, "plan", source.plan_files, key, size))
    for rel in source.notes_files:
        key, size = unit_key(source, "notes", (rel,), stamps)
        units.append(Unit(index, "notes", (rel,), key, size))
    return units


# --- analysing a chunk (runs in a worker process, or in this one) ------------------------------

@dataclass
class _Prepared:
    unit: Unit
    problems: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    pieces: list[dict] = field(default_factory=list)     # metadata of each analysed text
    places: list[tuple[Piece, dict]] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)


def _problem(exc: InspectorKitError, source: BundleSource) -> dict:
    record = exc.as_dict()
    if record.get("path"):
        try:
            record["path"] = str(Path(record["path"]).resolve().relative_to(source.root.resolve()))
        except ValueError:
            pass
    return record


def _prepare(source: BundleSource, unit: Unit) -> _Prepared:
    prepared = _Prepared(unit)
    phase = source.school.age_range
    docs = []
    for rel in unit.files:
        try:
            doc = load_document(source.path(rel))
        except InspectorKitError as exc:
            prepared.problems.append(_problem(exc, source))
            continue
        docs.append(doc)
        prepared.documents.append({"file": rel, "format": doc.format, "words": doc.words,
                                   "warnings": list(doc.warnings)})
    relname = {doc.path: rel for doc, rel in zip(docs, [d["file"] for d in prepared.documents])}
    if not docs:
        return prepared
    if unit.kind == "plan":
        starts, offset = [], 0
        for doc in docs:
            starts.append(offset)
            offset += len(doc.text) + len(PLAN_SEPARATOR)
        text = PLAN_SEPARATOR.join(doc.text for doc in docs)
        prepared.pieces.append({"label": "Careers plan", "year_groups": [], "pupils": None, "pupil_names": [],
                                "file": relname[docs[0].path], "line": 1, "words": count_words(text)})
        prepared.places.append((Piece(tuple(docs), tuple(starts)), relname))
        prepared.items.append((text, "plan", phase, ()))
        return prepared
    doc = docs[0]
    try:
        notes = split_notes(doc)
    except InspectorKitError as exc:
        prepared.problems.append(_problem(exc, source))
        return prepared
    for note in notes:
        prepared.pieces.append({"label": note.label, "year_groups": list(note.year_groups),
                                "pupils": note.pupil_count, "pupil_names": list(note.pupil_names),
                                "file": relname[doc.path], "line": note.source.line,
                                "words": count_words(note.text)})
        prepared.places.append((Piece((doc,), (0,), base=note.source.start), relname))
        prepared.items.append((note.text, "notes", phase, tuple(note.year_groups)))
    return prepared


def _locate(obj, piece: Piece, relname: dict):
    """Attach a ``source`` (file relative to the bundle, offsets in that file) to everything with offsets."""
    if isinstance(obj, list):
        return [_locate(o, piece, relname) if isinstance(o, (list, dict)) else o for o in obj]
    if not isinstance(obj, dict):
        return obj
    # plain values are copied as they are, not passed through a call each (half a million per 150 schools)
    out = {k: _locate(v, piece, relname) if isinstance(v, (list, dict)) else v for k, v in obj.items()}
    for start, end, name in (("start", "end", "source"), ("sentence_start", "sentence_end", "sentence_source")):
        if isinstance(obj.get(start), int) and isinstance(obj.get(end), int) and name not in obj:
            span = piece.locate(obj[start], obj[end])
            out[name] = {"file": relname.get(span.file, Path(span.file).name), "start": span.start,
                         "end": span.end, "line": span.line, "page": span.page}
    return out


def signal_state(signal: dict) -> str:
    """``affirmed`` for delivered provision; ``weak`` for a mention that is negated, planned, uncertain or
    limited (only on request, by referral, for some pupils)."""
    return "affirmed" if Stance.of_record(signal) is Stance.AFFIRMED else "weak"


def summarise_piece(piece: dict) -> dict:
    """What the aggregates need from one analysed text: finding codes and signal states, no quotations."""
    signals: dict[str, list[int]] = {}
    for sig in piece["signals"]:
        counts = signals.setdefault(sig["code"], [0, 0])
        counts[0 if signal_state(sig) == "affirmed" else 1] += 1
    findings: dict[str, str] = {}
    for f in piece["findings"]:
        status = finding_status(f)
        if findings.get(f["code"]) != "weak":
            findings[f["code"]] = status
    return {k: piece[k] for k in ("label", "year_groups", "pupils", "words", "file", "line")} | \
        {"findings": findings, "signals": signals, "awards": piece_awards(piece["signals"])}


def piece_awards(signals: list[dict]) -> list[dict]:
    """The quality awards a text names (award, status, year), for cross-tabs of award status."""
    mentions = [SimpleNamespace(**{k: s.get(k) for k in ("code", "rule", "text", "sentence", "start", "end",
                                                        "sentence_start", "sentence_end", "negated",
                                                        "hypothetical")})
                for s in signals if s.get("code") == CODE]
    return [{"award": c.award, "status": c.status, "year": c.year}
            for c in current_awards(award_claims(mentions))] if mentions else []


def analyse_chunk(tasks: list[tuple[BundleSource, list[Unit]]]) -> list[dict]:
    """Analyse the units of a few bundles in one engine batch; returns one plain record per unit."""
    prepared = [_prepare(source, unit) for source, units in tasks for unit in units]
    sources = {unit.school: source for source, units in tasks for unit in units}
    items = [item for p in prepared for item in p.items]
    results = iter(engine.analyse_many(items) if items else [])
    out = []
    for p in prepared:
        pieces = []
        for meta, (piece, relname) in zip(p.pieces, p.places):
            analysed = next(results)
            pieces.append(meta | {"signals": _locate(analysed.get("signals", []), piece, relname),
                                  "findings": _locate(analysed.get("findings", []), piece, relname)})
        full = {"kind": p.unit.kind, "files": list(p.unit.files), "documents": p.documents,
                "problems": p.problems, "pieces": pieces}
        summary = {"kind": p.unit.kind, "files": list(p.unit.files), "problems": p.problems,
                   "pieces": [summarise_piece(pc) for pc in pieces]}
        words = sum(pc["words"] for pc in pieces)
        # packed here, so a worker process does the JSON and compression and sends back bytes
        out.append({"key": p.unit.key, "kind": p.unit.kind, "school": p.unit.school, "words": words,
                    "documents": len(p.unit.files), "label": sources[p.unit.school].label,
                    "files": list(p.unit.files), "summary": summary, "packed": pack(summary, full)})
    return out


def analyse_bundles(tasks: list[tuple[BundleSource, list[Unit]]]) -> list[list[dict]]:
    """:func:`analyse_chunk`, its records grouped by bundle: one list per task, as
    :func:`inspector_kit.workers.map_in_order` wants one result per item."""
    records = iter(analyse_chunk(tasks))
    return [[next(records) for _ in units] for _, units in tasks]


def _failed_units(units: list[Unit], error: InspectorKitError) -> list[dict]:
    """Records for a bundle that could not be analysed at all (its worker crashed): each unit carries the
    error as a problem, with no pieces, and is not cached."""
    return [{"key": u.key, "kind": u.kind, "school": u.school, "words": 0, "documents": len(u.files),
             "files": list(u.files), "failed": True,
             "summary": {"kind": u.kind, "files": list(u.files), "problems": [error.as_dict()], "pieces": []}}
            for u in units]


# --- the run -----------------------------------------------------------------------------------

@dataclass
class RunReport:
    """What a run did: how much came from the cache, what was analysed, how fast."""

    schools: int = 0
    units: int = 0
    cached_units: int = 0
    analysed: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (bundle, kind, files)
    documents_analysed: int = 0
    words_analysed: int = 0
    seconds: float = 0.0
    workers: int = 1
    rules: dict[str, str] = field(default_factory=dict)

    @property
    def words_per_second(self) -> float:
        """Analysis speed of the run (0 when nothing was analysed)."""
        return self.words_analysed / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        """JSON-ready, for the review's run report."""
        return {"schools": self.schools, "units": self.units, "cached_units": self.cached_units,
                "analysed_units": len(self.analysed), "documents_analysed": self.documents_analysed,
                "words_analysed": self.words_analysed, "seconds": round(self.seconds, 3),
                "words_per_second": round(self.words_per_second), "workers": self.workers, "rules": self.rules}


@dataclass
class CorpusAnalysis:
    """Every school's units and their summaries; full results stay in the cache until asked for."""

    sources: list[BundleSource]
    units: list[list[Unit]]
    summaries: dict[str, dict]
    cache: ResultCache
    rules: dict[str, str]
    report: RunReport
    unreadable: list[dict] = field(default_factory=list)
    alongside: Future | None = None   # of ``analyse_corpus(alongside=...)``, when it ran beside the pool

    def full_result(self, key: str) -> dict | None:
        """A unit's whole stored result (quotations and all) for drill-down; summaries alone are kept in memory."""
        return self.cache.result(key, self.rules)


def default_workers() -> int:
    """Worker processes when none is asked for: one per core (see the module docstring)."""
    return default_jobs()


def _chunks(tasks: list[tuple[BundleSource, list[Unit]]], target_bytes: int, max_bundles: int):
    chunk, size = [], 0
    for task in tasks:
        chunk.append(task)
        size += sum(u.size for u in task[1])
        if size >= target_bytes or len(chunk) >= max_bundles:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def analyse_corpus(found: SourceList, cache: ResultCache | None = None, *, workers: int | None = None,
                   progress: bool = True, chunk_bundles: int = 24, stamps: Stamps | None = None,
                   alongside=None) -> CorpusAnalysis:
    """Analyse what the cache does not hold, store it, and return every school's summaries.

    ``workers``: processes for the analysis (1 = this process only; default :func:`default_workers`).
    ``progress``: show a progress bar (documents, words per second, time left) on stderr.
    ``stamps``: remembered file hashes (see :mod:`.stamps`); by default those in ``cache``.
    ``alongside``: a function to run in a thread of this process while worker processes analyse (this
    process is then mostly waiting); its Future is ``.alongside`` of the result. Not run when there is no
    pool to wait for: in-process work and a warm run would only share the interpreter with it.
    """
    started = time.perf_counter()
    cache = ResultCache(":memory:") if cache is None else cache
    workers = default_workers() if workers is None else max(1, int(workers))
    rules = dict(engine.current_fingerprints())
    sources = list(found.sources)
    if stamps is None:
        stamps = Stamps(cache)
    units = [units_of(i, s, stamps) for i, s in enumerate(sources)]
    stamps.flush()
    every = [u for us in units for u in us]
    summaries = dict(cache.summaries([u.key for u in every], rules))
    todo: dict[int, list[Unit]] = {}
    seen_keys: set[str] = set()
    for u in every:
        if u.key not in summaries and u.key not in seen_keys:
            seen_keys.add(u.key)  # identical evidence in two bundles is analysed once
            todo.setdefault(u.school, []).append(u)
    report = RunReport(schools=len(sources), units=len(every),
                       cached_units=sum(1 for u in every if u.key in summaries), workers=workers, rules=rules)
    tasks = [(sources[i], us) for i, us in todo.items()]
    total_docs = sum(len(u.files) for _, us in tasks for u in us)
    if tasks:
        bar = progress_bar(total_docs, "Analysing evidence", unit="doc", quiet=not progress)
        chunks = _chunks(tasks, target_bytes=400_000, max_bundles=chunk_bundles)
        t0 = time.perf_counter()

        def collect(records: list[dict]) -> None:
            cache.put_packed([(r["key"], rules[r["kind"]], r["kind"], r["words"], *r["packed"])
                              for r in records if not r.get("failed")])
            for r in records:
                summaries[r["key"]] = r["summary"]
                report.analysed.append((sources[r["school"]].label, r["kind"], tuple(r["files"])))
                report.documents_analysed += r["documents"]
                report.words_analysed += r["words"]
            bar.update(sum(r["documents"] for r in records))
            elapsed = time.perf_counter() - t0
            bar.set_postfix_str(f"{report.words_analysed / elapsed:,.0f} words/s" if elapsed else "")

        side = future = None
        if alongside is not None and workers > 1 and len(tasks) > chunk_bundles:
            side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inspector-kit-alongside")
            future = side.submit(alongside)
        try:
            for chunk, results in map_in_order(analyse_bundles, chunks, workers,
                                               describe=lambda task: task[0].label):
                for (_, bundle_units), result in zip(chunk, results):
                    collect(_failed_units(bundle_units, result) if isinstance(result, InspectorKitError) else result)
        finally:
            bar.close()
            if side is not None:
                side.shutdown(wait=False)
    else:
        future = None
    report.seconds = time.perf_counter() - started
    return CorpusAnalysis(sources, units, summaries, cache, rules, report, list(found.unreadable), future)
