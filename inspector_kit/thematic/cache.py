"""The result cache: a reviewer who comes back tomorrow does not wait for 4,000 schools again.

One SQLite file. Each row is the engine's result on one piece of evidence (a school's plan, or one notes
file), keyed by

* ``key``: a hash of the evidence's bytes, the file names, the kind of evidence and the school's age range
  (the only inputs ``nlp.analyse`` gets besides the text), see :func:`inspector_kit.thematic.batch.unit_key`;
* ``rules``: the fingerprint of the rule files that result depends on (see
  :mod:`inspector_kit.thematic.engine`).

A changed document gets a new ``key``; a changed rule file a new ``rules``: either way the old row simply
stops matching and the evidence is analysed again. Nothing else is ever invalid, so the file can be
deleted at any time (the next run is a cold one) and rows from older rules can be pruned.

Each row keeps a small ``summary`` (findings and signal states: all the aggregates need, so a warm run
reads a few hundred kilobytes) and the full ``result`` compressed (quotations and offsets, read only
for drill-down and exports). The full results quote the evidence verbatim, pupils' names included, so
the cache file is as confidential as the evidence folder it was made from; every export redacts.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from inspector_kit.errors import ResultCacheError

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    key     TEXT NOT NULL,
    rules   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    words   INTEGER NOT NULL,
    summary TEXT NOT NULL,
    result  BLOB NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (key, rules)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stamps (
    path  TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS destinations (
    key     TEXT PRIMARY KEY,
    summary TEXT NOT NULL
) WITHOUT ROWID;
"""

_CHUNK = 500  # keys per SELECT ... IN (...), under SQLite's variable limit
_LEVEL = 3    # zlib: most of level 6's saving at a third of its time


def pack(summary: dict, result: dict) -> tuple[str, bytes]:
    """A row's summary as JSON text and its full result as compressed JSON (done where it is produced)."""
    return (json.dumps(summary, separators=(",", ":")),
            zlib.compress(json.dumps(result, separators=(",", ":")).encode("utf-8"), _LEVEL))


class ResultCache:
    """Engine results in one SQLite file (``":memory:"`` for a run that should leave nothing behind).

    >>> cache = ResultCache(":memory:")
    >>> cache.put_many([("k1", "r1", "plan", 120, {"pieces": []}, {"pieces": []})])
    >>> list(cache.summaries(["k1", "k2"], {"plan": "r1"}))
    [('k1', {'pieces': []})]
    """

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        self.lock = threading.RLock()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # a dashboard reads it from its event loop after a worker thread opened it: one connection,
            # shared, every use under the lock
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE name='schema'").fetchone()
            if row is None:
                with self.db:
                    self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                raise ResultCacheError(f"was written by another version of the toolkit (schema {row[0]}, "
                                       f"this one reads {SCHEMA_VERSION}); delete it to start a cold run",
                                       path=self.path)
        except sqlite3.DatabaseError as exc:
            raise ResultCacheError(f"is not a usable SQLite cache ({exc}); delete it to start a cold run",
                                   path=self.path) from exc

    # --- engine results ----------------------------------------------------------------------

    def summaries(self, keys: Iterable[str], rules: dict[str, str]) -> Iterator[tuple[str, dict]]:
        """``(key, summary)`` for each key held under the current rules of its kind."""
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), _CHUNK):
            part = keys[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            with self.lock:
                rows = self.db.execute(f"SELECT key, kind, rules, summary FROM results WHERE key IN ({marks})",
                                       part).fetchall()
            for key, kind, rule, summary in rows:
                if rules.get(kind) == rule:
                    yield key, json.loads(summary)

    def result(self, key: str, rules: dict[str, str] | None = None) -> dict | None:
        """The full stored result (quotations, offsets) for one key, or None."""
        with self.lock:
            rows = self.db.execute("SELECT rules, kind, result FROM results WHERE key = ?", (key,)).fetchall()
        for rule, kind, blob in rows:
            if rules is None or rules.get(kind) == rule:
                return json.loads(zlib.decompress(blob))
        return None

    def put_many(self, rows: Iterable[tuple[str, str, str, int, dict, dict]]) -> int:
        """Store ``(key, rules, kind, words, summary, result)`` rows in one transaction."""
        return self.put_packed([(key, rules, kind, words, *pack(summary, result))
                                for key, rules, kind, words, summary, result in rows])

    def put_packed(self, rows: list[tuple[str, str, str, int, str, bytes]]) -> int:
        """Store rows whose summary and result are already packed (see :func:`pack`)."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        packed = [(key, rules, kind, int(words), summary, blob, now) for key, rules, kind, words, summary, blob in rows]
        try:
            with self.lock, self.db:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", packed)
        except sqlite3.DatabaseError as exc:
            raise ResultCacheError(f"could not be written ({exc})", path=self.path) from exc
        return len(packed)

    def prune(self, rules: dict[str, str]) -> int:
        """Delete rows made under rules other than the current ones; returns how many went."""
        with self.lock, self.db:
            removed = 0
            for kind, rule in rules.items():
                removed += self.db.execute("DELETE FROM results WHERE kind = ? AND rules != ?",
                                           (kind, rule)).rowcount
        return removed

    def __len__(self) -> int:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    # --- what was read from files, by their size and modification time -----------------------

    def stamps(self) -> dict[str, tuple[str, str]]:
        """Every remembered ``path -> (stamp, value)`` (a few thousand rows: read at once)."""
        with self.lock:
            return {p: (s, v) for p, s, v in self.db.execute("SELECT path, stamp, value FROM stamps")}

    def put_stamps(self, rows: list[tuple[str, str, str]]) -> None:
        """Remember files' size-and-time stamps, so an unchanged file need not be read again to be hashed."""
        if not rows:
            return
        with self.lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?)", rows)

    # --- destination summaries ---------------------------------------------------------------

    def destination_summaries(self, keys: Iterable[str]) -> dict[str, dict]:
        """Stored destination comparisons by file key, so a destination file is compared once."""
        keys = list(dict.fromkeys(keys))
        found = {}
        for i in range(0, len(keys), _CHUNK):
            part = keys[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            with self.lock:
                rows = self.db.execute(f"SELECT key, summary FROM destinations WHERE key IN ({marks})", part).fetchall()
            for key, summary in rows:
                found[key] = json.loads(summary)
        return found

    def put_destinations(self, rows: Iterable[tuple[str, dict]]) -> None:
        """Store destination comparisons by file key."""
        with self.lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO destinations VALUES (?, ?)",
                                [(k, json.dumps(v, separators=(",", ":"))) for k, v in rows])

    def close(self) -> None:
        """Close the database."""
        with self.lock:
            self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
