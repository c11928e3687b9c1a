"""The synthetic institution generator writes DfE's layout, reproducibly, with DfE's conventions."""
import importlib.util

import pandas as pd
import pytest

from dest_helpers import DATA
from inspector_kit.destinations import load_destinations
from fixtures.synth.institutions import (generate_institutions, institution_spec, local_authorities,
                                                  synthetic_institutions, write_ees_csv)
from inspector_kit.destinations.schema import LAYOUTS


@pytest.fixture(scope="module")
def synthetic():
    specs = synthetic_institutions(40, stage="ks4", seed=7)
    return specs, generate_institutions(specs, stage="ks4", years=["202021", "202122"], seed=7)


def numbers(frame: pd.DataFrame) -> pd.DataFrame:
    n = frame[(frame["data_type"] == "Number of pupils") & (frame["cohort"] != "c")].copy()
    for c in LAYOUTS["ks4_institution"][22:]:
        n[c] = n[c].astype(int)
    return n


def test_columns_are_the_exact_ees_layout_in_order(synthetic):
    assert list(synthetic[1].columns) == LAYOUTS["ks4_institution"]


def test_the_same_seed_writes_the_same_bytes(tmp_path, synthetic):
    specs, frame = synthetic
    again = generate_institutions(specs, stage="ks4", years=["202021", "202122"], seed=7)
    a = write_ees_csv(frame, tmp_path / "a.csv").read_bytes()
    b = write_ees_csv(again, tmp_path / "b.csv").read_bytes()
    assert a == b


def test_another_seed_writes_other_values(synthetic):
    specs, frame = synthetic
    other = generate_institutions(specs, stage="ks4", years=["202021", "202122"], seed=8)
    assert not frame.equals(other)


def test_rows_come_for_every_year_version_and_breakdown(synthetic):
    specs, frame = synthetic
    per_school = frame.groupby("school_urn").size()
    assert set(per_school) == {2 * 2 * 3 * 2}  # years x versions x breakdowns x (numbers, percentages)
    assert set(frame["breakdown"]) == {"Total", "Disadvantaged", "Not disadvantaged"}
    assert set(frame["version"]) == {"Provisional", "Revised"}


def test_cohorts_under_six_are_suppressed_whole_row_and_others_published(synthetic):
    frame = synthetic[1]
    values = frame[LAYOUTS["ks4_institution"][22:]]
    suppressed = (values == "c").all(axis=1)
    assert suppressed.any() and not (values == "c").any(axis=1)[~suppressed].any()
    published = pd.to_numeric(frame.loc[~suppressed & (frame["data_type"] == "Number of pupils"), "cohort"])
    assert published.min() >= 6


def test_total_is_disadvantaged_plus_other_and_overall_adds_up(synthetic):
    n = numbers(synthetic[1])
    keys = ["school_urn", "time_period", "version"]
    total = n[n["breakdown"] == "Total"].set_index(keys)
    grouped = n[n["breakdown"] != "Total"].groupby(keys)
    parts = grouped[["cohort", "appren", "overall"]].sum()[grouped.size() == 2]  # both parts published
    both = total.join(parts.add_suffix("_parts"), how="inner")
    assert len(both) > 100
    assert (both["appren"] == both["appren_parts"]).all() and (both["cohort"] == both["cohort_parts"]).all()
    assert (n["overall"] == n["education"] + n["appren"] + n["all_work"]).all()
    assert (n["education"] == n["fe"] + n["ssf"] + n["sfc"] + n["other_edu"]).all()
    assert (n["cohort"] == n["overall"] + n["all_notsust"] + n["all_unknown"]).all()


def test_cohorts_are_between_5_and_350(synthetic):
    assert all(5 <= s.cohort <= 350 for s in synthetic[0])


def test_revised_figures_only_ever_find_pupils_whose_destination_was_unknown(synthetic):
    n = numbers(synthetic[1])
    keys = ["school_urn", "time_period", "breakdown"]
    prov = n[n["version"] == "Provisional"].set_index(keys)
    rev = n[n["version"] == "Revised"].set_index(keys)
    assert (rev["all_unknown"] <= prov["all_unknown"]).all()
    assert (rev["cohort"] == prov["cohort"]).all()


def test_synthetic_schools_are_in_real_las_and_marked_as_synthetic(synthetic):
    real = set(local_authorities()["new_la_code"])
    for s in synthetic[0]:
        assert s.la_code in real and "Synthetic" in s.name and int(s.urn) >= 900001
        assert s.laestab.startswith(s.old_la_code)


def test_local_authority_table_agrees_with_the_real_district_file():
    lad = pd.read_csv(DATA / "ks4_destination_measures_lad_totals_2015-16_to_2022-23.csv", dtype=str)
    names = dict(zip(lad["lad_code"], lad["lad_name"]))
    la = local_authorities()
    assert la["new_la_code"].is_unique and la["old_la_code"].is_unique
    assert all(names.get(code) == name for code, name in zip(la["new_la_code"], la["la_name"]))


def test_a_planted_profile_moves_the_destination_it_names():
    base = institution_spec(urn="100001", laestab="3414001", name="Plain", la_code="E08000012",
                            institution_group="State-funded mainstream schools", institution_type="LA maintained",
                            cohort=300, noise=0.0)
    planted = institution_spec(urn="100001", laestab="3414001", name="Plain", la_code="E08000012",
                               institution_group="State-funded mainstream schools", institution_type="LA maintained",
                               cohort=300, noise=0.0, profile={"appren": 0.0001})
    years = ["201920", "202021", "202122"]
    a = numbers(generate_institutions([base], stage="ks4", years=years, seed=1))
    b = numbers(generate_institutions([planted], stage="ks4", years=years, seed=1))
    assert a["appren"].sum() > 20 and b["appren"].sum() == 0


def test_1618_files_have_levels_and_the_1618_layout():
    specs = synthetic_institutions(10, stage="16-18", seed=3)
    frame = generate_institutions(specs, stage="16-18", years=["202122"], seed=3)
    assert list(frame.columns) == LAYOUTS["16-18_institution"]
    assert set(frame["cohort_level_group"]) == {"Total", "Level 3"}


def test_generated_files_load_without_errors(tmp_path, synthetic):
    path = write_ees_csv(synthetic[1], tmp_path / "s.csv")
    table = load_destinations(path)
    assert (table.problems["severity"] != "error").all()
    assert set(table.frame["level"]) == {"school"}


@pytest.mark.slow
def test_committed_fixtures_are_exactly_what_the_build_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_fixtures", DATA / "build_fixtures.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.build_institution_files(tmp_path)
    build.build_loader_fixtures(tmp_path)
    for name in ("institutions_ks4_fixture.csv", "institutions_1618_fixture.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    for path in sorted((tmp_path / "loader").iterdir()):
        assert path.read_bytes() == (DATA / "loader" / path.name).read_bytes(), path.name
