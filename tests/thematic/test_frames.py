"""A school's status for each finding and signal: weak, not mentioned, not weak, no evidence, not applicable."""
import pytest

from inspector_kit.thematic.batch import finding_status, signal_state
from inspector_kit.thematic.frames import build_frames, schools_by_weak_spot
from .conftest import piece, school


def status(frames, urn_index, code, source="any", items="findings"):
    long = getattr(frames, items)
    row = long[(long["school"] == urn_index) & (long["code"] == code) & (long["source"] == source)]
    return str(row["status"].iloc[0])


@pytest.mark.parametrize("evidence, expected", [
    ([{"kind": "signal", "start": 10, "end": 20, "text": "A levels"}], "weak"),
    ([{"kind": "absence", "searched": ["pathway.technical"]}], "not_mentioned"),
    ([{"kind": "absence", "searched": ["x"]}, {"kind": "signal", "start": 0, "end": 4}], "weak"),
    ([], "not_mentioned"),
])
def test_a_finding_is_weak_when_it_quotes_words_and_not_mentioned_when_it_rests_on_silence(evidence, expected):
    assert finding_status({"code": "academic_bias", "evidence": evidence}) == expected


@pytest.mark.parametrize("flags, expected", [
    ({}, "affirmed"),
    ({"negated": True}, "weak"),
    ({"hypothetical": True}, "weak"),
    ({"uncertain": True}, "weak"),
    ({"limited": True}, "weak"),
])
def test_a_signal_is_affirmed_only_when_delivered_without_qualification(flags, expected):
    assert signal_state({"code": "activity.personal_guidance", **flags}) == expected


def test_statuses_by_source_and_combined(fake_corpus):
    corpus = fake_corpus([
        (school("100001"), [piece({"academic_bias": "weak"})], None),                      # plan only
        (school("100002"), None, [piece({}, year_groups=(10,), label="Y10")]),            # notes only
        (school("100003"), [piece({"no_evaluation": "not_mentioned"})],
         [piece({"academic_bias": "weak"}, year_groups=(11,), label="Y11")]),
    ])
    frames = build_frames(corpus)
    assert status(frames, 0, "academic_bias", "plan") == "weak"
    assert status(frames, 0, "academic_bias", "notes") == "no_evidence"
    assert status(frames, 0, "academic_bias", "any") == "weak"
    assert status(frames, 1, "academic_bias", "plan") == "no_evidence"
    assert status(frames, 1, "academic_bias", "any") == "not_weak"
    assert status(frames, 2, "no_evaluation", "any") == "not_mentioned"
    assert status(frames, 2, "academic_bias", "plan") == "not_weak"
    assert status(frames, 2, "academic_bias", "any") == "weak"


def test_a_school_without_evidence_is_no_evidence_never_not_weak(fake_corpus):
    frames = build_frames(fake_corpus([(school("100009"), None, None)]))
    assert set(frames.findings["status"].astype(str)) <= {"no_evidence", "not_applicable"}
    assert set(frames.signals["status"].astype(str)) == {"no_evidence"}


def test_thin_ks3_cannot_apply_to_a_16_19_college(fake_corpus):
    college = school("100010", ages=(16, 19), fe=True, type_="Further education", phase="16 plus")
    frames = build_frames(fake_corpus([(college, [piece()], [piece(year_groups=(12, 13), label="Y12-13")])]))
    assert status(frames, 0, "thin_ks3", "plan") == "not_applicable"
    assert status(frames, 0, "thin_ks3", "any") == "not_applicable"


def test_thin_ks3_in_notes_needs_a_year_7_or_8_group_heard(fake_corpus):
    heard_y10 = (school("100011"), [piece()], [piece(year_groups=(10,), label="Y10")])
    heard_y8 = (school("100012"), [piece()], [piece(year_groups=(8,), label="Y8")])
    frames = build_frames(fake_corpus([heard_y10, heard_y8]))
    assert status(frames, 0, "thin_ks3", "notes") == "no_evidence"
    assert status(frames, 1, "thin_ks3", "notes") == "not_weak"


def test_plan_only_findings_do_not_apply_to_notes(fake_corpus):
    frames = build_frames(fake_corpus([(school("100013"), None, [piece(year_groups=(9,), label="Y9")])]))
    assert status(frames, 0, "provider_access_gap", "notes") == "not_applicable"
    assert status(frames, 0, "provider_access_gap", "any") == "no_evidence"


def test_signal_statuses_keep_not_mentioned_apart_from_weak(fake_corpus):
    corpus = fake_corpus([
        (school("100020"), [piece(signals={"pathway.technical": [2, 1]})], None),
        (school("100021"), [piece(signals={"pathway.technical": [0, 3]})], None),
        (school("100022"), [piece(signals={})], None),
    ])
    frames = build_frames(corpus)
    got = [status(frames, i, "pathway.technical", "plan", items="signals") for i in range(3)]
    assert got == ["affirmed", "weak", "not_mentioned"]


def test_the_schools_table_has_one_row_per_school_and_a_column_per_finding(fake_corpus):
    corpus = fake_corpus([(school(str(100030 + i)), [piece({"academic_bias": "weak"} if i % 2 else {})], None)
                          for i in range(4)])
    frames = build_frames(corpus)
    table = schools_by_weak_spot(frames)
    assert len(table) == 4
    assert set(frames.finding_codes) <= set(table.columns)
    assert table["academic_bias"].tolist() == ["not_weak", "weak", "not_weak", "weak"]
    assert table["weak_spots"].tolist() == [0, 1, 0, 1]
