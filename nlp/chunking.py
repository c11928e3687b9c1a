"""Long documents in sections: where to cut a text so that its pieces, analysed in turn, say what the whole says.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters, error E088), and one Doc of
a whole 20-million-character plan would hold every token at once. So the pipeline analyses a long text
in sections of about :data:`TARGET_CHARS` characters, one Doc at a time, and shifts every offset back
into the whole text. A section is cut, in order of preference:

1. after a blank line (a paragraph, a page of a PDF, the line before a heading), unless the next
   paragraph starts in lower case (the segmenter reads such a line as continuing the one before);
2. at a line break the segmenter reads the same with or without the line before: in notes any line,
   in a plan a bullet, a Markdown heading or a line after one ending in ``.``, ``!``, ``?`` or ``:``;
   never before a table row or a line starting in lower case;
3. at a sentence end inside a line (the segmenter's own rule: ``". "`` before a capital), for a
   runaway line with no breaks;
4. after any whitespace; and only when a stretch of :data:`MAX_CHARS` has none, at a hard cut.

Cuts 1 and 2 are places where the segmenter starts a sentence and forgets the line before, so a
sentence, its context triggers and its signals never straddle two sections. Heading scope does reach
across: :func:`carry_headings` keeps the headings in force at the end of one section so the next starts
under them (``## Year 9`` still scopes the paragraphs below it, whichever section they fall in).

>>> text = "## Year 9\\n\\n" + "Pupils meet employers.\\n\\n" * 3
>>> chunk_bounds(text, target=30, limit=60)
[(0, 35), (35, 59), (59, 83)]

Plain Python until a cut has to be found (the segmenter's rules are imported then), so loaders can
use :func:`count_words` without importing spaCy.
"""
from __future__ import annotations

import re

#: Characters a section aims at: large enough that per-Doc overheads vanish, small enough to stay in cache.
TARGET_CHARS = 100_000
#: No section is longer than this (well under spaCy's ``max_length`` of 1,000,000).
MAX_CHARS = 400_000

# A blank line, then a paragraph that does not continue the previous line in lower case.
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n(?=\s*[^\sa-z(])")
# A line break before a line that does not continue the previous one in lower case.
_LINE_BREAK = re.compile(r"\n(?=[ \t]*[^\sa-z(])")
_WHITESPACE = (" ", "\n", "\t")


def _best(pattern: re.Pattern, text: str, lo: int, target: int, hi: int, check=None) -> int | None:
    """The cut (a match's end) in ``[lo, hi]`` nearest ``target`` from below, else the first above it."""
    best = None
    for m in pattern.finditer(text, lo, hi):
        cut = m.end()
        if check is not None and not check(text, cut):
            continue
        if cut > target:
            return best if best is not None else cut
        best = cut
    return best


def _line_cut(kind: str):
    """Whether the segmenter reads the line after a cut the same with or without the line before it.

    Why: in a plan, a line after one without closing punctuation may be a wrapped continuation or may
    not be a heading; a bullet or Markdown heading, or any line in notes, starts afresh. A table row
    would lose its table's header row (the segmenter reads a "Year" column from it).
    """
    from nlp.segmenter import _BULLET, _MD_HEADING  # here, so count_words stays spaCy-free for the loaders

    def check(text: str, cut: int) -> bool:
        end = text.find("\n", cut)
        line = text[cut:end if end >= 0 else len(text)]
        if "|" in line:
            return False
        if kind == "notes" or _BULLET.match(line) or _MD_HEADING.match(line):
            return True
        before = text[text.rfind("\n", 0, cut - 1) + 1:cut - 1].rstrip()
        return before[-1:] in (".", "!", "?", ":")
    return check


def _in_lead_in_list(text: str, cut: int, max_lines: int = 200) -> bool:
    """Whether the line after ``cut`` is a list item under a lead-in sentence ending in ':'.

    Why: list items inherit their lead-in's stance (``nlp.context``), so a cut there would change what
    the items say. The walk back over the list is bounded, so a runaway list can still be cut.
    """
    from nlp.segmenter import _BULLET

    end = text.find("\n", cut)
    if not _BULLET.match(text[cut:end if end >= 0 else len(text)]):
        return False
    pos = cut
    for _ in range(max_lines):
        if pos <= 0:
            return False
        start = text.rfind("\n", 0, pos - 1) + 1
        line = text[start:pos].strip()
        pos = start
        if not line:
            continue
        if _BULLET.match(line + " "):
            continue
        return line.endswith(":")
    return False


def _sentence_cut(text: str, lo: int, target: int, hi: int) -> int | None:
    """A sentence start inside a runaway line, as the segmenter would find it."""
    from nlp.segmenter import _split_sentences

    starts: list[int] = []
    _split_sentences(text, lo, hi, starts)
    below = [s for s in starts if s <= target]
    if below:
        return below[-1]
    return starts[0] if starts else None


def _cut(text: str, pos: int, target: int, limit: int, kind: str) -> int:
    """Where the section starting at ``pos`` ends (see the module docstring for the order of preference)."""
    lo, aim, hi = pos + target // 2, pos + target, min(len(text), pos + limit)
    def not_in_list(t: str, cut: int) -> bool:
        return not _in_lead_in_list(t, cut)

    line_cut = _line_cut(kind)
    for find in (lambda: _best(_PARAGRAPH, text, lo, aim, hi, not_in_list),
                 lambda: _best(_LINE_BREAK, text, lo, aim, hi, lambda t, c: line_cut(t, c) and not_in_list(t, c)),
                 lambda: _sentence_cut(text, lo, aim, hi)):
        cut = find()
        if cut is not None and pos < cut < len(text):
            return cut
    space = max(text.rfind(w, lo, aim) for w in _WHITESPACE)
    if space < 0:
        found = [i for i in (text.find(w, aim, hi) for w in _WHITESPACE) if i >= 0]
        space = min(found) if found else -1
    return space + 1 if space >= 0 else hi


def chunk_bounds(text: str, target: int | None = None, limit: int | None = None, kind: str = "plan"
                 ) -> list[tuple[int, int]]:
    """``(start, end)`` of each section of ``text``: contiguous, in order, covering it exactly (one pass).

    A text of at most ``target`` characters (default :data:`TARGET_CHARS`) is one section, so short
    documents are analysed as before; no section is longer than ``limit`` (default :data:`MAX_CHARS`).
    """
    target = TARGET_CHARS if target is None else target
    limit = MAX_CHARS if limit is None else limit
    if target < 2 or limit < target:
        raise ValueError(f"need 2 <= target <= limit, got target={target}, limit={limit}")
    bounds, pos, n = [], 0, len(text)
    while n - pos > target:
        cut = _cut(text, pos, target, limit, kind)
        if cut >= n:
            break
        bounds.append((pos, cut))
        pos = cut
    bounds.append((pos, n))
    return bounds


def carry_headings(stack: tuple, headings) -> tuple:
    """The headings in force after ``headings`` (dicts from the segmenter), given those in force before.

    Why: the next section must start under the same headings, so that a ``## Year 9`` heading scopes the
    paragraphs below it across a cut. Entries are ``(level, year_groups, text)``; the rule is
    :func:`nlp.sections.heading_sections`' own: a heading of unknown level (0) replaces every heading, a
    Markdown heading replaces those at its level or deeper. The last entry is the latest heading.
    """
    stack = list(stack)
    for heading in headings:
        level = heading["level"]
        stack = [] if level == 0 else [entry for entry in stack if 0 < entry[0] < level]
        stack.append((level, tuple(heading["year_groups"]), heading["text"]))
    return tuple(stack)


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """``len(text[start:end].split())`` without building the list of words (a long text has millions)."""
    end = len(text) if end is None else end
    step, count, pos = 1 << 20, 0, start
    while pos < end:
        stop = min(end, pos + step)
        count += len(text[pos:stop].split())
        if stop < end and not text[stop - 1].isspace() and not text[stop].isspace():
            count -= 1  # a word cut by the window is counted in both
        pos = stop
    return count
