"""Industries named in a text, matched to the 22 industry groups of the local labour market tables.

Why a separate extractor and not more codebook signals: an industry named in a plan or by pupils is not
provision (a careers fair is; "construction" is not), so these mentions must never count towards the 15
codebook codes the findings and thematic reviews are built on. They are what lets an inspector ask
whether the offer reflects the local economy (Gatsby benchmark 2): the application sets each mention
beside the sentence of the encounter, experience or labour market activity it sits in.

The words are data (``nlp/resources/industries.json``): sector words, phrases and common job titles for
each group, and phrases in which a sector word names no industry ("social media", "student finance").

>>> [(m.industry, m.text) for m in find_industries("Pupils met nurses and a software developer.")]
[('health_social_work', 'nurses'), ('information_technology', 'software developer')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nlp.errors import RuleFileError
from nlp.rulefiles import check_keys, expect, read_json

RESOURCE = "industries.json"
WHERE = "nlp/resources/industries.json"
_EXCLUDE = "__exclude__"


@dataclass(frozen=True)
class IndustryGroup:
    """One industry group: a stable id, its name as the labour market table spells it, its phrases."""

    id: str
    name: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndustryMention:
    """One naming of an industry: which group, the words, and their character offsets in the text.

    ``rule`` is ``industry.<id>/<phrase>``: the phrase of the data file that matched.
    """

    industry: str
    name: str
    text: str
    start: int
    end: int
    rule: str

    def as_dict(self) -> dict:
        """JSON-ready, with the matching rule."""
        return {"industry": self.industry, "name": self.name, "text": self.text, "start": self.start,
                "end": self.end, "rule": self.rule}


@lru_cache(maxsize=1)
def industry_groups() -> tuple[IndustryGroup, ...]:
    """The 22 groups of ``industries.json``, checked: known keys, unique ids and phrases."""
    data = read_json("nlp", RESOURCE)
    expect(isinstance(data, dict), "expected an object with 'industries' and 'exclude'", WHERE)
    check_keys(data, ("industries", "exclude"), ("version", "about"), WHERE)
    groups, seen_ids, seen_phrases = [], set(), {}
    for number, record in enumerate(data["industries"], start=1):
        where = f"{WHERE}: industry {number}"
        expect(isinstance(record, dict), "each industry must be an object", where)
        check_keys(record, ("id", "name", "phrases"), ("description",), where)
        expect(isinstance(record["id"], str) and record["id"].isidentifier() and record["id"] not in seen_ids,
               f"id {record['id']!r} must be a unique identifier", where)
        phrases = record["phrases"]
        expect(isinstance(phrases, list) and phrases and all(isinstance(p, str) and p.strip() for p in phrases),
               "phrases must be a non-empty list of strings", where)
        for phrase in phrases:
            key = phrase.lower()
            expect(key not in seen_phrases, f"phrase {phrase!r} is also under {seen_phrases.get(key)}", where)
            seen_phrases[key] = record["id"]
        seen_ids.add(record["id"])
        groups.append(IndustryGroup(record["id"], record["name"], tuple(phrases)))
    return tuple(groups)


def industry_names() -> dict[str, str]:
    """id -> name as the labour market table spells it ("public_admin_defence" -> "Public admin. and defence")."""
    return {g.id: g.name for g in industry_groups()}


def industry_ids() -> dict[str, str]:
    """name as the table spells it -> id."""
    return {g.name: g.id for g in industry_groups()}


@lru_cache(maxsize=1)
def exclusions() -> tuple[str, ...]:
    """Phrases that look like an industry but are not one (``industries.json`` ``exclude``)."""
    data = read_json("nlp", RESOURCE)
    value = data.get("exclude", [])
    expect(isinstance(value, list) and all(isinstance(p, str) and p.strip() for p in value),
           "exclude must be a list of phrases", WHERE)
    return tuple(value)


def _plural(word: str) -> str | None:
    """The regular plural of a phrase's last word (nurse -> nurses, agency -> agencies); None if none."""
    if not word.isalpha() or len(word) < 3 or word.endswith("s"):
        return None
    if word.endswith("y") and word[-2].lower() not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("sh", "ch", "x")):
        return word + "es"
    return word + "s"


@lru_cache(maxsize=1)
def _matchers():
    """A tokenizer and two PhraseMatchers (case-insensitive, and exact case for '=' phrases), built once.

    The tokenizer is the engine's own (its pipeline, built once per process): the industries are looked
    for in texts the engine has just analysed, and a second ``spacy.blank("en")`` cost a tenth of a
    second of every briefing for the same tokenizer.
    """
    from spacy.matcher import PhraseMatcher

    from nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
    labels: dict[int, tuple[str, str]] = {}

    def add(key: str, industry: str, phrase: str) -> None:
        matcher = exact if phrase.startswith("=") else lower
        text = phrase.lstrip("=")
        doc = nlp.make_doc(text)
        variants = [doc]
        plural = _plural(doc[-1].text)
        if plural:
            variants.append(nlp.make_doc(text[: doc[-1].idx] + plural))
        matcher.add(key, variants)
        labels[nlp.vocab.strings[key]] = (industry, text)

    for group in industry_groups():
        for phrase in group.phrases:
            add(f"industry.{group.id}/{phrase.lstrip('=').lower()}", group.id, phrase)
    for phrase in exclusions():
        add(f"{_EXCLUDE}/{phrase.lstrip('=').lower()}", _EXCLUDE, phrase)
    if not labels:  # pragma: no cover - an empty data file
        raise RuleFileError("no industry phrases", where=WHERE)
    return nlp, lower, exact, labels


def find_industries(text: str) -> tuple[IndustryMention, ...]:
    """Every industry named in ``text``, in text order: the longest phrase wins where phrases overlap,
    and a mention inside an excluded phrase ("social media", "higher education") is dropped."""
    if not text:
        return ()
    nlp, lower, exact, labels = _matchers()
    doc = nlp.make_doc(text)
    found = [(start, end, labels[key]) for key, start, end in list(lower(doc)) + list(exact(doc))]
    blocked = [(s, e) for s, e, (industry, _) in found if industry == _EXCLUDE]
    candidates = [(s, e, lab) for s, e, lab in found if lab[0] != _EXCLUDE
                  and not any(bs <= s and e <= be for bs, be in blocked)]
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: set[int] = set()
    kept = []
    for s, e, lab in candidates:
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            kept.append((s, e, lab))
    names = industry_names()
    out = []
    for s, e, (industry, phrase) in sorted(kept):
        span = doc[s:e]
        out.append(IndustryMention(industry, names[industry], span.text, span.start_char, span.end_char,
                                   f"industry.{industry}/{phrase.lower()}"))
    return tuple(out)
