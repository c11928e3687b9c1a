"""LEMMA and CLASS in rule patterns: word families and classes of paraphrase, resolved when rules are read."""
import pytest

from nlp.errors import RuleFileError
from nlp.signals.rules import SignalRule
from nlp.wordforms import forms, resolve_token, word_classes
from tests.nlp.conftest import signals_of


@pytest.mark.parametrize("lemma, inflected", [
    ("stop", {"stops", "stopped", "stopping"}),
    ("cancel", {"cancelled", "canceled"}),
    ("employer", {"employers"}),
    ("shadow", {"shadowing", "shadowed"}),
])
def test_a_lemma_stands_for_every_form_of_the_word(lemma, inflected):
    assert inflected | {lemma} <= forms(lemma)


def test_a_word_the_lookup_table_lacks_keeps_its_regular_forms():
    assert {"wexes", "wexed", "wexing"} <= forms("wex")


def test_classes_include_other_classes_and_word_families():
    classes = word_classes()
    assert set(classes["organisation"]) <= set(classes["employer_stand_in"])
    assert {"nhs", "firms", "businesses", "industries"} <= set(classes["organisation"])
    assert "cancelled" in classes["discontinue_verb"]


def test_lemma_and_class_become_a_norm_set():
    token = resolve_token({"LEMMA": {"IN": ["visit"]}, "OP": "?"})
    assert token["OP"] == "?" and "visited" in token["NORM"]["IN"] and "LEMMA" not in token


@pytest.mark.parametrize("token, message", [
    ({"CLASS": "no-such-class"}, "is not in nlp/resources/word_classes.json"),
    ({"LEMMA": "stop", "NORM": "stop"}, "not both"),
    ({"LEMMA": 3}, "must be a word"),
])
def test_a_bad_lemma_or_class_is_a_rule_file_error_naming_the_rule(token, message):
    record = {"label": "activity.lmi", "pattern": [token], "id": "activity.lmi/x"}
    with pytest.raises(RuleFileError, match=message) as err:
        SignalRule.from_dict(record, where="test.jsonl:1")
    assert "test.jsonl:1" in str(err.value)


@pytest.mark.parametrize("text", [
    "We welcomed representatives from a wide range of organisations.",
    "Volunteers from the NHS and two engineering firms ran the workshop.",
    "Two speakers from Lloyds Banking Group talked to Year 10.",
    "Engineers visited the school in March.",
])
def test_employers_named_without_the_word_employer_are_employer_encounters(text):
    assert signals_of(text, code="activity.employer_encounter")


@pytest.mark.parametrize("text", [
    "Young people from disadvantaged backgrounds are supported by a mentor.",
    "Representatives from Preston College spoke about T levels.",
])
def test_people_from_backgrounds_or_colleges_are_not_employers(text):
    assert not signals_of(text, code="activity.employer_encounter")
