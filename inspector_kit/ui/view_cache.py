"""A school's first view, kept on disk: a new kernel shows the school it opens without starting the engine.

A dashboard's first view of a school (its header, weak spots, review options: the quick pass of
:meth:`~inspector_kit.ui.dashboard.Dashboard.prepare`) is plain strings and records. Once computed it
is written here, keyed by everything it is made from:

* the bytes and names of every file in the school's bundle folder;
* what the review database holds for the school (pasted notes, current decisions), and the framework
  the briefing is grouped by;
* the toolkit's own code and rule files (every file of ``inspector_kit`` and ``nlp``), so a new version
  or an edited rule never shows an old view;
* the dashboard that made it.

So the next kernel (a new page, the next day) shows it at once, and the real analysis follows in the
background as the dashboard's second pass, which replaces it with the same view plus the slower parts.
Anything that changes one of the inputs gives a new key; an unreadable or corrupt entry is a miss. The
entries quote the evidence (pupils' names redacted, as on screen), so the folder is as confidential as
the review database; deleting it only makes the next first view a slower one.

Folder: ``INSPECTOR_KIT_VIEW_CACHE``, else ``views`` in the user's cache directory
(``platformdirs.user_cache_dir("inspector-kit")``); ``INSPECTOR_KIT_VIEW_CACHE=off`` turns it off.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import inspector_kit
import nlp
from inspector_kit.config import view_cache_folder

FORMAT = "view-cache-1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every file of the toolkit's and the engine's packages (code, rules, templates)."""
    digest = hashlib.sha256(FORMAT.encode())
    for package in (inspector_kit, nlp):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{package.__name__}/{path.relative_to(root)}".encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def default_folder(environ=None) -> Path | None:
    """Where first views are kept: ``INSPECTOR_KIT_VIEW_CACHE``, ``off`` for nowhere, else the user's cache
    folder."""
    return view_cache_folder(environ)


def folder_digest(folder: Path) -> str:
    """The names and bytes of every file under a bundle folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class ViewCache:
    """First views by key, one small JSON file each, written atomically (safe with two kernels)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def key(self, dashboard: str, folder: Path, review_state) -> str | None:
        """The key of a school's first view, or None when the cache is off or the bundle cannot be read."""
        if self.folder is None:
            return None
        try:
            bundle = folder_digest(folder)
        except OSError:
            return None
        state = json.dumps(review_state, sort_keys=True, default=str)
        return hashlib.sha256("\0".join((code_fingerprint(), dashboard, bundle, state)).encode()).hexdigest()[:40]

    def get(self, key: str | None) -> dict | None:
        """A kept view by key, or None (a missing or damaged file is a miss, never an error)."""
        if key is None:
            return None
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def holds(self, key: str | None) -> bool:
        """Whether a view is kept under ``key`` (without reading it)."""
        return key is not None and (self.folder / f"{key}.json").is_file()

    def mark_unkept(self, key: str | None) -> None:
        """Note that a view was made under ``key`` but not kept (a school whose evidence could not be
        analysed), so that kernels do not start a background process for it again and again."""
        if key is not None:
            try:
                (self.folder / f"{key}.unkept").touch()
            except OSError:
                pass

    def tried(self, key: str | None) -> bool:
        """Whether a view is kept under ``key``, or was made and could not be kept."""
        return self.holds(key) or (key is not None and (self.folder / f"{key}.unkept").is_file())

    def put(self, key: str | None, view: dict) -> None:
        """Keep a view, written to a temporary file and renamed, so a reader never sees half a file."""
        if key is None:
            return
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(view, f, ensure_ascii=False)
            os.replace(tmp, self.folder / f"{key}.json")
        except (OSError, TypeError, ValueError):
            if tmp:  # a cache that cannot be written only costs time
                Path(tmp).unlink(missing_ok=True)
