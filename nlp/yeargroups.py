"""Year-group expressions: which of years 7-13 a phrase, a heading or a provider's age range covers.

Plans and inspectors' notes name year groups in many ways ("Year 8", "Yr 9", "Y12/13", "years 8-13",
"Years 10 and 11", "KS3", "sixth form", "post-16"). Everything that scopes evidence to a year group
(the notes loader's section headings, the pipeline's heading and sentence scope, the findings that ask
"were Y7-8 pupils heard?") reads them here, so one phrase always means the same years.

>>> parse_year_groups("Years 10 and 11, and the sixth form")
(10, 11, 12, 13)
>>> heading_year_groups("## Y8 group (6 pupils: Amira, Josh, Kacper)")
HeadingYearGroups(year_groups=(8,), label='Y8 group', pupil_count=6, pupil_names=('Amira', 'Josh', 'Kacper'))

This module is plain Python (no spaCy) so loaders can import it cheaply.
"""
from __future__ import annotations

import re
from typing import NamedTuple

YEAR_GROUPS: tuple[int, ...] = tuple(range(7, 14))  # the statutory careers duty runs from year 7 to year 13

KEY_STAGES: dict[str, tuple[int, ...]] = {"3": (7, 8, 9), "4": (10, 11), "5": (12, 13)}
SIXTH_FORM: tuple[int, ...] = (12, 13)

_WORD_NUMBERS = {
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
}
# A year number 7-13, as digits or a word; never part of a longer number ("Year 130", "y2024").
_NUM = r"(?:(?:1[0-3]|[7-9])(?![0-9])|(?:seven|eight|nine|ten|eleven|twelve|thirteen)(?![a-z]))(?:'?s\b)?"
# A number followed by these words counts pupils, not years: "Year 8 - 12 pupils".
_COUNT_NOUN = r"(?:pupils?|students?|learners?|young\s+people|people|children|kids|boys|girls|yp)\b"

_YEAR_START = re.compile(
    r"(?<![\w])(?:years?|yrs?\.?|y(?=\s?(?:1[0-3]|[7-9])(?![0-9])))\s?[-–]?\s?(?=" + _NUM + r")",
    re.IGNORECASE,
)
_NUM_AT = re.compile(_NUM, re.IGNORECASE)
_YEAR_14 = re.compile(r"14(?![0-9])")
_IS_COUNT = re.compile(r"\s*" + _COUNT_NOUN, re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|through|until|thru)\s*(?:years?\s?|yrs?\.?\s?|y)?", re.IGNORECASE)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and|&)?|/|&|\+|\band\b|\bor\b)\s*(?:years?\s?|yrs?\.?\s?|y)?",
                       re.IGNORECASE)

_KEY_STAGE = re.compile(
    r"(?<![\w])(?:ks|key\s?stage)\s?([345])(?![0-9])"
    r"((?:\s*(?:/|&|\+|-|–|,|\band\b|\bto\b)\s*(?:ks|key\s?stage)?\s?[345](?![0-9]))*)",
    re.IGNORECASE,
)
_PHASE = re.compile(
    r"(?<![\w])(?:(?P<lower>lower\s+sixth)|(?P<upper>upper\s+sixth)"
    r"|(?:sixth|6th)[\s-]?form(?:ers?)?|post[\s-]?16|16\s?[-–]\s?1[89](?=\s+(?:year[- ]olds|learners|students)))"
    r"(?![\w])",
    re.IGNORECASE,
)


# Every year-group expression starts like one of these (a superset test, used to skip texts quickly). It
# reads as far as the year number, since a bare "y" also starts "you", "your" and "young" in most sentences.
_ANY_START = re.compile(
    r"(?i)(?<![\w])(?:y(?:ears?|rs?\.?)?\s?[-–]?\s?(?:1[0-3]|[7-9]|seven|eight|nine|ten|eleven|twelve|thirteen)"
    r"|(?:ks|key\s?stage)\s?[345]|(?:sixth|6th)[\s-]?form|post[\s-]?16|lower\s+sixth|upper\s+sixth|16\s?[-–]\s?1[89])")


class YearGroupMention(NamedTuple):
    """One year-group expression in a text: where it is and which years it names.

    ``kind`` is ``"year"`` ("Y8", "years 8-13"), ``"key_stage"`` ("KS3") or ``"phase"`` ("sixth form",
    "post-16"); a phase may name a destination ("going to sixth form") rather than a group of pupils,
    so callers can decide how much to trust it.
    """

    start: int
    end: int
    text: str
    year_groups: tuple[int, ...]
    kind: str


class HeadingYearGroups(NamedTuple):
    """What a focus-group heading says: the years, the group's label, how many pupils, their first names."""

    year_groups: tuple[int, ...]
    label: str
    pupil_count: int | None
    pupil_names: tuple[str, ...]


def _number(token: str) -> int:
    token = token.lower().rstrip("s").rstrip("'")
    return int(token) if token.isdigit() else _WORD_NUMBERS[token]


def _scan_year_sequence(text: str, pos: int) -> tuple[int, tuple[int, ...]] | None:
    """Read "8", "8-13", "10 and 11", "12/13", "7, 8 and 9" from ``pos``; return (end, years)."""
    m = _NUM_AT.match(text, pos)
    if not m:
        return None
    years = {_number(m.group())}
    last = _number(m.group())
    end = m.end()
    while True:
        r = _RANGE_SEP.match(text, end)
        if r:
            n = _NUM_AT.match(text, r.end()) or _YEAR_14.match(text, r.end())
            spaced_dash = r.group().strip() in "-–—" and r.group() != r.group().strip()
            if spaced_dash and n and _IS_COUNT.match(text, n.end()):
                n = None  # "Year 8 - 12 pupils" counts pupils
            if n and last < _number(n.group()) <= 14:  # special schools' "Years 12 to 14" end at 13 here
                years.update(range(last, min(13, _number(n.group())) + 1))
                last, end = min(13, _number(n.group())), n.end()
                continue
        s = _LIST_SEP.match(text, end)
        if s:
            n = _NUM_AT.match(text, s.end())
            if n:
                last = _number(n.group())
                years.add(last)
                end = n.end()
                continue
        return end, tuple(sorted(years))


def find_year_groups(text: str, start: int = 0, end: int | None = None) -> list[YearGroupMention]:
    """Every year-group expression in ``text`` (or in ``text[start:end]``), in order, with offsets into ``text``.

    >>> [(m.text, m.year_groups) for m in find_year_groups("Y12/13 and KS3 pupils")]
    [('Y12/13', (12, 13)), ('KS3', (7, 8, 9))]
    """
    found: list[YearGroupMention] = []
    stop = len(text) if end is None else end
    first = _ANY_START.search(text, start, stop)
    if not first:  # most sentences name no year group: one cheap scan says so
        return found
    start = first.start()  # no expression starts earlier (the look-behinds still see the text before it)
    for m in _YEAR_START.finditer(text, start, stop):
        scanned = _scan_year_sequence(text, m.end())
        if scanned:
            last, years = scanned
            found.append(YearGroupMention(m.start(), last, text[m.start():last], years, "year"))
    for m in _KEY_STAGE.finditer(text, start, stop):
        stages = [m.group(1)] + re.findall(r"[345]", m.group(2) or "")
        if re.search(r"-|–|\bto\b", m.group(2) or "", re.IGNORECASE):
            lo, hi = min(stages), max(stages)
            stages = [str(s) for s in range(int(lo), int(hi) + 1)]
        years = tuple(sorted({y for s in stages for y in KEY_STAGES[s]}))
        found.append(YearGroupMention(m.start(), m.end(), m.group(), years, "key_stage"))
    for m in _PHASE.finditer(text, start, stop):
        years = (12,) if m.group("lower") else (13,) if m.group("upper") else SIXTH_FORM
        found.append(YearGroupMention(m.start(), m.end(), m.group(), years, "phase"))
    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[YearGroupMention] = []
    for mention in found:  # drop mentions nested inside a longer one
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def parse_year_groups(text: str) -> tuple[int, ...]:
    """The union of the year groups named anywhere in ``text`` (empty when none).

    >>> parse_year_groups("years 8-13")
    (8, 9, 10, 11, 12, 13)
    """
    return tuple(sorted({y for m in find_year_groups(text) for y in m.year_groups}))


def phase_year_groups(phase: str | None) -> tuple[int, ...]:
    """Year groups served by a provider from its age range ("11-16", "14-19", "16-19"); all when unknown.

    GIAS's upper age is the leaving age, so 16 ends year 11 and 18 or 19 ends year 13.

    >>> phase_year_groups("14-19")
    (10, 11, 12, 13)
    """
    if not phase:
        return YEAR_GROUPS
    m = re.fullmatch(r"\s*(\d{1,2})\s*[-–to ]+\s*(\d{1,2})\s*", phase)
    if not m:
        years = parse_year_groups(phase)
        return years or YEAR_GROUPS
    low, high = int(m.group(1)), int(m.group(2))
    first, last = max(7, low - 4), min(13, high - 5)
    return tuple(range(first, last + 1))


# --- headings -----------------------------------------------------------------------------------

_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?[*_]{0,3}\s*")
_COUNT = re.compile(r"(?<![\w])(\d{1,2})\s*(?:x\s*)?" + _COUNT_NOUN, re.IGNORECASE)
_NAME = re.compile(r"^[A-Z][A-Za-z'’\-]*(?:\s[A-Z]\.?)?$")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*")
# Lower-case words a heading may carry besides year groups, counts and names; anything else
# ("Y8 said they had no visits") makes a plain line body text rather than a heading.
_HEADING_WORDS = {
    "group", "groups", "focus", "pupils", "pupil", "students", "student", "learners", "learner", "mixed",
    "boys", "girls", "tutor", "form", "and", "of", "the", "session", "sessions", "interview", "discussion",
    "meeting", "with", "x", "p", "period", "am", "pm", "lunch", "lunchtime", "after", "school", "ability",
    "set", "class", "cohort", "only", "plus", "careers", "voice", "panel", "council", "a", "b", "c", "in",
    "yr", "yrs", "year", "years", "ks", "key", "stage", "sixth", "post", "lower", "upper", "mon", "tue",
    "wed", "thu", "fri", "day", "room", "library", "hall", "via", "teams", "online", "combined", "small",
    "people", "young", "sen", "send", "pp", "disadvantaged", "most", "able", "higher", "lower", "attaining",
    "one", "two", "three", "four", "five", "six", "first", "second", "third", "fourth", "taking", "studying",
    "from", "who", "on", "careers", "all",
}


def _names(segment: str) -> tuple[str, ...] | None:
    """First names from "Amira, Josh and Kacper"; None when the segment is not purely a list of names."""
    segment = segment.strip().strip("()[]").strip(" .:-–—")
    if not segment:
        return ()
    parts = [p.strip(" .") for p in _NAME_SPLIT.split(segment) if p.strip(" .")]
    if parts and all(_NAME.match(p) and not find_year_groups(p) for p in parts):
        return tuple(parts)
    return None


def _looks_like_heading_words(text: str) -> bool:
    for mention in reversed(find_year_groups(text)):
        text = text[:mention.start] + " " + text[mention.end:]
    words = re.findall(r"(?<![0-9])[A-Za-z][A-Za-z'’]*", text)
    return all(w in _HEADING_WORDS or not w.islower() for w in words)


# A heading whose year group comes later ("Careers discussion - Year 11") names who was heard with one of these.
_GROUP_WORD = re.compile(
    r"\b(?:groups?|focus|pupils?|students?|learners?|meeting|discussion|session|interview|panel|council|cohort|"
    r"class|formers?|tutor|boys|girls|young\s+people)\b", re.IGNORECASE)
# A heading with no year group at all must say plainly that it starts a group of pupils.
_GROUP_LABEL = re.compile(
    r"^(?:(?:focus|pupil|student|learner|discussion|mixed|small|careers)\s+)*group\b"
    r"|\b(?:focus\s+)?group\s+(?:[A-Z]|\d{1,2}|one|two|three|four|five|six)\b"
    r"|^(?:pupils?|students?|learners?|young\s+people)\s+(?:with|in|from|who|on|taking|studying)\b"
    r"|^(?:meeting|discussion|session|conversation)s?\s+with\b"
    r"|^(?:school|student|pupil|youth)\s+(?:council|panel|parliament)\b", re.IGNORECASE)
MAX_HEADING_WORDS = 12


def _group_heading(body: str, markdown: bool, mentions: list[YearGroupMention]) -> HeadingYearGroups | None:
    """A heading that names its group before its year groups, or names no year group at all.

    "Group 2 (Year 9 and 10)", "Meeting with Key Stage 4 pupils", "Careers discussion - Year 11",
    "Pupils with SEND (Years 8-11)", "Group B (Ava, Ben)": the year groups are every one it names (none
    for "Group B"); the heading must name a group of pupils, so that a topic line ("Careers interviews",
    "Unifrog") inside a group's notes does not start another group.
    """
    count: int | None = None
    names: tuple[str, ...] = ()
    label_part = body
    for m in _COUNT.finditer(body):
        if not any(x.start <= m.start() < x.end for x in mentions):
            rest = re.sub(r"^[\s:;,\-–—]+", "", body[m.end():])
            rest = re.sub(r"[)\].]+\s*$", "", rest)
            parsed = _names(rest) if rest.strip() else ()
            count, label_part = int(m.group(1)), body[:m.start()]
            if parsed is None and find_year_groups(rest):  # "Group 2 - 6 pupils (Year 9)"
                label_part = (re.sub(r"[\s:;,\-–—]+$", "", label_part) + " "
                              + re.sub(r"^[\s:;,\-–—]+", "", body[m.end():]))
            elif parsed is None and not markdown:
                return None
            names = parsed or ()
            break
    if count is None:
        paren = re.search(r"\(([^()]*)\)\s*$", body)
        tail = re.search(r"\s*(?:[-–—]|:)\s*([^-–—:()]*)$", body)
        for found in (paren, tail):
            if found and not find_year_groups(found.group(1)):
                parsed = _names(found.group(1))
                if parsed and (found is paren or len(parsed) >= 2):
                    names, label_part = parsed, body[:found.start()]
                    break
    label = re.sub(r"[\s(\[:;,\-–—]+$", "", label_part).strip()
    if not label or len(label.split()) > MAX_HEADING_WORDS:
        return None
    years = parse_year_groups(label)
    if not markdown and not _looks_like_heading_words(label):
        return None
    if years:
        if not (markdown or _GROUP_WORD.search(label)):
            return None
    elif not _GROUP_LABEL.search(label):
        return None
    return HeadingYearGroups(years, label, count, names)


def heading_year_groups(line: str) -> HeadingYearGroups | None:
    """Read a focus-group heading; None when ``line`` is not one.

    Most headings start with the year group ("## Y8 group (6 pupils: ...)", "Year 10 - 5 pupils"). Others
    name the group first and the year groups later ("Group 2 (Year 9 and 10)", "Meeting with Key Stage 4
    pupils", "Careers discussion — Year 11"), or not at all ("Group B"): those must name a group of pupils
    (see :func:`_group_heading`), and "Group B" gives ``year_groups == ()`` (a new group whose year is not
    stated). A Markdown heading (``#``) that starts with a year group is always a heading; a plain line is
    one only when, apart from year groups, a pupil count and first names, it holds heading words ("group",
    "focus", "mixed"...), so that a body line such as "Y8 said no employer had visited" is not mistaken for
    a section start.

    >>> heading_year_groups("Year 10 - 5 pupils - Ellie, Tom")
    HeadingYearGroups(year_groups=(10,), label='Year 10', pupil_count=5, pupil_names=('Ellie', 'Tom'))
    >>> heading_year_groups("6th form (Y12-13), 4 students: Hannah, Dev").year_groups
    (12, 13)
    """
    markdown = line.lstrip().startswith("#")
    body = _MARKUP.sub("", line, count=1)
    body = re.sub(r"[*_]{1,3}", "", body).strip()
    mentions = find_year_groups(body)
    if not body:
        return None
    if not mentions or mentions[0].start != 0:
        return _group_heading(body, markdown, mentions)

    count: int | None = None
    names: tuple[str, ...] = ()
    count_match = _COUNT.search(body, mentions[0].end)
    if count_match:
        count = int(count_match.group(1))
        label_part = body[:count_match.start()]
        rest = body[count_match.end():]
        rest = re.sub(r"^[\s:;,\-–—]+", "", rest)
        rest = re.sub(r"[)\].]+\s*$", "", rest)
        parsed = _names(rest)
        if parsed is None:
            if not markdown:
                return None
        else:
            names = parsed
    else:
        label_part = body
        paren = re.search(r"\(([^()]*)\)\s*$", body)
        if paren and not find_year_groups(paren.group(1)):
            parsed = _names(paren.group(1))
            if parsed:
                names = parsed
                label_part = body[:paren.start()]
        else:
            dash = re.search(r"\s[-–—:]\s*([^-–—:]*)$", body)
            if dash and not find_year_groups(dash.group(1)):
                parsed = _names(dash.group(1))
                if parsed and len(parsed) >= 2:
                    names = parsed
                    label_part = body[:dash.start()]

    label = re.sub(r"[\s(\[:;,\-–—]+$", "", label_part).strip()
    if not markdown and not _looks_like_heading_words(label):
        return None
    years = parse_year_groups(label)
    return HeadingYearGroups(years, label, count, names)
