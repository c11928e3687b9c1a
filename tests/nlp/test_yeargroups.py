"""Year-group expressions, as plans and inspectors' notes write them."""
import pytest

from nlp.yeargroups import (
    find_year_groups,
    heading_year_groups,
    parse_year_groups,
    phase_year_groups,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Year 8", (8,)),
        ("year 7", (7,)),
        ("Yr 9", (9,)),
        ("Yr. 9", (9,)),
        ("Y8", (8,)),
        ("y8", (8,)),
        ("Y8 group", (8,)),
        ("Y8s said", (8,)),
        ("Year 8s", (8,)),
        ("years 8-13", (8, 9, 10, 11, 12, 13)),
        ("Years 8–13", (8, 9, 10, 11, 12, 13)),
        ("Years 10 and 11", (10, 11)),
        ("Years 7, 8 and 9", (7, 8, 9)),
        ("Y12/13", (12, 13)),
        ("Y12-13", (12, 13)),
        ("Y7-Y9", (7, 8, 9)),
        ("years 7 to 9", (7, 8, 9)),
        ("Year 10 and Year 11", (10, 11)),
        ("Year 7 and 8 students", (7, 8)),
        ("Year 12 pupils", (12,)),
        ("year eleven", (11,)),
        ("Years ten and eleven", (10, 11)),
        ("KS3", (7, 8, 9)),
        ("Key Stage 3", (7, 8, 9)),
        ("key stage 4", (10, 11)),
        ("KS4", (10, 11)),
        ("KS5", (12, 13)),
        ("KS3/4", (7, 8, 9, 10, 11)),
        ("KS3 and KS4", (7, 8, 9, 10, 11)),
        ("sixth form", (12, 13)),
        ("Sixth-form", (12, 13)),
        ("6th form", (12, 13)),
        ("6th formers", (12, 13)),
        ("post-16", (12, 13)),
        ("Post 16", (12, 13)),
        ("lower sixth", (12,)),
        ("upper sixth", (13,)),
    ],
)
def test_parse_year_groups_reads_each_expression(text, expected):
    assert parse_year_groups(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Year 6",           # primary: outside the duty
        "Year 14",
        "Year 130",
        "in 2024",
        "every year",
        "7 years ago",
        "Mysterious y2k",
        "key stage 2",
        "seventy",
        "the years tenacious",
    ],
)
def test_parse_year_groups_ignores_what_is_not_a_year_group(text):
    assert parse_year_groups(text) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Year 10 - 5 pupils", (10,)),    # a descending "range" is a count
        ("Year 8 - 12 pupils", (8,)),     # a spaced dash before a count noun is a count
        ("Years 8-12", (8, 9, 10, 11, 12)),
    ],
)
def test_a_pupil_count_after_a_dash_is_not_a_range(text, expected):
    assert parse_year_groups(text) == expected


def test_find_year_groups_gives_exact_offsets_and_kinds():
    text = "Careers for Y12/13 and KS3 pupils; most go to sixth form."
    mentions = find_year_groups(text)
    assert [(m.text, m.year_groups, m.kind) for m in mentions] == [
        ("Y12/13", (12, 13), "year"),
        ("KS3", (7, 8, 9), "key_stage"),
        ("sixth form", (12, 13), "phase"),
    ]
    assert all(text[m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "line, year_groups, label, count, names",
    [
        ("## Y8 group (6 pupils: Amira, Josh, Kacper, Lily, Mo, Priya)", (8,), "Y8 group", 6,
         ("Amira", "Josh", "Kacper", "Lily", "Mo", "Priya")),
        ("Year 10 - 5 pupils - Ellie, Tom, Zainab, Callum, Jess", (10,), "Year 10", 5,
         ("Ellie", "Tom", "Zainab", "Callum", "Jess")),
        ("## 6th form (Y12-13), 4 students: Hannah, Dev, Oscar, Mei", (12, 13), "6th form (Y12-13)", 4,
         ("Hannah", "Dev", "Oscar", "Mei")),
        ("6th form (Y12-13), 4 students: Hannah, Dev", (12, 13), "6th form (Y12-13)", 4, ("Hannah", "Dev")),
        ("# Year 7", (7,), "Year 7", None, ()),
        ("Year 7", (7,), "Year 7", None, ()),
        ("### KS3 focus group", (7, 8, 9), "KS3 focus group", None, ()),
        ("Years 10-11 (mixed group) - 6 pupils", (10, 11), "Years 10-11 (mixed group)", 6, ()),
        ("Yr 9 (Ava, Ben and Cal)", (9,), "Yr 9", None, ("Ava", "Ben", "Cal")),
        ("**Y11 group** – 3 pupils: Sam, Leah and Jo", (11,), "Y11 group", 3, ("Sam", "Leah", "Jo")),
        ("Y12/13 - 4 students", (12, 13), "Y12/13", 4, ()),
        ("Sixth form", (12, 13), "Sixth form", None, ()),
    ],
)
def test_heading_year_groups_reads_focus_group_headings(line, year_groups, label, count, names):
    heading = heading_year_groups(line)
    assert heading is not None
    assert heading.year_groups == year_groups
    assert heading.label == label
    assert heading.pupil_count == count
    assert heading.pupil_names == names


@pytest.mark.parametrize(
    "line",
    [
        "Date: 14 Oct, inspector JB",
        "- Y8 said no employer had visited",
        "Y8 said no employer had visited this year",
        "Most pupils in Year 9 knew about apprenticeships",
        "",
        "## Preamble",
    ],
)
def test_heading_year_groups_rejects_lines_that_are_not_year_group_headings(line):
    assert heading_year_groups(line) is None


@pytest.mark.parametrize(
    "phase, expected",
    [
        ("11-16", (7, 8, 9, 10, 11)),
        ("11-18", (7, 8, 9, 10, 11, 12, 13)),
        ("11-19", (7, 8, 9, 10, 11, 12, 13)),
        ("14-19", (10, 11, 12, 13)),
        ("16-19", (12, 13)),
        ("16-18", (12, 13)),
        (None, (7, 8, 9, 10, 11, 12, 13)),
    ],
)
def test_phase_year_groups_follows_the_age_range(phase, expected):
    assert phase_year_groups(phase) == expected


@pytest.mark.parametrize(
    "line, year_groups, label, count, names",
    [
        ("Group 2 (Year 9 and 10)", (9, 10), "Group 2 (Year 9 and 10)", None, ()),
        ("Meeting with Key Stage 4 pupils", (10, 11), "Meeting with Key Stage 4 pupils", None, ()),
        ("Focus group: mixed Y7/8", (7, 8), "Focus group: mixed Y7/8", None, ()),
        ("Pupils with SEND (Years 8-11)", (8, 9, 10, 11), "Pupils with SEND (Years 8-11)", None, ()),
        ("Careers discussion — Year 11", (11,), "Careers discussion — Year 11", None, ()),
        ("Discussion with Year 12 students", (12,), "Discussion with Year 12 students", None, ()),
        ("Group 2 - 6 pupils (Year 9)", (9,), "Group 2 (Year 9)", 6, ()),
        ("## Careers discussion - Year 11", (11,), "Careers discussion - Year 11", None, ()),
        # a group with no year stated is still a group
        ("Group B", (), "Group B", None, ()),
        ("## Group B", (), "Group B", None, ()),
        ("Group B (Ava, Ben and Cal)", (), "Group B", None, ("Ava", "Ben", "Cal")),
        ("Focus group 3 - 6 pupils: Ava, Ben", (), "Focus group 3", 6, ("Ava", "Ben")),
        ("School council", (), "School council", None, ()),
    ],
)
def test_headings_may_name_the_group_before_the_year_or_no_year(line, year_groups, label, count, names):
    heading = heading_year_groups(line)
    assert heading == (year_groups, label, count, names)


@pytest.mark.parametrize(
    "line",
    [
        "Careers interviews",  # a topic inside a group's notes, not a new group
        "Student voice",
        "Unifrog",
        "Group work on CVs",
        "Careers Fair - Year 9",  # names a year but no group of pupils
        "Meeting with the careers leader",
        "Pupils with SEND said they had not had a careers interview",
        "Two groups, mixed ability, chosen by school from the list we sent",
        "Before groups: spoke to Dawn Kelly",
    ],
)
def test_lines_that_do_not_name_a_group_of_pupils_are_not_group_headings(line):
    assert heading_year_groups(line) is None
