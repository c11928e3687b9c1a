"""A sentence that names no provision and points back with a pronoun ("Nobody had met her.") denies what
the sentence before it named; provision that exists 'but' is not taken up, or a route mentioned once, is denied."""
import pytest

from nlp.context.rules import ContextRule
from nlp.errors import RuleFileError
from tests.nlp.conftest import signals_of


def affirmed(text, code, kind="notes"):
    return [not (s.negated or s.hypothetical) for s in signals_of(text, kind=kind, code=code)]


def rules_of(text, code, kind="notes"):
    return {m["rule"] for s in signals_of(text, kind=kind, code=code) for m in s.modifiers}


@pytest.mark.parametrize("text, code", [
    ("There is a careers platform on the school website. Nobody in the group had ever logged in to it.",
     "resource.online"),
    ("The plan names a careers adviser for the sixth form. None of the students had met her.",
     "activity.personal_guidance"),
    ("A Year 8 employer day is on the calendar. Pupils said it never happened.", "activity.employer_encounter"),
    ("Year 10 used a week of work placements with local firms. That was scrapped in 2021.",
     "activity.workplace_experience"),
])
def test_a_denial_pointing_back_denies_the_sentence_before(text, code):
    assert affirmed(text, code) == [False]
    assert rules_of(text, code) & {"negation/points-back", "discontinued/points-back"}


def test_a_bare_question_between_does_not_break_the_reference():
    text = "Y9 FG. Careers adviser - 'who?'. Nobody had met her."
    assert affirmed(text, "activity.personal_guidance") == [False]


def test_a_sentence_that_names_its_own_provision_keeps_the_one_before():
    text = "The careers adviser sees every Year 11 pupil. Nobody had used Unifrog in lessons, they said."
    assert affirmed(text, "activity.personal_guidance") == [True]
    assert affirmed(text, "resource.online") == [False]


def test_pointing_back_reaches_only_one_sentence_with_provision():
    text = ("Employers visit every term. The careers adviser is in school on Mondays. "
            "None of the pupils had seen her.")
    assert affirmed(text, "activity.employer_encounter") == [True]
    assert affirmed(text, "activity.personal_guidance") == [False]


def test_a_question_answered_in_the_negative_keeps_its_answer_rule():
    text = "Q: met any apprenticeship providers? 'There was supposed to be a fair but it got cancelled.'"
    found = signals_of(text, kind="notes", code="activity.provider_encounter")
    assert found and all(s.negated or s.hypothetical for s in found)
    assert not rules_of(text, "activity.provider_encounter") & {"discontinued/points-back"}


@pytest.mark.parametrize("text, code", [
    ("They all have Unifrog logins but nobody has ever shown them how to use it.", "resource.online"),
    ("Year 11 knew about the careers fair but none of them had gone.", "activity.employer_encounter"),
])
def test_provision_that_is_there_but_not_taken_up_is_denied(text, code):
    assert affirmed(text, code) == [False]
    assert "negation/there-but-unused" in rules_of(text, code)


@pytest.mark.parametrize("text, code", [
    ("They had an employer talk but not a workplace visit.", "activity.employer_encounter"),
    ("We run a careers fair in Year 10, but not in Year 9.", "activity.employer_encounter"),
    ("The adviser sees every pupil, but those who cannot attend are seen online.", "activity.personal_guidance"),
    ("Destination data is kept for every leaver, but leaders do not use it to judge the programme.",
     "outcome.destinations"),
])
def test_a_limit_or_a_leader_s_use_after_but_is_not_a_denial(text, code):
    assert affirmed(text, code, kind="plan") == [True]


def test_only_a_trigger_can_point_back_a_terminator_cannot():
    with pytest.raises(RuleFileError, match="the scopes it ends"):
        ContextRule.from_dict({"label": "TERMINATE", "pattern": "but", "id": "terminate/x",
                                 "direction": "previous"}, "test")


@pytest.mark.parametrize("text, code", [
    ("Our tutor mentioned T levels once, in Year 10.", "pathway.technical"),
    ("Apprenticeships came up briefly in one assembly.", "pathway.technical"),
])
def test_a_route_mentioned_once_has_not_been_put_in_front_of_pupils(text, code):
    assert affirmed(text, code) == [False]


def test_the_person_who_mentioned_it_once_is_not_denied():
    text = "The careers adviser told us about college courses once in Year 9."
    assert affirmed(text, "activity.personal_guidance") == [True]
