"""Pupils' names never leave the room: redaction for everything the toolkit exports.

What is redacted, in every export (HTML, DOCX, Markdown, JSON, CSV, Excel):
- every name listed in a focus-group heading ("(5 pupils: Amira, Josh, ...)"), wherever it appears;
- a capitalised first name from ``first_names.txt`` used as a person in notes ("Josh said", "Amira:",
  "- Kacper wants ...", "asked Lily");
- person names found by a statistical model's NER when one is installed (``nlp.names``; never required).
What is kept: staff names the school publishes, i.e. names after a title (Mr, Mrs, Ms, Miss, Dr) and the
careers leader's name. Each pupil becomes "[Pupil A]", "[Pupil B]"... in order of first appearance, so a
reader can still follow who said what. Redactions are logged by count, never by name.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from nlp.names import load_model

log = logging.getLogger("inspector_kit.privacy")

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Prof)\.?\s+"
_SPEECH_CUES = (r"said|says|say|told|tells|thinks|thought|wants|wanted|felt|feels|mentioned|added|agreed|"
                r"explained|reckons|knew|knows|had|has|was|is|did|does|didn't|doesn't|hasn't|hadn't|"
                r"couldn't|could|would|wasn't|isn't|liked|likes|loved|hopes|hoped|plans|planned|"
                r"described|remembered|recalled|asked|answered|\(|:|-|–|,")


@lru_cache(maxsize=1)
def known_first_names() -> frozenset[str]:
    """First names the redactor recognises in notes without a title or a speech cue (``first_names.txt``)."""
    text = resources.files(__package__).joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class Redactor:
    """Replaces pupils' names with stable pseudonyms across one export.

    ``names`` are the pupils known from headings; ``keep`` are names never to touch (published staff).
    One Redactor is used for a whole briefing so "[Pupil A]" means the same pupil throughout.
    """

    names: set[str] = field(default_factory=set)
    keep: set[str] = field(default_factory=set)
    use_model: bool = True
    pseudonyms: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def _pseudonym(self, name: str) -> str:
        if name not in self.pseudonyms:
            n = len(self.pseudonyms)
            label = ""
            while True:
                label = chr(ord("A") + n % 26) + label
                n = n // 26 - 1
                if n < 0:
                    break
            self.pseudonyms[name] = f"[Pupil {label}]"
        return self.pseudonyms[name]

    def _candidates(self, text: str) -> set[str]:
        found = {n for n in self.names if n and n not in self.keep}
        cue = re.compile(r"(?<![\w'])([A-Z][a-z]+)(?=\s*(?:" + _SPEECH_CUES + r")|['’]s\b)")
        for m in _STRONG_CUE.finditer(text):  # "Zofia said": any name, listed or not
            word = m.group(1)
            if word not in _NOT_NAMES and word not in self.keep and not _titled(text, m.start(1)):
                found.add(word)
        listed = re.compile(r"(?:^|\n)\s*[-*•]?\s*([A-Z][a-z]+)\b")
        asked = re.compile(r"\b(?:asked|told|and|with|like|said to)\s+([A-Z][a-z]+)\b")
        firsts = known_first_names()
        for pattern in (cue, listed, asked):
            for m in pattern.finditer(text):
                if m.group(1) in firsts and m.group(1) not in self.keep:
                    found.add(m.group(1))
        if self.use_model:
            found |= {n for n in _model_person_names(text) if n not in self.keep}
        return found

    def redact(self, text: str) -> str:
        """``text`` with every pupil name replaced; titled names (staff) and ``keep`` names are left alone."""
        if not text:
            return text
        names = self._candidates(text)
        if not names:
            return text
        pattern = re.compile(r"(?<!" + r")(?<!".join(_title_lookbehinds()) + r")\b(" +
                             "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")

        def swap(m: re.Match) -> str:
            self.count += 1
            return self._pseudonym(m.group(1))

        out = pattern.sub(swap, text)
        return out

    def log_summary(self) -> None:
        """Log how much was redacted (counts only, never a name)."""
        log.info("redacted %d mention(s) of %d pupil(s)", self.count, len(self.pseudonyms))


# Speaking verbs that, straight after a capitalised word in notes, mark it as a person's name even when
# the name is not in first_names.txt. Words that often stand there but are not pupils are excluded.
_STRONG_CUE = re.compile(r"(?<![\w'’])([A-Z][a-z]{1,20})\s+(?:said|says|told|tells|thinks|thought|reckons|"
                         r"explained|mentioned|wants|wanted|added|agreed|described|remembered|recalled)\b")
_NOT_NAMES = frozenset("""
    He She They We It Everyone Everybody Nobody Someone Somebody One Another Most Some All Both Group Teacher
    Tutor School College Staff Head Deputy Careers Adviser Advisor Leader Pupil Pupils Student Students Parent
    Parents Mum Dad Ofsted Unifrog Xello Start Year Also Then This That Which Who Nobody Boys Girls Class Form
    Inspector Governor Governors Employer Employers Provider Nurse Someone Mentor Coach Sixth Everybody Each
""".split())


def _titled(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a title (Mr, Ms, Dr ...): a member of staff, not a pupil."""
    before = text[max(0, start - 40):start]
    return re.search(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Prof)\.?\s+(?:[A-Z][a-z]+\s+)?$", before) is not None


@lru_cache(maxsize=1)
def _title_lookbehinds() -> tuple[str, ...]:
    """Fixed-width look-behinds for each title form, so "Ms Okafor" and "Mr. Jones" stay."""
    titles = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Prof"]
    out = []
    for t in titles:
        out += [t + " ", t + ". "]
    return tuple(re.escape(t) for t in out)


def _model():
    """The optional statistical pipeline (``nlp.names.load_model``: ``INSPECTOR_KIT_NER_MODEL``), or None."""
    return load_model()


def _model_person_names(text: str) -> set[str]:
    model = _model()
    if model is None:
        return set()
    return {ent.text.split()[0] for ent in model(text).ents if ent.label_ == "PERSON" and ent.text[:1].isupper()}
