"""``inspector-kit analyse`` on every fixture document: sensible JSON, a readable text report, clear errors."""
import json
from pathlib import Path

import pytest

from inspector_kit.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(p for p in ROOT.glob("fixtures/schools/*/*")
                   if p.suffix in (".html", ".htm", ".pdf", ".docx", ".md", ".txt")) + sorted(
    ROOT.glob("fixtures/schools/*/notes/*"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_analyse_gives_json_for_every_fixture_document(path, capsys):
    assert main(["analyse", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"source", "kind", "signals", "findings"}
    assert data["kind"] == ("notes" if path.parent.name == "notes" else "plan")
    assert data["signals"], "a careers document with no signals at all is suspicious"


def test_text_format_lists_findings_and_signals(capsys, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    path = notes / "groups.md"
    path.write_text("## Y11 group\n- none of them had had a careers interview\n", encoding="utf-8")
    html = tmp_path / "view.html"
    assert main(["analyse", str(path), "--format", "text", "--phase", "11-16", "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "no_personal_guidance [Y11]" in out and "activity.personal_guidance" in out
    assert "<mark" in html.read_text(encoding="utf-8")


def test_bad_options_fail_with_a_clear_message(capsys, tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("Pupils meet employers.", encoding="utf-8")
    assert main(["analyse", str(path), "--year-groups", "6"]) == 2
    assert "between 7 and 13" in capsys.readouterr().err
