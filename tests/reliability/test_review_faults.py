"""Reviewers' decisions survive faults: a killed process loses nothing it committed, two writers lose nothing.

A dashboard kernel can die at any instant (laptop lid shut, Voilà culling it, the OOM killer), and two
inspectors' dashboards can save decisions into one file at once. Each test runs real processes against a
real database file: a writer prints each decision's id only after ``ReviewStore.record`` has returned
(committed), so every id it printed must be in the database afterwards, whatever it was doing when killed.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from inspector_kit.review_store import ReviewStore
from reliability_support import COUNTS, ROOT

pytestmark = pytest.mark.reliability

KILLS = 5
CONCURRENT_WRITERS = 2
WRITES_EACH = 300

#: writes decisions for ever (or ``count`` of them), printing "id finding_id" after each commit
WRITER = """
import os, sys, time
from inspector_kit.review_store import ReviewStore
path, tag, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = ReviewStore(path)
while time.time() < start_at:  # writers started together begin together
    time.sleep(0.001)
reason = "pupils described the encounter in detail; " * 40  # a realistic, page-sized write
i = 0
while count < 0 or i < count:
    finding = f"{tag}/notes/day1.md/thin_employer_contact/y{7 + i % 7}/{i}"
    d = store.record("148201", finding, ("accepted", "dismissed")[i % 2], reason=reason, reviewer=tag)
    print(d.id, finding, flush=True)
    if i % 10 == 0:
        store.current("148201")  # a dashboard re-reads the decisions it shows
    i += 1
"""

#: commits some decisions, then dies holding a write transaction with one decision inserted, not committed
DIES_MID_TRANSACTION = """
import sys, time
from inspector_kit.review_store import ReviewStore
store = ReviewStore(sys.argv[1])
for i in range(5):
    d = store.record("148201", f"committed/{i}", "accepted", reason="seen", reviewer="RM")
    print("committed", d.id, flush=True)
with store._transaction():
    cur = store._conn.execute("INSERT INTO decision (urn, finding_id, decision, reason, reviewer, decided_at) "
                              "VALUES ('148201', 'pending', 'dismissed', 'half-written', 'RM', 'now')")
    print("pending", cur.lastrowid, flush=True)
    time.sleep(600)
"""


def start_writer(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def reported(lines: list[str]) -> dict[int, str]:
    """The decisions a writer printed as committed: {id: finding_id}."""
    out = {}
    for line in lines:
        if line.strip():
            number, finding = line.split(" ", 1)
            out[int(number)] = finding.strip()
    return out


def kill_after(proc: subprocess.Popen, commits: int, timeout: float = 60) -> list[str]:
    """Read ``commits`` committed ids, SIGKILL the writer (mid-write: it never pauses), return all it printed."""
    lines = []
    deadline = time.monotonic() + timeout
    while len(lines) < commits:
        line = proc.stdout.readline()
        assert line, f"the writer stopped early: {proc.stderr.read()[-2000:]}"
        lines.append(line)
        assert time.monotonic() < deadline, "the writer is too slow"
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return lines + rest.splitlines()  # printed before the kill, so committed before it


def stored(path: Path) -> dict[int, str]:
    store = ReviewStore(path)
    try:
        return {d.id: d.finding_id for d in store.history()}
    finally:
        store.close()


def test_every_committed_decision_survives_sigkill_and_the_database_stays_sound(tmp_path):
    db = tmp_path / "reviews.sqlite"
    promised: dict[int, str] = {}
    for round_ in range(KILLS):
        writer = start_writer(WRITER, str(db), f"kill{round_}", "-1", "0")
        promised |= reported(kill_after(writer, commits=20 + 13 * round_))
        store = ReviewStore(db)  # reopening recovers the write-ahead log the dead writer left behind
        try:
            assert store.integrity_ok()
            have = {d.id: d.finding_id for d in store.history()}
            missing = {i: f for i, f in promised.items() if have.get(i) != f}
            assert missing == {}, f"round {round_}: committed decisions lost after SIGKILL"
            after = store.record("148201", f"after-kill-{round_}", "accepted", reason="still works", reviewer="RM")
            promised[after.id] = after.finding_id
            assert store.current("148201")[after.finding_id].reason == "still works"
        finally:
            store.close()
        COUNTS["decisions checked after a kill"][f"round {round_ + 1}"] += len(promised)
    print(f"{KILLS} kills; {len(promised)} committed decisions all present after each; integrity ok")
    assert len(promised) >= KILLS * 20


def test_a_decision_whose_transaction_had_not_committed_is_absent_not_half_written(tmp_path):
    db = tmp_path / "reviews.sqlite"
    proc = start_writer(DIES_MID_TRANSACTION, str(db))
    lines = []
    while not lines or not lines[-1].startswith("pending"):
        line = proc.stdout.readline()
        assert line, proc.stderr.read()[-2000:]
        lines.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    committed = [int(line.split()[1]) for line in lines if line.startswith("committed")]
    have = stored(db)
    assert sorted(have) == committed
    assert "pending" not in have.values()
    with sqlite3.connect(db) as conn:  # the dead writer's lock is gone: a plain writer gets in at once
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")


@pytest.mark.parametrize("database", ["new", "existing"])
def test_two_dashboards_writing_at_once_lose_nothing(tmp_path, database):
    db = tmp_path / "reviews.sqlite"
    if database == "existing":
        ReviewStore(db).close()
    start_at = time.time() + 1.5  # both open the database first, then write in the same instant
    writers = [start_writer(WRITER, str(db), f"session{n}", str(WRITES_EACH), str(start_at))
               for n in range(CONCURRENT_WRITERS)]
    outputs = [w.communicate(timeout=240) for w in writers]
    for w, (out, err) in zip(writers, outputs):
        assert "locked" not in err and "Traceback" not in err, err[-2000:]
        assert w.returncode == 0
    promised = {}
    for out, _ in outputs:
        promised |= reported(out.splitlines())
    have = stored(db)
    assert len(promised) == CONCURRENT_WRITERS * WRITES_EACH
    assert have == promised
    COUNTS["concurrent decisions checked"][database] += len(have)


def test_opening_the_store_waits_while_another_session_holds_the_write_lock(tmp_path):
    """SQLite answers ``PRAGMA journal_mode = WAL`` "database is locked" at once, busy timeout or not, while
    another connection writes to a database not yet in WAL mode; the store must wait like any other write."""
    db = tmp_path / "reviews.sqlite"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE colleague (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO colleague VALUES (1)")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        store = ReviewStore(db, timeout=10)
    finally:
        release.join()
        other.close()
    store.record("148201", "after-the-wait", "accepted", reason="seen", reviewer="RM")
    assert store.integrity_ok() and "after-the-wait" in store.current("148201")
    store.close()
