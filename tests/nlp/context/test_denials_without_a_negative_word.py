"""Denials that real writers put without 'not' or 'no' ('slow to organise', 'unclear about', 'little
support', 'held by the LA but not requested'), and the readings that look like denials and are not
('never thought about it till', 'a little extra help', 'who will reply')."""
import pytest

from tests.nlp.conftest import signals_of


def affirmed(text, code, kind="notes"):
    return [not (s.negated or s.hypothetical) for s in signals_of(text, kind=kind, code=code)]


def denied(text, code, kind="notes"):
    """The code is found, and every mention of it is denied (negated or not yet real)."""
    stances = affirmed(text, code, kind)
    return bool(stances) and not any(stances)


def affirmed_throughout(text, code, kind="notes"):
    """The code is found, and every mention of it is affirmed."""
    stances = affirmed(text, code, kind)
    return bool(stances) and all(stances)


@pytest.mark.parametrize("text, code", [
    ("The trust has been slow to arrange work experience for its Year 10 pupils.", "activity.workplace_experience"),
    ("Most of the group were unclear about what an apprenticeship involves.", "pathway.technical"),
    ("Year 11 were unsure which colleges offer T levels.", "pathway.technical"),
    ("Learners with an EHCP get little careers support tailored to them.", "support.tailored"),
    ("There is scant work experience on offer for the sixth form.", "activity.workplace_experience"),
    ("The school pays for Unifrog but never uses it in tutor time.", "resource.online"),
    ("Leavers' destination figures are collected by the trust but not shared with the school.", "outcome.destinations"),
    ("Her mum said the careers adviser told her a college course would be wasting herself.", "pathway.technical"),
])
def test_a_denial_without_a_negative_word_is_read_as_a_denial(text, code):
    assert denied(text, code)


@pytest.mark.parametrize("text, code", [
    ("I had never heard of T levels until the careers adviser talked us through them.", "pathway.technical"),
    ("We did not have a careers interview until Year 11, but it was really useful.", "activity.personal_guidance"),
    ("The adviser gave me a little extra support with my college application.", "support.tailored"),
    ("There is little doubt that the work experience week helps pupils choose.", "activity.workplace_experience"),
])
def test_words_that_look_like_a_denial_but_affirm_leave_the_provision_affirmed(text, code):
    assert affirmed_throughout(text, code)


def test_a_limit_after_but_is_not_an_elliptical_denial():
    text = "Work experience is offered to Year 12 but not to Year 10."
    assert affirmed(text, "activity.workplace_experience", kind="plan") == [True]


def test_a_persons_future_action_does_not_make_the_person_hypothetical():
    text = "Please contact our careers leader, Mrs P. Lowe, who will reply within five working days."
    assert affirmed(text, "governance.careers_leader", kind="plan") == [True]


def test_a_capitalised_little_is_a_name_not_a_denial():
    text = "Pupils from Little Broughton Academy visited the college on a taster day."
    assert affirmed(text, "activity.provider_encounter", kind="plan") == [True]


def test_providers_welcome_to_speak_to_pupils_is_the_provider_access_arrangement():
    text = "Training providers and colleges are welcome to speak to our students in assemblies; please contact the careers office."
    assert affirmed(text, "governance.provider_access", kind="plan") == [True]


@pytest.mark.parametrize("text, code", [
    ("Barely any of the Year 10 group had been to a college open evening.", "activity.provider_encounter"),
    ("Pupils who want to go into construction are left to find out about apprenticeships on their own.",
     "pathway.technical"),
    ("Employer talks are listed in the plan, but the pupils we met could not remember hearing any.",
     "activity.employer_encounter"),
])
def test_almost_none_or_left_to_themselves_is_a_denial(text, code):
    assert denied(text, code)


def test_a_plan_that_leaves_research_to_students_is_not_denied():
    text = "Students research apprenticeships for themselves on Unifrog in tutor time."
    assert all(affirmed(text, "pathway.technical", kind="plan"))


def test_gatsby_wording_for_employer_contact_is_an_employer_encounter():
    assert affirmed("Every pupil has encounters with employers each year.", "activity.employer_encounter") == [True]
    assert affirmed("Year 8 had regular contact with local businesses.", "activity.employer_encounter") == [True]


def test_a_benchmark_title_is_still_not_an_encounter():
    assert affirmed("Benchmark 5: Encounters with employers and employees", "activity.employer_encounter",
                    kind="plan") == []


def test_a_website_that_lacks_required_information_is_not_an_online_offer():
    text = "The school's website does not contain the required careers information."
    assert affirmed(text, "resource.online") == []


def test_someone_new_in_post_is_in_post_and_a_post_being_recruited_to_is_vacant():
    assert affirmed("Our new careers leader, Mr Shah, started in September.", "governance.careers_leader",
                    kind="plan") == [True]
    assert affirmed("We are currently recruiting a new careers leader.", "governance.careers_leader",
                    kind="plan") == [False]


def test_a_dash_in_a_note_links_a_denial_back_but_a_bullet_dash_does_not():
    note = "Y10 FG: the careers adviser 'is for people who are stuck' - none of them had asked to see her."
    assert affirmed(note, "activity.personal_guidance") == [False]
    bullets = "## Y11 group\n- all staying on for A levels at the sixth form\n- none of them had heard of T levels"
    assert all(affirmed(bullets, "pathway.academic"))


def test_a_provider_asking_to_speak_to_pupils_is_provider_access_not_an_encounter():
    text = "Training providers may ask to speak to pupils in Years 8 to 13 by contacting the careers leader."
    assert affirmed(text, "governance.provider_access", kind="plan") == [True]
    assert affirmed(text, "activity.provider_encounter", kind="plan") == []


def test_careers_in_schemes_of_work_is_a_curriculum_link():
    text = "Careers is a standing item in every department's scheme of work."
    assert affirmed(text, "activity.curriculum_link", kind="plan") == [True]


@pytest.mark.parametrize("text, code", [
    ("T levels weren't really pushed at our school.", "pathway.technical"),
    ("The head of sixth form put pupils off vocational courses.", "pathway.technical"),
    ("BTECs are seen by some staff as a route for pupils who are struggling.", "pathway.technical"),
    ("Parents' awareness of degree apprenticeships remains low.", "pathway.technical"),
    ("Placements were limited to a single afternoon this year.", "activity.workplace_experience"),
])
def test_a_route_or_activity_played_down_is_denied(text, code):
    assert denied(text, code)


def test_pupils_still_waiting_for_an_interview_have_not_had_it():
    assert affirmed("Half of Year 11 are still waiting for a careers interview.", "activity.personal_guidance") == [False]


def test_provision_limited_to_a_group_is_not_called_poor():
    signals = signals_of("Personal guidance is limited to those at risk of becoming NEET.", kind="plan",
                         code="activity.personal_guidance")
    assert signals and not any(s.negated for s in signals)


def test_a_denial_does_not_reach_the_person_it_is_attributed_to():
    text = "There are no links with local colleges, according to the careers leader."
    assert affirmed(text, "governance.careers_leader") == [True]


def test_a_but_clause_that_names_its_own_topic_denies_that_topic_not_the_one_before():
    text = ("Sixth formers get strong support with university applications, but they are not given enough "
            "information about apprenticeships.")
    assert affirmed_throughout(text, "pathway.academic")
    assert affirmed(text, "pathway.technical") == [False]


@pytest.mark.parametrize("text, code", [
    ("The provider access statement on the website is out of date.", "governance.provider_access"),
    ("The careers website the council ran has been switched off.", "resource.online"),
    ("LMI here is a display board by the canteen that nobody reads.", "activity.lmi"),
    ("Schools in the north of the county reported the weakest employer engagement.", "activity.employer_encounter"),
])
def test_failing_switched_off_unread_or_worst_is_denied(text, code):
    assert denied(text, code)


def test_a_conditional_refusal_in_a_provider_access_statement_is_not_a_refusal():
    text = "Requests for access will be refused where a provider cannot meet our safeguarding requirements."
    assert any(affirmed(text, "governance.provider_access", kind="plan"))


@pytest.mark.parametrize("text", [
    "Year 11 faced a panel from the fire service and a retired bank manager.",
    "Year 9 met two engineers from the water company.",
])
def test_people_from_an_organisation_named_by_its_kind_are_an_employer_encounter(text):
    assert any(affirmed(text, "activity.employer_encounter", kind="plan"))


def test_a_new_head_of_futures_is_in_post_and_a_progression_coach_gives_guidance():
    assert affirmed("Our new Head of Futures joined us in January.", "governance.careers_leader", kind="plan") == [True]
    assert affirmed("Every learner meets a progression coach in their first term.", "activity.personal_guidance",
                    kind="plan") == [True]
    assert affirmed("Students visit the college before their transition review.", "activity.personal_guidance",
                    kind="plan") == []


def test_not_until_it_was_too_late_is_still_a_denial():
    text = "They had not been taught about T levels until it was too late to apply."
    assert affirmed(text, "pathway.technical") == [False]


def test_unless_named_after_is_refused_on_a_trigger_that_does_not_look_back():
    from nlp.context.rules import ContextRule
    from nlp.errors import RuleFileError

    record = {"label": "NEGATED_EXISTENCE", "pattern": "but nobody", "id": "negation/example", "direction": "forward",
              "unless_named_after": True}
    with pytest.raises(RuleFileError, match="unless_named_after needs direction backward"):
        ContextRule.from_dict(record, where="negation.jsonl:1")
    assert ContextRule.from_dict(dict(record, direction="backward")).unless_named_after


def test_an_embedded_question_may_end_at_a_spaced_dash():
    assert affirmed("Y9 FG: asked about jobs growing locally - blank looks.", "activity.lmi") == [False]
    assert affirmed("Y10: asked about work experience - all had done a week in July.",
                    "activity.workplace_experience") == [True]


def test_a_day_at_cambridge_is_a_university_visit():
    assert affirmed("We went to Cambridge for the day.", "activity.provider_encounter") == [True]



def test_vacancies_undated_reviews_and_suggestions_are_not_provision():
    assert affirmed("The Head of Careers post is currently being recruited to.", "governance.careers_leader",
                    kind="plan") == [False]
    assert affirmed("Date of next review: to be confirmed", "governance.review_date", kind="plan") == []
    assert affirmed("Date of next review: July 2027", "governance.review_date", kind="plan") == [True]
    suggestions = "Suggestions from the student careers council: more talks from employers and a university trip."
    assert affirmed(suggestions, "activity.employer_encounter", kind="plan") == [False]


def test_a_one_to_one_had_or_an_adviser_named_by_their_field_is_personal_guidance():
    assert affirmed("Y11 FG: all had 1:1 w/ adviser in Oct.", "activity.personal_guidance") == [True]
    assert affirmed("Our apprenticeship adviser runs a weekly clinic.", "activity.personal_guidance",
                    kind="plan") == [True]
