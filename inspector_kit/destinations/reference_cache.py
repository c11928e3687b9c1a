"""The bundled England and LA figures, kept on disk between runs once read and checked.

Reading the three shipped DfE files through every loader check takes most of a second, on every
``brief`` and every dashboard school, although the files change only with the package. So the two
frames :meth:`ReferenceData.bundled` builds are written once to the user's cache folder, beside the
compiled rules, and read back by later starts (a few hundredths of a second).

- Where: ``INSPECTOR_KIT_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir("inspector-kit")``,
  as the rule cache (``nlp/rulecache.py``). Deleting the folder is always safe.
- Which file: ``reference-<key>.bin``; the key hashes every file of this package (code, settings and
  the data files) and the pandas, numpy and Python versions, so a changed file or library is never
  served figures made by the old one.
- What: ``MAGIC``, a SHA-256 of the payload, then ``marshal`` of plain data (each column's values as
  bytes, strings as codes into their distinct values; never ``pickle``). Damaged or foreign files are
  ignored and rebuilt with one log line; writes are atomic (temporary file, then ``os.replace``).
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import platformdirs

ENV_DIR = "INSPECTOR_KIT_CACHE_DIR"
MAGIC = b"IKREFER\x01"
FORMAT = 1
KEEP = 2

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The cache folder (``INSPECTOR_KIT_CACHE_DIR`` or the user's cache folder), shared with the rules."""
    given = os.environ.get(ENV_DIR)
    return Path(given) if given else Path(platformdirs.user_cache_dir("inspector-kit", appauthor=False))


def cache_key() -> str:
    """A hash of what the bundled frames depend on: every file of the package, library versions."""
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", f"pandas {pd.__version__}", f"numpy {np.__version__}",
                 f"python {sys.version_info[:2]} marshal {marshal.version}"):
        digest.update(part.encode() + b"\0")
    base = resources.files(__package__)
    for folder in (base, base.joinpath("data")):
        for entry in sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _path(key: str) -> Path:
    return cache_dir() / f"reference-{key}.bin"


def _encode(frame: pd.DataFrame) -> dict:
    columns = []
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.StringDtype) and not series.isna().any():
            codes, values = pd.factorize(series)
            width = np.min_scalar_type(max(len(values) - 1, 0)).str
            columns.append((name, "string " + width, codes.astype(width).tobytes(), [str(v) for v in values]))
        elif series.dtype == np.float64:
            columns.append((name, "float64", series.to_numpy().tobytes(), None))
        else:
            raise TypeError(f"column {name!r} of dtype {series.dtype} is not kept in the cache")
    return {"columns": columns, "rows": len(frame)}


def _decode(stored: dict, like: pd.StringDtype) -> pd.DataFrame:
    data = {}
    for name, kind, raw, values in stored["columns"]:
        if kind.startswith("string "):
            codes = np.frombuffer(raw, dtype=kind.split()[1])
            data[name] = pd.array(np.asarray(values, dtype=object)[codes], dtype=like)
        else:
            data[name] = np.frombuffer(raw, dtype=np.float64).copy()
    return pd.DataFrame(data, index=pd.RangeIndex(stored["rows"]))


def load(key: str) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]] | None:
    """The (england, la, notes) stored under ``key``, or None (absent, or damaged: logged once)."""
    path = _path(key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.info("reference cache %s not readable (%s); reading the DfE files", path, exc)
        return None
    head = len(MAGIC) + 32
    payload = blob[head:]
    if len(blob) <= head or not blob.startswith(MAGIC) or hashlib.sha256(payload).digest() != blob[len(MAGIC):head]:
        _log.info("reference cache %s is damaged or truncated; rebuilding it", path)
        return None
    try:
        stored = marshal.loads(payload)
        if stored.get("key") != key or stored.get("format") != FORMAT:
            raise ValueError("not the figures it is named for")
        like = pd.StringDtype(storage=stored["storage"], na_value=np.nan) if stored["na_is_nan"] \
            else pd.StringDtype(storage=stored["storage"])
        return _decode(stored["england"], like), _decode(stored["la"], like), tuple(stored["notes"])
    except Exception as exc:  # a foreign or half-understood file is rebuilt, never trusted
        _log.info("reference cache %s unusable (%s); rebuilding it", path, exc)
        return None


def store(key: str, england: pd.DataFrame, la: pd.DataFrame, notes: tuple[str, ...]) -> Path | None:
    """Write the frames under ``key`` atomically; None (and a debug line) when they cannot be kept."""
    dtypes = {d for f in (england, la) for d in f.dtypes if isinstance(d, pd.StringDtype)}
    if len(dtypes) != 1:
        return None
    dtype = dtypes.pop()
    try:
        payload = marshal.dumps({"key": key, "format": FORMAT, "storage": dtype.storage,
                                 "na_is_nan": dtype.na_value is np.nan, "england": _encode(england),
                                 "la": _encode(la), "notes": list(notes)})
    except (TypeError, ValueError) as exc:
        _log.debug("reference figures not cached (%s)", exc)
        return None
    folder, path, tmp = cache_dir(), _path(key), None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".reference-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        _log.debug("reference cache not written to %s (%s)", folder, exc)
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
    try:
        found = sorted(folder.glob("reference-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [p for p in found if p != keep][KEEP - 1:]:
        try:
            old.unlink()
        except OSError:
            pass
