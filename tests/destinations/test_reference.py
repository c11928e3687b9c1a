"""England and LA reference figures: the bundled files, their alignment, and honest gaps."""
import pytest

from dest_helpers import LAD_KS4
from inspector_kit.destinations import load_destinations
from inspector_kit.destinations.reference import (ReferenceData, Unavailable, comparison_group, normalise_period,
                                                  period_label, reference_config, shift_period)


def lad_cohort_total(period):
    f = load_destinations(LAD_KS4).frame
    rows = f[(f["time_period"] == period) & (f["measure"] == "appren")]
    return int(rows["cohort"].sum()), int(rows["count"].sum())


@pytest.mark.parametrize("lad_label, national_label, cohort, apprenticeships", [
    ("202122", "202021", 563910, 19143),
    ("202021", "201920", 550634, 13413),
])
def test_district_file_labels_each_cohort_one_year_later_than_the_national_file(
        national_ks4, lad_label, national_label, cohort, apprenticeships):
    f = national_ks4.frame
    national = f[(f["time_period"] == national_label) & (f["institution_group"] == "State-funded mainstream schools")
                 & (f["institution_type"] == "Total") & (f["breakdown"] == "Total") & (f["measure"] == "appren")].iloc[0]
    assert (national["cohort"], national["count"]) == (cohort, apprenticeships)
    assert lad_cohort_total(lad_label) == (cohort, apprenticeships)


def test_the_configured_offset_matches_that_evidence():
    offsets = {f["name"]: f["period_offset"] for f in reference_config()["files"]}
    assert offsets[LAD_KS4.name] == -1


def test_bundled_la_figures_are_realigned_to_national_labels(bundled):
    la = bundled.la_for("ks4", "202021", "E08000012", "State-funded mainstream schools", "Total", "Total")
    raw = load_destinations(LAD_KS4).frame
    raw = raw[(raw["lad_code"] == "E08000012") & (raw["time_period"] == "202122") & (raw["measure"] == "appren")]
    assert la.loc["appren", "count"] == raw.iloc[0]["count"]


def test_bundled_england_figure_for_the_latest_revised_cohort(bundled):
    frame, version, note = bundled.england_for("ks4", "202122", "Revised", "State-funded mainstream schools",
                                               "Total", "Total")
    assert version == "Revised" and note == ""
    assert frame.loc["overall", "percentage"] == 92.2 and frame.loc["appren", "percentage"] == 3.2


def test_a_missing_version_falls_back_with_a_note(bundled):
    frame, version, note = bundled.england_for("ks4", "202122", "Provisional", "State-funded mainstream schools",
                                               "Total", "Total")
    assert version == "Revised"
    assert "Revised" in note and "2021/22" in note


def test_special_schools_are_compared_with_the_national_special_group(bundled):
    assert comparison_group("ks4", "State-funded special schools") == "State-funded (inc. non-maintained) special"
    frame, _, _ = bundled.england_for("ks4", "202122", "Revised", "State-funded special schools", "Total", "Total")
    assert frame.loc["overall", "cohort"] < 20000


def test_a_county_gets_la_figure_not_available_rather_than_an_invented_one(bundled):
    found = bundled.la_for("ks4", "202122", "E10000016", "State-funded mainstream schools", "Total", "Total")
    assert isinstance(found, Unavailable)
    assert "county" in found.reason and "not available" in found.reason


def test_the_district_file_has_no_breakdowns_so_no_la_figure_for_disadvantaged(bundled):
    found = bundled.la_for("ks4", "202122", "E08000012", "State-funded mainstream schools", "Disadvantage Status",
                           "Disadvantaged")
    assert isinstance(found, Unavailable) and "totals only" in found.reason


def test_special_schools_get_no_la_figure_from_a_mainstream_only_file(bundled):
    found = bundled.la_for("ks4", "202122", "E08000004", "State-funded special schools", "Total", "Total")
    assert isinstance(found, Unavailable) and "mainstream" in found.reason


def test_1618_england_is_the_sum_of_the_districts(bundled):
    frame, version, _ = bundled.england_for("16-18", "202122", "Revised", "Colleges", "Total", "Total")
    la = bundled.la[(bundled.la["stage"] == "16-18") & (bundled.la["time_period"] == "202122")
                    & (bundled.la["cohort_level_group"] == "Total") & (bundled.la["measure"] == "appren")]
    assert frame.loc["appren", "count"] == la["count"].sum()
    assert frame.loc["appren", "basis"] == "sum_of_districts" and version == ""


def test_no_england_figure_for_a_year_outside_the_files(bundled):
    found = bundled.england_for("16-18", "201920", "Revised", "Colleges", "Total", "Total")
    assert isinstance(found, Unavailable) and "2019/20" in found.reason


@pytest.mark.parametrize("value, expected", [(202122, "202122"), ("2021/22", "202122"), ("2021-22", "202122"),
                                             ("2021/2022", "202122"), (None, None)])
def test_years_are_accepted_as_inspectors_write_them(value, expected):
    assert normalise_period(value) == expected


def test_a_year_that_is_not_an_academic_year_is_refused():
    with pytest.raises(ValueError):
        normalise_period("2021/23")


def test_period_helpers():
    assert shift_period("202122", -1) == "202021" and shift_period("199900", 1) == "200001"
    assert period_label("202122") == "2021/22"


def test_reference_can_be_built_from_other_files(national_ks4):
    ref = ReferenceData.from_tables([national_ks4])
    assert len(ref.la) == 0
    found = ref.la_for("ks4", "202122", "E08000012", "State-funded mainstream schools", "Total", "Total")
    assert isinstance(found, Unavailable)
