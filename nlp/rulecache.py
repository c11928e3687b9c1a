"""The compiled-rule cache: the matcher tables built from the rule files, kept on disk between runs.

Compiling the signal and context rules (expanding word sets into about 150,000 phrases and indexing
them) takes seconds, and the rules change only when a rule file does. So the compiled form
(:func:`nlp.patterns.compile_patterns`: plain ints, strings, lists and dicts) is written once to the
user's cache folder and read back by every later start, without building a single Doc.

- Where: ``INSPECTOR_KIT_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir("inspector-kit")``
  (``~/.cache/inspector-kit`` on Linux). Deleting the folder is always safe.
- Which file: ``rules-<key>.bin``, where the key hashes the bytes of every rule file (signals,
  exclusions, context triggers, word classes), the code that compiles them, the engine, spaCy,
  spacy-lookups-data and Python versions. Edit a rule file and the next run has a new key.
- What: ``MAGIC``, a SHA-256 of the payload, then the payload (``marshal`` of plain data, never
  ``pickle``). The checksum and the key inside are checked before anything is used; a damaged,
  truncated or foreign file is ignored, rebuilt and replaced, with one log line.
- Written atomically (a temporary file in the same folder, then ``os.replace``), so two processes
  starting at once both work and the file is always whole. An unwritable folder only costs speed.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path

import platformdirs

import nlp

ENV_DIR = "INSPECTOR_KIT_CACHE_DIR"
MAGIC = b"IKRULES\x01"
FORMAT = 1
KEEP = 3  # compiled rule sets kept (newest first): switching between branches or versions stays warm

# (package, folder inside it, suffix): every file the compiled tables are made from
_RULE_FILES = (("nlp.signals", "resources", ".jsonl"), ("nlp.context", "resources", ".jsonl"),
               ("nlp", "resources", ".json"))
# the code that turns rule files into tables: a change here must not serve tables made by older code
_CODE_FILES = ("patterns.py", "wordforms.py", "rulecache.py", "rulefiles.py", "signals/rules.py", "context/rules.py")

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The folder holding compiled rules (``INSPECTOR_KIT_CACHE_DIR`` or the user's cache folder)."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)

    return Path(platformdirs.user_cache_dir("inspector-kit", appauthor=False))


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def cache_key() -> str:
    """A hash of everything the compiled rules depend on: rule files' bytes, compiling code, versions."""
    import spacy

    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", f"engine {nlp.__version__}", f"spacy {spacy.__version__}",
                 f"lookups {_version('spacy-lookups-data')}", f"python {sys.version_info[:2]} marshal {marshal.version}"):
        digest.update(part.encode() + b"\0")
    for package, folder, suffix in _RULE_FILES:
        base = resources.files(package).joinpath(folder)
        for entry in sorted((p for p in base.iterdir() if p.name.endswith(suffix)), key=lambda p: p.name):
            digest.update(f"{package}/{folder}/{entry.name}".encode() + b"\0" + entry.read_bytes() + b"\0")
    code = resources.files("nlp")
    for name in _CODE_FILES:
        digest.update(name.encode() + b"\0" + code.joinpath(name).read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cache_path(key: str) -> Path:
    """The compiled-rules file for a cache key."""
    return cache_dir() / f"rules-{key}.bin"


def load(key: str) -> dict | None:
    """What is stored under ``key`` (``{"matcher": compiled tables, "forms": {lemma: forms}}``), or None
    (absent, or damaged: then logged once)."""
    path = cache_path(key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.info("rule cache %s not readable (%s); compiling the rules", path, exc)
        return None
    head = len(MAGIC) + 32
    payload = blob[head:]
    if len(blob) <= head or not blob.startswith(MAGIC) or hashlib.sha256(payload).digest() != blob[len(MAGIC):head]:
        _log.info("rule cache %s is damaged or truncated; rebuilding it", path)
        return None
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        stored = None
    if not (isinstance(stored, dict) and stored.get("key") == key and stored.get("format") == FORMAT
            and isinstance(stored.get("matcher"), dict) and isinstance(stored.get("forms"), dict)):
        _log.info("rule cache %s does not hold the rules it is named for; rebuilding it", path)
        return None
    return stored


def store(key: str, matcher_state: dict, forms: dict) -> Path | None:
    """Write the compiled matcher and the word forms under ``key`` atomically; None (and a debug line)
    when it cannot be written."""
    folder = cache_dir()
    path = cache_path(key)
    payload = marshal.dumps({"key": key, "format": FORMAT, "matcher": matcher_state, "forms": forms})
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        _log.debug("rule cache not written to %s (%s)", folder, exc)
        return None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _prune(folder, keep=path)
    return path


def _prune(folder: Path, keep: Path) -> None:
    """Remove compiled rule sets beyond the newest ``KEEP`` (each is a few megabytes)."""
    try:
        found = sorted(folder.glob("rules-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [p for p in found if p != keep][KEEP - 1:]:
        try:
            old.unlink()
        except OSError:
            pass


def clear() -> int:
    """Delete every compiled rule set in the cache folder; returns how many were removed."""
    removed = 0
    for path in cache_dir().glob("rules-*.bin"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
