"""The review store: decisions persist, the latest one counts, history is kept, bad decisions are refused."""
import pytest

from inspector_kit.errors import ReviewStoreError
from inspector_kit.review_store import ReviewStore


def test_a_decision_survives_closing_and_reopening_the_database(tmp_path):
    path = tmp_path / "reviews.sqlite"
    store = ReviewStore(path)
    store.record("104712", "f1", "dismissed", reason="pupils were Y7", reviewer="RM")
    store.close()
    again = ReviewStore(path)
    decision = again.current("104712")["f1"]
    assert (decision.decision, decision.reason, decision.reviewer) == ("dismissed", "pupils were Y7", "RM")
    assert again.integrity_ok()


def test_the_latest_decision_counts_and_the_history_keeps_both(tmp_path):
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record("1", "f1", "dismissed", reason="first look", reviewer="RM")
    store.record("1", "f1", "accepted", reason="Y8 confirmed it at lunch", reviewer="JT")
    assert store.current("1")["f1"].decision == "accepted"
    assert [d.decision for d in store.history("1")] == ["dismissed", "accepted"]
    assert store.current("2") == {}


@pytest.mark.parametrize("decision, reason, reviewer, message", [
    ("maybe", "x", "RM", "must be one of"),
    ("accepted", "  ", "RM", "needs a reason"),
    ("dismissed", "x", "", "needs a reason"),
])
def test_a_decision_needs_a_known_verdict_a_reason_and_a_reviewer(tmp_path, decision, reason, reviewer, message):
    store = ReviewStore(tmp_path / "r.sqlite")
    with pytest.raises(ReviewStoreError, match=message):
        store.record("1", "f1", decision, reason=reason, reviewer=reviewer)
    assert store.history() == []


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    bad = tmp_path / "reviews.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ReviewStoreError, match="cannot open the review database"):
        ReviewStore(bad)


def test_pasted_notes_are_kept_in_the_store_not_in_the_bundle(tmp_path):
    store = ReviewStore(tmp_path / "r.sqlite")
    store.add_note("1", "Y9 group", "none had heard of T levels", author="RM")
    assert [n["label"] for n in ReviewStore(tmp_path / "r.sqlite").notes("1")] == ["Y9 group"]
