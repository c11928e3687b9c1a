"""Names for redaction: rules always, a statistical model only when installed."""
import pytest

from nlp.names import model_available, person_names

NOTES = """## Y8 group (3 pupils: Amira, Josh, Mo)
- Josh said no employer had visited. Chloe: "we did a quiz on Unifrog"
- Dev + Sam thought there was a fair (Eve)
- CL (Mrs Marsh) not present. Spoke to Mr Whitlock after. Nobody said anything about May half term."""


def test_rules_find_pupils_and_staff_with_exact_offsets():
    found = person_names(NOTES, use_model=False)
    names = {n.text for n in found}
    assert {"Amira", "Josh", "Mo", "Chloe", "Dev", "Sam", "Eve", "Marsh", "Whitlock"} <= names
    assert all(NOTES[n.start:n.end] == n.text for n in found)


def test_a_name_found_once_is_found_everywhere():
    assert [n.start for n in person_names(NOTES, use_model=False) if n.text == "Josh"] == [
        NOTES.index("Josh"), NOTES.index("Josh said")]


@pytest.mark.parametrize("word", ["Nobody", "Unifrog", "May", "Year", "CL"])
def test_capitalised_words_that_are_not_people_are_left(word):
    assert word not in {n.text for n in person_names(NOTES, use_model=False)}


@pytest.mark.skipif(not model_available(), reason="the optional statistical model is not installed")
def test_the_model_adds_person_entities():
    found = person_names("The session was led by Margaret Thompson from the council.")
    assert any(n.source == "model" and "Thompson" in n.text for n in found)
