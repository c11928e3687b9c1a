"""Analyse a school's evidence bundle: the plan and each focus-group note through the engine, the
destination data through the comparison, every result tied back to its file.

This is the *analyse* step of load → analyse → triangulate → brief → render. The engine (``nlp``) sees
plain text; here each result gets a :class:`SourceSpan` in the file it came from, so a quotation in a
briefing can always be found again. A plan made of several documents is analysed as one text (the
careers leader's email may be on the web page and the review date in the PDF), and offsets are mapped
back to the document each falls in.

Each signal is located once, here, as an :class:`EvidenceSpan` (its code, stance, year groups, rule and
the file, page and line of its words and of its sentence); the triangulation, the weak spots and the
dashboards read those records instead of locating quotations again.
"""
from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import nlp

from nlp.results import Analysis, Signal
from nlp.stance import Stance

from inspector_kit.errors import InspectorKitError
from inspector_kit.evidence.model import Document, EvidenceBundle, FocusGroupNote, SourceSpan
from inspector_kit.framework import criteria as all_criteria

if TYPE_CHECKING:  # the destinations package costs 1.6 s to import: only when data is compared (architecture.toml)
    from inspector_kit.destinations import SchoolComparison

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


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """One analysed span of evidence: what the engine read (code, stance, year groups, rule) and where
    it is in its file, located once when the evidence is analysed.

    ``source`` is where the signal's words are, ``sentence_source`` where its sentence is (what a
    quotation shows); ``where`` is the short label a briefing prints ("careers-plan.pdf p.2 l.14").
    """

    code: str
    stance: Stance
    year_groups: tuple[int, ...]
    rule: str
    text: str
    sentence: str
    source: SourceSpan
    sentence_source: SourceSpan
    signal: Signal

    @classmethod
    def locate(cls, signal: Signal, piece: "Piece") -> "EvidenceSpan":
        """The record of one engine signal, located in its file through the piece it was found in (done once, at
        analysis)."""
        return cls(signal.code, signal.stance, tuple(signal.year_groups), signal.rule, signal.text,
                   signal.sentence, piece.locate(signal.start, signal.end),
                   piece.locate(signal.sentence_start, signal.sentence_end), signal)

    @property
    def where(self) -> str:
        """The signal's words' place as an inspector reads it (file, page, line)."""
        return self.source.label()


@dataclass
class EvidenceAnalysis:
    """The engine's results on one piece of evidence (the whole plan, or one focus-group note), with
    each signal located in its file (``spans``, in the order of ``result.signals``)."""

    kind: str                      # "plan" | "notes"
    label: str                     # "Careers plan" or the note's heading label
    year_groups: tuple[int, ...]   # the note's year groups; () for the plan
    text: str
    result: Analysis               # the engine's results on the text
    piece: Piece
    note: FocusGroupNote | None = None
    spans: tuple[EvidenceSpan, ...] = ()

    def __post_init__(self):
        if not self.spans and self.result.signals:
            self.spans = tuple(EvidenceSpan.locate(s, self.piece) for s in self.result.signals)
        self._by_signal = {id(span.signal): span for span in self.spans}

    @property
    def signals(self):
        """The engine's signals on this piece, in text order (``spans`` holds their located records)."""
        return self.result.signals

    def located(self, signal: Signal) -> EvidenceSpan:
        """The located record of one of this analysis's signals (e.g. a finding's evidence)."""
        found = self._by_signal.get(id(signal))
        return found if found is not None else EvidenceSpan.locate(signal, self.piece)

    @property
    def findings(self):
        """The engine's findings (weak spots) on this piece."""
        return self.result.findings

    def source(self, start: int, end: int) -> SourceSpan:
        """The place in its file of a character range of the analysed text (offsets of the joined text)."""
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
    destinations: SchoolComparison | None = None
    destination_problem: dict | None = None
    problems: list[dict] = field(default_factory=list)

    @property
    def school(self):
        """The school the bundle is about (from its ``school.toml``)."""
        return self.bundle.school


def plan_text(bundle: EvidenceBundle) -> tuple[str, Piece] | None:
    """The plan's documents joined into the one text the engine reads, with where each starts; None without a
    plan."""
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
    """One parse per data file version: every school in a folder usually shares the same file, and the
    checked table is kept between runs (``destinations.kept``), so the next briefing reads it back."""
    from inspector_kit import destinations
    return destinations.load_destinations_kept(path)


@lru_cache(maxsize=1)
def gatsby_signals() -> dict[str, tuple[str, ...]]:
    """For each Gatsby Benchmark (GB1-GB8), the signal codes that show provision for it (``gatsby.toml``)."""
    data = tomllib.loads(resources.files("inspector_kit").joinpath("gatsby.toml").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.items()}


GATSBY_STATUSES = ("contradicted", "evidenced", "claimed only", "pupils only", "weak", "no evidence")


def gatsby_coverage(plan: Iterable[tuple[str, Stance]] | None, pupils: Iterable[tuple[str, Stance]] | None,
                    data_findings: Iterable = (), contradicted: Iterable[str] = ()) -> list[dict]:
    """For GB1-GB8: what the plan, the pupils and the data show, and one status (``GATSBY_STATUSES``).

    Plain inputs, so a briefing (from a :class:`BundleAnalysis`, see :func:`bundle_gatsby_coverage`) and a
    thematic review (from its stored records) judge coverage the same way: ``plan`` and ``pupils`` are
    (signal code, Stance) pairs (``None``: no plan read, no pupils heard), ``data_findings`` the
    destination findings (each with ``criteria`` and ``sentence``), ``contradicted`` the signal codes whose
    triangulation found the plan contradicted by pupils. A mention claims provision when its stance
    does (:attr:`Stance.claims_provision`: not denied, not only intended).
    """
    return gatsby_coverage_of_counts(_stance_counts(plan), _stance_counts(pupils), data_findings, contradicted)


_MentionCounts = dict[str, tuple[int, int, int]]


def _stance_counts(pairs: Iterable[tuple[str, Stance]] | None) -> _MentionCounts | None:
    """(code, Stance) pairs as, per code, (mentions, those claiming provision, those denied)."""
    if pairs is None:
        return None
    counts: dict[str, list[int]] = {}
    for code, stance in pairs:
        c = counts.setdefault(code, [0, 0, 0])
        c[0] += 1
        c[1] += stance.claims_provision
        c[2] += stance is Stance.NEGATED
    return {code: (a, b, d) for code, (a, b, d) in counts.items()}


def gatsby_coverage_of_counts(plan: _MentionCounts | None, pupils: _MentionCounts | None,
                              data_findings: Iterable = (), contradicted: Iterable[str] = ()) -> list[dict]:
    """:func:`gatsby_coverage` from mentions already counted per signal code (mentions, those claiming
    provision, those denied): a thematic review stores counts, and judging 4,000 schools from counts
    spares building half a million (code, stance) pairs to count them again. ``None``: not read / heard."""
    crit = all_criteria()
    heard = pupils is not None
    plan, pupils = plan or {}, pupils or {}
    data_findings = list(data_findings)
    contradicted = set(contradicted)
    rows = []
    for gb, codes in gatsby_signals().items():
        wanted = set(codes)
        mentioned = plan_affirmed = pupil_affirmed = pupil_denied = 0
        for code in wanted:
            if code in plan:
                mentioned += plan[code][0]
                plan_affirmed += plan[code][1]
            if code in pupils:
                pupil_affirmed += pupils[code][1]
                pupil_denied += pupils[code][2]
        data = [f for f in data_findings if gb in getattr(f, "criteria", ())]
        if contradicted & wanted:
            status = "contradicted"
        elif plan_affirmed and (pupil_affirmed or not heard) and not data:
            status = "evidenced" if pupil_affirmed else "claimed only"
        elif plan_affirmed:
            status = "claimed only"
        elif pupil_affirmed:
            status = "pupils only"
        elif pupil_denied or data:
            status = "weak"
        else:
            status = "no evidence"
        rows.append({
            "benchmark": gb, "title": crit[gb].title,
            "plan": f"{plan_affirmed} delivered, {mentioned - plan_affirmed} planned or negated",
            "pupils": f"{pupil_affirmed} affirm, {pupil_denied} deny" if heard else "not heard",
            "data": "; ".join(f.sentence for f in data) if data else "nothing flagged",
            "status": status,
        })
    return rows


def bundle_gatsby_coverage(bundle_analysis: "BundleAnalysis", contradicted: Iterable[str] = ()) -> list[dict]:
    """:func:`gatsby_coverage` of one analysed school (``contradicted``: from its triangulation)."""
    plan = [(s.code, s.stance) for s in bundle_analysis.plan.spans] if bundle_analysis.plan else None
    pupils = [(s.code, s.stance) for n in bundle_analysis.notes for s in n.spans] if bundle_analysis.notes else None
    data = getattr(bundle_analysis.destinations, "findings", []) or []
    return gatsby_coverage(plan, pupils, data, contradicted)


def content_hash(text: str) -> str:
    """A short fingerprint of a text, so that cached analyses are reused only for the same words."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
