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


# --- output piped into a reader that stops early (`... | head`) ---------------------------------------------

import os
import subprocess
import sys

from support import ROOT


def _run_into_reader_that_closes(argv: list[str], lines: int) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process and read ``lines`` lines of its output (``head -n``), then close the
    pipe while it still has more to write. With ``lines=0`` the pipe is closed before the first write, so
    the outcome does not depend on how much one write may put into the pipe."""
    proc = subprocess.Popen([sys.executable, "-m", "inspector_kit.cli", *argv], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    read = b"".join(proc.stdout.readline() for _ in range(lines))
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    return subprocess.CompletedProcess(argv, proc.returncode, read, err)


def test_a_reader_that_is_gone_before_the_first_write_ends_the_command_quietly():
    done = _run_into_reader_that_closes(["bundle", "text", str(FIXTURES / "documents" / "pass" / "plan.docx")], 0)
    assert done.stderr == "" and done.returncode == 141  # as a shell reports a tool ended by SIGPIPE


def test_a_corpus_scored_into_head_ends_quietly(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": 1, "kind": "plan", "text": "Year 10 pupils meet employers every term."}\n' * 2000,
                      encoding="utf-8")
    done = _run_into_reader_that_closes(["analyse", "--jsonl", str(corpus)], 1)
    assert json.loads(done.stdout)["id"] == 1
    assert done.stderr == "", "no BrokenPipeError traceback, no 'Exception ignored' at exit"
    assert done.returncode == 141
