"""DfE figures kept on disk between runs once read and checked: the bundled England and LA figures, and
each destination data file read before.

Reading the three shipped DfE files through every loader check took most of a second on every
``brief`` and every dashboard school, and a school's data file (usually one national institution-level
file shared by every school an inspector briefs) about half a second more, although the files change
only when a new file is published. So the frames the loader builds are written once to the user's cache
folder, beside the compiled rules, and read back by later starts in hundredths of a second.

- Where: ``INSPECTOR_KIT_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir("inspector-kit")``,
  as the rule cache (``nlp/rulecache.py``). Deleting the folder is always safe.
- Which file: ``reference-<key>.bin`` and ``table-<key>.bin``; every key hashes every file of this
  package (code, settings, bundled data) and the pandas, numpy and Python versions; a data file's key
  also hashes its bytes, its name as given and the stage asked for (all the loader reads). A changed
  file, loader or library is never served frames made by the old one.
- What: ``MAGIC``, a SHA-256 of the payload, then ``marshal`` of plain data (each column's values as
  bytes or plain lists, strings as codes into their distinct values; never ``pickle``). A frame is kept
  only if it reads back identical (checked when it is written). Damaged or foreign files are ignored and
  rebuilt with one log line; writes are atomic (temporary file, then ``os.replace``).
"""
from __future__ import annotations

import dataclasses
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

from inspector_kit.destinations.loader import DestinationTable, SourceInfo, load_destinations, load_destinations_bytes

ENV_DIR = "INSPECTOR_KIT_CACHE_DIR"
MAGIC = b"IKDFE\x00\x00\x01"
FORMAT = 2
KEEP = {"reference": 2, "table": 8}  # files of each kind kept, newest first

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The cache folder (``INSPECTOR_KIT_CACHE_DIR`` or the user's cache folder), shared with the rules."""
    given = os.environ.get(ENV_DIR)
    return Path(given) if given else Path(platformdirs.user_cache_dir("inspector-kit", appauthor=False))


def cache_key() -> str:
    """A hash of what every kept frame depends on: every file of the package, library versions."""
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", f"pandas {pd.__version__}", f"numpy {np.__version__}",
                 f"python {sys.version_info[:2]} marshal {marshal.version}"):
        digest.update(part.encode() + b"\0")
    base = resources.files(__package__)
    for folder in (base, base.joinpath("data")):
        for entry in sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


# --- frames as plain data -------------------------------------------------------------------------

def _codes(values) -> tuple[str, bytes]:
    width = np.min_scalar_type(max(int(values.max(initial=0)), 0)).str if values.min(initial=0) >= 0 else "<i8"
    return width, values.astype(width).tobytes()


def _plain(values: list) -> list:
    if not all(v is None or type(v) in (str, int, float, bool) for v in values):
        raise TypeError("values other than str, int, float, bool or None")
    return values


def _dtype_of(dtype) -> tuple:
    """A dtype of category labels as plain data (pandas' own strings, or numpy's)."""
    if isinstance(dtype, pd.StringDtype):
        return ("string", dtype.storage, dtype.na_value is np.nan)
    if dtype in (object, np.int64, np.float64):
        return ("numpy", np.dtype(dtype).str)
    raise TypeError(f"categories of dtype {dtype}")


def _dtype(stored: tuple):
    if stored[0] == "string":
        return pd.StringDtype(storage=stored[1], na_value=np.nan) if stored[2] else pd.StringDtype(storage=stored[1])
    return np.dtype(stored[1])


def _encode_column(series: pd.Series) -> tuple:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cats = dtype.categories
        width, raw = _codes(series.cat.codes.to_numpy().astype(np.int64))
        return ("category", width, raw, _plain(cats.tolist()), _dtype_of(cats.dtype), bool(dtype.ordered))
    if isinstance(dtype, pd.StringDtype):
        if series.isna().any():
            raise TypeError("a string column with missing values")
        codes, values = pd.factorize(series)
        width, raw = _codes(codes.astype(np.int64))
        return ("string", width, raw, [str(v) for v in values], _dtype_of(dtype))
    if dtype in (np.float64, np.int64, np.bool_):
        return ("numpy", dtype.str, series.to_numpy().tobytes())
    if isinstance(dtype, pd.Int64Dtype):
        return ("Int64", [None if v is pd.NA else int(v) for v in series.tolist()])
    if dtype == object:
        return ("object", _plain(series.tolist()))
    raise TypeError(f"dtype {dtype}")


def _decode_column(stored: tuple):
    kind = stored[0]
    if kind == "category":
        _, width, raw, cats, cats_dtype, ordered = stored
        categories = pd.Index(cats, dtype=_dtype(cats_dtype))
        return pd.Categorical.from_codes(np.frombuffer(raw, dtype=width).astype(np.int64), categories=categories,
                                         ordered=ordered)
    if kind == "string":
        _, width, raw, values, dtype = stored
        return pd.array(np.asarray(values, dtype=object)[np.frombuffer(raw, dtype=width)], dtype=_dtype(dtype))
    if kind == "numpy":
        return np.frombuffer(stored[2], dtype=stored[1]).copy()
    if kind == "Int64":
        return pd.array(stored[1], dtype="Int64")
    if kind == "object":
        values = np.empty(len(stored[1]), dtype=object)
        values[:] = stored[1]
        return values
    raise ValueError(f"unknown column kind {kind!r}")


def encode_frame(frame: pd.DataFrame) -> dict:
    """A frame as plain data; TypeError for one that cannot be kept exactly (then it is not kept)."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise TypeError("an index other than 0..n-1")
    if not all(isinstance(c, str) for c in frame.columns) or frame.columns.has_duplicates:
        raise TypeError("column names other than distinct strings")
    return {"rows": len(frame), "columns": [(name, _encode_column(frame[name])) for name in frame.columns]}


def decode_frame(stored: dict) -> pd.DataFrame:
    """The frame :func:`encode_frame` was given."""
    return pd.DataFrame({name: _decode_column(column) for name, column in stored["columns"]},
                        index=pd.RangeIndex(stored["rows"]))


def _reads_back(frames: dict[str, pd.DataFrame]) -> dict | None:
    """The frames encoded, if each decodes to exactly itself; None (and a debug line) otherwise."""
    try:
        encoded = {name: encode_frame(frame) for name, frame in frames.items()}
        for name, frame in frames.items():
            pd.testing.assert_frame_equal(decode_frame(encoded[name]), frame, check_exact=True)
    except (TypeError, ValueError, AssertionError) as exc:
        _log.debug("figures not kept (%s)", exc)
        return None
    return encoded


# --- files ----------------------------------------------------------------------------------------

def _read(kind: str, key: str) -> dict | None:
    path = cache_dir() / f"{kind}-{key}.bin"
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.info("kept figures %s not readable (%s); reading the DfE files", path, exc)
        return None
    head = len(MAGIC) + 32
    payload = blob[head:]
    if len(blob) <= head or not blob.startswith(MAGIC) or hashlib.sha256(payload).digest() != blob[len(MAGIC):head]:
        _log.info("kept figures %s are damaged or truncated; rebuilding them", path)
        return None
    try:
        stored = marshal.loads(payload)
        if stored.get("key") != key or stored.get("format") != FORMAT:
            raise ValueError("not the figures the file is named for")
        return stored
    except Exception as exc:  # a foreign or half-understood file is rebuilt, never trusted
        _log.info("kept figures %s unusable (%s); rebuilding them", path, exc)
        return None


def _write(kind: str, key: str, content: dict) -> Path | None:
    try:
        payload = marshal.dumps({"key": key, "format": FORMAT, **content})
    except ValueError as exc:
        _log.debug("figures not kept (%s)", exc)
        return None
    folder, path, tmp = cache_dir(), cache_dir() / f"{kind}-{key}.bin", None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        _log.debug("kept figures not written to %s (%s)", folder, exc)
        return None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _prune(folder, kind, keep=path)
    return path


def _prune(folder: Path, kind: str, keep: Path) -> None:
    try:
        found = sorted(folder.glob(f"{kind}-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [p for p in found if p != keep][KEEP[kind] - 1:]:
        try:
            old.unlink()
        except OSError:
            pass


# --- what is kept ---------------------------------------------------------------------------------

def load_reference(key: str) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]] | None:
    """The bundled (england, la, notes) kept under ``key``, or None."""
    stored = _read("reference", key)
    if stored is None:
        return None
    try:
        return decode_frame(stored["england"]), decode_frame(stored["la"]), tuple(stored["notes"])
    except Exception as exc:  # noqa: BLE001 - as _read: rebuilt, never trusted
        _log.info("kept reference figures unusable (%s); rebuilding them", exc)
        return None


def store_reference(key: str, england: pd.DataFrame, la: pd.DataFrame, notes: tuple[str, ...]) -> Path | None:
    """Keep the bundled frames under ``key``; None when they cannot be kept."""
    encoded = _reads_back({"england": england, "la": la})
    return None if encoded is None else _write("reference", key, {**encoded, "notes": list(notes)})


def load_destinations_kept(path: str | Path, *, stage: str | None = None) -> DestinationTable:
    """:func:`~inspector_kit.destinations.load_destinations`, kept between runs by the file's bytes.

    A file that fails its checks raises as it always does (nothing is kept for it)."""
    name = str(Path(path))  # the name the loader gives the file (its rows' source_file)
    try:
        data = Path(path).read_bytes()
    except OSError:
        return load_destinations(path, stage=stage)  # raises the loader's own error
    digest = hashlib.sha256(f"{cache_key()}\0{name}\0{stage}\0".encode())
    digest.update(data)
    key = digest.hexdigest()[:32]
    stored = _read("table", key)
    if stored is not None:
        try:
            return DestinationTable(decode_frame(stored["frame"]), tuple(SourceInfo(**s) for s in stored["sources"]),
                                    decode_frame(stored["problems"]))
        except Exception as exc:  # noqa: BLE001 - as _read: rebuilt, never trusted
            _log.info("kept destination table unusable (%s); reading %s again", exc, name)
    table = load_destinations_bytes(data, name=name, stage=stage)
    encoded = _reads_back({"frame": table.frame, "problems": table.problems})
    if encoded is not None:
        _write("table", key, {**encoded, "sources": [dataclasses.asdict(s) for s in table.sources]})
    return table
