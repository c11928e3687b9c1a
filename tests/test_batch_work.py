"""Batch work on every core: results in input order, identical to one process, failures pinned on the
document that caused them, and a progress bar only for a person at a terminal."""
import json
import os
import pty
import subprocess
import sys
import time

import pytest

from support import ROOT, SCHOOLS
from inspector_kit.cli import main
from inspector_kit.errors import BatchItemError, WorkerCrashedError
from inspector_kit.workers import map_in_order


def shout(chunk: list[str]) -> list[str]:
    """A chunk's work, sent to the workers by name: "slow" takes a while, "crash" kills the worker
    process outright, "bug" raises as unexpected code would."""
    out = []
    for item in chunk:
        if item == "slow":
            time.sleep(0.5)
        if item == "crash":
            os._exit(3)
        if item == "bug":
            raise RuntimeError("unexpected")
        out.append(item.upper())
    return out


def results_of(chunks, jobs):
    return [(chunk, results) for chunk, results in map_in_order(shout, chunks, jobs, initializer=None,
                                                                describe=lambda item: f"doc {item}")]


def test_results_come_back_in_input_order_although_a_later_chunk_finishes_first():
    chunks = [["slow", "a"], ["b"], ["c", "d"], ["e"]]
    assert [r for _, r in results_of(chunks, jobs=2)] == [["SLOW", "A"], ["B"], ["C", "D"], ["E"]]


def test_a_crashed_worker_costs_only_the_document_that_crashed_it():
    got = results_of([["a", "b"], ["c", "crash", "d"], ["e"], ["f"]], jobs=2)
    assert [chunk for chunk, _ in got] == [["a", "b"], ["c", "crash", "d"], ["e"], ["f"]]
    crashed = got[1][1]
    assert crashed[0] == "C" and crashed[2] == "D"
    assert isinstance(crashed[1], WorkerCrashedError) and crashed[1].code == "batch.worker_crashed"
    assert "doc crash" in str(crashed[1])
    assert [r for _, r in got[2:]] == [["E"], ["F"]], "the pool is replaced and the rest goes on"


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unexpected_error_is_one_documents_error_in_a_pool_or_in_process(jobs):
    got = results_of([["a"], ["bug", "b"], ["c"]], jobs=jobs)
    failed, fine = got[1][1]
    assert type(failed) is BatchItemError and failed.code == "batch.failed"
    assert "doc bug" in str(failed) and "RuntimeError" in str(failed)
    assert fine == "B" and got[2][1] == ["C"]


# --- the commands -------------------------------------------------------------------------------

def documents() -> list[str]:
    """Every plan and notes file of the fixture bundles: more than one chunk's worth."""
    found = sorted(str(p) for p in SCHOOLS.rglob("*") if p.is_file() and p.suffix in {".md", ".html", ".htm", ".pdf", ".docx"})
    assert len(found) > 8
    return found


def run_cli(capsys, argv):
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_several_files_on_two_workers_print_exactly_what_one_process_prints(capsys, tmp_path):
    files = documents()
    files.insert(3, str(tmp_path / "missing.md"))
    one = run_cli(capsys, ["analyse", *files, "--jobs", "1"])
    two = run_cli(capsys, ["analyse", *files, "--jobs", "2"])
    assert one == two
    status, out, err = two
    assert status == 1 and "missing.md" in err and err.count("\n") == 1
    assert [json.loads(line)["source"] for line in out.splitlines()] == [f for f in files if "missing" not in f]


def test_a_corpus_on_two_workers_gives_the_same_lines_in_input_order_as_one_process(capsys, tmp_path):
    lines = [json.dumps({"id": i, "kind": "notes" if i % 3 else "plan",
                         "text": f"Year {7 + i % 6} pupils said they had {'not ' if i % 2 else ''}met employers."})
             for i in range(300)]
    lines[150] = "not json"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_cli(capsys, ["analyse", "--jsonl", str(corpus), "--jobs", "1"])
    two = run_cli(capsys, ["analyse", "--jsonl", str(corpus), "--jobs", "2"])
    assert one == two
    status, out, err = two
    assert status == 1 and "line 151" in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == [i for i in range(300) if i != 150]


def test_jobs_must_be_a_positive_number(capsys):
    assert main(["analyse", *documents()[:2], "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


# --- the progress bar ---------------------------------------------------------------------------

def analyse_in_fresh_process(extra: list[str], stderr_on_terminal: bool) -> bytes:
    """Run ``analyse`` on a few fixture documents in a new process; its standard error as bytes, either
    from a pipe or from a pseudo-terminal (what an inspector's terminal is)."""
    files = [p for p in documents() if p.endswith(".md")][:3]
    argv = [sys.executable, "-m", "inspector_kit.cli", "analyse", *files, "--jobs", "1", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not stderr_on_terminal:
        done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=300)
        return done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            block = os.read(leader, 4096)
        except OSError:  # the process has closed the terminal
            break
        if not block:
            break
        seen += block
    proc.wait(timeout=300)
    os.close(leader)
    return seen


def test_no_progress_bar_and_no_control_characters_when_stderr_is_a_pipe():
    err = analyse_in_fresh_process([], stderr_on_terminal=False)
    assert b"\r" not in err and b"\x1b" not in err
    assert err == b""


def test_a_terminal_shows_the_progress_bar_and_quiet_hides_it():
    shown = analyse_in_fresh_process([], stderr_on_terminal=True)
    assert b"Analysing files" in shown and b"\r" in shown
    assert b"Analysing files" not in analyse_in_fresh_process(["--quiet"], stderr_on_terminal=True)
