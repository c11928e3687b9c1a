"""Prevalence by group, suppression of small groups (primary and complementary), and cross-tabulation
with destination measures."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_kit.errors import AggregateError
from inspector_kit.thematic.aggregate import ALL, MIN_COUNT, crosstab, prevalence, suppression
from inspector_kit.thematic.frames import build_frames

from .conftest import piece, school


@pytest.mark.parametrize("sizes, margins, expected", [
    ({"a": 10, "b": 20}, [["a", "b"]], {}),
    ({"a": 3, "b": 40, "c": 50}, [["a", "b", "c"]], {"a": "primary", "b": "secondary"}),
    ({"a": 2, "b": 3, "c": 50, "d": 60}, [["a", "b", "c", "d"]], {"a": "primary", "b": "primary", "c": "secondary"}),
    ({"a": 3, "b": 4, "c": 50}, [["a", "b", "c"]], {"a": "primary", "b": "primary"}),
    ({"a": 0, "b": 30, "c": 40}, [["a", "b", "c"]], {}),
    ({"a": 5, "b": 9, "c": 7, "d": 30}, [["a", "b", "c", "d"], ["a", "b"]],
     {"a": "primary", "b": "secondary", "c": "secondary"}),
])
def test_suppression_hides_small_groups_and_one_more_so_no_total_gives_them_away(sizes, margins, expected):
    assert suppression(pd.Series(sizes), margins) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_no_suppressed_figure_can_be_recovered_from_the_total(sizes):
    groups = pd.Series({f"g{i}": n for i, n in enumerate(sizes)})
    reasons = suppression(groups, [list(groups.index)])
    hidden = [g for g in reasons if groups[g] > 0]
    shown = [g for g in groups.index if g not in reasons and groups[g] > 0]
    assert all(groups[g] >= MIN_COUNT for g in shown)
    if hidden and shown:
        assert len(hidden) >= 2 and groups[hidden].sum() >= MIN_COUNT


def _frames(fake_corpus, layout):
    """``layout``: (region, la, n schools, n weak, n not mentioned) rows."""
    entries, urn = [], 200000
    for region, la, n, weak, silent in layout:
        for i in range(n):
            urn += 1
            status = "weak" if i < weak else "not_mentioned" if i < weak + silent else None
            entries.append((school(str(urn), region=region, la=la),
                            [piece({"academic_bias": status} if status else {})], None))
    return build_frames(fake_corpus(entries))


def test_prevalence_counts_weak_and_not_mentioned_apart_over_schools_assessed(fake_corpus):
    frames = _frames(fake_corpus, [("London", "Camden", 10, 3, 2), ("North East", "Gateshead", 8, 0, 4)])
    table = prevalence(frames, "region", codes=["academic_bias"]).set_index("group")
    assert table.loc["London", ["assessed", "weak", "not_mentioned", "not_weak"]].tolist() == [10, 3, 2, 5]
    assert table.loc["London", "weak_pct"] == 30.0
    assert table.loc["London", "flagged_pct"] == 50.0
    assert table.loc["North East", "not_mentioned_pct"] == 50.0
    assert table.loc[ALL, ["schools", "weak", "not_mentioned"]].tolist() == [18, 3, 6]


def test_schools_without_evidence_stay_out_of_the_percentage(fake_corpus):
    frames = build_frames(fake_corpus(
        [(school(str(300000 + i)), [piece({"academic_bias": "weak"} if i < 3 else {})], None) for i in range(6)]
        + [(school(str(300100 + i)), None, None) for i in range(4)]))
    row = prevalence(frames, "region", codes=["academic_bias"]).set_index("group").loc[ALL]
    assert (row["schools"], row["assessed"], row["no_evidence"], row["weak_pct"]) == (10, 6, 4, 50.0)


def test_a_small_group_is_suppressed_with_the_next_smallest(fake_corpus):
    frames = _frames(fake_corpus, [("London", "Camden", 4, 2, 0), ("North East", "Gateshead", 7, 1, 0),
                                   ("South West", "Plymouth", 30, 9, 0)])
    table = prevalence(frames, "region", codes=["academic_bias"]).set_index("group")
    assert table.loc["London", "suppressed"] == "primary"
    assert table.loc["North East", "suppressed"] == "secondary"
    assert table.loc["South West", "suppressed"] == ""
    for group in ("London", "North East"):
        assert table.loc[group, ["weak", "not_weak", "weak_pct", "flagged_pct"]].isna().all()
    assert table.loc["London", "assessed"] == 4  # how many schools is not an outcome figure


def test_a_suppressed_authority_cannot_be_recovered_from_its_region(fake_corpus):
    frames = _frames(fake_corpus, [("North East", "Gateshead", 3, 1, 0), ("North East", "Sunderland", 20, 5, 0),
                                   ("North East", "Durham", 25, 5, 0), ("London", "Camden", 30, 6, 0),
                                   ("London", "Hackney", 40, 6, 0)])
    table = prevalence(frames, "local_authority", codes=["academic_bias"]).set_index("group")
    assert table.loc["Gateshead", "suppressed"] == "primary"
    # the region's total is published, so a second North East authority must go too
    assert table.loc["Sunderland", "suppressed"] == "secondary"
    assert table.loc["Camden", "suppressed"] == "" and table.loc["Hackney", "suppressed"] == ""


def test_unknown_dimension_or_code_is_an_error_that_lists_the_choices(fake_corpus):
    frames = _frames(fake_corpus, [("London", "Camden", 6, 1, 0)])
    with pytest.raises(AggregateError, match="region"):
        prevalence(frames, "county")
    with pytest.raises(AggregateError, match="academic_bias"):
        prevalence(frames, "region", codes=["academic_bais"])


def _destinations(values: dict[int, tuple[float, float, str]]) -> pd.DataFrame:
    """{school: (cohort, percentage, status)} for the measure appren."""
    rows = [{"school": s, "measure": "appren", "cohort": c, "count": round(c * p / 100) if status == "ok" else np.nan,
             "percentage": p if status == "ok" else np.nan, "status": status} for s, (c, p, status) in values.items()]
    return pd.DataFrame(rows)


def test_crosstab_compares_medians_and_says_what_the_test_means(fake_corpus):
    entries = [(school(str(400000 + i)), [piece({"academic_bias": "weak"} if i < 12 else {})], None)
               for i in range(30)]
    frames = build_frames(fake_corpus(entries))
    values = {i: (150, 1.0 + (i % 4) * 0.2 if i < 12 else 4.0 + (i % 5) * 0.3, "ok") for i in range(30)}
    cross = crosstab(frames, _destinations(values), "academic_bias", "appren", measure_label="apprenticeships")
    table = cross.table.set_index("group")
    assert table.loc["With academic_bias", "with_data"] == 12
    assert table.loc["With academic_bias", "median_pct"] < table.loc["Without academic_bias", "median_pct"]
    assert cross.test["p"] < 0.001
    assert "lower" in cross.sentence and "less than 1 time in 1,000" in cross.sentence
    assert "not proof" in cross.sentence


def test_crosstab_leaves_out_suppressed_values_and_small_cohorts(fake_corpus):
    entries = [(school(str(500000 + i)), [piece({"academic_bias": "weak"} if i < 8 else {})], None)
               for i in range(20)]
    frames = build_frames(fake_corpus(entries))
    values = {i: (150, 2.0, "ok") for i in range(20)}
    values[0] = (4, 25.0, "ok")          # a cohort under 6
    values[1] = (80, 0.0, "suppressed")  # DfE suppressed it
    values[2] = (80, 0.0, "suppressed")
    cross = crosstab(frames, _destinations(values), "academic_bias", "appren")
    row = cross.table.set_index("group").loc["With academic_bias"]
    assert row["schools"] == 8 and row["with_data"] == 5
    assert row["suppressed"] == "primary" and pd.isna(row["median_pct"])
    other = cross.table.set_index("group").loc["Without academic_bias"]
    assert other["suppressed"] == "secondary" and pd.isna(other["pooled_pct"])
    assert "no test was run" in cross.sentence


def test_crosstab_keeps_dfes_low_values_with_their_counts(fake_corpus):
    entries = [(school(str(600000 + i)), [piece({"academic_bias": "weak"} if i < 8 else {})], None)
               for i in range(16)]
    frames = build_frames(fake_corpus(entries))
    values = {i: (250, 0.4, "low") if i < 8 else (250, 3.0, "ok") for i in range(16)}
    frame = _destinations(values)
    frame.loc[frame["status"] == "low", "count"] = 1
    frame.loc[frame["status"] == "low", "percentage"] = 0.4
    cross = crosstab(frames, frame, "academic_bias", "appren")
    row = cross.table.set_index("group").loc["With academic_bias"]
    assert row["with_data"] == 8 and row["median_pct"] == 0.4
