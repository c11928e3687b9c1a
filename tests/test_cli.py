"""The command line: help, bundle show/list/text, and errors as one line naming the file."""
import json

import pytest

from support import FIXTURES, SCHOOLS
from inspector_kit.cli import main


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "bundle" in capsys.readouterr().out


def test_bundle_show_prints_school_plan_and_notes_by_year_group(capsys):
    folder = sorted(p for p in SCHOOLS.iterdir() if (p / "school.toml").exists())[0]
    assert main(["bundle", "show", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "URN" in out and "Plan:" in out and "Focus-group notes:" in out and "words" in out


def test_bundle_show_json_is_machine_readable(capsys):
    folder = sorted(p for p in SCHOOLS.iterdir() if (p / "school.toml").exists())[0]
    assert main(["bundle", "show", str(folder), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert set(info) == {"school", "plan", "notes", "destinations_file", "problems"}


def test_bundle_text_prints_the_extracted_text(capsys):
    assert main(["bundle", "text", str(FIXTURES / "documents" / "pass" / "plan.docx")]) == 0
    assert "Year 10 | A week of work experience in July" in capsys.readouterr().out


def test_errors_are_one_line_with_code_and_file_not_a_traceback(capsys):
    bad = FIXTURES / "documents" / "fail" / "scanned.pdf"
    assert main(["bundle", "text", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inspector-kit: error [document.scanned]:") and "scanned.pdf" in err
    assert "Traceback" not in err
