"""List items take the year groups of their lead-in; table rows, however flattened, those of their first cell."""
import pytest

import nlp
from nlp.segmenter import list_lead_in, segment_text


def items(text, kind="plan"):
    """(item text, lead-in text) for every list item the segmenter records."""
    return [(text[s:e].strip(), text[ls:le]) for s, e, ls, le in segment_text(text, kind).list_items]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Year 10 students will take part in:\n• mock interviews\n• a careers fair",
         [("• mock interviews", "Year 10 students will take part in:"),
          ("• a careers fair", "Year 10 students will take part in:")]),
        # the lead-in is the last sentence of its line; a blank line before the list does not matter
        ("We run a full programme. In Year 9 pupils have:\n\n- an options evening\n- a college visit",
         [("- an options evening", "In Year 9 pupils have:"), ("- a college visit", "In Year 9 pupils have:")]),
        # a wrapped item stays one item
        ("Pupils take part in:\n- mock interviews with\n  local employers",
         [("- mock interviews with\n  local employers", "Pupils take part in:")]),
        # a nested item's lead-in is the item above it
        ("Year 9 pupils have:\n- in the autumn:\n  - a careers fair",
         [("- in the autumn:", "Year 9 pupils have:"), ("- a careers fair", "- in the autumn:")]),
        # bullets a PDF text layer writes as Symbol-font characters
        ("Year 8 pupils have:\n\uf0b7 employer talks", [("\uf0b7 employer talks", "Year 8 pupils have:")]),
        # a plan list whose bullets were lost: short lines straight after the lead-in
        ("Year 11 students are offered:\nMock interviews\nA careers fair\n\nAll pupils use Unifrog.",
         [("Mock interviews", "Year 11 students are offered:"), ("A careers fair", "Year 11 students are offered:")]),
        # no lead-in, no list items; a sentence after the list ends it
        ("- mock interviews\n- a careers fair", []),
        ("Pupils have:\n- a fair\nThe careers leader is Ms Bell.\n- a visit", [("- a fair", "Pupils have:")]),
    ],
)
def test_list_items_know_their_lead_in(text, expected):
    assert items(text) == expected


def test_notes_lines_after_a_lead_in_are_items_only_when_bulleted():
    text = "Y10 said they had done:\nmock interviews\n- careers fair"
    assert items(text, "notes") == []
    assert items("Y10 said they had done:\n- mock interviews\n- careers fair", "notes") == [
        ("- mock interviews", "Y10 said they had done:"), ("- careers fair", "Y10 said they had done:")]


def test_list_lead_in_gives_the_token_range_of_the_lead_in_sentence():
    pipe = nlp.get_pipeline()
    doc = pipe(pipe.make_doc("Intro. Year 10 students will take part in:\n- mock interviews\n- a careers fair\n\nEnd."))
    item = next(t.i for t in doc if t.text == "mock") - 1  # the sentence starts at the bullet
    assert doc[item].is_sent_start
    start, end = list_lead_in(doc, item)
    assert doc[start:end].text.strip() == "Year 10 students will take part in:"
    assert list_lead_in(doc, 0) is None  # "Intro." is not a list item
    assert list_lead_in(doc, next(t.i for t in doc if t.text == "End")) is None


@pytest.mark.parametrize(
    "text, code, expected, source",
    [
        ("Year 10 students will take part in:\n• mock interviews\n• a careers fair", "activity.employer_encounter",
         (10,), "list lead-in"),
        ("Years 10 and 11 are offered:\n- work experience", "activity.workplace_experience", (10, 11), "list lead-in"),
        ("In Year 8 pupils visit a college; in Year 9 pupils have:\n- a careers fair", "activity.employer_encounter",
         (9,), "list lead-in"),
        ("Year 9 pupils have:\n- in the autumn:\n  - a careers fair", "activity.employer_encounter", (9,), "list lead-in"),
        # the item's own year group wins over its lead-in's
        ("Year 10 students take part in:\n- a Year 11 careers fair", "activity.employer_encounter", (11,), "sentence"),
        # the lead-in scopes its list, not the text after it
        ("Year 10 students take part in:\n- mock interviews\n\nAll pupils meet employers.",
         "activity.employer_encounter", (10,), "list lead-in"),
        ("## Key Stage 4\nPupils take part in:\n- mock interviews", "activity.employer_encounter", (10, 11), "heading"),
    ],
)
def test_list_items_take_the_year_groups_of_their_lead_in(text, code, expected, source, find):
    found = find(text, code=code)
    assert found and found[0].year_groups == expected and found[0].year_group_source == source


def test_text_after_a_list_is_not_scoped_by_its_lead_in(find):
    (after,) = [s for s in find("Year 10 students take part in:\n- mock interviews\n\nAll pupils meet employers.",
                                code="activity.employer_encounter") if s.text == "meet employers"]
    assert after.year_groups == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("| Year | Activity |\n|---|---|\n| 7 | careers fair |", (7,)),  # a Markdown table with a year column
        ("Y10 | Work experience week | June", (10,)),  # a Word or web table: cells joined by " | "
        ("Year 7  Careers lessons in PSHE; visit to a university", (7,)),  # PDF text: runs of spaces
        ("Yr 9\tMock interviews with employers; college visit", (9,)),  # tabs
        ("KS4    mock interviews    careers fair", (10, 11)),
        ("Year 12/13 | UCAS applications; apprenticeship talks", (12, 13)),
        ("Year\tActivity\n7\tcareers fair; college visit", (7,)),  # a bare year under a "Year" header
        ("Year 8: employer talks; college visit", (8,)),  # a year label before a colon or a spaced dash
        ("Year 10 | Mock interviews | Jan\n | Work experience | June", (10,)),  # a blank first cell continues
        ("| Year 10 | Mock interviews |\n| | Work experience |", (10,)),
        ("Year 10    Mock interviews    Jan\n           Work experience    June", (10,)),
    ],
)
def test_every_signal_in_a_table_row_carries_the_year_groups_of_its_first_cell(text, expected, find):
    found = find(text)
    assert found and all(s.year_groups == expected for s in found), [(s.text, s.year_groups) for s in found]
    assert {s.year_group_source for s in found} <= {"table row", "sentence"}
    assert "table row" in {s.year_group_source for s in found}


@pytest.mark.parametrize(
    "text",
    [
        "In Year 7 pupils have lessons.  They visit a university.",  # a double space between sentences
        "Careers fair  Year 9",  # the year is not in the first cell
        "Pupils in Year 9 - most remembered the fair",
    ],
)
def test_a_line_is_a_table_row_only_when_its_first_cell_is_a_year_group(text):
    assert segment_text(text, "plan").row_scopes == ()


def test_rows_of_a_spaced_table_are_separate_sentences():
    text = "Year 7  Careers lessons in PSHE\nYear 8  Employer talks"
    starts = segment_text(text, "plan").sentence_starts
    assert [text[s:e].strip() for s, e in zip(starts, list(starts[1:]) + [len(text)])] == [
        "Year 7", "Careers lessons in PSHE", "Year 8", "Employer talks"]
