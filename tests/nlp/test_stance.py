"""One stance vocabulary: every signal's stance follows the context trigger that modified it, and the
readings the toolkit takes from a stance (delivered, claims provision, hypothetical) are fixed sets."""
import pytest

import nlp
from nlp.stance import Stance


@pytest.mark.parametrize("text, kind, stance", [
    ("Pupils do not receive work experience.", "plan", Stance.NEGATED),
    ("The school no longer offers work experience.", "plan", Stance.NEGATED),
    ("We will introduce work experience for Year 10.", "plan", Stance.PLANNED),
    ("16% wanted more talks from employers.", "notes", Stance.WISHED),
    ("Dev thought maybe there was a careers fair.", "notes", Stance.UNCERTAIN),
    ("Careers interviews are available on request.", "plan", Stance.LIMITED),
    ("Every pupil in Year 10 completes a week of work experience.", "plan", Stance.AFFIRMED),
])
def test_the_stance_of_a_signal_names_what_the_text_does_with_it(text, kind, stance):
    signals = nlp.analyse(text, kind=kind, phase="11-16", year_groups=(10,) if kind == "notes" else None).signals
    assert signals, text
    assert {s.stance for s in signals} == {stance}
    assert all(s.as_dict()["stance"] == stance.value and type(s.as_dict()["stance"]) is str for s in signals)


def test_every_combination_of_context_flags_has_one_stance_in_the_engines_order_of_precedence():
    flags = ("negated", "hypothetical", "uncertain", "limited")
    for n in range(16):
        on = {f: bool(n >> i & 1) for i, f in enumerate(flags)}
        stance = Stance.of(**on)
        first = next((f for f in flags if on[f]), None)
        assert stance == {"negated": Stance.NEGATED, "hypothetical": Stance.PLANNED, "uncertain": Stance.UNCERTAIN,
                          "limited": Stance.LIMITED, None: Stance.AFFIRMED}[first]
        # Signal.delivered and Stance.delivered are one reading
        assert stance.delivered == (not (on["negated"] or on["hypothetical"] or on["uncertain"]))


def test_readings_of_a_stance():
    assert {s for s in Stance if s.delivered} == {Stance.AFFIRMED, Stance.LIMITED}
    assert {s for s in Stance if s.claims_provision} == {Stance.AFFIRMED, Stance.LIMITED, Stance.UNCERTAIN}
    assert {s for s in Stance if s.hypothetical} == {Stance.PLANNED, Stance.WISHED}


def test_a_stored_signal_record_reads_back_to_the_same_stance():
    for signal in nlp.analyse("We will introduce work experience. Pupils did not meet employers. Interviews are "
                              "available on request.", kind="plan").signals:
        record = signal.as_dict()
        assert Stance.of_record(record) is signal.stance
        del record["stance"]  # an older record without the word is read from its flags
        assert Stance.of_record(record) is signal.stance


def test_a_reviewers_decision_is_not_a_stance():
    from inspector_kit.review_store import DECISIONS, ReviewStatus

    assert not set(DECISIONS) & {s.value for s in Stance}
    assert ReviewStatus.of(None) is ReviewStatus.PENDING
    assert ReviewStatus.of({"decision": "dismissed"}) is ReviewStatus.DISMISSED
