"""Sentences, headings and table rows: notes' line breaks and bullets matter more than full stops."""
import pytest

from nlp.segmenter import heading_scope, segment_text


def sentences(text, kind):
    starts = list(segment_text(text, kind).sentence_starts)
    ends = starts[1:] + [len(text)]
    return [text[s:e].strip() for s, e in zip(starts, ends)]


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("- wex in Y10\n- no employer talks", "notes", ["- wex in Y10", "- no employer talks"]),
        ("wex in Y10\nno employer talks", "notes", ["wex in Y10", "no employer talks"]),
        ("Pupils take part in an employer\nencounter every term.", "plan",
         ["Pupils take part in an employer\nencounter every term."]),
        ("Pupils meet employers. They visit colleges.", "plan", ["Pupils meet employers.", "They visit colleges."]),
        ("Talks from e.g. Mr. Smith happen. Next one.", "plan", ["Talks from e.g. Mr. Smith happen.", "Next one."]),
        ("## Year 8\nPupils meet employers.", "plan", ["## Year 8", "Pupils meet employers."]),
        ("Year 7\nPupils visit a college.", "plan", ["Year 7", "Pupils visit a college."]),
        ("| 7 | World of Work day | College visit |", "plan", ["7 |", "World of Work day |", "College visit |"]),
        ("1. Compass evaluation\n2. Pupil surveys", "plan", ["1. Compass evaluation", "2. Pupil surveys"]),
    ],
)
def test_segment_text_splits_where_inspectors_expect(text, kind, expected):
    assert sentences(text, kind) == expected


def test_headings_carry_year_groups_and_levels():
    seg = segment_text("# Careers\n## Key Stage 4\nText.\n### Year 10\nMore.", "plan")
    assert [(h.level, h.year_groups) for h in seg.headings] == [(1, ()), (2, (10, 11)), (3, (10,))]


def test_a_notes_body_line_starting_with_a_year_is_not_a_heading():
    seg = segment_text("Year 8 - 5 pupils - Ali, Bo\nY9s said they had no visits", "notes")
    assert [h.year_groups for h in seg.headings] == [(8,)]


def test_table_rows_with_a_year_column_get_that_scope():
    text = "| Year | Employers |\n|---|---|\n| 7 | Fair |\n| 10 | Mock interviews |"
    rows = segment_text(text, "plan").row_scopes
    assert [(text[s:e], years) for s, e, years in rows] == [("| 7 | Fair |", (7,)), ("| 10 | Mock interviews |", (10,))]


@pytest.mark.parametrize(
    "heading, kind, expected",
    [
        ("Y8 group (5 pupils: Amira, Josh)", "notes", (8,)),
        ("Key Stage 4", "plan", (10, 11)),
        ("Sixth form", "plan", (12, 13)),
        ("Post-16 options", "plan", ()),
        ("Provider access", "plan", ()),
        ("", "plan", ()),
    ],
)
def test_heading_scope(heading, kind, expected):
    assert heading_scope(heading, kind) == expected
