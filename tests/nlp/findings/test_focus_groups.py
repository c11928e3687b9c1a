"""Notes are judged focus group by focus group, and a finding can count across the groups."""
import pytest

import nlp
from nlp.errors import RuleFileError
from nlp.findings.engine import evaluate, focus_groups
from nlp.findings.rules import FindingRule

EMPLOYERS = ["activity.employer_encounter", "activity.workplace_experience"]


def groups_rule(op="<=", value=1, of_at_least=3, where=None):
    condition = {"test": "groups", "select": {"codes": EMPLOYERS, "state": "delivered"}, "op": op,
                 "value": value, "of_at_least": of_at_least, "note": "employer encounters described"}
    if where:
        condition["where"] = where
    return FindingRule.from_dict({"code": "thin_employer_contact", "criteria": ["GB5"], "severity": "medium",
                                  "summary": "Few groups met employers.", "notes": {"all": [condition]}}, "test")


def fired(text, rule, **kwargs):
    a = nlp.analyse(text, kind="notes", **kwargs)
    found = evaluate(a.signals, text, "notes", sections=a.sections, rules=[rule])
    return found[0] if found else None


FOUR_GROUPS = ("Group 1 (Year 8)\n- careers lessons in PSHE\n"
               "Meeting with Key Stage 4 pupils\n- the careers fair had loads of employers\n"
               "Group C - Year 9\n- used Unifrog to look up jobs\n"
               "Careers discussion — Year 11\n- all had a careers interview\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        # (heading labels, year groups) of the groups heard, in order
        ("## Y8 group\n- x\n## Y10 group\n- y", [("Y8 group", (8,)), ("Y10 group", (10,))]),
        ("Group 2 (Year 9 and 10)\n- x\nSixth form focus group\n- y",
         [("Group 2 (Year 9 and 10)", (9, 10)), ("Sixth form focus group", (12, 13))]),
        ("Focus group: mixed Y7/8\n- x\nPupils with SEND (Years 8-11)\n- y",
         [("Focus group: mixed Y7/8", (7, 8)), ("Pupils with SEND (Years 8-11)", (8, 9, 10, 11))]),
        ("Careers discussion — Year 11\n- x\nGroup B\n- y", [("Careers discussion — Year 11", (11,)), ("Group B", ())]),
        # two groups of the same year are two groups, not one
        ("## Y13 group (4 students: Ade, Kyle)\n- x\n## Y13 group (5 students: Liam, Tom)\n- y",
         [("Y13 group", (13,)), ("Y13 group", (13,))]),
        # a topic heading inside a group keeps its group and its year groups
        ("Group 2 (Year 9)\n- x\n### Employers\n- y\nGroup 3 (Year 10)\n- z", [("Group 2 (Year 9)", (9,)),
                                                                              ("Group 3 (Year 10)", (10,))]),
        # text before the first heading is heard only when the caller gave its year groups
        ("Date: 3 Nov, room 4\nGroup B\n- x", [("Group B", ())]),
    ],
)
def test_each_group_heading_starts_a_focus_group(text, expected):
    a = nlp.analyse(text, kind="notes")
    assert [(g.label, g.year_groups) for g in focus_groups(a.signals, a.sections) if g.heard] == expected


def test_a_topic_heading_inside_a_group_keeps_the_groups_year_groups(find):
    (signal,) = find("Group 2 (Year 9)\n- x\n### Employers\n- nobody had done work experience", kind="notes",
                     code="activity.workplace_experience")
    assert signal.section_year_groups == (9,) and signal.year_groups == (9,)


def test_per_group_findings_are_judged_for_groups_whose_heading_names_no_year():
    text = "Group B (Ava, Ben and Cal)\n- none of them had had a careers interview\n- nobody knew who to ask"
    finding = nlp.analyse(text, kind="notes").finding("no_personal_guidance")
    assert finding is not None and finding.year_groups == ()


def test_per_group_findings_are_not_merged_across_groups_of_the_same_year():
    """One Y13 group denies guidance, the other describes it: the first group still shows the finding."""
    text = ("## Y13 group (4 students: Ade, Kyle)\n- none of them had had a careers interview\n"
            "## Y13 group (5 students: Liam, Tom)\n- all had a careers interview\n- all had a guidance interview\n")
    assert nlp.analyse(text, kind="notes").finding("no_personal_guidance") is not None


@pytest.mark.parametrize(
    "text, fires",
    [
        (FOUR_GROUPS, True),  # only the KS4 group met employers
        (FOUR_GROUPS.replace("used Unifrog to look up jobs", "did work experience in a garage"), False),
        # fewer groups than of_at_least: nothing to count across
        ("Group 1 (Year 8)\n- careers lessons\nGroup 2 (Year 9)\n- Unifrog", False),
        ("Group 1 (Year 8)\n- careers lessons\nGroup 2 (Year 9)\n- Unifrog\nGroup 3 (Year 10)\n- options", True),
    ],
)
def test_a_groups_test_counts_the_groups_in_which_a_code_is_found(text, fires):
    assert (fired(text, groups_rule()) is not None) == fires


def test_a_groups_test_can_count_groups_where_it_is_not_found():
    rule = groups_rule(op=">=", value=3, where="not_found")
    finding = fired(FOUR_GROUPS, rule)
    assert finding is not None and finding.year_groups == (8, 9, 11)  # the groups without
    assert fired(FOUR_GROUPS, groups_rule(op=">=", value=4, where="not_found")) is None


def test_groups_evidence_names_each_group_and_what_was_or_was_not_found():
    finding = fired(FOUR_GROUPS.replace("Group 1 (Year 8)", "Group 1 (Year 8) - 5 pupils: Noah, Efe"), groups_rule())
    assert finding.year_groups == (8, 9, 11)
    notes = [(e.kind, e.note) for e in finding.evidence]
    assert notes[0] == ("absence", "employer encounters described: found in 1 of 4 focus groups "
                                   "(threshold <= 1, of at least 3)")
    assert ("absence", "Group 1 (Year 8): none found") in notes  # the heading without the pupils' names
    assert ("signal", "Meeting with Key Stage 4 pupils: found") in notes
    assert ("absence", "Group C - Year 9: none found") in notes
    assert ("absence", "Careers discussion — Year 11: none found") in notes


def test_a_denied_encounter_is_shown_but_not_counted():
    text = FOUR_GROUPS.replace("used Unifrog to look up jobs", "nobody had done work experience")
    notes = [e.note for e in fired(text, groups_rule()).evidence]
    assert "Group C - Year 9: none found (1 not counted)" in notes
    assert "Group C - Year 9: not counted (named but denied)" in notes


def test_thin_employer_contact_fires_when_only_one_of_several_groups_met_employers():
    finding = nlp.analyse(FOUR_GROUPS, kind="notes", phase="11-16").finding("thin_employer_contact")
    assert finding is not None and finding.year_groups == (8, 9, 11)
    assert any("1 of 4 focus groups" in e.note for e in finding.evidence)
    strong = FOUR_GROUPS.replace("used Unifrog to look up jobs", "met employers at a speed networking event")
    assert nlp.analyse(strong, kind="notes", phase="11-16").finding("thin_employer_contact") is None


@pytest.mark.parametrize(
    "notes, message",
    [
        ({"per_section": True, "all": [{"test": "groups", "select": {"codes": EMPLOYERS}, "op": "<=", "value": 1}]},
         "cannot sit inside a 'per_section' block"),
        ({"all": [{"test": "groups", "select": {"codes": EMPLOYERS}, "op": "<=", "value": 1, "of_at_least": 0}]},
         "of_at_least must be a whole number"),
        ({"all": [{"test": "groups", "select": {"codes": EMPLOYERS}, "op": "<=", "value": 1, "where": "nowhere"}]},
         "where must be one of found, not_found"),
        ({"all": [{"test": "groups", "select": {"codes": EMPLOYERS}, "op": "~", "value": 1}]}, "op must be one of"),
        ({"any": [{"per_section": True, "all": [{"per_section": True, "all": [
            {"test": "count", "select": {"codes": EMPLOYERS}, "op": "<", "value": 1}]}]}]},
         "cannot sit inside another one"),
        ({"sections_overlapping": [7], "all": [{"test": "count", "select": {"codes": EMPLOYERS}, "op": "<", "value": 1}]},
         "sections_overlapping needs per_section"),
    ],
)
def test_groups_rules_are_checked_on_load(notes, message):
    with pytest.raises(RuleFileError, match=message):
        FindingRule.from_dict({"code": "thin_employer_contact", "criteria": [], "severity": "low", "summary": "x",
                               "notes": notes}, "test")


def test_a_groups_test_is_for_notes_only():
    block = {"all": [{"test": "groups", "select": {"codes": EMPLOYERS}, "op": "<=", "value": 1}]}
    with pytest.raises(RuleFileError, match="only notes"):
        FindingRule.from_dict({"code": "thin_employer_contact", "criteria": [], "severity": "low", "summary": "x",
                               "plan": block}, "test")
