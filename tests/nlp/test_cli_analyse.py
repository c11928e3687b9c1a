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


# --- several files and --jsonl corpora: one process, one JSON object per line ----------------------------

def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_several_files_give_json_lines_one_object_per_file_with_its_source(capsys, tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("Year 10 pupils meet employers every term.", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "groups.md").write_text("## Y11 group\n- none of them had had a careers interview\n", encoding="utf-8")
    assert main(["analyse", str(plan), str(notes / "groups.md")]) == 0
    records = _lines(capsys.readouterr().out)
    assert [(r["source"], r["kind"]) for r in records] == [(str(plan), "plan"), (str(notes / "groups.md"), "notes")]
    assert {"activity.employer_encounter"} <= {s["code"] for s in records[0]["signals"]}
    assert "no_personal_guidance" in {f["code"] for f in records[1]["findings"]}


def test_several_files_one_unreadable_is_named_and_the_others_still_scored(capsys, tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("Pupils meet employers.", encoding="utf-8")
    assert main(["analyse", str(tmp_path / "missing.txt"), str(plan)]) == 1
    captured = capsys.readouterr()
    assert [r["source"] for r in _lines(captured.out)] == [str(plan)]
    assert captured.err.count("\n") == 1 and "[document.not_found]" in captured.err and "missing.txt" in captured.err


def test_jsonl_scores_each_passage_in_order_and_reads_the_corpus_spelling_of_plan(capsys, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "dv01", "kind": "careers_plan", "text": "Year 10 pupils meet employers every term.",
             "required": ["activity.employer_encounter"]},
            {"id": 7, "kind": "notes", "text": "## Y11 group\n- none of them had had a careers interview"}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    assert main(["analyse", "--jsonl", str(corpus), "--out", str(out)]) == 0
    records = _lines(out.read_text(encoding="utf-8"))
    assert [set(r) for r in records] == [{"id", "kind", "signals", "findings"}] * 2
    assert [(r["id"], r["kind"]) for r in records] == [("dv01", "plan"), (7, "notes")]
    assert "activity.employer_encounter" in {s["code"] for s in records[0]["signals"]}
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("line, says", [
    ("not json", "not JSON"),
    ('["a list"]', "expected an object"),
    ('{"kind": "plan", "text": "x"}', 'no "id"'),
    ('{"id": 1, "kind": "plan", "text": 3}', '"text" must be a string'),
    ('{"id": 1, "kind": "essay", "text": "x"}', "\"kind\" must be one of plan, notes, careers_plan, got 'essay'"),
    ('{"id": 1, "text": "x"}', "got none, and no --kind given"),
])
def test_a_malformed_line_is_one_error_naming_its_line_and_the_rest_is_scored(capsys, tmp_path, line, says):
    corpus = tmp_path / "corpus.jsonl"
    good = json.dumps({"id": "ok", "kind": "plan", "text": "Pupils meet employers."})
    corpus.write_text(f"{good}\n\n{line}\n{good}\n", encoding="utf-8")
    assert main(["analyse", "--jsonl", str(corpus)]) == 1
    captured = capsys.readouterr()
    assert [r["id"] for r in _lines(captured.out)] == ["ok", "ok"]
    assert captured.err.splitlines() == [captured.err.strip()], "one line per bad input line"
    assert f"{corpus} line 3: " in captured.err and says in captured.err and "Traceback" not in captured.err


def test_a_line_that_is_not_utf8_is_named_too(capsys, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b'{"id": 1, "kind": "plan", "text": "Pupils meet employers."}\n\xff\xfe\n')
    assert main(["analyse", "--jsonl", str(corpus)]) == 1
    captured = capsys.readouterr()
    assert len(_lines(captured.out)) == 1 and "line 2: not UTF-8" in captured.err


def test_jsonl_kind_option_fills_in_lines_without_kind_and_bad_defaults_stop_once(capsys, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": 1, "text": "Pupils meet employers."}\n' * 3, encoding="utf-8")
    assert main(["analyse", "--jsonl", str(corpus), "--kind", "notes"]) == 0
    assert {r["kind"] for r in _lines(capsys.readouterr().out)} == {"notes"}
    assert main(["analyse", "--jsonl", str(corpus), "--year-groups", "6"]) == 2
    err = capsys.readouterr().err
    assert err.count("between 7 and 13") == 1


def test_files_and_jsonl_together_or_neither_are_refused(capsys, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("", encoding="utf-8")
    assert main(["analyse", str(corpus), "--jsonl", str(corpus)]) == 2
    assert main(["analyse"]) == 2
    assert "not both" in capsys.readouterr().err
