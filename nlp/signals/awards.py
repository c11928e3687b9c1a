"""Quality awards for careers: which award a plan names, its status and its year.

The ``context.quality_award`` rules (``resources/awards.jsonl``) find the award's name; this reads the
sentence around it with the phrases in ``resources/award_status.json``: held, working towards, expired
(lapsed), re-assessed, or not held when the mention is denied. An award is context for the inspector
(a claim to check, with its date), never evidence of provision by itself.

>>> import nlp
>>> [c.summary() for c in award_claims(nlp.analyse("We were reaccredited with the Quality in Careers Standard in 2024.").signals)]
['Quality in Careers Standard: re-assessed (2024)']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.rulefiles import read_json

CODE = "context.quality_award"
YEAR = re.compile(r"\b(20\d\d)(?:\s*[/\u2013-]\s*((?:20)?\d\d))?\b")  # 2023, 2023-24, 2018-2021


@dataclass(frozen=True)
class AwardClaim:
    """One mention of a quality award, read: name, status and the years stated, with its sentence."""

    award: str
    licensed: str
    status: str              # held | working_towards | reassessed | expired | not_held | mentioned
    status_label: str
    year: int | None         # the year of the status (awarded, re-assessed, lapsed) where stated
    valid_until: int | None  # the end of the award's period where stated
    trigger: str             # the status phrase read, or "" when none
    text: str                # the words that named the award
    sentence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule: str

    def summary(self) -> str:
        """The claim in one line: award, status, year and end of validity."""
        years = f" ({self.year})" if self.year else ""
        until = f", until {self.valid_until}" if self.valid_until else ""
        return f"{self.award}: {self.status_label}{years}{until}"

    def as_dict(self) -> dict:
        """JSON-ready, with the one-line summary."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__} | {"summary": self.summary()}


@lru_cache(maxsize=1)
def _data() -> dict:
    data = read_json("nlp.signals", "award_status.json")
    compiled = []
    for entry in data["statuses"]:
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in
                                                    sorted(entry["phrases"], key=len, reverse=True)) + r")(?![\w-])")
        compiled.append((entry["status"], entry["label"], rx))
    validity = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(data["validity_phrases"], key=len, reverse=True))
                          + r")\s*(?:the\s+end\s+of\s+|end\s+of\s+|summer\s+|spring\s+|autumn\s+|[a-z]+\s+)?$")
    breaks = re.compile("|".join(re.escape(b) for b in data["clause_breaks"]))
    return {"statuses": compiled, "validity": validity, "awards": data["awards"], "breaks": breaks,
            "not_held": data["not_held"], "mentioned": data["mentioned"]}


def _years(sentence: str) -> tuple[int | None, int | None]:
    """(year of the status, end of validity) from the years in a sentence."""
    data = _data()
    events, until = [], None
    for m in YEAR.finditer(sentence):
        before = sentence[max(0, m.start() - 30):m.start()].lower()
        year = int(m.group(1))
        if data["validity"].search(before):
            until = year if until is None else max(until, year)
        else:
            events.append(year)
        if m.group(2) and len(m.group(2)) == 4:  # a range of years: the award's period
            until = int(m.group(2)) if until is None else max(until, int(m.group(2)))
    return (max(events) if events else None), until


def clause_of(signal) -> str:
    """The clause of the signal's sentence that holds the award's name ("We do not hold X, but Y is
    planned": Y's clause is "Y is planned")."""
    sentence, at = signal.sentence, signal.start - signal.sentence_start
    start, end = 0, len(sentence)
    for m in _data()["breaks"].finditer(sentence.lower()):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at + len(signal.text):
            end = min(end, m.start())
    return sentence[start:end]


def read_claim(signal) -> AwardClaim:
    """The award named by one ``context.quality_award`` signal, with its status and years."""
    data = _data()
    rule = signal.rule
    base = rule.split("#", 1)[0]
    info = data["awards"].get(base) or data["awards"].get(rule) or {"name": signal.text, "licensed": "not stated"}
    clause = clause_of(signal)
    lowered = clause.lower()
    status = label = trigger = ""
    for code, name, rx in data["statuses"]:
        m = rx.search(lowered)
        if m:
            status, label, trigger = code, name, m.group(0)
            break
    if getattr(signal, "negated", False) and status in ("", "held"):
        status, label = data["not_held"]["status"], data["not_held"]["label"]
    elif getattr(signal, "hypothetical", False) and status in ("", "held"):
        status, label = "working_towards", next(n for c, n, _ in data["statuses"] if c == "working_towards")
    elif not status:
        status, label = data["mentioned"]["status"], data["mentioned"]["label"]
    year, until = _years(clause)
    if status == "expired" and until:
        year = until
    return AwardClaim(award=info["name"], licensed=info["licensed"], status=status, status_label=label, year=year,
                      valid_until=until, trigger=trigger, text=signal.text, sentence=signal.sentence.strip(),
                      start=signal.start, end=signal.end, sentence_start=signal.sentence_start,
                      sentence_end=signal.sentence_end, rule=rule)


def award_claims(signals) -> list[AwardClaim]:
    """Every award mention in a document's signals, one claim per sentence and award, in text order."""
    out, seen = [], set()
    for s in signals:
        if s.code != CODE:
            continue
        claim = read_claim(s)
        key = (claim.award, s.sentence_start)
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    return out


STATUS_ORDER = ("expired", "reassessed", "held", "working_towards", "not_held", "mentioned")


def current_awards(claims: list[AwardClaim]) -> list[AwardClaim]:
    """One claim per award: the one with the latest year (then the most telling status), in text order."""
    best: dict[str, AwardClaim] = {}
    for c in claims:
        old = best.get(c.award)
        if old is None or _rank(c) > _rank(old):
            best[c.award] = c
    return sorted(best.values(), key=lambda c: c.start)


def _rank(c: AwardClaim) -> tuple:
    return (c.year or c.valid_until or 0, len(STATUS_ORDER) - STATUS_ORDER.index(c.status))
