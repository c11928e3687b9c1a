"""Analyse a school's evidence bundle: the plan and each focus-group note through the engine, the
destination data through the comparison, every result tied back to its file.

This is the *analyse* step of load → analyse → triangulate → brief → render. The engine (``nlp``) sees
plain text; here each result gets a :class:`SourceSpan` in the file it came from, so a quotation in a
briefing can always be found again. A plan made of several documents is analysed as one text (the
careers leader's email may be on the web page and the review date in the PDF), and offsets are mapped
back to the document each falls in.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nlp

from inspector_kit.errors import InspectorKitError
from inspector_kit.evidence.model import Document, EvidenceBundle, FocusGroupNote, SourceSpan

PLAN_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Piece:
    """Where one analysed text sits: each document's start offset in the joined text."""

    documents: tuple[Document, ...]
    starts: tuple[int, ...]   # start of each document in the analysed text
    base: int = 0             # offset of the analysed text inside a single document (notes sections)

    def locate(self, start: int, end: int) -> SourceSpan:
        """The SourceSpan in its own file of ``text[start:end]`` of the analysed text."""
        index = 0
        for i, s in enumerate(self.starts):
            if s <= start:
                index = i
        doc = self.documents[index]
        offset = self.starts[index] - self.base
        return doc.span(start - offset, end - offset)


@dataclass
class EvidenceAnalysis:
    """The engine's results on one piece of evidence (the whole plan, or one focus-group note)."""

    kind: str                      # "plan" | "notes"
    label: str                     # "Careers plan" or the note's heading label
    year_groups: tuple[int, ...]   # the note's year groups; () for the plan
    text: str
    result: object                 # nlp.Analysis
    piece: Piece
    note: FocusGroupNote | None = None

    @property
    def signals(self):
        return self.result.signals

    @property
    def findings(self):
        return self.result.findings

    def source(self, start: int, end: int) -> SourceSpan:
        return self.piece.locate(start, end)

    def finding_id(self, finding) -> str:
        """A stable id for a finding: school evidence, where, which code; unchanged across runs."""
        where = "plan" if self.kind == "plan" else f"{Path(self.note.source.file).name}@{self.note.source.start}"
        return f"{self.kind}:{where}:{finding.code}"


@dataclass
class BundleAnalysis:
    """Everything the briefing needs about one school, analysed."""

    bundle: EvidenceBundle
    plan: EvidenceAnalysis | None
    notes: list[EvidenceAnalysis]
    destinations: object | None = None            # inspector_kit.destinations SchoolComparison
    destination_problem: dict | None = None
    problems: list[dict] = field(default_factory=list)

    @property
    def school(self):
        return self.bundle.school


def plan_text(bundle: EvidenceBundle) -> tuple[str, Piece] | None:
    if not bundle.plan:
        return None
    starts, parts, offset = [], [], 0
    for doc in bundle.plan.documents:
        starts.append(offset)
        parts.append(doc.text)
        offset += len(doc.text) + len(PLAN_SEPARATOR)
    return PLAN_SEPARATOR.join(parts), Piece(bundle.plan.documents, tuple(starts))


def analyse_bundle(bundle: EvidenceBundle, data_file: str | None = None, *, destinations=True) -> BundleAnalysis:
    """Run the engine on the plan and on every note, and compare destinations when data is available."""
    phase = bundle.school.age_range
    plan = None
    joined = plan_text(bundle)
    if joined:
        text, piece = joined
        plan = EvidenceAnalysis("plan", "Careers plan", (), text, nlp.analyse(text, kind="plan", phase=phase), piece)
    notes = []
    for note in bundle.notes:
        piece = Piece((note.document,), (0,), base=note.source.start)
        result = nlp.analyse(note.text, kind="notes", phase=phase, year_groups=note.year_groups)
        notes.append(EvidenceAnalysis("notes", note.label, note.year_groups, note.text, result, piece, note))
    analysis = BundleAnalysis(bundle, plan, notes, problems=list(bundle.problems))
    if destinations:
        compare_destinations(analysis, data_file or bundle.destinations_file)
    return analysis


def compare_destinations(analysis: BundleAnalysis, data_file: str | None) -> None:
    """Fill in (or refresh) the destination comparison of an analysed bundle; problems go to destination_problem."""
    if not data_file:
        analysis.destination_problem = {"code": "destinations.no_file", "path": None,
                                        "message": "no destination data file named for this school"}
        return
    try:
        from inspector_kit import destinations
        stat = Path(data_file).stat()
        table = _destination_table(str(data_file), stat.st_mtime_ns, stat.st_size)
        analysis.destinations = destinations.compare_school(table, analysis.school.urn)
    except OSError as exc:
        analysis.destination_problem = {"code": "destinations.no_file", "path": str(data_file),
                                        "message": f"cannot read the destination data file ({exc.strerror})"}
    except InspectorKitError as exc:
        analysis.destination_problem = exc.as_dict()


@lru_cache(maxsize=8)
def _destination_table(path: str, mtime_ns: int, size: int):
    """One parse per data file version: every school in a folder usually shares the same file."""
    from inspector_kit import destinations
    return destinations.load_destinations(path)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
