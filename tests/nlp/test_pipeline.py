"""The public API: analyse, analyse_many, results as plain data, exact offsets, clear errors."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nlp
from nlp.errors import AnalysisRequestError
from nlp.pipeline import COMPONENTS, build_pipeline

SAMPLE = ("## Y10 group (5 pupils: Ali, Bo, Cy, Di, Ed)\n- none of them had heard of T levels\n"
          "- wex in July, all did it\n- we will get a careers interview next year")


def test_the_pipeline_is_blank_english_with_ik_components():
    pipeline = build_pipeline()
    assert pipeline.lang == "en" and tuple(pipeline.pipe_names) == COMPONENTS
    assert all(name.startswith("ik_") for name in pipeline.pipe_names)


def test_analyse_returns_typed_results_that_serialise_to_json():
    result = nlp.analyse(SAMPLE, kind="notes", phase="11-16")
    data = json.loads(json.dumps(result.as_dict()))
    assert data["kind"] == "notes" and data["heard_year_groups"] == [10]
    assert {"code", "text", "start", "end", "sentence", "rule", "negated", "hypothetical", "uncertain",
            "year_groups", "modifiers"} <= set(data["signals"][0])
    assert all({"code", "criteria", "severity", "summary", "evidence"} <= set(f) for f in data["findings"])


def test_signals_carry_their_sentence_with_offsets():
    result = nlp.analyse(SAMPLE, kind="notes")
    for s in result.signals:
        assert SAMPLE[s.sentence_start:s.sentence_end] == s.sentence
        assert s.sentence_start <= s.start < s.end <= s.sentence_end


def test_analyse_many_matches_analyse_and_keeps_order():
    items = [SAMPLE, {"text": "We will introduce work experience.", "kind": "plan", "phase": "11-16"},
             {"text": "- no employer talks", "year_groups": [8]}]
    many = list(nlp.analyse_many(items, kind="notes", batch_size=2))
    single = [nlp.analyse(SAMPLE, kind="notes"),
              nlp.analyse("We will introduce work experience.", kind="plan", phase="11-16"),
              nlp.analyse("- no employer talks", kind="notes", year_groups=[8])]
    assert [m.as_dict() for m in many] == [s.as_dict() for s in single]


def test_default_year_groups_scope_a_whole_section():
    (signal,) = nlp.analyse("- no employer talks", kind="notes", year_groups=[8]).signals
    assert signal.year_groups == (8,) and signal.year_group_source == "default"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "essay"}, "kind must be one of plan, notes"),
        ({"year_groups": [6]}, "between 7 and 13"),
        ({"year_groups": ["eight"]}, "whole numbers"),
        ({"phase": 16}, "age range"),
    ],
)
def test_bad_requests_are_refused_clearly(kwargs, message):
    with pytest.raises(AnalysisRequestError, match=message):
        nlp.analyse("text", **kwargs)


def test_empty_and_whitespace_texts_analyse_to_nothing():
    for text in ("", "   \n\n\t"):
        result = nlp.analyse(text)
        assert result.signals == () and "website_only" not in result.finding_codes


def test_spacy_attributes_on_spans_mirror_the_results():
    pipeline = nlp.get_pipeline()
    doc = pipeline("Pupils will not meet employers.")
    (span,) = doc.spans["ik_signals"]
    assert span.label_ == "activity.employer_encounter" and span._.negated and span._.hypothetical


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["Year 8", "- ", "none of", "careers fair", "\n", "will", "T-levels", " ",
                                   "## Y10 group", "|", "work experience", "uni", "couldn't", "Unifrog", ".",
                                   "á", "🙂", "\r\n", "\t"]), max_size=40).map("".join),
       st.sampled_from(["plan", "notes"]))
def test_offsets_are_exact_on_any_text(text, kind):
    result = nlp.analyse(text, kind=kind)
    for s in result.signals:
        assert text[s.start:s.end] == s.text
        assert text[s.sentence_start:s.sentence_end] == s.sentence
    for f in result.findings:
        for e in f.evidence:
            if e.signal is not None:
                assert text[e.signal.start:e.signal.end] == e.signal.text
    json.dumps(result.as_dict())


@pytest.mark.slow
def test_two_processes_give_the_same_results():
    items = [{"text": SAMPLE, "kind": "notes"}, {"text": "We will introduce work experience.", "phase": "11-16"}] * 3
    parallel = [r.as_dict() for r in nlp.analyse_many(items, n_process=2, batch_size=2)]
    assert parallel == [r.as_dict() for r in nlp.analyse_many(items)]
