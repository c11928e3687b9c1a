"""How a text holds what it names: the one stance vocabulary of the whole toolkit.

The engine used to be read five ways downstream ("affirmed" meant not negated in one place, said to
happen in another, reviewer-accepted in a third). Every reading now starts from :class:`Stance`, set
by the engine from its context triggers (``nlp/context/resources``), and the readings a consumer
needs are named sets on it (:attr:`Stance.delivered`, :attr:`Stance.claims_provision`, ...). A
reviewer's verdict on a finding is not a stance: it is kept apart (``inspector_kit.review_store``).

>>> Stance.of(negated=False, hypothetical=True, uncertain=False, limited=False, wish=True)
<Stance.WISHED: 'wished'>
>>> Stance.LIMITED.delivered, Stance.UNCERTAIN.claims_provision, Stance.UNCERTAIN.delivered
(True, True, False)
"""
from __future__ import annotations

from enum import StrEnum


class Stance(StrEnum):
    """One word for how the text holds a signal, in the engine's order of precedence.

    Which trigger category sets which stance (``nlp/context/resources/*.jsonl``):

    - ``negated``: NEGATED_EXISTENCE (negation, limitation read as denial, discontinued);
    - ``wished``: HYPOTHETICAL from a ``wish/`` rule ("wanted more talks from employers");
    - ``planned``: any other HYPOTHETICAL (future, intended, conditional);
    - ``uncertain``: UNCERTAIN ("not sure", "maybe");
    - ``limited``: LIMITED (on request, by referral, for some pupils);
    - ``affirmed``: none of these: said to happen.

    A string enum, so JSON and ``==`` with the old strings are unchanged.
    """

    AFFIRMED = "affirmed"
    NEGATED = "negated"
    LIMITED = "limited"
    PLANNED = "planned"
    WISHED = "wished"
    UNCERTAIN = "uncertain"

    @classmethod
    def of(cls, *, negated: bool, hypothetical: bool, uncertain: bool, limited: bool, wish: bool = False) -> "Stance":
        """The stance of a signal from its context flags; ``wish``: a hypothetical set by a ``wish/`` rule."""
        if negated:
            return cls.NEGATED
        if hypothetical:
            return cls.WISHED if wish else cls.PLANNED
        if uncertain:
            return cls.UNCERTAIN
        if limited:
            return cls.LIMITED
        return cls.AFFIRMED

    @classmethod
    def of_record(cls, record: dict) -> "Stance":
        """The stance of a signal given as a plain record (``Signal.as_dict()``, as thematic reviews keep)."""
        if record.get("stance"):
            return cls(record["stance"])
        return cls.of(negated=bool(record.get("negated")), hypothetical=bool(record.get("hypothetical")),
                      uncertain=bool(record.get("uncertain")), limited=bool(record.get("limited")),
                      wish=any(str(m.get("rule", "")).startswith("wish/") for m in record.get("modifiers") or ()))

    @property
    def hypothetical(self) -> bool:
        """Not (yet) provision: planned, intended, conditional or wished for."""
        return self in _HYPOTHETICAL

    @property
    def delivered(self) -> bool:
        """Said to happen, without doubt (limited provision is still provision): what findings count."""
        return self in _DELIVERED

    @property
    def claims_provision(self) -> bool:
        """Named as happening, perhaps in doubt or only for some: neither denied nor only intended. What
        the triangulation, Gatsby coverage and the statutory checks take as the text's claim."""
        return self in _CLAIMS


_HYPOTHETICAL = frozenset({Stance.PLANNED, Stance.WISHED})
_DELIVERED = frozenset({Stance.AFFIRMED, Stance.LIMITED})
_CLAIMS = frozenset({Stance.AFFIRMED, Stance.LIMITED, Stance.UNCERTAIN})
