"""Rule files: a broken line is reported with its file and line, never skipped silently."""
import pytest

from nlp import rulefiles
from nlp.errors import RuleFileError


class _Files:
    def __init__(self, text):
        self.text = text

    def joinpath(self, *_):
        return self

    def read_text(self, encoding="utf-8"):
        return self.text


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"label": "x"}\n{"label": ', "rules.jsonl:2: not valid JSON"),
        ('["not", "an", "object"]', "rules.jsonl:1: expected a JSON object"),
    ],
)
def test_malformed_lines_name_file_and_line(monkeypatch, text, message):
    monkeypatch.setattr(rulefiles.resources, "files", lambda package: _Files(text))
    with pytest.raises(RuleFileError, match=message):
        list(rulefiles.read_jsonl("nlp.signals", "rules.jsonl"))


def test_comment_and_blank_lines_are_skipped(monkeypatch):
    monkeypatch.setattr(rulefiles.resources, "files", lambda package: _Files('// note\n\n{"a": 1}\n'))
    assert [record for _, record in rulefiles.read_jsonl("nlp.signals", "r.jsonl")] == [{"a": 1}]
