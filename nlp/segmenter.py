"""Sentences, headings and table rows in plans and notes, where a newline often matters more than a full stop.

Inspectors' notes are bullets and short lines with little punctuation; plans extracted from PDF wrap
lines mid-sentence; web pages and Word tables arrive as "cell | cell | cell". A statistical sentence
splitter gets all three wrong, so the rules here are explicit:

- a blank line, a bullet ("- ", "•", "1.", "a)"), a Markdown heading and a table cell start a sentence;
- in notes every line starts a sentence; in plans a line continues the previous one when that line has
  no closing punctuation and this one starts in lower case (a wrapped line);
- inside a line, ". " / "! " / "? " before a capital or digit ends a sentence, except after common
  abbreviations ("e.g.", "Mr.", "St.") and single initials;
- headings ("## Year 8", a short unpunctuated plan line, a notes line such as "Y8 group - 5 pupils" or
  "Group 2 (Year 9 and 10)") are recorded with their year groups;
- table rows whose first cell is a year ("| 7 | ...") or a year-group expression get that scope, however
  the table was flattened: cells joined by " | " (web pages, Word), by tabs or by runs of spaces (PDF
  text), or a year label before a colon or dash ("Year 8: ..."); a row whose first cell is empty
  continues the row above ("| | Work experience | June" under "| Year 10 | ...");
- list items are recorded with their lead-in: "Year 10 students will take part in:" followed by bullets
  ("- mock interviews", "• a careers fair"), so an item can be read in the frame of the sentence that
  introduces it (:func:`list_lead_in`).

The work is done on the text with regular expressions (one pass over lines), then written onto the Doc
as sentence starts in a single vectorised call: this keeps the segmenter off the per-token Python path.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp._extensions import doc_text
from nlp._tokens import set_sent_starts, tokens
from nlp.yeargroups import find_year_groups, heading_year_groups

_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# "\uf0b7", "\uf0a7", "\uf076", "\uf0d8": Symbol and Wingdings bullets as PDF text layers give them
_BULLET = re.compile(r"[ \t]*(?:[-*•▪●◦‣–—+·>■□○►➢✓✔\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|\d{1,2}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))"
                     r"[ \t]+(?=\S)")
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
_YEAR_HEADER_START = re.compile(r"\s*(?:year|yr)", re.IGNORECASE)
_YEAR_HEADER = re.compile(r"^\s*(?:year|yr|year group|years?)s?\s*$", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^\s*(?:Y(?:ear)?\s*)?(1[0-3]|[7-9])(?:\s*[-–/&]\s*(1[0-3]|[7-9]))?\s*$", re.IGNORECASE)
_CONTINUATION_START = re.compile(r"[a-z(]")
# lower-case words a heading ending with ":" may hold ("Year 10 and Year 11:", "Careers in the curriculum:")
_LABEL_WORDS = frozenset("of and the for in to at a an on with by or & our your".split())
# between the cells of a row flattened to text: a tab, or two or more spaces
_SPACED_BREAK = re.compile(r"[ \t]*\t[ \t]*| {2,}")
# after a year label at the start of a line: "Year 8: ...", "KS4 - ..."
_LABEL_BREAK = re.compile(r"[ \t]*:[ \t]+|[ \t]+[-–—][ \t]+")
# what a year-label cell may hold besides the year groups ("Year 7 pupils", "Y10 (all)")
_LABEL_REST = re.compile(r"[\s:\-–—,.()/&]*(?:(?:all|the|students?|pupils?|learners?|groups?|cohort|only|and)"
                         r"[\s:\-–—,.()/&]*)*", re.IGNORECASE)
# cheap test before the full heading parse: a year-group heading starts with one of these
_MAY_BE_YEAR_HEADING = re.compile(r"\s*[*_]{0,3}\s*(?:y|yr|year|ks|key|sixth|6th|post|lower|upper)", re.IGNORECASE)
# ... or, when the year group comes later or not at all, names a group of pupils ("Group B", "Meeting with ...")
_MAY_BE_GROUP_HEADING = re.compile(r"\b(?:groups?|pupils?|students?|learners?|meeting|discussion|session|panel|"
                                   r"council|cohort)\b", re.IGNORECASE)


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
    """Sentence starts (character offsets), headings, table-row scopes and list items of one text.

    ``list_items``: ``(item start, item end, lead-in start, lead-in end)`` for every list item introduced
    by a sentence ending with ":" (the lead-in of a nested item is the item above it that ends with ":").
    """

    sentence_starts: tuple[int, ...]
    headings: tuple[Heading, ...]
    row_scopes: tuple[tuple[int, int, tuple[int, ...]], ...]
    list_items: tuple[tuple[int, int, int, int], ...] = ()


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


def _is_sentence_lead_in(line: str) -> bool:
    """"Year 10 students will take part in:" leads into a list; "Key Stage 4:" is a heading (that may too)."""
    body = line
    for m in reversed(find_year_groups(line)):
        body = body[:m.start] + " " + body[m.end:]
    return any(w.islower() and w not in _LABEL_WORDS for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", body))


def _may_be_notes_heading(line: str) -> bool:
    """A cheap test before the full heading parse (:func:`nlp.yeargroups.heading_year_groups`)."""
    return len(line) <= 160 and bool(_MAY_BE_YEAR_HEADING.match(line) or _MAY_BE_GROUP_HEADING.search(line))


def _is_plain_heading(line: str, next_line: str | None) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or stripped[-1] in ".,;!?\"”'’)":
        return False
    if len(stripped.split()) > 10 or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if stripped.endswith(":") and _is_sentence_lead_in(stripped):
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


def _label_years(cell: str) -> tuple[int, ...]:
    """Year groups of a cell that is only a year-group label ("Year 7", "Y12/13", "KS4", "Sixth form")."""
    mentions = find_year_groups(cell)
    if not mentions or mentions[0].start > 2:
        return ()
    rest = cell[:mentions[0].start] + cell[mentions[-1].end:]
    for m in mentions[1:]:
        rest = rest.replace(m.text, " ")
    if _LABEL_REST.fullmatch(rest):
        return tuple(sorted({y for m in mentions for y in m.year_groups}))
    return ()


def _spaced_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row whose cells are separated by tabs or runs of spaces."""
    cells, cell_start = [], start
    for m in _SPACED_BREAK.finditer(text, start, end):
        if m.start() > cell_start:
            cells.append((cell_start, m.start()))
        cell_start = m.end()
    cells.append((cell_start, end))
    return [(s, e) for s, e in cells if text[s:e].strip()]


def _first_cell_empty(line: str) -> bool:
    """"| | Work experience |" or " | Work experience" (a Word row under a blank or merged first cell)."""
    stripped = line.strip()
    if re.match(r"\|[ \t]*\|", stripped):
        return True
    return line[:1] in " \t" and stripped.startswith("|") and not stripped.endswith("|")


def _row_label(text: str, ls: int, le: int, year_column: bool):
    """A line flattened from a table row or labelled by a year: (cells, years, cells are sentences) or None.

    "Year 7\tCareers lessons", "Y10    Work experience week    June" (tabs or runs of spaces), and
    "Year 8: employer talks; college visit" / "KS4 - mock interviews" (a year label, then a colon or a
    spaced dash). ``year_column``: a header row ("Year  Activity") came before, so a bare "7" is a year.
    """
    line = text[ls:le]
    spaced = "\t" in line or "  " in line.strip()
    if not (spaced and year_column) and not _MAY_BE_YEAR_HEADING.match(line):
        return None  # most lines: neither a row under a year header nor starting with a year label
    content = ls + (len(line) - len(line.lstrip()))
    cells = _spaced_cells(text, content, le) if spaced else []
    if len(cells) >= 2:
        first = text[cells[0][0]:cells[0][1]]
        years = _row_years(first, year_column) if year_column else _label_years(first)
        if years:
            return cells, years, True
        return None
    m = _LABEL_BREAK.search(text, content, min(le, content + 40))
    if m and m.end() < le:
        years = _label_years(text[content:m.start()])
        if years:
            return [(content, le)], years, False
    return None


def _is_spaced_header(text: str, ls: int, le: int) -> bool:
    line = text[ls:le]
    if not ("\t" in line or "  " in line.strip()) or not _YEAR_HEADER_START.match(line):
        return False
    cells = _spaced_cells(text, ls + (len(line) - len(line.lstrip())), le)
    return len(cells) >= 2 and bool(_YEAR_HEADER.match(text[cells[0][0]:cells[0][1]]))


class _Lists:
    """List items and the lead-in sentences (ending with ":") that introduce them, found line by line."""

    def __init__(self):
        self.items: list[tuple[int, int, int, int]] = []
        self.stack: list[tuple[int, int, int]] = []  # (indent, lead-in start, lead-in end); -1: a text line
        self.open_item = None  # index in items of the item the next lines may continue

    def close(self) -> None:
        self.stack, self.open_item = [], None

    def text_line(self, sentence_start: int, le: int, stripped: str) -> None:
        """A line of running text: it ends any list; ending with ":" it opens one."""
        self.close()
        if stripped.endswith(":"):
            self.stack = [(-1, sentence_start, le)]

    def item(self, indent: int, ls: int, le: int, last_sentence: int, stripped: str) -> bool:
        """A bullet line at ``indent``; True when it belongs to a list under a lead-in."""
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            self.open_item = None
            if stripped.endswith(":"):
                self.stack.append((indent, last_sentence, le))
            return False
        _, lead_start, lead_end = self.stack[-1]
        self.items.append((ls, le, lead_start, lead_end))
        self.open_item = len(self.items) - 1
        if stripped.endswith(":"):
            self.stack.append((indent, last_sentence, le))
        return True

    def continue_item(self, le: int) -> None:
        if self.open_item is not None:
            s, _, lead_start, lead_end = self.items[self.open_item]
            self.items[self.open_item] = (s, le, lead_start, lead_end)

    def unbulleted_item(self, ls: int, le: int) -> None:
        """In a plan, a short line right after a lead-in or another such line (a PDF list without bullets)."""
        _, lead_start, lead_end = self.stack[-1]
        self.items.append((ls, le, lead_start, lead_end))
        self.open_item = None

    def expects_unbulleted(self, previous_kind: str, stripped: str) -> bool:
        return (bool(self.stack) and self.stack[-1][0] == -1 and previous_kind in ("lead-in", "unbulleted item")
                and len(stripped.split()) <= 10 and stripped[-1:] not in ".!?:;")


def segment_text(text: str, kind: str = "plan") -> Segmentation:
    """Find sentence starts, headings, table-row scopes and list items in ``text`` ("plan" or "notes").

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
    lists = _Lists()
    previous_kind = "blank"   # blank | heading | text | lead-in | item | unbulleted item | table | header | row
    previous_text = ""
    year_column = False
    row_years: tuple[int, ...] = ()  # the years of the table row above, for rows that continue it
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
            lists.close()
            previous_kind, previous_text = "heading", stripped
            continue
        if "|" in line and (stripped.startswith("|") or " | " in line):
            lists.close()
            if _TABLE_RULE.match(stripped):
                previous_kind = "table"
                continue
            cells = _cells(text, ls, le)
            if previous_kind != "table":
                year_column = bool(cells) and bool(_YEAR_HEADER.match(text[cells[0][0]:cells[0][1]]))
                row_years = ()
            for cs, ce in cells:
                starts.append(cs + (len(text[cs:ce]) - len(text[cs:ce].lstrip())))
            if cells:
                years = () if _first_cell_empty(line) else _row_years(text[cells[0][0]:cells[0][1]], year_column)
                if not years and _first_cell_empty(line):
                    years = row_years
                if years:
                    rows.append((ls, le, years))
                row_years = years
            previous_kind, previous_text = "table", stripped
            continue
        next_line = None
        following = index + 1
        while following < len(lines):  # (a slice of the remaining lines per line made this quadratic)
            ns, ne = lines[following]
            if text[ns:ne].strip():
                next_line = text[ns:ne]
                break
            following += 1
        bullet = _BULLET.match(line)
        if kind == "notes":
            notes_heading = None if bullet or not _may_be_notes_heading(line) else heading_year_groups(line)
            if notes_heading is not None:
                headings.append(Heading(ls, le, 0, stripped, notes_heading.year_groups))
                starts.append(content)
                lists.close()
                previous_kind, previous_text = "heading", stripped
                continue
        if not bullet:
            if previous_kind not in ("row", "header"):
                year_column, row_years = False, ()
                if _is_spaced_header(text, ls, le):
                    year_column = True
                    starts.append(content)
                    lists.close()
                    previous_kind, previous_text = "header", stripped
                    continue
            row = _row_label(text, ls, le, year_column)
            if row is None and line[:1] in " \t" and previous_kind == "row":  # a wrapped cell or a row
                row = _spaced_cells(text, content, le), row_years, True      # under a blank first cell
            if row is not None:
                cells, years, cell_sentences = row
                for cs, ce in cells:
                    if cell_sentences or cs == content:
                        starts.append(cs)
                    _split_sentences(text, cs, ce, starts)
                if years:
                    rows.append((ls, le, years))
                row_years = years
                lists.close()
                previous_kind, previous_text = "row", stripped
                continue
        if (kind != "notes" and not bullet and lists.expects_unbulleted(previous_kind, stripped)
                and not _label_years(stripped)):
            starts.append(content)
            _split_sentences(text, content, le, starts)
            lists.unbulleted_item(ls, le)
            previous_kind, previous_text = "unbulleted item", stripped
            continue
        if (kind != "notes" and not bullet
                and (previous_kind in ("blank", "heading", "table", "row") or previous_text[-1:] in ".!?:")
                and _is_plain_heading(line, next_line)):
            headings.append(Heading(ls, le, 0, stripped, _heading_years(stripped)))
            starts.append(content)
            lists.text_line(content, le, stripped)  # "Year 9:" heads a list as well as a section
            previous_kind, previous_text = "heading", stripped
            continue
        continuation = (
            kind != "notes" and not bullet and previous_kind in ("text", "item", "lead-in")
            and previous_text[-1:] not in ".!?:;" and _CONTINUATION_START.match(stripped) is not None
        )
        if not continuation:
            starts.append(content)
        _split_sentences(text, content, le, starts)
        if bullet:
            lists.item(len(line) - len(line.lstrip()), ls, le, starts[-1], stripped)
            previous_kind = "item"
        elif continuation and previous_kind == "item":
            lists.continue_item(le)
        else:
            lists.text_line(starts[-1], le, stripped)
            previous_kind = "lead-in" if stripped.endswith(":") else "text"
        previous_text = stripped
    return Segmentation(tuple(sorted(set(starts))), tuple(headings), tuple(rows), tuple(lists.items))


@Language.factory(
    "ik_segmenter",
    default_config={},
    assigns=["token.is_sent_start", "doc._.ik_headings", "doc._.ik_row_scopes", "doc._.ik_list_items"],
)
def make_segmenter(nlp: Language, name: str) -> "Segmenter":
    """spaCy factory for the segmenter (sentences, list items and headings from layout)."""
    return Segmenter(name)


class Segmenter:
    """spaCy component: sets sentence starts from :func:`segment_text`; records headings, table rows, list items.

    Reads ``doc._.ik_kind`` ("plan" or "notes", set by the caller before the pipeline runs).
    """

    def __init__(self, name: str = "ik_segmenter"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.ik_headings, doc._.ik_row_scopes, doc._.ik_list_items = [], [], []
            return doc
        seg = segment_text(doc_text(doc), doc._.ik_kind)
        token_starts = tokens(doc).column(IDX).astype(np.int64)
        sent_start = np.full(len(doc), -1, dtype=np.int64)
        sent_start[0] = 1
        if seg.sentence_starts:
            positions = np.searchsorted(token_starts, np.asarray(seg.sentence_starts, dtype=np.int64), side="left")
            positions = positions[positions < len(doc)]
            sent_start[positions] = 1
        doc.from_array([SENT_START], sent_start.astype(np.uint64).reshape(-1, 1))
        set_sent_starts(doc, np.flatnonzero(sent_start == 1).tolist())  # the cached table's are out of date
        # plain data, so Docs still serialise (nlp.pipe with n_process > 1 sends them between processes)
        doc._.ik_headings = [{"start": h.start, "end": h.end, "level": h.level, "text": h.text,
                              "year_groups": list(h.year_groups)} for h in seg.headings]
        doc._.ik_row_scopes = [[s, e, list(years)] for s, e, years in seg.row_scopes]
        doc._.ik_list_items = [list(item) for item in seg.list_items]
        return doc


def lead_in_chars(list_items, position: int, starts: list[int] | None = None) -> tuple[int, int] | None:
    """The (start, end) characters of the lead-in of the list item holding character ``position``.

    ``list_items``: ``doc._.ik_list_items`` (or :attr:`Segmentation.list_items`), in text order;
    ``starts``: their start characters, when the caller looks up many positions in one document.
    """
    if not list_items:
        return None
    i = bisect_right(starts if starts is not None else [item[0] for item in list_items], position) - 1
    if i >= 0 and position <= list_items[i][1]:
        return list_items[i][2], list_items[i][3]
    return None


def list_lead_in(doc: Doc, sentence_start: int) -> tuple[int, int] | None:
    """For the sentence starting at token ``sentence_start``: the token range of its lead-in, or None.

    A sentence in a list item ("• mock interviews") under a sentence ending with ":" ("Year 10 students
    will take part in:") is read in the frame of that lead-in: its year groups, its negation ("Pupils
    have not had:"), its tense ("Next year we will offer:"). Returns ``(start, end)`` token indices of the
    lead-in sentence in ``doc`` (``doc[start:end]``, as the sentence starts bound it, so with the line
    break after the colon), or None when the sentence is not a list item or its
    list has no lead-in. For a nested item the lead-in is the item above it that ends with ":"; call
    again with the returned start to go one level up. Needs ``ik_segmenter`` to have run.

    >>> import nlp
    >>> pipe = nlp.get_pipeline()
    >>> doc = pipe(pipe.make_doc("Year 10 students will take part in:\\n- mock interviews\\n- a careers fair"))
    >>> start, end = list_lead_in(doc, 9)
    >>> doc[start:end].text
    'Year 10 students will take part in:\\n'
    """
    items = doc._.ik_list_items
    if not items or not 0 <= sentence_start < len(doc):
        return None
    table = tokens(doc)
    lead = lead_in_chars(items, table.idx[sentence_start])
    if lead is None:
        return None
    bounds = table.sent_starts(doc)
    i = bisect_right(bounds, bisect_right(table.idx, lead[0]) - 1) - 1
    return bounds[i], bounds[i + 1] if i + 1 < len(bounds) else len(doc)
