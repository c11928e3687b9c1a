"""The schools on an inspector's desk: each bundle loaded, analysed and briefed once, then kept.

The dashboards never read files themselves: they ask :class:`Cases`, which goes through the loaders
(``inspector_kit.evidence``), the analysis, the briefing builder and the review store. Results are kept
per school so that switching back and forth is instant; a note pasted by the team, or a reviewer's
decision, refreshes only what depends on it. A school is read in two stages: the text (plan and notes
through the engine) and then the destination data (whose tables and libraries take seconds to load the
first time), so the dashboards can show the one while the other is still on its way. Every problem (unreadable file, missing data, a pasted note
without a year group) comes back as a record with file and reason for the error panel, never as a
traceback, and the rest of the school's evidence is still shown.

>>> cases = Cases(DashboardSettings.from_environment())        # doctest: +SKIP
>>> case = cases.case("101934")                                # doctest: +SKIP
>>> [f.code for a in case.pieces for f in a.findings][:2]      # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import logging
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_kit.errors import (InspectorKitError, NotesStructureError, ReviewStoreError, UnsupportedFormatError,
                                  problem)
from inspector_kit.evidence import load_bundle, load_document, split_notes
from inspector_kit.evidence.model import Document, EvidenceBundle
from inspector_kit.review_store import Decision, ReviewStore
from inspector_kit.ui.schools import SchoolEntry, SchoolIndex
from inspector_kit.ui.settings import DashboardSettings

if TYPE_CHECKING:  # the analysis module is imported when a school is first analysed (see architecture.toml)
    from inspector_kit.analysis import BundleAnalysis

log = logging.getLogger("inspector_kit.ui")

PASTED_NOTE_FILE = "pasted-note-{id}.txt"  # how a pasted note is named in sources and finding ids
UPLOAD_SUFFIXES = (".txt", ".md", ".docx")


def unexpected(exc: BaseException, doing: str, path: str | None = None) -> dict:
    """A bug caught at the dashboard's edge: shown as one line (the traceback goes to the server log)."""
    log.exception("unexpected error while %s", doing)
    return problem("dashboard.unexpected", f"unexpected error while {doing}: {type(exc).__name__}: {exc}", path)


@dataclass
class CaseFile:
    """One school's evidence as analysed: the bundle, the analysis and the problems met on the way."""

    entry: SchoolEntry
    bundle: EvidenceBundle | None = None      # with pasted notes added
    analysis: BundleAnalysis | None = None
    problems: list[dict] = field(default_factory=list)
    version: int = 0             # bumps when pasted notes change
    destinations_done: bool = False  # the destination data has been compared (or found missing)

    @property
    def urn(self) -> str:
        """The school's URN."""
        return self.entry.urn

    @property
    def pieces(self) -> list:
        """The analysed plan (if any) then each note, in reading order."""
        if self.analysis is None:
            return []
        return ([self.analysis.plan] if self.analysis.plan else []) + list(self.analysis.notes)

    def signal_words(self, quote: dict) -> str:
        """The words a quotation's signal fired on (e.g. "T levels" in a sentence), for highlighting.

        Quotations name their signal's code and rule; the signal is found among the analysed pieces by
        code, rule and sentence. Empty when the quotation names no signal or was not found (e.g. the
        sentence was redacted), and the quotation is then shown whole, with its tag.
        """
        code, rule, text = quote.get("signal"), quote.get("rule"), (quote.get("text") or "").strip()
        if not code or not text:
            return ""
        for piece in self.pieces:
            for s in piece.signals:
                if s.code == code and (not rule or s.rule == rule) and (s.sentence or "").strip() == text:
                    return s.text
        return ""


class Cases:
    """Loads, analyses and briefs schools from one bundles folder; thread-safe, results cached per school.

    ``destinations=False`` skips the destination comparison (the focus-group dashboard does not show
    it, and it saves loading the data tables).
    """

    def __init__(self, settings: DashboardSettings, *, destinations: bool = True):
        self.settings = settings
        self.destinations = destinations
        self.index = SchoolIndex.from_folder(settings.bundles)
        self.problems: list[dict] = list(self.index.problems)
        self.store: ReviewStore | None = None
        try:
            self.store = ReviewStore(settings.review_db)
        except InspectorKitError as exc:
            self.problems.append(exc.as_dict())
        except OSError as exc:  # e.g. its folder cannot be created
            self.problems.append(problem("review_store.error", f"cannot open the review database ({exc.strerror or exc}); "
                                         "decisions and pasted notes cannot be saved", str(settings.review_db)))
        self._cases: dict[str, CaseFile] = {}
        self._briefings: dict[str, tuple[tuple, object]] = {}
        #: the framework whose evaluation areas group briefings (None: the default, the renewed one)
        self.framework: str | None = None
        # Locks: one per school (no school is loaded twice at once); the engine and the destination
        # data each serve one school at a time, but one school's text can be analysed while another's
        # data is still being compared (the first comparison pays seconds of imports).
        self._lock = threading.Lock()
        self._school_locks: dict[str, threading.RLock] = {}
        self._engine = threading.Lock()
        self._data = threading.RLock()

    def _school_lock(self, urn: str) -> threading.RLock:
        with self._lock:
            return self._school_locks.setdefault(urn, threading.RLock())

    # --- reading -------------------------------------------------------------------------------

    def case(self, urn: str) -> CaseFile:
        """The school's analysed evidence (cached). Unknown URN: an empty case with a problem."""
        with self._school_lock(urn):
            if urn not in self._cases:
                with self._engine:
                    self._cases[urn] = self._load(urn)
            return self._cases[urn]

    def cached(self, urn: str) -> bool:
        """Whether a school's case is already in memory (then switching to it costs no analysis)."""
        return urn in self._cases

    def _load(self, urn: str, version: int = 0) -> CaseFile:
        entry = self.index.get(urn)
        if entry is None:
            return CaseFile(SchoolEntry(urn, f"URN {urn}", Path(".")),
                            problems=[problem("dashboard.unknown_urn", f"no bundle for URN {urn} in "
                                              f"{self.settings.bundles}", str(self.settings.bundles))])
        case = CaseFile(entry, version=version, destinations_done=not self.destinations)
        try:
            from inspector_kit.analysis import analyse_bundle

            bundle = load_bundle(entry.folder)
            pasted, pasted_problems = self._pasted_notes(urn)
            if pasted:
                bundle = dataclasses.replace(bundle, notes=tuple(bundle.notes) + tuple(pasted))
            case.bundle = bundle
            case.problems += list(bundle.problems) + pasted_problems
            case.analysis = analyse_bundle(bundle, destinations=False)
        except InspectorKitError as exc:
            case.problems.append(exc.as_dict())
        except Exception as exc:  # the dashboard must stay up; the server log has the traceback
            case.problems.append(unexpected(exc, f"analysing {entry.name}", str(entry.folder)))
        return case

    def complete(self, urn: str) -> CaseFile:
        """The school's case with its destination data compared too (the second, slower stage)."""
        with self._school_lock(urn):
            case = self.case(urn)
            if case.destinations_done or case.analysis is None:
                return case
            with self._data:
                try:
                    # the analysis step's own comparison (same file choice, same problem records)
                    from inspector_kit.analysis import compare_destinations

                    compare_destinations(case.analysis, case.bundle.destinations_file)
                    if case.analysis.destination_problem:
                        case.problems.append(case.analysis.destination_problem)
                except Exception as exc:
                    case.problems.append(unexpected(exc, f"comparing destinations for {case.entry.name}"))
            case.destinations_done = True
            return case

    def _pasted_notes(self, urn: str) -> tuple[list, list[dict]]:
        """Notes the team pasted or uploaded, read back from the review database as focus-group notes."""
        if self.store is None:
            return [], []
        notes, problems = [], []
        try:
            stored = self.store.notes(urn)
        except InspectorKitError as exc:
            return [], [exc.as_dict()]
        for row in stored:
            try:
                notes += note_from_text(row["label"], row["text"], PASTED_NOTE_FILE.format(id=row["id"]))
            except InspectorKitError as exc:
                problems.append(exc.as_dict())
        return notes, problems

    def briefing(self, urn: str):
        """The briefing with the reviewers' current decisions, from the stages done so far; rebuilt only
        when the decisions, the notes or the stage change. Exports call :meth:`complete` first."""
        with self._school_lock(urn):
            case = self.case(urn)
            if case.analysis is None:
                return None
            decisions = self.decisions(urn)
            key = (case.version, case.destinations_done, tuple(sorted((k, d.id) for k, d in decisions.items())),
                   self.framework)
            cached = self._briefings.get(urn)
            if cached and cached[0] == key:
                return cached[1]
            from inspector_kit.briefing.build import build_briefing

            if case.analysis.destinations is not None:
                with self._data:  # charts are drawn from the comparison
                    briefing = build_briefing(case.analysis, decisions=decisions, framework=self.framework)
            else:
                briefing = build_briefing(case.analysis, decisions=decisions, framework=self.framework)
            self._briefings[urn] = (key, briefing)
            return briefing

    def decisions(self, urn: str) -> dict[str, Decision]:
        """The reviewers' current decisions for a school (none without a review store)."""
        if self.store is None:
            return {}
        return self.store.current(urn)

    def review_state(self, urn: str) -> dict:
        """What the review database holds for a school (pasted notes, current decisions): part of the
        key of its cached first view."""
        if self.store is None:
            return {"store": None}
        try:
            return {"notes": self.store.notes(urn),
                    "decisions": {k: dataclasses.astuple(d) for k, d in self.store.current(urn).items()}}
        except InspectorKitError as exc:
            return {"store": exc.as_dict()}

    # --- writing -------------------------------------------------------------------------------

    def decide(self, urn: str, finding_id: str, decision: str, *, reason: str, reviewer: str) -> Decision:
        """Record a reviewer's decision (one transaction); raises ReviewStoreError if it cannot be stored."""
        if self.store is None:
            raise ReviewStoreError("the review database could not be opened", path=str(self.settings.review_db))
        return self.store.record(urn, finding_id, decision, reason=reason, reviewer=reviewer)

    def add_note(self, urn: str, label: str, text: str, author: str) -> CaseFile:
        """Keep a pasted note in the review database (never in the bundle) and re-analyse the school.

        The note must name its year groups (in ``label`` or in headings in ``text``): raises
        NotesStructureError before storing anything otherwise.
        """
        note_from_text(label, text, PASTED_NOTE_FILE.format(id="new"))  # refuse before storing
        if self.store is None:
            raise ReviewStoreError("the review database could not be opened", path=str(self.settings.review_db))
        self.store.add_note(urn, label.strip(), text.strip(), author.strip())
        with self._school_lock(urn):
            old = self._cases.pop(urn, None)
            with self._engine:
                self._cases[urn] = self._load(urn, version=(old.version + 1) if old else 1)
            if old is not None and old.destinations_done and self.destinations:
                self.complete(urn)
            return self._cases[urn]

    # --- exporting -----------------------------------------------------------------------------

    def export(self, urn: str, fmt: str) -> tuple[str, bytes]:
        """The briefing as a file to download: (file name, bytes); pupils' names redacted, decisions in."""
        from inspector_kit.briefing import render

        if fmt not in ("docx", "html"):
            raise ValueError(f"unknown export format {fmt!r}")
        self.complete(urn)
        briefing = self.briefing(urn)
        if briefing is None:
            raise InspectorKitError("nothing to export: the school's evidence could not be analysed")
        data = render(briefing, fmt)
        name = f"briefing-{urn}-{_slug(briefing.school.name)}.{fmt}"
        return name, data.encode("utf-8") if isinstance(data, str) else data

    def prefetch(self, urns: list[str] | None = None, stop: threading.Event | None = None) -> None:
        """Analyse (and brief) schools ahead of need, so switching to them is instant; for a background thread."""
        for urn in urns if urns is not None else [s.urn for s in self.index.schools]:
            if stop is not None and stop.is_set():
                return
            try:
                self.complete(urn)
                if self.destinations:
                    self.briefing(urn)
            except Exception as exc:
                unexpected(exc, f"preparing URN {urn}")


def note_from_text(label: str, text: str, file_name: str) -> list:
    """Focus-group notes from pasted text: ``label`` heads the text (e.g. "Y9 group, 5 pupils").

    Uses the same splitter as notes files, so headings inside the text start new notes; raises
    NotesStructureError when no year group can be read from the label or the text.
    """
    body = text.strip()
    if not body:
        raise NotesStructureError("the note is empty", path=file_name)
    full = f"{label.strip()}\n{body}\n" if label.strip() else body + "\n"
    return split_notes(Document(path=file_name, format="txt", text=full))


def read_upload(name: str, content: bytes) -> str:
    """The text of an uploaded notes file, read by the same loader (and checks) as bundle files."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UnsupportedFormatError(f"notes can be uploaded as {', '.join(UPLOAD_SUFFIXES)}", path=name)

    with tempfile.TemporaryDirectory(prefix="inspector-kit-upload-") as tmp:
        path = Path(tmp) / ("upload" + suffix)
        path.write_bytes(content)
        try:
            return load_document(path).text
        except InspectorKitError as exc:
            raise type(exc)(exc.message, path=name) from exc


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
