"""A question in notes takes the stance of its answer: what was asked about is not provision when the
pupils answer 'no', look blank or describe a denial; a 'yes' or an answer about another topic leaves it."""
import pytest

from nlp.context.answers import load_answer_rules, questions
from tests.nlp.conftest import signals_of

RULES = load_answer_rules()
EXAMPLES = [(rule.id, text, code) for rule in RULES.rules for text, code in rule.examples]


@pytest.mark.parametrize("rule_id, text, code", EXAMPLES, ids=[f"{r}:{t[:30]}" for r, t, _ in EXAMPLES])
def test_each_answer_rule_example_denies_what_the_question_asked_about(rule_id, text, code):
    found = signals_of(text, kind="notes", code=code)
    assert found, f"no {code} signal in {text!r}"
    assert all(s.negated or s.hypothetical for s in found)
    assert any(m["rule"] == rule_id and m.get("question") for s in found for m in s.modifiers)


def test_every_answer_rule_has_an_example():
    assert all(rule.examples for rule in RULES.rules)


@pytest.mark.parametrize("text, code", [
    ("Q: done work experience? 'Yes, two weeks at a garage.'", "activity.workplace_experience"),
    ("Q: been to a college open day? Most had, with parents.", "activity.provider_encounter"),
    ("Q: used Unifrog? 4 of 6 said every week in tutor time.", "resource.online"),
    ("Do you offer work experience?\nAll Year 10 students spend a week with an employer.",
     "activity.workplace_experience"),
])
def test_a_question_answered_yes_keeps_what_it_asked_about(text, code):
    found = signals_of(text, kind="notes", code=code)
    assert found and not any(s.negated or s.hypothetical for s in found)


def test_an_answer_that_names_its_own_topic_denies_that_topic_not_the_question():
    text = "Q: advice on what to do after your T level? 'Nobody has mentioned university to us.'"
    technical = signals_of(text, kind="notes", code="pathway.technical")
    academic = signals_of(text, kind="notes", code="pathway.academic")
    assert technical and not any(s.negated for s in technical)
    assert academic and all(s.negated for s in academic)


def test_an_embedded_asked_question_ends_at_its_comma_and_the_answer_follows():
    text = "Y11 group: asked where last year's leavers went, none of them knew."
    (start, end, answer_start, rule_id), = questions(text, RULES)
    assert text[start:end] == "asked where last year's leavers went"
    assert text[answer_start:].startswith("none of them")
    assert rule_id == "question/asked-about"


def test_the_recorded_modifier_quotes_the_answer_words_and_the_question():
    text = "Q: ever used Unifrog in school? Heads shaken."
    (signal,) = signals_of(text, kind="notes", code="resource.online")
    (modifier,) = [m for m in signal.modifiers if m["rule"].startswith("answer/")]
    assert text[modifier["start"]:modifier["end"]] == modifier["trigger"] == "Heads shaken"
    assert modifier["question"] == "Q: ever used Unifrog in school?"


def test_a_bare_no_answers_the_question_even_when_the_answer_goes_on_about_something_else():
    text = "Q: been to a college open day? 'No, only the sixth form one.'"
    found = signals_of(text, kind="notes", code="activity.provider_encounter")
    assert found and all(s.negated for s in found)
    text = "Q: advice on what to do after your T level? 'Nobody's mentioned university to us.'"
    assert not any(s.negated for s in signals_of(text, kind="notes", code="pathway.technical"))
