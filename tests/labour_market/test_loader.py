"""The labour market loader reads the real tables and the pass files, and names the file, line, column
and check of every problem in the fail files (fixtures/labour_market/make_loader_fixtures.py)."""
import csv
from pathlib import Path

import pytest

from inspector_kit.errors import InspectorKitError, LabourMarketDataError
from inspector_kit.labour_market.loader import (ALL_INDUSTRIES, bundled, load_employment, load_employment_bytes,
                                                load_lookup)
from support import FIXTURES

LOADER = FIXTURES / "labour_market" / "loader"
DATA = Path(__file__).resolve().parents[2] / "inspector_kit" / "labour_market" / "data"
REFERENCE = Path("/work/shared/reference/data")


def problems(path, load):
    with pytest.raises(LabourMarketDataError) as caught:
        load(path)
    error = caught.value
    assert str(path) in str(error) and isinstance(error, InspectorKitError)
    return sorted((p["check"], p["line"], p["column"]) for p in error.problems)


@pytest.mark.parametrize("name, expected", [
    ("employment-header-fail.csv", [("labour_market.header", 1, None)]),
    ("employment-values-fail.csv", [("labour_market.value", 5, "employment_2020_000s"),
                                    ("labour_market.value", 9, "employment_2025_000s"),
                                    ("labour_market.value", 11, "employment_2035_000s")]),
    ("employment-incomplete-fail.csv", [("labour_market.area.incomplete", 2, "industry")]),
    ("employment-total-fail.csv", [("labour_market.area.total", 2, "employment_2020_000s")]),
    ("employment-duplicate-fail.csv", [("labour_market.duplicate", 25, "industry")]),
    ("employment-fields-fail.csv", [("labour_market.fields", 5, None)]),
    ("employment-unknown-industry-fail.csv", [("labour_market.industry", 5, "industry")]),
    ("employment-utf16-fail.csv", [("labour_market.file.encoding", None, None)]),
])
def test_each_broken_employment_file_is_refused_with_every_problem_located(name, expected):
    assert problems(LOADER / name, load_employment) == expected


@pytest.mark.parametrize("name, expected", [
    ("lookup-duplicate-fail.csv", [("labour_market.duplicate", 11, "lad_code")]),
    ("lookup-codes-fail.csv", [("labour_market.code", 3, "lad_code"), ("labour_market.code", 5, "lsip_code")]),
    ("lookup-names-fail.csv", [("labour_market.name", 4, "lsip_name")]),
    ("lookup-is-employment-fail.csv", [("labour_market.header", 1, None)]),
])
def test_each_broken_lookup_is_refused_with_every_problem_located(name, expected):
    assert problems(LOADER / name, load_lookup) == expected


def test_the_message_names_the_first_problem_and_counts_the_rest():
    with pytest.raises(LabourMarketDataError) as caught:
        load_employment(LOADER / "employment-values-fail.csv")
    message = str(caught.value)
    assert "labour_market.value at line 5, column employment_2020_000s" in message and "2 more problems" in message
    assert caught.value.code == "labour_market.data"


@pytest.mark.parametrize("name", ["employment-two-areas-pass.csv", "employment-bom-crlf-pass.csv"])
def test_pass_files_read_the_same_figures(name):
    table = load_employment(LOADER / name)
    assert table.areas == {"E69000021": "Liverpool City Region", "E92000001": "England"}
    assert table.years == (2015, 2019, 2020, 2025, 2035)
    assert table.employment("E69000021", "Health and social work")[2020] == pytest.approx(126.824)


def test_lookup_pass_file_maps_districts_to_their_area():
    lookup = load_lookup(LOADER / "lookup-pass.csv")
    assert lookup.area_of("e08000012").lsip_name == "Liverpool City Region"
    assert lookup.area_of("E08000021").lsip_name == "North of Tyne"
    assert lookup.area_of("E06000001") is None


def test_an_empty_upload_is_refused_in_words():
    with pytest.raises(LabourMarketDataError, match="labour_market.file.empty"):
        load_employment_bytes(b"  \n", name="upload.csv")


def test_the_shipped_tables_are_the_reference_files_unchanged_and_complete():
    for name in ("lmi_employment_by_industry_lsip_2015-2035.csv", "lad_to_lsip_2023.csv"):
        if (REFERENCE / name).exists():
            assert (DATA / name).read_bytes() == (REFERENCE / name).read_bytes()
    employment, lookup = bundled()
    assert len(employment.areas) == 31 and len(lookup.districts) == 296
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in \
        (DATA / "README.md").read_text(encoding="utf-8")
    # every value read back as the file has it
    with open(DATA / "lmi_employment_by_industry_lsip_2015-2035.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert employment.employment(row["lsip_code"], row["industry"])[2035] == float(row["employment_2035_000s"])
    assert ALL_INDUSTRIES in {i for _, i in employment.values}
