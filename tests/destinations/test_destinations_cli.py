"""``inspector-kit destinations``: text, JSON, charts, and clear errors (exit code 2)."""
import json

import pytest

from dest_helpers import INSTITUTIONS_1618, INSTITUTIONS_KS4, LOADER
from inspector_kit.cli import main


def test_text_output_shows_the_comparison_and_findings(capsys):
    assert main(["destinations", "104712", "--data", str(INSTITUTIONS_KS4)]) == 0
    out = capsys.readouterr().out
    assert "Riverside High School (URN 104712)" in out
    assert "well below average" in out and "[destinations.low_apprenticeship]" in out


def test_json_output_is_the_comparison_record(capsys):
    assert main(["destinations", "136455", "--data", str(INSTITUTIONS_KS4), "--year", "2020/21",
                 "--version", "Provisional", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["urn"], record["time_period"], record["version"]) == ("136455", "202021", "Provisional")
    assert "destinations.low_education_fe" in {f["code"] for f in record["findings"]}


def test_two_files_and_a_stage(capsys):
    assert main(["destinations", "104712", "--data", str(INSTITUTIONS_KS4), "--data", str(INSTITUTIONS_1618),
                 "--stage", "16-18", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["stage"] == "16-18"


def test_a_breakdown_can_be_asked_for(capsys):
    assert main(["destinations", "137210", "--data", str(INSTITUTIONS_KS4), "--breakdown", "Disadvantaged",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["breakdown"] == "Disadvantaged"


def test_charts_are_written_as_svg(tmp_path, capsys):
    assert main(["destinations", "101934", "--data", str(INSTITUTIONS_KS4), "--charts", str(tmp_path)]) == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["101934-ks4-202122-comparison.svg", "101934-ks4-202122-mix.svg", "101934-ks4-202122-trend.svg"]
    assert all(p.read_text().lstrip().startswith("<svg") for p in tmp_path.iterdir())


def test_an_unknown_urn_is_exit_code_2_with_the_error_code(capsys):
    assert main(["destinations", "999999", "--data", str(INSTITUTIONS_KS4)]) == 2
    assert "[destinations.school_not_found]" in capsys.readouterr().err


def test_a_bad_file_prints_every_problem_then_the_error(capsys):
    assert main(["destinations", "104712", "--data", str(LOADER / "bad-values-fail.csv")]) == 2
    err = capsys.readouterr().err
    assert "6 problem(s) found" in err
    for check in ("destinations.value.not_number", "destinations.key.urn", "destinations.value.blank"):
        assert check in err


@pytest.mark.parametrize("year", ["2019-20", "201920"])
def test_years_can_be_written_either_way(capsys, year):
    assert main(["destinations", "104712", "--data", str(INSTITUTIONS_KS4), "--year", year, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == "2019/20"
