"""Long documents from the command line: a plan over spaCy's limit, a runaway line, and the text limit.

Before the engine analysed in sections, ``inspector-kit analyse`` on 1.17 million characters ended in
spaCy's ``E088`` traceback with status 1. Now it succeeds; past ``INSPECTOR_KIT_MAX_TEXT_MB`` the answer
is one line, ``document.too_large``, naming the file, the size and the limit.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector_kit import errors
from inspector_kit.cli import main
from inspector_kit.config import Limits
from inspector_kit.evidence import load_bundle, load_document

pytestmark = pytest.mark.reliability

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PLAN = FIXTURES / "schools" / "westbrook-academy" / "careers-plan.md"


def plan_text(characters: int) -> str:
    """A fixture plan repeated (each copy under its own heading) to at least ``characters`` characters."""
    base = PLAN.read_text(encoding="utf-8")
    copies = characters // (len(base) + 20) + 1
    return "\n\n".join(f"# Copy {i + 1}\n\n{base}" for i in range(copies))


def test_analyse_a_plan_of_1_17_million_characters_succeeds(tmp_path, capsys):
    path = tmp_path / "long-plan.txt"
    text = plan_text(1_170_000)
    path.write_text(text, encoding="utf-8")
    assert main(["analyse", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["signals"]) > 1000 and out["words"] == len(text.split())
    last = out["signals"][-1]
    assert last["start"] > 1_100_000 and text[last["start"]:last["end"]] == last["text"]


def test_analyse_one_line_of_2_million_characters_succeeds(tmp_path, capsys):
    line = " ".join(PLAN.read_text(encoding="utf-8").split())
    path = tmp_path / "one-line.txt"
    path.write_text((line + " ") * (2_000_000 // len(line) + 1), encoding="utf-8")
    assert main(["analyse", str(path), "--format", "text"]) == 0
    assert "Signals (" in capsys.readouterr().out


def test_text_over_the_limit_is_document_too_large_naming_file_size_and_limit(tmp_path, monkeypatch, capsys):
    path = tmp_path / "huge.txt"
    path.write_text(plan_text(1_200_000), encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_KIT_MAX_TEXT_MB", "1")
    with pytest.raises(errors.DocumentTooLargeError) as caught:
        load_document(path)
    assert caught.value.code == "document.too_large"
    assert caught.value.details["limit"] == 1024 * 1024 and caught.value.details["characters"] > 1024 * 1024
    assert main(["analyse", str(path)]) == 2
    err = capsys.readouterr().err
    assert "[document.too_large]" in err and "huge.txt" in err and "over the 1 MB limit for extracted text" in err
    assert "Traceback" not in err


def test_the_text_limit_defaults_to_50_mb_and_is_documented(monkeypatch):
    monkeypatch.delenv("INSPECTOR_KIT_MAX_TEXT_MB", raising=False)
    assert Limits.from_env().max_text_chars == 50 * 1024 * 1024
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    assert "INSPECTOR_KIT_MAX_TEXT_MB" in readme


def test_a_notes_file_over_the_limit_is_a_problem_and_the_rest_of_the_bundle_loads(tmp_path, monkeypatch):
    import shutil

    bundle = tmp_path / "riverside-high"
    shutil.copytree(FIXTURES / "schools" / "riverside-high", bundle)
    (bundle / "notes" / "day3-long.md").write_text("## Y9 group\n\n" + plan_text(1_200_000), encoding="utf-8")
    monkeypatch.setenv("INSPECTOR_KIT_MAX_TEXT_MB", "1")
    loaded = load_bundle(bundle)
    too_large = [p for p in loaded.problems if p["code"] == "document.too_large"]
    assert [Path(p["path"]).name for p in too_large] == ["day3-long.md"]
    assert loaded.plan is not None and loaded.notes


def test_a_folder_given_as_a_file_says_so(tmp_path, capsys):
    folder = tmp_path / "riverside-high"
    folder.mkdir()
    with pytest.raises(errors.DocumentNotFoundError, match="is a folder; give a file, or use `bundle`/`thematic`"):
        load_document(folder)
    assert main(["analyse", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "extension" not in err
