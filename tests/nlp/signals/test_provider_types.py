"""A signal rule's provider type belongs to the rule, not to one of its variants."""
import pytest


def test_the_variants_of_one_signal_rule_must_agree_on_the_provider_type(tmp_path, monkeypatch):
    """The provider type is looked up by rule id: a variant saying 'higher' would retype every 'any' match."""
    import json

    from nlp.errors import RuleFileError
    from nlp.signals import rules as signal_rules

    base = {"label": "activity.provider_encounter", "id": "activity.provider_encounter/example"}
    lines = [dict(base, pattern="college visit", provider_type="any"),
             dict(base, pattern="visit to Oxford", provider_type="higher")]
    monkeypatch.setattr(signal_rules, "read_jsonl",
                        lambda package, name: [(f"{name}:{i}", r) for i, r in enumerate(lines, 1)])
    with pytest.raises(RuleFileError, match="variants of one rule must agree"):
        signal_rules.load_signal_rules(["example.jsonl"])
