"""Year-group scope: which of years 7-13 each signal applies to.

The nearest evidence wins, in this order:

1. a year-group expression in the signal's own sentence ("Y9 careers fair", "In Year 8, pupils ...");
   with several in one sentence, the one attached after the signal ("mock interviews in Year 11") or
   else the nearest before it ("In Year 8 pupils visit a college, and in Year 10 ...");
2. for a list item, the sentence that leads into its list ("Year 10 students will take part in:" above
   "- mock interviews"), or for a nested item the lead-ins above that;
3. the table row it sits in, when the row's first cell is a year ("| 10 | Mock interviews | ...",
   "Y10    Work experience week    June", "Year 8: employer talks; college visit");
4. the section heading above it ("### Year 7", "Key Stage 4", "## Y8 group (6 pupils ...)"); a heading
   without year groups ends the scope of headings at its level or deeper;
5. the default year groups the caller passed (a notes section already known to be Y8);
6. otherwise none: ``()`` means no year group is stated or implied.

In notes, "this year" names the year group of the section. "From Year 7" and "Year 9 onwards" run to year 13, "every year group" means the years the provider
serves (nothing when its phase is unknown), and "sixth form"
scopes only when it names a group of pupils ("sixth form students", "in the sixth form") rather than a
destination ("most go to sixth form"). When the provider's phase is known, scopes are clipped to the
year groups it serves. For notes, the year groups heard are those of the section headings (or the default).

Each section (``doc._.ik_sections``) records whether its heading ``starts_group``: in notes, a heading that
starts a focus group ("## Y8 group", "Group B", "Meeting with Key Stage 4 pupils"), not a topic inside one
("### Employers"), so findings judged per focus group can tell the groups apart (:mod:`nlp.findings.engine`).
A flag rather than a group number, so that the sections of a long text analysed in pieces join up unchanged.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from nlp._extensions import doc_text, signal_records
from nlp._tokens import tokens
from nlp.segmenter import lead_in_chars
from nlp.yeargroups import YearGroupMention, find_year_groups, heading_year_groups

_GROUP_NOUN = re.compile(r"\s*(?:students?|pupils?|learners?|groups?|cohorts?|formers?|tutor|tutees|classes)\b",
                         re.IGNORECASE)
# "In the sixth form, students ..." scopes; "stay on for A levels in our sixth form" names a destination.
_IN_PHASE = re.compile(r"(?:^|[.!?\n,;:(]|^\s*[-*•])\s*(?:[-*•]\s*)?(?:in|within|across|throughout)\s+(?:the\s+|our\s+)?$",
                       re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|since|starting\s+(?:in|from)|beginning\s+(?:in|from)|start\s+in)\s+$",
                   re.IGNORECASE)
_ONWARDS = re.compile(r"^\s*(?:onwards?|upwards?|\+|and\s+above|and\s+beyond|and\s+up)\b|^\+", re.IGNORECASE)
_UP_TO = re.compile(r"\b(?:up\s+to|until|to\s+the\s+end\s+of|through\s+to)\s+$", re.IGNORECASE)
_ALL_YEARS = re.compile(
    r"\b(?:(?:all|every|each)\s+year\s+groups?|all\s+key\s+stages|every\s+key\s+stage|across\s+the\s+school|"
    r"whole[- ]school|all\s+years)\b",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"^[\s,(\-–]*(?:(?:in|for|during|across|with|by|at|to|from|throughout|of|among|amongst)\s+)?"
    r"(?:(?:the|all|every|each|our|their)\s+)*(?:end\s+of\s+)?$",
    re.IGNORECASE,
)
# A clause break that stops a year group reaching across it: ";", a spaced dash (notes' topic - comment),
# or a contrast.
# In notes, "this year" is the year group of the pupils speaking ("none could remember one, this year or in Y8").
_THIS_YEAR = re.compile(r"\bthis\s+(?:year|yr|academic\s+year)\b", re.IGNORECASE)
_STRONG_BREAK = re.compile(r";|\s[-–—]\s|\bbut\b|\bwhereas\b|\bwhile\b|\bwhilst\b|\bhowever\b", re.IGNORECASE)


def scoping_mentions(text: str, served: tuple[int, ...] | None = None, ranges=None) -> list[YearGroupMention]:
    """Year-group mentions that scope the words around them, with "from Year 7"-style ranges expanded.

    "Every year group" names the years the provider serves, so it scopes only when the phase is known.
    ``ranges``: (start, end) stretches of ``text`` to search (the sentences that hold signals); all by default.
    """
    kept: list[YearGroupMention] = []
    mentions = []
    for lo, hi in ranges if ranges is not None else [(0, len(text))]:
        mentions.extend(find_year_groups(text, lo, hi))
    for m in mentions:
        before = text[max(0, m.start - 24):m.start]
        after = text[m.end:m.end + 16]
        if m.kind == "phase":
            lead = text[max(0, m.start - 40):m.start]
            at_clause_start = _IN_PHASE.search(lead if m.start > 40 else "\n" + lead)
            if not (_GROUP_NOUN.match(after) or at_clause_start):
                continue
        years = m.year_groups
        if _FROM.search(before) or _ONWARDS.match(after):
            years = tuple(range(min(years), 14))
        elif _UP_TO.search(before):
            years = tuple(range(7, max(years) + 1))
        kept.append(m._replace(year_groups=years))
    if served:
        for lo, hi in ranges if ranges is not None else [(0, len(text))]:
            for m in _ALL_YEARS.finditer(text, lo, hi):
                kept.append(YearGroupMention(m.start(), m.end(), m.group(), tuple(served), "all"))
    kept.sort(key=lambda x: x.start)
    return kept


def choose_mention(text: str, mentions: list[YearGroupMention], start: int, end: int) -> tuple[int, ...]:
    """The year groups the mentions in one sentence give a signal at ``text[start:end]``."""
    if not mentions:
        return ()
    inside = [m for m in mentions if m.start < end and start < m.end]
    if inside:
        return tuple(sorted({y for m in inside for y in m.year_groups}))
    following = [m for m in mentions if m.start >= end]
    preceding = [m for m in mentions if m.end <= start]
    if following and _ATTACHED.match(text[end:following[0].start]):
        return following[0].year_groups
    if preceding and not _STRONG_BREAK.search(text[preceding[-1].end:start]):
        return preceding[-1].year_groups
    if following and not _STRONG_BREAK.search(text[end:following[0].start]):
        return following[0].year_groups
    return ()


def lead_in_years(text: str, lead: tuple[int, int], served: tuple[int, ...] | None = None) -> tuple[int, ...]:
    """The year groups a list's lead-in sentence gives its items.

    Every year group the lead-in names after its last clause break: "Year 10 and Year 11 students take
    part in:" gives both; "Year 9 visit colleges; in Year 10 pupils have:" gives Year 10.
    """
    lo, hi = lead
    mentions = scoping_mentions(text, served, [(lo, hi)])
    breaks = list(_STRONG_BREAK.finditer(text, lo, hi))
    if breaks:
        after = [m for m in mentions if m.start >= breaks[-1].end()]
        mentions = after or mentions
    return tuple(sorted({y for m in mentions for y in m.year_groups}))


def heading_sections(headings, default: tuple[int, ...], notes: bool = False,
                     group_starts=None) -> list[tuple[int, tuple[int, ...], str]]:
    """(start offset, year groups, heading text) for each stretch of text governed by the headings above it.

    In notes (``notes=True``) a topic heading inside a focus group ("Group 2 (Year 9 and 10)" then
    "### Employers") keeps the group's year groups even when the group heading was a plain line.
    ``group_starts``: :func:`starts_group` of each heading, when the caller has it already.
    """
    sections: list[tuple[int, tuple[int, ...], str]] = [(0, tuple(default), "")]
    stack: list[tuple[int, tuple[int, ...]]] = []
    if notes and group_starts is None:
        group_starts = [starts_group(h) for h in headings]
    for index, heading in enumerate(headings):
        level = heading["level"]
        if level == 0:
            stack = []
        elif notes and not group_starts[index]:
            stack = [(lv, yg) for lv, yg in stack if lv == 0 or lv < level]
        else:
            stack = [(lv, yg) for lv, yg in stack if 0 < lv < level]
        stack.append((level, tuple(heading["year_groups"])))
        active = next((yg for _, yg in reversed(stack) if yg), ())
        sections.append((heading["start"], active or tuple(default), heading["text"]))
    return sections


def starts_group(heading: dict) -> bool:
    """Whether a heading starts a new focus group, rather than a topic inside one ("### Employers").

    Every notes heading the segmenter finds on a plain line is a group heading; a Markdown heading is one
    when it reads as a focus-group heading ("## Y8 group", "## Group B", "## Careers discussion - Year 11").
    """
    if heading["level"] == 0:
        return True
    return heading_year_groups("#" * heading["level"] + " " + heading["text"]) is not None


@Language.factory(
    "ik_year_scope",
    default_config={},
    requires=["doc.spans"],
    assigns=["span._.year_groups", "span._.year_group_source", "span._.section_year_groups",
             "doc._.ik_heard_year_groups", "doc._.ik_sections"],
)
def make_year_scope(nlp: Language, name: str) -> "YearScope":
    """spaCy factory for the year-scope component (headings set the year groups of what follows)."""
    return YearScope(name)


class YearScope:
    """spaCy component: set ``year_groups`` and ``year_group_source`` on every signal span."""

    def __init__(self, name: str = "ik_year_scope"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        default = tuple(doc._.ik_default_year_groups or ())
        headings = doc._.ik_headings or []
        if doc._.ik_kind == "notes":
            heard = {y for h in headings for y in h["year_groups"]} | set(default)
            doc._.ik_heard_year_groups = tuple(sorted(heard))
        else:
            doc._.ik_heard_year_groups = ()
        text = doc_text(doc)
        notes = doc._.ik_kind == "notes"
        group_starts = [starts_group(h) for h in headings] if notes else [False] * len(headings)
        sections = heading_sections(headings, default, notes=notes, group_starts=group_starts)
        ends = [s[0] for s in sections[1:]] + [len(text)]
        new_group = [False] + group_starts
        doc._.ik_sections = [
            {"start": start, "end": end, "heading": heading, "year_groups": list(years), "starts_group": new}
            for (start, years, heading), end, new in zip(sections, ends, new_group)
            if end > start or start == 0
        ]
        signals = signal_records(doc)
        if not signals:
            return doc
        phase = doc._.ik_phase_year_groups
        section_starts = [s[0] for s in sections]
        table = tokens(doc)
        bounds = table.sent_starts(doc)
        char_bounds = [table.idx[b] for b in bounds]
        ranges = []  # only the sentences that hold a signal can give a signal year groups
        for record in signals:
            i = bisect_right(bounds, record["start"]) - 1
            lo = char_bounds[i]
            hi = char_bounds[i + 1] if i + 1 < len(char_bounds) else len(text)
            if ranges and lo <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi))
            else:
                ranges.append((lo, hi))
        mentions = scoping_mentions(text, phase, ranges)
        if doc._.ik_kind == "notes":
            for lo, hi in ranges:
                for m in _THIS_YEAR.finditer(text, lo, hi):
                    years = sections[bisect_right(section_starts, m.start()) - 1][1]
                    if years:
                        mentions.append(YearGroupMention(m.start(), m.end(), m.group(), tuple(years), "this_year"))
            mentions.sort(key=lambda m: m.start)
        mention_starts = [m.start for m in mentions]
        rows = doc._.ik_row_scopes or []
        row_starts = [r[0] for r in rows]
        items = doc._.ik_list_items or []
        item_starts = [item[0] for item in items]
        lead_cache: dict[tuple[int, int], tuple[int, ...]] = {}
        for record in signals:
            start_char, end_char = record["start_char"], record["end_char"]
            i = bisect_right(bounds, record["start"]) - 1
            s_start = char_bounds[i]
            s_end = char_bounds[i + 1] if i + 1 < len(char_bounds) else len(text)
            lo, hi = bisect_left(mention_starts, s_start), bisect_left(mention_starts, s_end)
            in_sentence = [m for m in mentions[lo:hi] if m.end <= s_end]
            years, source = (), None
            if in_sentence:
                years, source = choose_mention(text, in_sentence, start_char, end_char), "sentence"
            if not years and items:
                lead = lead_in_chars(items, s_start, item_starts)
                for _ in range(6):  # a nested item looks up through the lead-ins above it
                    if lead is None:
                        break
                    if lead not in lead_cache:
                        lead_cache[lead] = lead_in_years(text, lead, phase)
                    if lead_cache[lead]:
                        years, source = lead_cache[lead], "list lead-in"
                        break
                    lead = lead_in_chars(items, lead[0], item_starts)
            if not years and rows:
                r = bisect_right(row_starts, start_char) - 1
                if r >= 0 and rows[r][0] <= start_char < rows[r][1]:
                    years, source = tuple(rows[r][2]), "table row"
            k = bisect_right(section_starts, start_char) - 1
            record["section_year_groups"] = list(sections[k][1])
            if not years:
                years = sections[k][1]
                source = ("heading" if k > 0 and years != default else "default") if years else None
            if years and phase:
                clipped = tuple(y for y in years if y in phase)
                years = clipped or years
            record["year_groups"] = list(years)
            record["year_group_source"] = source
        return doc
