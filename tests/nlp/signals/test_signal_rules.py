"""The codebook rules: every rule fires on its own examples, each code on real phrasing, near misses do not."""
import pytest

from nlp.errors import RuleFileError
from nlp.signals import CODEBOOK, SIGNAL_CODES, SignalRule, load_signal_rules

RULES = load_signal_rules()


def test_codebook_is_the_public_contract():
    assert SIGNAL_CODES == (
        "pathway.academic", "pathway.technical", "activity.employer_encounter", "activity.workplace_experience",
        "activity.provider_encounter", "activity.personal_guidance", "activity.lmi", "activity.curriculum_link",
        "resource.online", "support.tailored", "governance.careers_leader", "governance.evaluation",
        "governance.provider_access", "governance.review_date", "outcome.destinations", "context.quality_award")
    assert set(CODEBOOK) == set(SIGNAL_CODES)


def test_every_code_has_rules():
    assert {r.label for r in RULES} >= set(SIGNAL_CODES)


@pytest.mark.parametrize(
    "rule, example",
    [(r, e) for r in RULES if r.label != "exclude" for e in r.examples],
    ids=lambda v: v.id if isinstance(v, SignalRule) else v[:40],
)
def test_each_rule_fires_on_its_examples(rule, example, find):
    assert any(s.code == rule.label for s in find(example, kind="notes")), (rule.id, example)


@pytest.mark.parametrize(
    "rule, example",
    [(r, e) for r in RULES if r.label == "exclude" for e in r.examples],
    ids=lambda v: v.id if isinstance(v, SignalRule) else v[:40],
)
def test_each_exclusion_blocks_what_it_names(rule, example, find):
    assert not any(s.code in rule.blocks for s in find(example)), (rule.id, example)


@pytest.mark.parametrize(
    "text, code, phrase",
    [
        ("Most students stay on for A levels.", "pathway.academic", "A levels"),
        ("Year 13 students get help with UCAS applications.", "pathway.academic", "UCAS"),
        ("Pupils hear about Russell Group universities.", "pathway.academic", "Russell Group universities"),
        ("Pupils learn about T-levels and apprenticeships.", "pathway.technical", "T-levels"),
        ("Callum wants an electrician appr.", "pathway.technical", "appr"),
        ("Degree apprenticeships are explained in Year 12.", "pathway.technical", "Degree apprenticeships"),
        ("Employers run workshops in school every term.", "activity.employer_encounter", "Employers run"),
        ("Y9 careers fair - all remembered", "activity.employer_encounter", "careers fair"),
        ("Mock interviews with local businesses in Year 11.", "activity.employer_encounter", "Mock interviews"),
        ("Every Year 10 pupil completes a week of work experience.", "activity.workplace_experience", "work experience"),
        ("wex in June", "activity.workplace_experience", "wex"),
        ("Mei doing her industry placement at a web agency", "activity.workplace_experience", "industry placement"),
        ("Pupils visit Headland College for a campus tour.", "activity.provider_encounter", "visit Headland College"),
        ("Two apprenticeship providers speak to the year group.", "activity.provider_encounter", "apprenticeship providers"),
        ("Every pupil has a one-to-one careers interview.", "activity.personal_guidance", "one-to-one careers interview"),
        ("Pupils use labour market information in PSHE.", "activity.lmi", "labour market information"),
        ("Science teachers link lessons to careers.", "activity.curriculum_link", "link lessons to careers"),
        ("we just get told to look on Unifrog", "resource.online", "Unifrog"),
        ("Careers opportunities are emailed to pupils as links.", "resource.online", "emailed to pupils as links"),
        ("Pupils with an EHCP have the adviser at their review.", "support.tailored", "EHCP"),
        ("We challenge gender stereotypes in jobs.", "support.tailored", "stereotypes"),
        ("Our Careers Leader is Mrs Helen Oduya.", "governance.careers_leader", "Careers Leader"),
        ("CHECK with CL", "governance.careers_leader", "CL"),
        ("We evaluate the programme using Compass+.", "governance.evaluation", "evaluate"),
        ("Our provider access policy statement is below.", "governance.provider_access", "provider access policy statement"),
        ("Next review: July 2027", "governance.review_date", "Next review: July 2027"),
        ("We track the destinations of every leaver.", "outcome.destinations", "destinations"),
    ],
)
def test_each_code_on_real_phrasing(text, code, phrase, find):
    found = [s.text for s in find(text, kind="notes", code=code)]
    assert any(phrase in t or t in phrase for t in found), (found, phrase)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Everything is summarised on the careers page of our website.", "resource.online"),
        ("Our website uses cookies to improve your experience.", "resource.online"),
        ("Mrs Khan studied Chemistry at the University of Leeds.", "pathway.academic"),
        ("Eastfield College is committed to safeguarding every learner.", "pathway.technical"),
        ("Northgate University Technical College opened in 2014.", "pathway.academic"),
        ("The apprentice site manager keeps the grounds tidy.", "pathway.technical"),
        ("Our Enterprise Adviser meets the careers team.", "activity.employer_encounter"),
        ("The learning resource centre is open until 5pm.", "support.tailored"),
        ("Attendance is monitored weekly by the attendance officer.", "governance.evaluation"),
        ("Please send an email to the office.", "support.tailored"),
        ("Pupils are treated fairly.", "activity.employer_encounter"),
        ("Pupils work hard in lessons.", "activity.workplace_experience"),
        ("A level 3 qualification is needed.", "pathway.academic"),
    ],
)
def test_near_misses_are_not_signals(text, code, find):
    assert find(text, code=code) == []


def test_same_code_words_in_one_clause_are_one_mention(find):
    found = find("Pupils complete online careers modules on Xello at home.", code="resource.online")
    assert [s.text for s in found] == ["online careers modules on Xello"]


def test_routes_in_a_list_are_one_signal_each(find):
    found = find("Routes include A levels, T levels, apprenticeships and college courses.")
    assert [s.text for s in found if s.code.startswith("pathway.")] == [
        "A levels", "T levels", "apprenticeships", "college courses"]


def test_a_provider_encounter_names_its_provider_type(find):
    found = find("Two apprenticeship providers speak to Year 8.", code="activity.provider_encounter")
    assert found[0].provider_type == "technical"


@pytest.mark.parametrize(
    "record, message",
    [
        ({"label": "pathway.academic", "pattern": "uni", "id": "pathway.academic/uni", "colour": "red"},
         "unknown key(s) colour (allowed keys: label, pattern, id,"),
        ({"label": "pathway.academics", "pattern": "uni", "id": "pathway.academics/uni"}, "not a codebook code"),
        ({"label": "pathway.academic", "pattern": "uni", "id": "uni"}, "must be 'pathway.academic/<name>'"),
        ({"label": "pathway.academic", "pattern": [], "id": "pathway.academic/uni"}, "non-empty list"),
        ({"label": "pathway.academic", "pattern": "uni"}, "missing id"),
        ({"label": "pathway.academic", "pattern": "uni", "id": "pathway.academic/x", "provider_type": "technical"},
         "provider_type is only for activity.provider_encounter"),
        ({"label": "exclude", "pattern": "x", "id": "exclude/x", "blocks": ["nope"]}, "not a codebook code"),
    ],
)
def test_a_malformed_rule_is_refused_with_what_was_expected(record, message):
    with pytest.raises(RuleFileError, match=".*") as err:
        SignalRule.from_dict(record, where="test.jsonl:1")
    assert message in str(err.value) and "test.jsonl:1" in str(err.value)


def test_rule_ids_are_stable_and_namespaced():
    for rule in RULES:
        assert rule.id.split("/")[0] == rule.label


def test_rules_named_by_not_with_exist():
    ids = {r.id for r in RULES}
    for rule in RULES:
        assert set(rule.not_with) <= ids, rule.id
