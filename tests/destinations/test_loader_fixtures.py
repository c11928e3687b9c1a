"""The loader's pass/fail fixture pairs: the right frame, or every problem at once by check id."""
import numpy as np
import pandas as pd
import pytest

from dest_helpers import LOADER
from inspector_kit.destinations import load_destinations
from inspector_kit.errors import DestinationDataError, DestinationLayoutError

VALUE_COLUMNS = ["cohort", "count", "percentage", "status", "basis"]


def comparable(table) -> pd.DataFrame:
    """The tidy frame without where-it-came-from columns, in a fixed order, for equality tests."""
    f = table.frame.drop(columns=["source_file", "source_row"]).astype({c: str for c in table.frame.columns
                                                                         if c not in ("cohort", "count", "percentage",
                                                                                      "source_row")
                                                                         and c != "source_file"})
    keys = [c for c in f.columns if c not in VALUE_COLUMNS]
    return f.sort_values(keys).reset_index(drop=True)


@pytest.fixture(scope="module")
def wide():
    return load_destinations(LOADER / "wide-pass.csv")


# --- pass ---------------------------------------------------------------------------------------------

def test_wide_fixture_loads_two_schools_with_every_headline_measure(wide):
    f = wide.frame
    assert set(f["urn"]) == {"104712", "136455"}
    assert set(f["measure"]) == {"overall", "education", "fe", "ssf", "sfc", "other_edu", "appren", "all_work",
                                 "all_notsust", "all_unknown"}
    assert wide.problems.empty


@pytest.mark.parametrize("name, encoding", [
    ("wide-pass.csv", "utf-8"),
    ("bom-pass.csv", "utf-8-sig"),
    ("windows1252-pass.csv", "cp1252"),
])
def test_encoding_is_detected(name, encoding):
    assert load_destinations(LOADER / name).sources[0].encoding == encoding


def test_a_bom_does_not_spoil_the_first_column_name(wide):
    assert comparable(load_destinations(LOADER / "bom-pass.csv")).equals(comparable(wide))


def test_windows_1252_decodes_the_typographic_apostrophe():
    names = set(load_destinations(LOADER / "windows1252-pass.csv").frame["school_name"])
    assert "The King\u2019s Grammar School" in names


def test_the_long_layout_gives_the_same_tidy_frame_as_the_wide_layout(wide):
    long = load_destinations(LOADER / "long-pass.csv")
    assert long.sources[0].layout == "long"
    assert comparable(long).equals(comparable(wide))


def test_old_column_names_and_spellings_give_the_same_frame_and_are_noted(wide):
    old = load_destinations(LOADER / "old-names-pass.csv")
    assert comparable(old).equals(comparable(wide))
    checks = set(old.problems["check"])
    assert {"destinations.column.renamed", "destinations.label.normalised"} <= checks
    assert (old.problems["severity"] == "info").all()


def test_all_suppressed_rows_are_kept_as_suppressed_not_zero_and_not_dropped():
    table = load_destinations(LOADER / "all-suppressed-pass.csv")
    tiny = table.for_school("100003")
    assert len(tiny) == 3 * 10  # three breakdowns x ten measures, none dropped
    assert set(tiny["status"]) == {"suppressed"}
    assert set(tiny["cohort_status"]) == {"suppressed"}
    assert tiny["count"].isna().all() and tiny["percentage"].isna().all() and tiny["cohort"].isna().all()
    assert not (tiny["count"] == 0).any()


def test_every_value_is_traceable_to_its_line(wide):
    f = wide.frame
    row = f[(f["urn"] == "104712") & (f["breakdown"] == "Total") & (f["measure"] == "appren")].iloc[0]
    lines = (LOADER / "wide-pass.csv").read_text().splitlines()
    source = lines[row["source_row"] - 1].split(",")
    assert source[12] == "104712" and source[20] == "Number of pupils"
    assert float(source[29]) == row["count"]


# --- fail ---------------------------------------------------------------------------------------------

def problems_of(name):
    with pytest.raises(DestinationDataError) as caught:
        load_destinations(LOADER / name)
    problems = caught.value.problems
    assert list(problems.columns) == ["file", "row", "column", "check", "severity", "message", "value"]
    return problems


@pytest.mark.parametrize("name, check", [
    ("truncated-fail.csv", "destinations.file.truncated"),
    ("missing-column-fail.csv", "destinations.column.missing"),
    ("renamed-column-fail.csv", "destinations.column.missing"),
    ("encoding-fail.csv", "destinations.file.encoding"),
    ("not-destinations-fail.csv", "destinations.layout.unknown"),
    ("bad-values-fail.csv", "destinations.value.not_number"),
])
def test_each_fail_fixture_is_refused_with_its_check_id(name, check):
    assert check in set(problems_of(name)["check"])


def test_truncation_is_reported_on_the_last_line():
    p = problems_of("truncated-fail.csv")
    row = p[p["check"] == "destinations.file.truncated"].iloc[0]
    assert row["row"] == len((LOADER / "truncated-fail.csv").read_bytes().splitlines())


def test_missing_column_names_the_column():
    p = problems_of("missing-column-fail.csv")
    assert p.loc[p["check"] == "destinations.column.missing", "column"].tolist() == ["appren"]


def test_renamed_column_is_missing_and_the_stranger_is_named_with_a_suggestion():
    p = problems_of("renamed-column-fail.csv")
    unknown = p[p["check"] == "destinations.column.unknown"].iloc[0]
    assert unknown["column"] == "apprenticeships" and unknown["severity"] == "warning"
    assert "'appren'" in unknown["message"]


def test_a_file_that_is_not_destination_data_raises_the_layout_error():
    with pytest.raises(DestinationLayoutError):
        load_destinations(LOADER / "not-destinations-fail.csv")


def test_bad_values_are_all_reported_at_once_with_line_and_column():
    p = problems_of("bad-values-fail.csv")
    found = {(int(r.row), r.column, r.check) for r in p.itertuples()}
    assert found == {
        (2, "appren", "destinations.value.not_number"),
        (3, "overall", "destinations.value.percentage_range"),
        (4, "fe", "destinations.value.count_exceeds_cohort"),
        (5, "time_period", "destinations.key.time_period"),
        (6, "school_urn", "destinations.key.urn"),
        (7, "all_unknown", "destinations.value.blank"),
    }


def test_the_encoding_error_gives_the_line_of_the_bad_byte():
    p = problems_of("encoding-fail.csv")
    assert p.iloc[0]["row"] >= 2 and "\\x81" in p.iloc[0]["value"]


def test_a_missing_file_is_its_own_check():
    with pytest.raises(DestinationDataError) as caught:
        load_destinations(LOADER / "no-such-file.csv")
    assert caught.value.problems["check"].tolist() == ["destinations.file.not_found"]


def test_fail_fixtures_have_pass_twins_that_differ_only_in_the_fault():
    wide_text = (LOADER / "wide-pass.csv").read_text()
    for name in ("missing-column-fail.csv", "renamed-column-fail.csv", "bad-values-fail.csv"):
        fail = (LOADER / name).read_text()
        assert len(fail.splitlines()) == len(wide_text.splitlines()), name
    assert wide_text.startswith((LOADER / "truncated-fail.csv").read_text())


def test_numbers_of_the_bom_file_equal_the_plain_file(wide):
    bom = load_destinations(LOADER / "bom-pass.csv")
    assert np.array_equal(bom.frame["count"].to_numpy(), wide.frame["count"].to_numpy(), equal_nan=True)
