"""The signal record written out in ``new_record`` holds every Span attribute at its default."""
from nlp._extensions import SPAN_EXTENSIONS, new_record


def test_new_record_matches_span_extensions():
    record = new_record(1, 3, 5, 12, "activity.lmi", "activity.lmi/x")
    assert list(record)[:6] == ["start", "end", "start_char", "end_char", "code", "rule"]
    assert list(record)[6:] == list(SPAN_EXTENSIONS)
    for name, default in SPAN_EXTENSIONS.items():
        if isinstance(default, tuple):
            assert record[name] == list(default)
        else:
            assert record[name] == default


def test_new_record_lists_are_fresh():
    first, second = new_record(0, 1, 0, 1, "a", "a/b"), new_record(0, 1, 0, 1, "a", "a/b")
    first["modifiers"].append({})
    assert second["modifiers"] == []
