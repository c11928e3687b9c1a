"""Reviewers' decisions on findings, kept in one SQLite file so they survive restarts and crashes.

On site the team accepts or dismisses each flag with a reason; tomorrow those decisions must still be
there, and two laptops' dashboards writing at once must not lose one another's work. So:

- every decision is a new row (an append-only log: nothing is overwritten, the history stays auditable);
  the current decision for a finding is its latest row;
- each write is one transaction; the database runs in WAL mode with a busy timeout so concurrent
  writers wait rather than fail;
- the file's location is configurable (``INSPECTOR_KIT_REVIEW_DB``), by default ``reviews.sqlite``
  beside the bundles folder.

>>> store = ReviewStore(":memory:")
>>> store.record("148201", "148201/notes/day1.md/thin_employer_contact/y8", "dismissed",
...              reason="pupils were Y7, not Y8", reviewer="RM")  # doctest: +ELLIPSIS
Decision(...)
"""
from __future__ import annotations

from contextlib import contextmanager
import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from datetime import datetime, timezone
from pathlib import Path

from inspector_kit.config import review_db_path
from inspector_kit.errors import ReviewStoreError



class ReviewStatus(StrEnum):
    """Where a reviewer's verdict on a finding stands: kept apart from the text's :class:`nlp.stance.Stance`
    (a weak spot the engine found in a denial can still be accepted or dismissed by a reviewer)."""

    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
    PENDING = "pending"      # no decision recorded yet (the dashboard's "Not yet reviewed")

    @classmethod
    def of(cls, decision: dict | None) -> "ReviewStatus":
        """The status of a finding from its decision record (``Decision.as_dict()``), or pending."""
        return cls((decision or {}).get("decision") or cls.PENDING)


DECISIONS = (ReviewStatus.ACCEPTED.value, ReviewStatus.DISMISSED.value)  # what a reviewer can record
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decision (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    urn         TEXT NOT NULL,
    finding_id  TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
    reason      TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    decided_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decision_by_finding ON decision (urn, finding_id, id);
CREATE TABLE IF NOT EXISTS pasted_note (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    urn         TEXT NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Decision:
    """A reviewer's verdict on one finding, with why and who."""

    urn: str
    finding_id: str
    decision: str
    reason: str
    reviewer: str
    decided_at: str
    id: int | None = None

    def as_dict(self) -> dict:
        """JSON-ready, as the briefing shows a reviewer's decision."""
        return {"urn": self.urn, "finding_id": self.finding_id, "decision": self.decision,
                "reason": self.reason, "reviewer": self.reviewer, "decided_at": self.decided_at}


def default_path(bundles_root: str | Path | None = None) -> Path:
    """``INSPECTOR_KIT_REVIEW_DB`` if set, else ``reviews.sqlite`` beside the bundles folder."""
    return review_db_path(Path(bundles_root) if bundles_root else Path.cwd())


class ReviewStore:
    """The decisions database. Cheap to open; each call uses its own short transaction."""

    def __init__(self, path: str | Path, timeout: float = 30.0):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if self.path != ":memory:":
                self._enable_wal(timeout)
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"cannot open the review database ({exc})", path=self.path) from exc

    def _enable_wal(self, timeout: float) -> None:
        """Switch to WAL, waiting (like every other statement) while another session holds the write lock.

        When another connection is writing, SQLite can answer this pragma "database is locked" at once,
        without calling the busy handler (seen when two dashboards open a new database at the same
        instant), so the wait is done here.
        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _transaction(self):
        """One write transaction, taken at once (IMMEDIATE) so concurrent writers queue on the lock."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def record(self, urn: str, finding_id: str, decision: str, *, reason: str, reviewer: str,
               when: datetime | None = None) -> Decision:
        """Store a decision; a reason and a reviewer's name are required, so every verdict can be defended."""
        if decision not in DECISIONS:
            raise ReviewStoreError(f"decision must be one of {DECISIONS}, got {decision!r}", path=self.path)
        if not reason.strip() or not reviewer.strip():
            raise ReviewStoreError("a decision needs a reason and the reviewer's name", path=self.path)
        stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        try:
            with self._transaction():
                cur = self._conn.execute(
                    "INSERT INTO decision (urn, finding_id, decision, reason, reviewer, decided_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (urn, finding_id, decision, reason.strip(), reviewer.strip(), stamp))
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"could not save the decision ({exc})", path=self.path) from exc
        return Decision(urn, finding_id, decision, reason.strip(), reviewer.strip(), stamp, cur.lastrowid)

    def current(self, urn: str) -> dict[str, Decision]:
        """The latest decision for each finding of a school, by finding id."""
        rows = self._query("SELECT urn, finding_id, decision, reason, reviewer, decided_at, id FROM decision "
                           "WHERE urn = ? ORDER BY id", (urn,))
        return {row[1]: Decision(*row) for row in rows}

    def history(self, urn: str | None = None) -> list[Decision]:
        """Every decision ever recorded (for one school, or all), oldest first."""
        sql = "SELECT urn, finding_id, decision, reason, reviewer, decided_at, id FROM decision"
        rows = self._query(sql + (" WHERE urn = ? ORDER BY id" if urn else " ORDER BY id"), (urn,) if urn else ())
        return [Decision(*row) for row in rows]

    def add_note(self, urn: str, label: str, text: str, author: str) -> int:
        """Keep a note pasted into the dashboard (the bundle's own files are never written)."""
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._transaction():
            cur = self._conn.execute("INSERT INTO pasted_note (urn, label, text, author, created_at) "
                                     "VALUES (?, ?, ?, ?, ?)", (urn, label, text, author, stamp))
        return cur.lastrowid

    def notes(self, urn: str) -> list[dict]:
        """The notes pasted for a school, oldest first, to be analysed with its own notes."""
        rows = self._query("SELECT id, label, text, author, created_at FROM pasted_note WHERE urn = ? ORDER BY id",
                           (urn,))
        return [dict(zip(("id", "label", "text", "author", "created_at"), r)) for r in rows]

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check, for the crash-safety tests."""
        return self._query("PRAGMA integrity_check", ())[0][0] == "ok"

    def _query(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"cannot read the review database ({exc})", path=self.path) from exc

    def close(self) -> None:
        """Close the database (every write is already committed)."""
        self._conn.close()
