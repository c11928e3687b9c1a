"""Sentences, headings and table rows in plans and notes, where a newline often matters more than a full stop.

Inspectors' notes are bullets and short lines with little punctuation; plans extracted from PDF wrap
lines mid-sentence; web pages and Word tables arrive as "cell | cell | cell". A statistical sentence
splitter gets all three wrong, so the rules here are explicit:

- a blank line, a bullet ("- ", "•", "1.", "a)"), a Markdown heading and a table cell start a sentence;
- in notes every line starts a sentence; in plans a line continues the previous one when that line has
  no closing punctuation and this one starts in lower case (a wrapped line);
- inside a line, ". " / "! " / "? " before a capital or digit ends a sentence, except after common
  abbreviations ("e.g.", "Mr.", "St.") and single initials;
- headings ("## Year 8", a short unpunctuated plan line, a notes line such as "Y8 group - 5 pupils")
  are recorded with their year groups, and table rows whose first cell is a year ("| 7 | ...") or a
  year-group expression get that scope.

The work is done on the text with regular expressions (one pass over lines), then written onto the Doc
as sentence starts in a single vectorised call: this keeps the segmenter off the per-token Python path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp._extensions import doc_text
from nlp._tokens import forget
from nlp.yeargroups import find_year_groups, heading_year_groups

_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BULLET = re.compile(r"[ \t]*(?:[-*•▪●◦‣–—+·>]|\d{1,2}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))[ \t]+(?=\S)")
_MD_HEADING = re.compile(r"[ \t]*(#{1,6})[ \t]+\S")
_TABLE_RULE = re.compile(r"^[\s|:\-+=]+$")
_CELL_BREAK = re.compile(r"(?:^|[ \t])\|(?:[ \t]|$)|^\|", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9£])")
_LAST_WORD = re.compile(r"(\S+)$")
_WORD_REACH = 64  # longer than any abbreviation: a longer last word is read the same, cut or not
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof e.g i.e eg ie vs cf approx incl dept no nos fig yr yrs c ca ref tel mob ext "
    "sr jr co ltd inc rev hon".split()
)
_PHASE_TOPIC = re.compile(
    r"\b(?:options?|choices?|routes?|pathways?|destinations?|fairs?|evenings?|applications?|providers?|"
    r"next steps|transition|progression)\b", re.IGNORECASE)
_YEAR_HEADER = re.compile(r"^\s*(?:year|yr|year group|years?)s?\s*$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^\s*(?:Y(?:ear)?\s*)?(1[0-3]|[7-9])(?:\s*[-–/&]\s*(1[0-3]|[7-9]))?\s*$", re.IGNORECASE)
_CONTINUATION_START = re.compile(r"[a-z(]")
# cheap test before the full heading parse: a year-group heading starts with one of these
_MAY_BE_YEAR_HEADING = re.compile(r"\s*[*_]{0,3}\s*(?:y|yr|year|ks|key|sixth|6th|post|lower|upper)", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    """A heading line: where it is, its Markdown level (0 when unknown) and the year groups it names."""

    start: int
    end: int
    level: int
    text: str
    year_groups: tuple[int, ...]


@dataclass(frozen=True)
class Segmentation:
    """Sentence starts (character offsets), headings and table-row scopes of one text."""

    sentence_starts: tuple[int, ...]
    headings: tuple[Heading, ...]
    row_scopes: tuple[tuple[int, int, tuple[int, ...]], ...]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break; offsets are exact."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip(_LINE_BREAKS)
        spans.append((pos, pos + len(body)))
        pos += len(raw)
    return spans


def _heading_years(text: str) -> tuple[int, ...]:
    """Year groups a heading scopes; "Post-16 options" is a topic, not the sixth form."""
    mentions = find_year_groups(text)
    definite = [m for m in mentions if m.kind != "phase"]
    if definite:
        return tuple(sorted({y for m in definite for y in m.year_groups}))
    if mentions and not _PHASE_TOPIC.search(text):
        return tuple(sorted({y for m in mentions for y in m.year_groups}))
    return ()


def heading_scope(heading: str, kind: str = "plan") -> tuple[int, ...]:
    """The year groups a heading gives the text under it, read as the segmenter reads headings.

    >>> heading_scope("Y8 group (5 pupils: Amira, Josh)", "notes"), heading_scope("Post-16 options")
    ((8,), ())
    """
    text = heading.strip().lstrip("#").strip()
    if not text:
        return ()
    if kind == "notes":
        parsed = heading_year_groups("# " + text)
        if parsed is not None:
            return parsed.year_groups
    return _heading_years(text)


def _is_plain_heading(line: str, next_line: str | None) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or stripped[-1] in ".,;!?\"”'’)":
        return False
    if len(stripped.split()) > 10 or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if not any(c.isalpha() for c in stripped):
        return False
    if next_line is not None and _CONTINUATION_START.match(next_line.lstrip()):
        return False
    return True


def _split_sentences(text: str, start: int, end: int, starts: list[int]) -> None:
    """Append the starts of sentences after the first inside ``text[start:end]``."""
    for m in _SENTENCE_END.finditer(text, start, end):
        # from a little before the stop only: searching from the line start made a long line quadratic
        before = _LAST_WORD.search(text, max(start, m.start() - _WORD_REACH), m.start() + 1)
        word = before.group(1).rstrip(".!?").lower() if before else ""
        if text[m.start()] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        if m.start() - start <= 3:  # "1. Compass evaluation": a list number, not a sentence
            continue
        starts.append(m.end())


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row written with pipes."""
    cells, cell_start = [], start
    for m in _CELL_BREAK.finditer(text, start, end):
        if m.start() > cell_start or m.start() == start:
            cells.append((cell_start, m.start()))
        cell_start = m.end()
    cells.append((cell_start, end))
    return [(s, e) for s, e in cells if text[s:e].strip()]


def _row_years(cell: str, year_column: bool) -> tuple[int, ...]:
    bare = _BARE_YEAR.match(cell)
    if bare and year_column:
        first = int(bare.group(1))
        last = int(bare.group(2)) if bare.group(2) else first
        return tuple(range(first, max(first, last) + 1))
    mentions = find_year_groups(cell)
    if mentions and mentions[0].start <= 2 and mentions[0].kind != "phase":
        return tuple(sorted({y for m in mentions for y in m.year_groups}))
    return ()


def segment_text(text: str, kind: str = "plan") -> Segmentation:
    """Find sentence starts, headings and table-row scopes in ``text`` (``kind`` is "plan" or "notes").

    >>> seg = segment_text("## Year 8\\n- Careers fair. Pupils meet employers\\n- Work experience", "notes")
    >>> seg.sentence_starts
    (0, 10, 26, 48)
    >>> seg.headings[0].year_groups
    (8,)
    """
    lines = _lines(text)
    starts: list[int] = []
    headings: list[Heading] = []
    rows: list[tuple[int, int, tuple[int, ...]]] = []
    previous_kind = "blank"   # blank | heading | text | table
    previous_text = ""
    year_column = False
    for index, (ls, le) in enumerate(lines):
        line = text[ls:le]
        stripped = line.strip()
        if not stripped:
            previous_kind, previous_text = "blank", ""
            continue
        content = ls + (len(line) - len(line.lstrip()))
        md = _MD_HEADING.match(line)
        if md:
            heading_text = stripped.lstrip("#").strip()
            headings.append(Heading(ls, le, len(md.group(1)), heading_text, _heading_years(heading_text)))
            starts.append(content)
            previous_kind, previous_text = "heading", stripped
            continue
        if "|" in line and (stripped.startswith("|") or " | " in line):
            if _TABLE_RULE.match(stripped):
                previous_kind = "table"
                continue
            cells = _cells(text, ls, le)
            if previous_kind != "table":
                year_column = bool(cells) and bool(_YEAR_HEADER.match(text[cells[0][0]:cells[0][1]]))
            for cs, ce in cells:
                starts.append(cs + (len(text[cs:ce]) - len(text[cs:ce].lstrip())))
            if cells:
                years = _row_years(text[cells[0][0]:cells[0][1]], year_column)
                if years:
                    rows.append((ls, le, years))
            previous_kind, previous_text = "table", stripped
            continue
        next_line = None
        for ns, ne in lines[index + 1:]:
            if text[ns:ne].strip():
                next_line = text[ns:ne]
                break
        bullet = _BULLET.match(line)
        if kind == "notes":
            notes_heading = None if bullet or not _MAY_BE_YEAR_HEADING.match(line) else heading_year_groups(line)
            if notes_heading is not None:
                headings.append(Heading(ls, le, 0, stripped, notes_heading.year_groups))
                starts.append(content)
                previous_kind, previous_text = "heading", stripped
                continue
        elif (not bullet and (previous_kind in ("blank", "heading", "table") or previous_text[-1:] in ".!?:")
              and _is_plain_heading(line, next_line)):
            headings.append(Heading(ls, le, 0, stripped, _heading_years(stripped)))
            starts.append(content)
            previous_kind, previous_text = "heading", stripped
            continue
        continuation = (
            kind != "notes" and not bullet and previous_kind == "text"
            and previous_text[-1:] not in ".!?:;" and _CONTINUATION_START.match(stripped) is not None
        )
        if not continuation:
            starts.append(content)
        _split_sentences(text, content, le, starts)
        previous_kind, previous_text = "text", stripped
    return Segmentation(tuple(sorted(set(starts))), tuple(headings), tuple(rows))


@Language.factory(
    "ik_segmenter",
    default_config={},
    assigns=["token.is_sent_start", "doc._.ik_headings", "doc._.ik_row_scopes"],
)
def make_segmenter(nlp: Language, name: str) -> "Segmenter":
    return Segmenter(name)


class Segmenter:
    """spaCy component: sets sentence starts from :func:`segment_text` and records headings and table rows.

    Reads ``doc._.ik_kind`` ("plan" or "notes", set by the caller before the pipeline runs).
    """

    def __init__(self, name: str = "ik_segmenter"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.ik_headings, doc._.ik_row_scopes = [], []
            return doc
        seg = segment_text(doc_text(doc), doc._.ik_kind)
        token_starts = doc.to_array(IDX).astype(np.int64)
        sent_start = np.full(len(doc), -1, dtype=np.int64)
        sent_start[0] = 1
        if seg.sentence_starts:
            positions = np.searchsorted(token_starts, np.asarray(seg.sentence_starts, dtype=np.int64), side="left")
            positions = positions[positions < len(doc)]
            sent_start[positions] = 1
        doc.from_array([SENT_START], sent_start.astype(np.uint64).reshape(-1, 1))
        forget(doc)  # cached token tables predate the sentence starts
        # plain data, so Docs still serialise (nlp.pipe with n_process > 1 sends them between processes)
        doc._.ik_headings = [{"start": h.start, "end": h.end, "level": h.level, "text": h.text,
                              "year_groups": list(h.year_groups)} for h in seg.headings]
        doc._.ik_row_scopes = [[s, e, list(years)] for s, e, years in seg.row_scopes]
        return doc
