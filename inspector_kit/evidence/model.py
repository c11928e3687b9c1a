"""The evidence an inspector receives about one school, as typed records.

Every quotation the product shows carries a :class:`SourceSpan`, so any claim in a briefing can be
checked against the file it came from. Offsets are character offsets into the *document text*: the
decoded file for ``.txt``/``.md``, and the extracted text for HTML, PDF and DOCX (what
``inspector-kit bundle text FILE`` prints). ``line`` is 1-based in that text; ``page`` is the PDF page.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from nlp.chunking import count_words
from pathlib import Path

YEAR_GROUPS = tuple(range(7, 14))  # the statutory duty runs from year 7 to year 13


@dataclass(frozen=True)
class SourceSpan:
    """Where a piece of text sits: file, character offsets into the document text, line and page."""

    file: str
    start: int
    end: int
    line: int
    page: int | None = None

    def __post_init__(self):
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span offsets {self.start}..{self.end} in {self.file}")

    def label(self) -> str:
        """Short human reference, e.g. ``plan.pdf p.2 l.14``."""
        where = Path(self.file).name
        if self.page:
            where += f" p.{self.page}"
        return f"{where} l.{self.line}"

    def as_dict(self) -> dict:
        """JSON-ready, so quotations keep their file, offsets, line and page in every export."""
        return {"file": self.file, "start": self.start, "end": self.end, "line": self.line, "page": self.page}


@dataclass(frozen=True)
class Document:
    """Text extracted from one evidence file, with what is needed to trace offsets back to it.

    ``line_starts`` are the offsets at which each line of ``text`` begins; ``page_starts`` likewise for
    PDF pages (empty for other formats). ``encoding`` is the detected encoding for text formats.
    """

    path: str
    format: str  # html | pdf | docx | md | txt
    text: str
    encoding: str | None = None
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """Words in the text, counted as the engine counts them."""
        return count_words(self.text)

    @cached_property
    def _newlines(self) -> array:
        """Offsets of every "\n", found once: a long document's quotations would otherwise each count them again."""
        found, find, text = array("q"), self.text.find, self.text
        i = find("\n")
        while i >= 0:
            found.append(i)
            i = find("\n", i + 1)
        return found

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_left(self._newlines, max(0, offset)) + 1

    def page_of(self, offset: int) -> int | None:
        """The PDF page an offset falls on (None for formats without pages), for quote locations."""
        if not self.page_starts:
            return None
        page = 1
        for i, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = i
            else:
                break
        return page

    def span(self, start: int, end: int) -> SourceSpan:
        """The :class:`SourceSpan` of ``text[start:end]`` in this document."""
        return SourceSpan(self.path, start, end, self.line_of(start), self.page_of(start))

    def quote(self, span: SourceSpan) -> str:
        """The words a span covers, exactly as in the source text."""
        return self.text[span.start:span.end]


@dataclass(frozen=True)
class School:
    """What identifies a school or college and decides which rules apply to it.

    ``age_low``/``age_high`` follow GIAS (11-16, 11-18, 14-19, 16-19); ``year_groups`` derives the year
    groups 7-13 it serves, which decides, for example, that ``thin_ks3`` never applies to a 16-19 college.
    """

    urn: str
    name: str
    laestab: str | None = None
    phase: str = "Secondary"
    type: str = ""
    local_authority: str = ""
    la_code: str | None = None       # new (9-character) LA code, e.g. E06000001
    old_la_code: str | None = None   # 3-digit LA number, e.g. 805
    region: str = ""
    age_low: int = 11
    age_high: int = 16
    sixth_form: bool = False
    fe_provider: bool = False
    institution_group: str = "State-funded mainstream schools"
    selective: bool = False

    @property
    def age_range(self) -> str:
        """GIAS's age range as printed (``11-16``)."""
        return f"{self.age_low}-{self.age_high}"

    @property
    def year_groups(self) -> tuple[int, ...]:
        """Year groups 7-13 served: a pupil aged 11 at the start of the year is in year 7."""
        first = max(7, self.age_low - 4)
        last = min(13, self.age_high - 5)  # GIAS's upper age is the leaving age: 16 ends year 11
        return tuple(range(first, last + 1))


@dataclass(frozen=True)
class CareersPlan:
    """The school's published careers information: programme, policy, provider access statement.

    A plan may span several documents (a web page plus a PDF policy); ``text`` joins them for reading,
    but analysis runs on each document so that offsets stay true to each file.
    """

    documents: tuple[Document, ...]
    url: str | None = None
    retrieved: str | None = None

    @property
    def words(self) -> int:
        """Words over all the plan's documents."""
        return sum(d.words for d in self.documents)


@dataclass(frozen=True)
class FocusGroupNote:
    """What inspectors wrote while talking with one group of pupils.

    ``year_groups`` come from the section heading ("Y8 group", "KS3", "Year 12-13"); ``text`` is the
    section body and ``source`` where it sits in the notes file (offsets into that file's document text).
    ``pupil_names`` are first names listed in the heading, kept only so exports can redact them.
    """

    year_groups: tuple[int, ...]
    label: str
    text: str
    source: SourceSpan
    document: Document
    pupil_count: int | None = None
    pupil_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceBundle:
    """Everything held about one school: metadata, plan, focus-group notes, where its data lives.

    ``problems`` lists evidence files that could not be loaded (as error records); the rest of the
    bundle still loads, so one bad PDF does not hide the school's other evidence.
    """

    root: str
    school: School
    plan: CareersPlan | None
    notes: tuple[FocusGroupNote, ...] = ()
    destinations_file: str | None = None
    problems: tuple[dict, ...] = ()

    def notes_for_year(self, year: int) -> list[FocusGroupNote]:
        """The focus-group notes that heard a year group."""
        return [n for n in self.notes if year in n.year_groups]

    @property
    def note_year_groups(self) -> tuple[int, ...]:
        """Every year group the notes heard, in order."""
        return tuple(sorted({y for n in self.notes for y in n.year_groups}))

    @property
    def pupil_names(self) -> tuple[str, ...]:
        """Pupils' names found in the notes, for redaction in every export."""
        return tuple(sorted({name for n in self.notes for name in n.pupil_names}))
