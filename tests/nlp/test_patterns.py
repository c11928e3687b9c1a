"""The fast matcher finds exactly what spaCy's Matcher and PhraseMatcher would, on the shipped rules."""
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher, PhraseMatcher

from nlp.context import load_context_rules
from nlp.patterns import RuleMatcher, expand
from nlp.signals import load_signal_rules

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(ROOT.glob("fixtures/schools/*/notes/*.md")) + sorted(ROOT.glob("fixtures/_sources/*/plan.md"))


@pytest.mark.parametrize("rules", [load_signal_rules(), load_context_rules()], ids=["signals", "context"])
def test_rule_matcher_equals_spacy_matchers(rules):
    if not TEXTS:
        pytest.skip("no fixture texts")
    nlp = spacy.blank("en")
    fast, matcher, phrases = RuleMatcher(nlp.vocab, nlp.make_doc), Matcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="NORM")
    for i, rule in enumerate(rules):
        fast.add(f"r{i}", rule.pattern)
        if rule.is_phrase:
            phrases.add(f"r{i}", [nlp.make_doc(rule.pattern)])
        else:
            matcher.add(f"r{i}", [list(rule.pattern)])
    for path in TEXTS:
        doc = nlp.make_doc(path.read_text(encoding="utf-8"))
        assert set(fast(doc)) == set(matcher(doc)) | set(phrases(doc)), path


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ([{"NORM": {"IN": ["a", "b"]}}, {"NORM": "c", "OP": "?"}], ("NORM", [["a", "c"], ["a"], ["b", "c"], ["b"]])),
        ([{"ORTH": "A"}, {"ORTH": "-", "OP": "?"}], ("ORTH", [["A", "-"], ["A"]])),
        ([{"NORM": "a"}, {"IS_TITLE": True}], None),
        ([{"NORM": "a", "OP": "{0,3}"}], None),
        ([{"ORTH": "A"}, {"NORM": "level"}], None),
    ],
)
def test_only_plain_value_patterns_are_expanded_into_phrases(pattern, expected):
    assert expand(pattern) == expected


def test_an_invalid_pattern_is_refused_by_spacy():
    nlp = spacy.blank("en")
    with pytest.raises((ValueError, KeyError)):
        RuleMatcher(nlp.vocab, nlp.make_doc).add("bad", [{"NROM": "x"}])
