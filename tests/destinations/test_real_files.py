"""DfE's real files load as published, and give the published national figures."""
import hashlib
from importlib import resources

import numpy as np
import pytest

from inspector_kit.destinations import load_destinations
from inspector_kit.destinations.loader import TIDY_COLUMNS

from dest_helpers import DATA, LAD_1618, LAD_KS4, NATIONAL_KS4

REAL_FILES = [NATIONAL_KS4, LAD_KS4, LAD_1618]


@pytest.mark.parametrize("path, stage, level, rows", [
    (NATIONAL_KS4, "ks4", "national", 5846),
    (LAD_KS4, "ks4", "local_authority_district", 2548),
    (LAD_1618, "16-18", "local_authority_district", 2412),
])
def test_each_real_file_loads_with_no_errors_and_no_warnings(path, stage, level, rows):
    table = load_destinations(path)
    assert table.sources[0].rows == rows
    assert table.sources[0].layout == "wide"
    assert set(table.frame["stage"]) == {stage}
    assert set(table.frame["level"]) == {level}
    assert list(table.frame.columns) == TIDY_COLUMNS
    assert (table.problems["severity"] != "error").all()
    assert (table.problems["severity"] != "warning").all()


def national_value(table, period, breakdown, measure, group="State-funded mainstream schools"):
    f = table.frame
    row = f[(f["time_period"] == period) & (f["institution_group"] == group) & (f["institution_type"] == "Total")
            & (f["breakdown"] == breakdown) & (f["measure"] == measure)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.parametrize("breakdown, measure, percentage", [
    ("Total", "overall", 92.2),
    ("Total", "education", 86.0),
    ("Total", "appren", 3.2),
    ("Total", "all_work", 3.0),
    ("Total", "all_notsust", 5.5),
    ("Total", "all_unknown", 2.3),
    ("Disadvantaged", "overall", 84.5),
    ("Not disadvantaged", "overall", 94.9),
])
def test_latest_revised_ks4_cohort_has_the_published_percentages(national_ks4, breakdown, measure, percentage):
    row = national_value(national_ks4, "202122", breakdown, measure)
    assert row["version"] == "Revised"
    assert row["percentage"] == pytest.approx(percentage)
    assert row["status"] == "ok" and row["basis"] == "published"


def test_latest_revised_ks4_cohort_is_575055_pupils(national_ks4):
    row = national_value(national_ks4, "202122", "Total", "overall")
    assert row["cohort"] == 575055
    assert row["count"] == 530337


def test_a_low_percentage_keeps_its_count_and_is_not_zero(national_ks4):
    he = national_value(national_ks4, "202122", "Total", "he")
    assert he["status"] == "low"
    assert he["count"] == 97
    assert np.isnan(he["percentage"])


def test_suppressed_values_are_kept_as_suppressed_never_zero(national_ks4):
    f = national_ks4.frame
    suppressed = f[f["status"] == "suppressed"]
    assert len(suppressed) > 1000
    assert suppressed["count"].isna().all() and suppressed["percentage"].isna().all()


def test_not_applicable_values_are_distinct_from_suppressed(national_ks4):
    statuses = set(national_ks4.frame["status"])
    assert {"ok", "suppressed", "not_applicable", "low"} <= statuses


def test_district_files_get_percentages_computed_from_counts():
    f = load_destinations(LAD_KS4).frame
    row = f[(f["lad_code"] == "E06000004") & (f["time_period"] == "201718") & (f["measure"] == "appren")].iloc[0]
    assert row["count"] == 99 and row["cohort"] == 1847
    assert row["percentage"] == pytest.approx(round(100 * 99 / 1847, 1))
    assert row["basis"] == "computed"


def test_district_files_get_overall_derived_as_education_plus_apprenticeships_plus_work():
    f = load_destinations(LAD_KS4).frame
    row = f[(f["lad_code"] == "E06000004") & (f["time_period"] == "201718") & (f["measure"] == "overall")].iloc[0]
    assert row["count"] == 1557 + 99 + 59
    assert row["basis"] == "derived"


def test_1618_district_file_keeps_its_qualification_levels():
    f = load_destinations(LAD_1618).frame
    assert set(f["cohort_level_group"]) == {"Total", "Level 3", "Level 2", "All other qualifications"}


def test_old_spellings_in_the_national_file_are_normalised_and_noted(national_ks4):
    assert "Converter Academy" not in set(national_ks4.frame["institution_type"])
    notes = national_ks4.problems[national_ks4.problems["check"] == "destinations.label.normalised"]
    assert "Converter Academy" in " ".join(notes["message"])


@pytest.mark.parametrize("name", [p.name for p in REAL_FILES])
def test_bundled_reference_files_are_byte_identical_to_the_fixtures(name):
    packaged = resources.files("inspector_kit.destinations").joinpath("data").joinpath(name).read_bytes()
    assert hashlib.sha256(packaged).hexdigest() == hashlib.sha256((DATA / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("name", [p.name for p in REAL_FILES])
def test_fixture_copies_are_unchanged_from_the_shared_reference(name):
    shared = DATA.parents[2] / "shared" / "reference" / "data" / name
    if not shared.exists():
        pytest.skip("the shared reference folder is not on this machine")
    assert (DATA / name).read_bytes() == shared.read_bytes()
