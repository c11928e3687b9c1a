"""What an analysis returns: signals, findings and their evidence, as plain JSON-ready records.

Offsets are character offsets into the analysed text, so ``text[signal.start:signal.end] ==
signal.text`` always holds and a briefing can quote any signal from its source document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nlp.stance import Stance


@dataclass(slots=True)
class Signal:
    """One codebook signal: what was said, where, under which rule, and in what context.

    Treat it as read-only. (It is not a frozen dataclass only because freezing made building the
    hundreds of signals in a document cost more than finding them.)

    ``delivered`` is the reading inspectors care about: named, not negated, not planned, not in doubt.
    ``limited`` marks provision only on request, by referral or for some pupils; ``online`` marks an
    encounter or guidance that happens online (a live online talk, virtual work experience). ``modifiers`` is the
    trail of context triggers and scope decisions that changed the signal.
    """

    code: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    rule: str
    negated: bool = False
    hypothetical: bool = False
    uncertain: bool = False
    limited: bool = False
    online: bool = False
    year_groups: tuple[int, ...] = ()
    year_group_source: str | None = None
    section_year_groups: tuple[int, ...] = ()
    modifiers: tuple[dict, ...] = ()
    provider_type: str | None = None

    @property
    def delivered(self) -> bool:
        """Said to happen: not negated, not hypothetical, not in doubt (the older booleans' reading;
        :attr:`stance` is the full one)."""
        return not (self.negated or self.hypothetical or self.uncertain)

    @property
    def stance(self) -> Stance:
        """How the text holds the signal (:class:`nlp.stance.Stance`); the trigger is in ``modifiers``."""
        return Stance.of(negated=self.negated, hypothetical=self.hypothetical, uncertain=self.uncertain,
                         limited=self.limited,
                         wish=self.hypothetical and any(m.get("rule", "").startswith("wish/") for m in self.modifiers))

    def as_dict(self) -> dict:
        """The signal as the JSON output gives it, with its stance and year groups."""
        return {
            "code": self.code, "text": self.text, "start": self.start, "end": self.end,
            "sentence": self.sentence, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "rule": self.rule, "negated": self.negated, "hypothetical": self.hypothetical,
            "uncertain": self.uncertain, "limited": self.limited, "online": self.online,
            "delivered": self.delivered, "stance": self.stance.value,
            "year_groups": list(self.year_groups), "year_group_source": self.year_group_source,
            "section_year_groups": list(self.section_year_groups),
            "modifiers": [dict(m) for m in self.modifiers], "provider_type": self.provider_type,
        }


@dataclass(frozen=True)
class Evidence:
    """Why a finding fired: a signal (with offsets), or for an absence, what was searched and not found.

    ``kind`` is ``"signal"`` (``signal`` set) or ``"absence"`` (``searched`` lists the codes or checks
    looked for, ``year_groups`` where they were looked for). ``note`` says what the item shows.
    """

    kind: str
    note: str
    signal: Signal | None = None
    searched: tuple[str, ...] = ()
    year_groups: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        """The evidence item as the JSON output gives it: the signal's fields, or what was searched for an
        absence."""
        record = {"kind": self.kind, "note": self.note}
        if self.signal is not None:
            s = self.signal
            record.update({
                "code": s.code, "text": s.text, "start": s.start, "end": s.end, "sentence": s.sentence,
                "sentence_start": s.sentence_start, "sentence_end": s.sentence_end, "rule": s.rule,
                "negated": s.negated, "hypothetical": s.hypothetical, "uncertain": s.uncertain,
                "limited": s.limited, "online": s.online, "year_groups": list(s.year_groups),
            })
        else:
            record.update({"searched": list(self.searched), "year_groups": list(self.year_groups)})
        return record


@dataclass(frozen=True)
class Finding:
    """A weak spot the text shows, in inspectors' words, with the criteria it bears on and its evidence.

    ``year_groups``: for notes, the groups of pupils whose words show it; for plans, the year groups the
    finding concerns (empty when it concerns the whole plan).
    """

    code: str
    criteria: tuple[str, ...]
    severity: str
    summary: str
    evidence: tuple[Evidence, ...] = ()
    year_groups: tuple[int, ...] = ()
    rule: str = ""

    def as_dict(self) -> dict:
        """The finding as the JSON output gives it, with its evidence."""
        return {
            "code": self.code, "criteria": list(self.criteria), "severity": self.severity,
            "summary": self.summary, "year_groups": list(self.year_groups), "rule": self.rule,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Analysis:
    """Everything the engine found in one text."""

    kind: str
    phase: str | None
    year_groups: tuple[int, ...]
    heard_year_groups: tuple[int, ...]
    signals: tuple[Signal, ...]
    findings: tuple[Finding, ...] = ()
    words: int = 0
    sections: tuple[dict, ...] = field(default=())

    def signals_for(self, code: str) -> list[Signal]:
        """The signals with one code, in text order."""
        return [s for s in self.signals if s.code == code]

    def finding(self, code: str) -> Finding | None:
        """The finding with one code, or None when the rules did not raise it."""
        return next((f for f in self.findings if f.code == code), None)

    @property
    def finding_codes(self) -> tuple[str, ...]:
        """The codes of the findings raised, in order."""
        return tuple(f.code for f in self.findings)

    def as_dict(self) -> dict:
        """The whole analysis as the JSON output gives it."""
        return {
            "kind": self.kind, "phase": self.phase, "year_groups": list(self.year_groups),
            "heard_year_groups": list(self.heard_year_groups), "words": self.words,
            "sections": [dict(s) for s in self.sections],
            "signals": [s.as_dict() for s in self.signals],
            "findings": [f.as_dict() for f in self.findings],
        }
