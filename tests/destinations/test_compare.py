"""Comparisons on hand-made files whose every figure can be worked out by hand.

England 2021/22 (and 2020/21): 1,000 pupils, 32 apprenticeships (3.2%), 912 sustained (91.2%).
England disadvantaged 770/1000 sustained, other 960/1000: national gap 19.0 points.
Liverpool (district file): 1,000 pupils, 40 apprenticeships (4.0%).
School 100001, 2021/22 Revised: 200 pupils, 0 apprenticeships, 178 sustained; 50 disadvantaged (30 sustained),
150 other (148 sustained).
"""
import math

import pytest

from dest_helpers import counts, institution_csv, reference_from
from inspector_kit.destinations import compare_all, compare_school, load_destinations_bytes
from inspector_kit.errors import SchoolNotInDataError

ENGLAND = counts(fe=350, ssf=360, sfc=130, other_edu=10, appren=32, all_work=30, all_notsust=55, all_unknown=33)
ENGLAND_DIS = counts(fe=400, ssf=200, sfc=80, other_edu=20, appren=30, all_work=40, all_notsust=150, all_unknown=80)
ENGLAND_OTHER = counts(fe=300, ssf=450, sfc=140, other_edu=10, appren=35, all_work=25, all_notsust=25, all_unknown=15)
LIVERPOOL = counts(fe=800, appren=40, all_work=40, all_notsust=80, all_unknown=40)
SCHOOL_DIS = counts(fe=20, ssf=5, sfc=5, all_notsust=12, all_unknown=8)
SCHOOL_OTHER = counts(fe=60, ssf=55, sfc=25, other_edu=2, all_work=6, all_notsust=2)
SCHOOL = {k: SCHOOL_DIS[k] + SCHOOL_OTHER[k] for k in SCHOOL_DIS}


@pytest.fixture(scope="module")
def reference():
    national = []
    for period in ("202021", "202122"):
        national += [{"time_period": period, "counts": ENGLAND},
                     {"time_period": period, "topic": "Disadvantage Status", "breakdown": "Disadvantaged",
                      "counts": ENGLAND_DIS},
                     {"time_period": period, "topic": "Disadvantage Status", "breakdown": "Not disadvantaged",
                      "counts": ENGLAND_OTHER}]
    lad = [{"time_period": p, "counts": LIVERPOOL} for p in ("202021", "202122")]
    return reference_from(national, lad)


def school_rows(urn="100001", period="202122", version="Revised", la_code="E08000012", total=SCHOOL):
    return [{"urn": urn, "time_period": period, "version": version, "la_code": la_code, "counts": total},
            {"urn": urn, "time_period": period, "version": version, "la_code": la_code, "topic": "Disadvantage Status",
             "breakdown": "Disadvantaged", "counts": SCHOOL_DIS if total is SCHOOL else total},
            {"urn": urn, "time_period": period, "version": version, "la_code": la_code, "topic": "Disadvantage Status",
             "breakdown": "Not disadvantaged", "counts": SCHOOL_OTHER if total is SCHOOL else total}]


@pytest.fixture(scope="module")
def table():
    rows = (school_rows() + school_rows(version="Provisional") + school_rows(period="202021")
            + school_rows(period="201920", total=counts(fe=150, appren=10, all_notsust=40))
            + school_rows(urn="100002", total=counts(fe=4, all_notsust=1))
            + school_rows(urn="100003", total=None)
            + school_rows(urn="100004", period="202223") + school_rows(urn="100004")
            + school_rows(urn="100005", la_code="E10000016"))
    return load_destinations_bytes(institution_csv(rows), name="schools.csv")


@pytest.fixture(scope="module")
def school(table, reference):
    return compare_school(table, "100001", reference=reference)


def test_defaults_to_the_latest_year_and_the_revised_version(school):
    assert (school.time_period, school.version, school.breakdown) == ("202122", "Revised", "Total")
    assert school.cohort == 200


def test_apprenticeships_against_england_and_la_by_hand(school):
    m = school.measure("appren")
    assert m.school.percentage == 0.0 and m.school.count == 0
    assert m.england.percentage == 3.2 and m.la.percentage == 4.0
    assert m.diff_england_pp == pytest.approx(-3.2) and m.diff_la_pp == pytest.approx(-4.0)
    assert m.p_value == pytest.approx(2 * 0.968 ** 200, rel=1e-6)
    assert m.la_p_value == pytest.approx(2 * 0.96 ** 200, rel=1e-6)
    assert m.effect_h == pytest.approx(-2 * math.asin(math.sqrt(0.032)), rel=1e-6)
    assert m.band == "well_below" and m.band_label == "well below average"
    assert m.interval[0] == pytest.approx(0, abs=1e-9) and m.interval[1] == pytest.approx(1.8845, abs=1e-3)


def test_overall_sustained_close_to_average(school):
    # 178/200 = 89.0% against 91.2%: exact two-sided p = 0.27 -> close to average
    m = school.measure("overall")
    assert m.school.percentage == 89.0
    pmf = [math.comb(200, i) * 0.912 ** i * 0.088 ** (200 - i) for i in range(201)]
    assert m.p_value == pytest.approx(min(1, 2 * sum(pmf[:179])), rel=1e-6)
    assert m.band == "close"


def test_measures_come_in_reading_order(school):
    assert [m.measure for m in school.measures] == ["overall", "education", "fe", "ssf", "sfc", "other_edu", "appren",
                                                     "all_work", "all_notsust", "all_unknown"]


def test_la_figures_exist_only_where_the_district_file_has_them(school):
    assert school.measure("education").la.percentage == 80.0
    fe = school.measure("fe")
    assert fe.la is None and "no LA figure for further education" in fe.la_reason


def test_three_year_view_with_a_year_england_cannot_be_compared(school):
    points = school.trend["appren"]
    assert [p.time_period for p in points] == ["201920", "202021", "202122"]
    assert points[0].band == "not_reported" and "2019/20" in points[0].reason
    assert [p.band for p in points[1:]] == ["well_below", "well_below"]
    assert points[0].arrow is None and points[2].arrow == "level"


def test_disadvantaged_gap_against_the_national_gap_by_hand(school):
    g = school.gap
    assert g.disadvantaged.percentage == 60.0 and g.other.percentage == pytest.approx(98.7)
    assert g.england_gap_pp == pytest.approx(19.0)
    assert g.gap_pp == pytest.approx(100 * (148 / 150 - 30 / 50))
    assert g.z == pytest.approx(2.8887, abs=1e-3)
    assert g.band == "wider"


def test_findings_carry_codes_criteria_figures_and_the_idsr_sentence(school):
    by_code = {f.code: f for f in school.findings}
    assert set(by_code) == {"destinations.low_apprenticeship", "destinations.disadvantaged_gap"}
    appren = by_code["destinations.low_apprenticeship"]
    assert appren.sentence == ("The proportion of pupils sustaining an apprenticeship (0.0% in 2021/22) was "
                               "significantly below national (3.2%) and the local authority (4.0%) in each of the "
                               "last two years (2020/21 to 2021/22).")
    assert "OF13-APPRENTICESHIPS" in appren.criteria
    assert [y["year"] for y in appren.figures["years"]] == ["2020/21", "2021/22"]
    assert appren.figures["count"] == 0 and appren.figures["cohort"] == 200


def test_a_cohort_under_six_is_not_reported_with_the_reason(table, reference):
    c = compare_school(table, "100002", reference=reference)
    for m in c.measures:
        assert m.band == "not_reported" and "under 6" in m.reason
    assert c.findings == []


def test_a_suppressed_row_is_not_reported_and_never_zero(table, reference):
    c = compare_school(table, "100003", reference=reference)
    assert c.cohort is None and c.cohort_status == "suppressed"
    for m in c.measures:
        assert m.band == "not_reported" and "suppressed" in m.reason
        assert m.school.percentage is None and m.school.count is None


def test_a_year_without_england_figures_is_skipped_by_default_with_a_note(table, reference):
    c = compare_school(table, "100004", reference=reference)
    assert c.time_period == "202122"
    assert any("2022/23" in n for n in c.notes)


def test_asking_for_that_year_gives_not_reported_rather_than_a_guess(table, reference):
    c = compare_school(table, "100004", year="2022/23", reference=reference)
    assert all(m.band == "not_reported" and "no England figures for 2022/23" in m.reason for m in c.measures)


def test_the_provisional_version_can_be_asked_for_and_the_england_fallback_is_noted(table, reference):
    c = compare_school(table, "100001", version="Provisional", reference=reference)
    assert c.version == "Provisional"
    assert c.measure("appren").england.version == "Revised"
    assert any("Provisional" in n for n in c.notes)


def test_a_breakdown_compares_with_the_same_breakdown_nationally(table, reference):
    c = compare_school(table, "100001", breakdown="Disadvantaged", reference=reference)
    m = c.measure("overall")
    assert m.school.percentage == 60.0 and m.england.percentage == 77.0
    assert m.la is None and "totals only" in m.la_reason


def test_a_county_school_gets_no_la_figure(table, reference):
    c = compare_school(table, "100005", reference=reference)
    assert all(m.la is None for m in c.measures)
    assert "county" in c.measure("overall").la_reason


def test_unknown_urn_year_or_version_raise_the_school_not_found_error(table, reference):
    with pytest.raises(SchoolNotInDataError):
        compare_school(table, "999999", reference=reference)
    with pytest.raises(SchoolNotInDataError, match="2018/19"):
        compare_school(table, "100001", year="201819", reference=reference)
    with pytest.raises(SchoolNotInDataError):
        compare_school(table, "100002", version="Provisional", reference=reference)


def test_compare_all_gives_one_comparison_per_school(table, reference):
    comparisons = compare_all(table, reference=reference)
    assert sorted(c.urn for c in comparisons) == ["100001", "100002", "100003", "100004", "100005"]


def test_as_dict_is_json_ready(school):
    import json
    record = json.loads(json.dumps(school.as_dict()))
    assert record["measures"][6]["measure"] == "appren" and record["measures"][6]["band_label"] == "well below average"
    assert record["gap"]["band"] == "wider"


def test_the_text_report_shows_counts_bands_and_findings(school):
    text = school.to_text()
    assert "0.0% (0/200)" in text and "well below average" in text
    assert "[destinations.low_apprenticeship]" in text


def test_national_and_la_files_can_be_passed_instead_of_the_bundled_ones(ks4_fixture):
    from dest_helpers import LAD_KS4, NATIONAL_KS4
    bundled = compare_school(ks4_fixture, "104712")
    passed = compare_school(ks4_fixture, "104712", national=NATIONAL_KS4, la=str(LAD_KS4))
    for a, b in zip(bundled.measures, passed.measures):
        assert (a.england.percentage if a.england else None) == (b.england.percentage if b.england else None)
        assert (a.la.percentage if a.la else None) == (b.la.percentage if b.la else None)
        assert a.band == b.band
