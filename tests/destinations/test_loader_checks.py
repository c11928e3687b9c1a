"""Single loader checks on tiny hand-made files: one behaviour each, asserted by check id."""
import numpy as np
import pytest

from dest_helpers import counts, institution_csv, lad_csv, national_csv
from inspector_kit.destinations import load_destinations_bytes
from inspector_kit.errors import DestinationDataError

LAD_HEADER = ("time_period,geographic_level,lad_code,lad_name,breakdown_topic,institution_group,breakdown,data_type,"
              "cohort,education,appren,all_work,all_notsust,all_unknown\n")
LAD_ROW = "202122,Local authority district,E08000012,Liverpool,Total,State-funded mainstream schools,Total,Number of pupils,100,80,5,5,7,3\n"


def checks_of(data: bytes, **kwargs) -> set[str]:
    with pytest.raises(DestinationDataError) as caught:
        load_destinations_bytes(data, name="t.csv", **kwargs)
    return set(caught.value.problems["check"])


def one(frame, **keys):
    mask = np.ones(len(frame), dtype=bool)
    for k, v in keys.items():
        mask &= (frame[k] == v).to_numpy()
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


def test_an_empty_file_is_refused():
    assert checks_of(b"") == {"destinations.file.empty"}


def test_a_header_without_rows_is_refused():
    assert checks_of(LAD_HEADER.encode()) == {"destinations.file.no_rows"}


def test_a_row_with_too_many_fields_is_reported_with_its_line():
    with pytest.raises(DestinationDataError) as caught:
        load_destinations_bytes((LAD_HEADER + LAD_ROW + LAD_ROW.strip() + ",9\n").encode(), name="t.csv")
    p = caught.value.problems
    assert p.loc[p["check"] == "destinations.row.field_count", "row"].tolist() == [3]


def test_a_short_row_in_the_middle_is_a_field_count_error_not_a_truncation():
    short = LAD_ROW.rsplit(",", 2)[0] + "\n"
    assert checks_of((LAD_HEADER + short + LAD_ROW).encode()) == {"destinations.row.field_count"}


def test_an_unterminated_quote_at_the_end_is_a_truncation():
    assert "destinations.file.truncated" in checks_of((LAD_HEADER + LAD_ROW + '202122,"Local auth').encode())


def test_a_duplicated_column_is_refused():
    data = LAD_HEADER.replace("appren,", "appren,appren,") + LAD_ROW.replace(",5,5,", ",5,5,5,", 1)
    assert "destinations.column.duplicate" in checks_of(data.encode())


def test_two_rows_with_the_same_keys_are_refused():
    assert "destinations.row.duplicate" in checks_of((LAD_HEADER + LAD_ROW + LAD_ROW).encode())


def test_a_fractional_count_is_refused():
    assert "destinations.value.count_not_integer" in checks_of((LAD_HEADER + LAD_ROW.replace(",5,5,", ",5.5,5,")).encode())


def test_a_bad_district_code_is_refused():
    assert "destinations.key.la_code" in checks_of((LAD_HEADER + LAD_ROW.replace("E08000012", "Liverpool")).encode())


def test_an_unknown_data_type_is_refused():
    assert "destinations.key.data_type" in checks_of((LAD_HEADER + LAD_ROW.replace("Number of pupils", "Rate")).encode())


def test_a_year_written_the_wrong_way_is_refused():
    assert "destinations.key.time_period" in checks_of((LAD_HEADER + LAD_ROW.replace("202122", "202223x")).encode())


def test_an_unknown_version_is_refused():
    data = institution_csv([{"counts": counts(fe=10, appren=1, all_notsust=1), "version": "Draft"}])
    assert "destinations.key.version" in checks_of(data)


def test_binary_data_is_an_encoding_error():
    assert checks_of(b"\x00\x01\x02time_period") == {"destinations.file.encoding"}


def test_utf16_with_bom_is_read():
    table = load_destinations_bytes((LAD_HEADER + LAD_ROW).encode("utf-16"), name="t.csv")
    assert table.sources[0].encoding == "utf-16"
    assert one(table.frame, measure="appren")["count"] == 5


@pytest.mark.parametrize("code, status", [
    ("c", "suppressed"), ("z", "not_applicable"), ("x", "not_available"), ("low", "low"), ("~", "low"),
    ("u", "low_reliability"), ("C", "suppressed"),
])
def test_each_ees_code_has_its_own_status_and_no_number(code, status):
    table = load_destinations_bytes((LAD_HEADER + LAD_ROW.replace(",5,5,", f",{code},5,")).encode(), name="t.csv")
    row = one(table.frame, measure="appren")
    assert row["status"] == status
    assert np.isnan(row["count"]) and np.isnan(row["percentage"])


def test_overall_derived_from_a_suppressed_part_is_suppressed_not_summed():
    table = load_destinations_bytes((LAD_HEADER + LAD_ROW.replace(",5,5,", ",c,5,")).encode(), name="t.csv")
    overall = one(table.frame, measure="overall")
    assert overall["status"] == "suppressed" and np.isnan(overall["count"])


def test_numbers_only_rows_get_percentages_computed_and_marked():
    table = load_destinations_bytes((LAD_HEADER + LAD_ROW).encode(), name="t.csv")
    row = one(table.frame, measure="all_notsust")
    assert row["percentage"] == 7.0 and row["basis"] == "computed"


def test_published_percentages_are_kept_rather_than_recomputed():
    data = institution_csv([{"counts": counts(fe=1, ssf=1, sfc=1)}]).replace(b",33.3,", b",33.4,", 1)
    table = load_destinations_bytes(data, name="t.csv")
    row = one(table.frame, measure="fe")
    assert row["percentage"] == 33.4 and row["basis"] == "published"


def test_inconsistent_totals_are_warnings_not_errors():
    v = counts(fe=50, appren=5, all_notsust=5)
    v["overall"] += 2
    table = load_destinations_bytes(institution_csv([{"counts": v}]), name="t.csv")
    assert "destinations.value.overall_not_sum" in set(table.problems["check"])
    assert (table.problems["severity"] == "warning").any()


def test_label_capitalisation_is_normalised():
    data = national_csv([{"time_period": "202122", "topic": "Disadvantage status", "breakdown": "Disadvantaged",
                          "counts": counts(fe=10, appren=1)}])
    table = load_destinations_bytes(data, name="n.csv")
    assert set(table.frame["breakdown_topic"]) == {"Disadvantage Status"}


def test_number_of_students_and_number_of_pupils_mean_the_same():
    a = national_csv([{"time_period": "202122", "counts": counts(fe=10, appren=1)}])
    b = a.replace(b"Number of pupils", b"Number of students")
    fa = load_destinations_bytes(a, name="a.csv").frame
    fb = load_destinations_bytes(b, name="b.csv").frame
    assert fa["count"].equals(fb["count"])


def test_stage_is_detected_from_the_columns():
    ks4 = load_destinations_bytes(lad_csv([{"time_period": "202122", "counts": counts(fe=5, all_notsust=1)}]), name="k.csv")
    assert set(ks4.frame["stage"]) == {"ks4"}
    with_level = (LAD_HEADER.replace("breakdown_topic,", "cohort_level_group,breakdown_topic,")
                  + LAD_ROW.replace(",Total,State", ",Total,Total,State", 1))
    assert set(load_destinations_bytes(with_level.encode(), name="s.csv").frame["stage"]) == {"16-18"}


def test_an_unknown_long_destination_is_kept_under_its_own_name_and_warned():
    header = ("time_period,geographic_level,breakdown_topic,breakdown,version,cohort_count,destination_group,"
              "destination_description,pupil_count,pupil_percent\n")
    rows = "202122,National,Total,Total,Revised,1000,Education,Total,860,86\n" \
           "202122,National,Total,Total,Revised,1000,Education,Independent school,5,0.5\n"
    table = load_destinations_bytes((header + rows).encode(), name="l.csv")
    assert "destinations.long.unknown_destination" in set(table.problems["check"])
    assert "Education/Independent school" in set(table.frame["measure"])
    assert one(table.frame, measure="education")["count"] == 860


def test_the_problem_table_orders_errors_before_warnings():
    data = (LAD_HEADER.replace("cohort,", "cohort,extra,") + LAD_ROW.replace(",100,", ",100,1,").replace(",5,5,", ",n/a,5,"))
    with pytest.raises(DestinationDataError) as caught:
        load_destinations_bytes(data.encode(), name="t.csv")
    severities = caught.value.problems["severity"].tolist()
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


# --- a row longer than the header ---------------------------------------------------------------------

def problems_of(data: bytes, **kwargs):
    with pytest.raises(DestinationDataError) as caught:
        load_destinations_bytes(data, name="t.csv", **kwargs)
    return caught.value.problems


def found(problems) -> set[tuple[int, str | None, str]]:
    """(line, column, check) of each error (a problem with no column has column None)."""
    errors = problems[problems["severity"] == "error"]
    return {(int(r.row), r.column if isinstance(r.column, str) else None, r.check) for r in errors.itertuples()}


def test_a_first_row_one_field_too_long_is_one_field_count_problem_not_shifted_columns():
    # pandas alone would read the first column as an index and report every column shifted by one
    data = (LAD_HEADER + LAD_ROW.strip() + ",9\n" + LAD_ROW.replace("202122", "202021")).encode()
    assert found(problems_of(data)) == {(2, None, "destinations.row.field_count")}


def test_the_rows_that_fit_are_still_checked_beside_the_one_too_long():
    data = (LAD_HEADER + LAD_ROW.strip() + ",9\n" + LAD_ROW.replace(",5,5,", ",n/a,5,")).encode()
    assert found(problems_of(data)) == {(2, None, "destinations.row.field_count"),
                                        (3, "appren", "destinations.value.not_number")}


def test_every_row_of_the_wrong_length_is_named_by_its_line():
    short = LAD_ROW.rsplit(",", 2)[0] + "\n"
    data = (LAD_HEADER + LAD_ROW.strip() + ",9\n" + LAD_ROW.replace("202122", "202021") + short
            + LAD_ROW.strip().replace("202122", "201920") + ",9,9\n").encode()
    p = problems_of(data)
    assert p.loc[p["check"] == "destinations.row.field_count", "row"].tolist() == [2, 4, 5]


# --- the same row twice: keyed on URN (or area codes), never on names ---------------------------------

SCHOOL = {"counts": counts(fe=50, appren=5, all_notsust=5), "urn": "104712", "name": "Riverside High School"}


@pytest.mark.parametrize("change, duplicate", [
    ({}, True),
    ({"name": "Riverside Academy"}, True),          # renamed: still the same school
    ({"la_code": "E08000013"}, True),               # a description of the school, not a key
    ({"group": "Special schools"}, True),
    ({"urn": "104713"}, False),
    ({"time_period": "202021"}, False),
    ({"version": "Provisional"}, False),
    ({"topic": "Disadvantage Status", "breakdown": "Disadvantaged"}, False),
])
def test_a_school_row_is_a_duplicate_when_urn_year_version_and_breakdown_repeat(change, duplicate):
    data = institution_csv([SCHOOL, {**SCHOOL, **change}])
    if not duplicate:
        assert len(load_destinations_bytes(data, name="t.csv").for_school(change.get("urn", "104712"))) > 0
        return
    p = problems_of(data)
    assert found(p) == {(4, None, "destinations.row.duplicate"), (5, None, "destinations.row.duplicate")}


def test_a_duplicate_under_a_new_name_gives_both_names():
    p = problems_of(institution_csv([SCHOOL, {**SCHOOL, "name": "Riverside Academy"}]))
    message = p.loc[p["row"] == 4, "message"].iloc[0]
    assert "line 2" in message and "Riverside High School" in message and "Riverside Academy" in message


def test_a_16_18_school_row_differs_by_cohort_level():
    header = LAD_HEADER.replace("breakdown_topic,", "cohort_level_group,breakdown_topic,")
    total = LAD_ROW.replace(",Total,State", ",Total,Total,State", 1)
    level3 = LAD_ROW.replace(",Total,State", ",Level 3,Total,State", 1)
    assert len(load_destinations_bytes((header + total + level3).encode(), name="t.csv").frame) > 0
    assert found(problems_of((header + total + total).encode())) == {(3, None, "destinations.row.duplicate")}


@pytest.mark.parametrize("row, duplicate", [
    (LAD_ROW.replace("Liverpool", "City of Liverpool"), True),  # area names describe, codes identify
    (LAD_ROW.replace("E08000012", "E08000013"), False),
    (LAD_ROW.replace("State-funded mainstream schools", "Special schools"), False),
])
def test_an_area_row_is_keyed_on_its_code_and_institution_group(row, duplicate):
    data = (LAD_HEADER + LAD_ROW + row).encode()
    if duplicate:
        assert found(problems_of(data)) == {(3, None, "destinations.row.duplicate")}
    else:
        assert len(load_destinations_bytes(data, name="t.csv").frame) > 0


LONG_HEADER = ("time_period,geographic_level,school_urn,school_name,new_la_code,institution_group,breakdown_topic,"
               "breakdown,version,cohort_count,destination_group,destination_description,pupil_count,pupil_percent\n")
LONG_ROW = ("202122,School,104712,{name},E08000012,State-funded mainstream schools,Total,Total,{version},100,"
            "Apprenticeships,Total,5,5\n")


@pytest.mark.parametrize("second, duplicate", [
    ({"name": "Riverside Academy", "version": "Revised"}, True),
    ({"name": "Riverside High School", "version": "Provisional"}, False),
])
def test_a_long_layout_row_is_keyed_on_urn_and_destination_not_name(second, duplicate):
    data = (LONG_HEADER + LONG_ROW.format(name="Riverside High School", version="Revised")
            + LONG_ROW.format(**second)).encode()
    if duplicate:
        assert found(problems_of(data)) == {(3, None, "destinations.row.duplicate")}
    else:
        assert len(load_destinations_bytes(data, name="t.csv").frame) == 2


# --- values below zero and percentages over 100 ----------------------------------------------------------

@pytest.mark.parametrize("row, line, column", [
    (LAD_ROW.replace(",5,5,", ",-6,5,"), 2, "appren"),            # a count
    (LAD_ROW.replace(",100,", ",-100,"), 2, "cohort"),             # the cohort
])
def test_a_negative_value_is_its_own_problem_not_a_number_error(row, line, column):
    assert found(problems_of((LAD_HEADER + row).encode())) == {(line, column, "destinations.value.negative")}


def swap(data: bytes, old: str, new: str) -> bytes:
    assert data.count(old.encode()) == 1, old
    return data.replace(old.encode(), new.encode())


def test_a_negative_percentage_is_negative_not_out_of_range():
    data = swap(institution_csv([{"counts": counts(fe=50, appren=5, all_notsust=5)}]),
                ",Percentage,Revised,60,91.7,83.3,", ",Percentage,Revised,60,91.7,-83.3,")
    assert found(problems_of(data)) == {(3, "education", "destinations.value.negative")}


def test_zero_is_not_negative():
    table = load_destinations_bytes((LAD_HEADER + LAD_ROW.replace(",5,5,", ",0,5,").replace(",100,", ",95,")).encode(),
                                    name="t.csv")
    assert one(table.frame, measure="appren")["count"] == 0


@pytest.mark.parametrize("overall, refused", [("100", False), ("100.1", True), ("112.5", True)])
def test_a_percentage_over_100_is_out_of_range(overall, refused):
    data = swap(institution_csv([{"counts": counts(fe=50, appren=5, all_work=5)}]),
                ",Percentage,Revised,60,100.0,", f",Percentage,Revised,60,{overall},")
    if refused:
        assert found(problems_of(data)) == {(3, "overall", "destinations.value.percentage_range")}
    else:
        assert one(load_destinations_bytes(data, name="t.csv").frame, measure="overall")["percentage"] == 100
