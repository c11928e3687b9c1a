"""Stance at clause level: denials, limits, discontinuation, wishes and plans each have a scope that ends
at the clause or list item; counterfactuals do not deny; list items inherit their lead-in's stance."""
import pytest

from tests.nlp.conftest import signals_of


def stance(s):
    if s.negated:
        return "negated"
    if s.hypothetical:
        return "hypothetical"
    return "affirmed"


def stances(text, code, kind="notes"):
    return [stance(s) for s in signals_of(text, kind=kind, code=code)]


@pytest.mark.parametrize("text, code, expected, family", [
    ("The government's decision to stop compulsory work experience cut the links.",
     "activity.workplace_experience", ["negated"], "discontinued/"),
    ("Our Year 9 careers fair was scrapped two years ago.", "activity.employer_encounter", ["negated"], "discontinued/"),
    ("The school no longer runs work experience.", "activity.workplace_experience", ["negated"], "discontinued/"),
    ("We used to hold a jobs fair in the hall.", "activity.employer_encounter", ["negated"], "discontinued/"),
    ("Technical courses and apprenticeships were seldom discussed.", "pathway.technical", ["negated", "negated"],
     "limitation/"),
    ("Few schools were putting apprenticeships in front of pupils.", "pathway.technical", ["negated"], "limitation/"),
    ("The academy failed to bring local employers into lessons.", "activity.employer_encounter", ["negated"],
     "limitation/"),
    ("A third of young people asked for more talks from employers.", "activity.employer_encounter",
     ["hypothetical"], "wish/"),
    ("I wish the school had arranged work experience for us.", "activity.workplace_experience",
     ["hypothetical"], "wish/"),
])
def test_a_denial_limit_or_wish_is_not_provision_and_names_its_trigger(text, code, expected, family):
    found = signals_of(text, kind="notes", code=code)
    assert [stance(s) for s in found] == expected
    assert all(any(m["rule"].startswith(family) for m in s.modifiers) for s in found)


@pytest.mark.parametrize("text, code", [
    ("Meeting the firms gave pupils an experience they would not otherwise have had: a mock interview.",
     "activity.employer_encounter"),
    ("Volunteers from many industries shared insights that cannot be replicated in the classroom.",
     "activity.employer_encounter"),
    ("Careers is not only taught in tutor time but embedded across the curriculum.", "activity.curriculum_link"),
    ("It is never too early for a careers fair.", "activity.employer_encounter"),
])
def test_counterfactuals_and_not_only_do_not_deny(text, code):
    found = stances(text, code, kind="plan")
    assert found and set(found) == {"affirmed"}


def test_a_passage_that_affirms_and_denies_one_code_reports_each_mention_with_its_own_stance():
    text = "Nobody had done work experience, but all of them had done a work placement in Year 12."
    assert stances(text, "activity.workplace_experience") == ["negated", "affirmed"]


def test_a_result_clause_ends_the_scope_of_a_limit():
    text = "Apprenticeships were rarely promoted, meaning A levels remain the default."
    assert stances(text, "pathway.technical") == ["negated"]
    assert stances(text, "pathway.academic") == ["affirmed"]


def test_a_comma_before_a_new_subject_ends_a_denial():
    text = "None of them had heard of T levels, all of them knew about apprenticeships"
    assert stances(text, "pathway.technical") == ["negated", "affirmed"]


@pytest.mark.parametrize("lead_in, expected", [
    ("Pupils in this group had not heard of:", "negated"),
    ("From next year we will introduce:", "hypothetical"),
    ("Every pupil takes part in:", "affirmed"),
])
def test_list_items_inherit_the_stance_of_their_lead_in(lead_in, expected):
    text = f"{lead_in}\n- work experience\n- mock interviews with local employers\n\nEmployers visit every term."
    found = signals_of(text, kind="plan")
    items = [s for s in found if s.start < text.index("Employers visit")]
    assert items and {stance(s) for s in items} == {expected}
    after = [s for s in found if s.start >= text.index("Employers visit")]
    assert [stance(s) for s in after] == ["affirmed"]


@pytest.mark.parametrize("text, code", __import__("nlp.context.clauses", fromlist=["examples"]).examples())
def test_a_fronted_clause_ends_at_its_comma_so_its_denial_stays_inside_it(text, code):
    found = signals_of(text, kind="notes", code=code)
    assert found and not any(s.negated or s.hypothetical for s in found)


def test_without_the_fronted_clause_the_same_denial_would_reach_the_signal():
    text = "The school had turned away the college and published a provider access statement."
    assert all(s.negated for s in signals_of(text, kind="notes", code="governance.provider_access"))


@pytest.mark.parametrize("text, expected", [
    ("Pupils were told apprenticeships were for those who don't do well.", ["negated"]),
    ("Teachers discouraged her from applying for an apprenticeship.", ["negated"]),
    ("Dev said 'nobody made me feel like an apprenticeship was second best'.", ["affirmed"]),
    ("Apprenticeships are not a last resort here, and staff say so.", ["affirmed"]),
])
def test_a_route_belittled_is_denied_but_a_denied_belittling_is_not(text, expected):
    assert stances(text, "pathway.technical") == expected


@pytest.mark.parametrize("text, code, expected", [
    ("Work experience was called off at short notice.", "activity.workplace_experience", ["negated"]),
    ("Our work experience week was replaced with an online module.", "activity.workplace_experience", ["negated"]),
    ("Pupils with SEND follow the same programme as everyone else, with no adjustments.", "support.tailored",
     ["negated"]),
    ("Those who might struggle with the move to college have additional visits.", "support.tailored",
     ["affirmed"]),
    ("A Connexions worker sees each Year 11 for a chat about their next steps.", "activity.personal_guidance",
     ["affirmed"]),
])
def test_stopping_replacing_and_sameness_deny_but_a_move_to_college_and_next_steps_do_not(text, code, expected):
    assert stances(text, code, kind="plan") == expected
