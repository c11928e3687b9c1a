"""Findings: each fires on the weak spot it names and not on a strong counterpart; kind and phase decide
what applies; evidence points at the words (or says what was searched for)."""
import json
import re
from pathlib import Path

import pytest

import nlp
from nlp.findings import FINDING_CODES, criteria_ids, load_finding_rules

STRONG_PLAN = """# Careers programme
Our Careers Leader is Mrs Helen Oduya (h.oduya@school.example, 01632 960142).
## Year 7
Every Year 7 pupil takes part in a World of Work day with local employers. Pupils visit a local college.
## Year 8
In Year 8 every pupil meets employers at a speed-networking morning and hears two apprenticeship providers.
## Year 9
Every Year 9 pupil meets two providers of technical education and attends the careers fair.
## Year 10
Every Year 10 pupil completes a week of work experience and has a one-to-one guidance interview with our
independent careers adviser. Pupils take part in mock interviews with employers.
## Year 11
Every Year 11 pupil has a second guidance interview. Our post-16 fair brings colleges, sixth forms and
apprenticeship providers together, so pupils hear about A levels, T levels and apprenticeships.
## SEND and disadvantaged pupils
Pupils with SEND and disadvantaged pupils get tailored support; we challenge stereotypes.
## Provider access policy statement
Providers of technical education may request access; see our provider access policy statement.
## Impact
We evaluate the programme with Compass+ and pupil surveys, and we track the destinations of every leaver.
Next review: July 2027.
"""


def codes(text, kind="plan", **kwargs):
    return set(nlp.analyse(text, kind=kind, **kwargs).finding_codes)


def test_a_strong_plan_has_no_findings():
    assert codes(STRONG_PLAN, phase="11-16") == set()


@pytest.mark.parametrize(
    "code, weak, kind, phase",
    [
        ("academic_bias", "Most students go to university. We support UCAS applications, Oxbridge and Russell Group "
         "applications, A levels and degrees. Apprenticeships are not promoted.", "plan", "11-18"),
        ("thin_ks3", STRONG_PLAN.replace("## Year 7\nEvery Year 7 pupil takes part in a World of Work day with local "
                                         "employers. Pupils visit a local college.", "## Year 7\nWe will introduce "
                                         "careers lessons.").replace("In Year 8 every pupil meets employers at a "
                                         "speed-networking morning and hears two apprenticeship providers.",
                                         "Year 8 pupils will have a careers day."), "plan", "11-16"),
        ("website_only", "Our careers offer is Unifrog. Pupils use the National Careers Service website and links "
         "emailed each Friday. The careers page of our website lists useful websites.", "plan", "11-16"),
        ("no_personal_guidance", STRONG_PLAN.replace("has a one-to-one guidance interview with our\nindependent careers "
                                                     "adviser", "can book a careers interview on request").replace(
            "Every Year 11 pupil has a second guidance interview.", ""), "plan", "11-16"),
        ("thin_employer_contact", "Employers do not currently visit the school. We are not able to offer work "
         "experience.", "plan", "11-16"),
        ("provider_access_gap", STRONG_PLAN.replace("## Provider access policy statement\nProviders of technical "
                                                    "education may request access; see our provider access policy "
                                                    "statement.\n", ""), "plan", "11-16"),
        ("missing_published_info", STRONG_PLAN.replace("Next review: July 2027.", ""), "plan", "11-16"),
        ("no_evaluation", STRONG_PLAN.replace("We evaluate the programme with Compass+ and pupil surveys, and we track "
                                              "the destinations of every leaver.", "We will evaluate the programme."),
         "plan", "11-16"),
        ("needs_not_addressed", STRONG_PLAN.replace("## SEND and disadvantaged pupils\nPupils with SEND and "
                                                    "disadvantaged pupils get tailored support; we challenge "
                                                    "stereotypes.", ""), "plan", "11-16"),
        ("aspirational_only", "We will introduce employer talks. We plan to offer work experience. We intend to "
         "appoint a careers adviser for guidance interviews. We hope to run college visits. Pupils meet one "
         "employer.", "plan", "11-16"),
        ("academic_bias", "## Y11 group (5 pupils: Ali, Bo)\n- all staying for 6th form and A levels, then uni\n"
         "- none of them had heard of T levels or apprenticeships", "notes", "11-18"),
        ("thin_ks3", "## Y8 group (4 pupils: Ali, Bo)\n- none could remember an employer visit\n- no workplace visits",
         "notes", "11-16"),
        ("website_only", "## Y9 group\n- 'we just get told to look on Unifrog'\n- links emailed, the bulletin\n"
         "- nobody had been offered a careers interview", "notes", "11-16"),
        ("no_personal_guidance", "## Y11 group\n- none of them had had a careers interview", "notes", "11-16"),
        ("thin_employer_contact", "## Y10 group\n- no employer talks this year\n- nobody had done work experience",
         "notes", "11-16"),
    ],
)
def test_each_finding_fires_on_its_weak_spot(code, weak, kind, phase):
    assert code in codes(weak, kind=kind, phase=phase)


@pytest.mark.parametrize(
    "code, strong, kind",
    [
        ("academic_bias", "Pupils hear about A levels, T levels, apprenticeships, university and college courses.",
         "plan"),
        ("website_only", STRONG_PLAN + "\nPupils also use Unifrog and the careers page of our website.", "plan"),
        ("no_personal_guidance", "## Y11 group\n- all had their careers interview in Sept", "notes"),
        ("thin_employer_contact", "## Y10 group\n- all did wex in July\n- careers fair remembered", "notes"),
        ("thin_ks3", "## Y8 group\n- World of Work day remembered\n- college visit in the summer was good", "notes"),
    ],
)
def test_a_strong_counterpart_does_not_fire(code, strong, kind):
    assert code not in codes(strong, kind=kind, phase="11-16")


@pytest.mark.parametrize("phase", ["16-19", "14-19"])
def test_thin_ks3_never_applies_to_providers_without_years_7_and_8(phase):
    assert "thin_ks3" not in codes("We will introduce careers lessons for Year 7 and Year 8.", phase=phase)


@pytest.mark.parametrize("code", ["provider_access_gap", "missing_published_info", "no_evaluation",
                                  "needs_not_addressed", "aspirational_only"])
def test_plan_only_findings_never_fire_on_notes(code):
    notes = "## Y10 group\n- we will have work experience next year\n- nothing on SEND\n- no careers leader"
    assert code not in codes(notes, kind="notes")


def test_notes_findings_need_the_year_group_to_have_been_heard():
    denial = "- none could remember an employer visit\n- no workplace visits"
    assert "thin_ks3" not in codes("## Y10 group\n" + denial, kind="notes")
    assert "thin_ks3" not in codes(denial, kind="notes")  # no heading and no default: nobody known was heard
    assert "thin_ks3" in codes(denial, kind="notes", year_groups=[8])


def test_notes_findings_name_the_groups_that_show_them():
    text = ("## Y9 group\n- none had had a careers interview\n## Y11 group\n- none of them had had a careers "
            "interview\n## Y12/13\n- all had a guidance interview")
    finding = nlp.analyse(text, kind="notes").finding("no_personal_guidance")
    assert finding.year_groups == (9, 11)


def test_younger_pupils_without_a_guidance_interview_are_not_a_weak_spot():
    """Gatsby 8 expects a guidance interview by 16 (and another by 18): a Y7 or Y8 group that has not had
    one yet is where the programme should be, not missing personal guidance."""
    text = "## Y7 group\n- none had had a careers interview\n## Y8 group\n- nobody had seen the careers adviser"
    assert nlp.analyse(text, kind="notes").finding("no_personal_guidance") is None


def test_evidence_points_at_the_words_or_says_what_was_searched():
    text = "## Y11 group\n- none of them had had a careers interview"
    finding = nlp.analyse(text, kind="notes").finding("no_personal_guidance")
    quoted = [e for e in finding.evidence if e.kind == "signal"]
    assert quoted and all(text[e.signal.start:e.signal.end] == e.signal.text for e in quoted)
    plan = nlp.analyse("Pupils use Unifrog.", kind="plan", phase="11-16").finding("no_personal_guidance")
    absences = [e for e in plan.evidence if e.kind == "absence"]
    assert absences and "activity.personal_guidance" in absences[0].searched


def test_on_request_guidance_counts_as_weak():
    weak = STRONG_PLAN.replace("has a one-to-one guidance interview with our\nindependent careers adviser",
                               "can see the careers adviser on request").replace(
        "Every Year 11 pupil has a second guidance interview.", "")
    finding = nlp.analyse(weak, phase="11-16").finding("no_personal_guidance")
    assert finding and any("on request" in e.note for e in finding.evidence)


def test_missing_published_info_names_each_missing_duty():
    text = STRONG_PLAN.replace("(h.oduya@school.example, 01632 960142)", "").replace("Next review: July 2027.", "")
    finding = nlp.analyse(text, phase="11-16").finding("missing_published_info")
    assert {"SG-PUBLISH-LEADER", "SG-PUBLISH-REVIEW-DATE"} <= set(finding.criteria)
    assert "SG-PUBLISH-IMPACT" not in finding.criteria


def test_findings_have_summaries_in_one_sentence_and_known_severities():
    for rule in load_finding_rules():
        for summary in rule.summary.values():
            assert summary.endswith(".") and summary.count(". ") == 0
        assert rule.severity in ("high", "medium", "low")
    assert {r.code for r in load_finding_rules()} == set(FINDING_CODES)


CONTEXT_IDS = set(re.findall(r"\b(?:GB[1-8]|SG-[A-Z0-9-]+|OF23-[A-Z0-9-]+|OF13-[A-Z0-9-]+|OF-EIF-[A-Z-]+)\b",
                             "GB1..GB8 " + " ".join(f"GB{i}" for i in range(1, 9)) + """ SG-PUBLISH-LEADER,
SG-PUBLISH-PROGRAMME, SG-PUBLISH-IMPACT, SG-PUBLISH-REVIEW-DATE, SG-PAL-STATEMENT, SG-PAL-8-9, SG-PAL-10-11,
SG-PAL-12-13, SG-IMPARTIAL, SG-YEAR7, SG-INDEPENDENT-GUIDANCE, SG-NOT-WEBSITE-ONLY, SG-DESTINATIONS, SG-NEEDS,
OF23-ACADEMIC-BIAS, OF23-TECHNICAL-ROUTES, OF23-KS3, OF23-ENCOUNTER-QUALITY, OF23-STRATEGY, OF23-INDIVIDUAL-NEEDS,
OF13-DESTINATION-DATA, OF13-APPRENTICESHIPS, OF-EIF-PERSONAL-DEVELOPMENT, OF-EIF-DESTINATIONS"""))


def test_every_criterion_id_is_a_framework_id():
    used = criteria_ids(load_finding_rules())
    assert used <= CONTEXT_IDS, used - CONTEXT_IDS
    framework = pytest.importorskip("inspector_kit.framework")
    assert used <= set(framework.criteria())


def test_findings_json_is_plain_data():
    path = Path(nlp.__file__).parent / "findings" / "resources" / "findings.json"
    assert json.loads(path.read_text())["findings"]
