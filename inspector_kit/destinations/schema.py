"""What a destination measures file may contain, read from ``columns.toml`` and ``checks.toml``.

The loader asks this module which columns are keys, which are measures, which codes mean what, and
builds its pandera schemas here, so that a new release's spelling is a data change, not a code change.
Every check has a stable id (``destinations.value.not_number``); tests assert on ids, not wording.

>>> MEASURES["appren"].phrase
'sustaining an apprenticeship'
>>> status_of_code("c")
'suppressed'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import pandera.pandas as pa

STATUSES = ("ok", "suppressed", "not_applicable", "not_available", "low", "low_reliability")
SEVERITIES = ("error", "warning", "info")
STAGES = ("ks4", "16-18")
PROBLEM_COLUMNS = ["file", "row", "column", "check", "severity", "message", "value"]


def _read_toml(name: str) -> dict:
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Measure:
    """One destination column: ``appren`` is "Apprenticeships", part of no larger destination."""

    code: str
    label: str
    short: str
    phrase: str
    order: int
    stages: tuple[str, ...]
    parent: str | None = None
    headline: bool = False


@dataclass(frozen=True)
class Check:
    """A loader check: stable id, severity, default message and the published rule it enforces."""

    id: str
    severity: str
    message: str
    enforces: str


@lru_cache(maxsize=1)
def _columns() -> dict:
    return _read_toml("columns.toml")


@lru_cache(maxsize=1)
def _load_measures() -> dict[str, Measure]:
    out = {}
    for code, spec in _columns()["measures"].items():
        allowed = {"label", "short", "phrase", "order", "stages", "parent", "headline"}
        extra = set(spec) - allowed
        if extra:
            raise ValueError(f"columns.toml: measure {code!r} has unknown keys {sorted(extra)}; allowed {sorted(allowed)}")
        out[code] = Measure(code=code, label=spec["label"], short=spec["short"], phrase=spec["phrase"],
                            order=spec["order"], stages=tuple(spec["stages"]), parent=spec.get("parent"),
                            headline=spec.get("headline", False))
    return dict(sorted(out.items(), key=lambda kv: kv[1].order))


@lru_cache(maxsize=1)
def _load_checks() -> dict[str, Check]:
    out = {}
    for cid, spec in _read_toml("checks.toml")["checks"].items():
        if spec["severity"] not in SEVERITIES:
            raise ValueError(f"checks.toml: {cid} has severity {spec['severity']!r}; expected one of {SEVERITIES}")
        out[cid] = Check(cid, spec["severity"], spec["message"], spec["enforces"])
    return out


MEASURES: dict[str, Measure] = _load_measures()
CHECKS: dict[str, Check] = _load_checks()
COLUMNS: dict = _columns()["columns"]
LAYOUTS: dict[str, list[str]] = _columns()["layouts"]
CODES: dict[str, str] = _columns()["codes"]
STATUS_TEXT: dict[str, str] = {k: v for k, v in _columns()["status"].items() if k != "precedence"}
STATUS_PRECEDENCE: list[str] = _columns()["status"]["precedence"]
KEY_COLUMNS: list[str] = COLUMNS["keys"]
RENAMED: dict[str, str] = COLUMNS["renamed"]
LONG_DESTINATIONS: dict[tuple[str, str], str] = {
    (d["group"].casefold(), d["description"].casefold()): d["measure"] for d in _columns()["long_destinations"]
}


def headline_measures(stage: str) -> list[str]:
    """Measures compared and charted for a stage, in reading order (overall first)."""
    return [m.code for m in MEASURES.values() if m.headline and stage in m.stages]


def status_of_code(value: str) -> str | None:
    """The status of an EES special code, or None if ``value`` is not one."""
    return CODES.get(value.strip().casefold()) if isinstance(value, str) else None


@lru_cache(maxsize=None)
def label_map(column: str) -> dict[str, str]:
    """casefolded spelling -> canonical spelling for a label column (empty if none configured)."""
    spec = _columns()["labels"].get(column, {})
    if "canonical" in spec:
        return {v.casefold(): v for v in spec["canonical"]}
    return {k.casefold(): v for k, v in spec.items()}


def check(cid: str) -> Check:
    """The registered check ``cid``; an unknown id is a programming error, so it raises KeyError."""
    return CHECKS[cid]


def check_problem(file, row, column, cid, message=None, value=None) -> dict:
    """One row of a destination file's problems table (file, row, column, check, severity, message, value),
    with the check's severity and (unless given) its message. Not :func:`inspector_kit.errors.problem`: a
    file's check rows are gathered into one :class:`DestinationDataError`, whose ``as_dict()`` is that."""
    c = check(cid)
    return {"file": str(file) if file is not None else None, "row": None if row is None else int(row),
            "column": column, "check": cid, "severity": c.severity, "message": message or c.message,
            "value": None if value is None else _value_text(value)}


def _value_text(value) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def problems_frame(rows: list[dict]) -> pd.DataFrame:
    """Problems as the table shown to users: file, row, column, check, severity, message, value."""
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    if len(frame):
        rank = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
        frame = (frame.assign(_rank=rank).sort_values(["_rank", "row"], na_position="first", kind="stable")
                 .drop(columns="_rank").reset_index(drop=True))
    return frame


# --- pandera schemas on the raw text -------------------------------------------------------------
# Every column is read as a categorical of strings, so each check runs once per distinct value and is
# spread back over the rows: a 40 MB file has ~150,000 rows but only a few thousand distinct values.

_CODES_LOWER = frozenset(CODES)


def codes_and_values(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column: free for categoricals, one hash pass otherwise."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), np.asarray(s.cat.categories, dtype=object)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def by_unique(fn):
    """Wrap ``fn(values: Series[str]) -> bool Series`` to run on distinct values only."""
    def wrapper(s: pd.Series) -> pd.Series:
        codes, uniques = codes_and_values(s)
        ok = np.asarray(fn(pd.Series(np.asarray(uniques, dtype=object), dtype=object)), dtype=bool)
        result = np.where(codes >= 0, ok[np.maximum(codes, 0)], False)
        return pd.Series(result, index=s.index)
    return wrapper


def _is_number(u: pd.Series) -> pd.Series:
    return u.str.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*").fillna(False)


def _value_ok(u: pd.Series) -> pd.Series:
    """A value is a number or an EES code (blanks and negatives are reported by their own checks)."""
    stripped = u.str.strip()
    return (stripped == "") | _is_number(u) | stripped.str.casefold().isin(_CODES_LOWER)


def _not_negative(u: pd.Series) -> pd.Series:
    """No count or percentage is below zero: "-6" is its own problem, not "not a number"."""
    is_number = _is_number(u).astype(bool)
    value = pd.to_numeric(u.str.strip().where(is_number), errors="coerce")
    return ~(is_number & (value < 0))


def _not_blank(u: pd.Series) -> pd.Series:
    return u.str.strip() != ""


def _time_period_ok(u: pd.Series) -> pd.Series:
    parts = u.str.extract(r"^\s*(\d{4})(\d{2})\s*$")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    return ((first + 1) % 100 == second).fillna(False).astype(bool)


def _in_labels(column: str):
    allowed = frozenset(label_map(column))
    return lambda u: u.str.strip().str.casefold().isin(allowed)


def _pattern(regex: str):
    return lambda u: u.str.strip().str.fullmatch(regex).fillna(False)


def _check(fn, cid: str) -> pa.Check:
    return pa.Check(by_unique(fn), name=cid)


def raw_schema(columns: list[str], *, value_columns: list[str],
               level_columns: dict[str, str] | None = None) -> pa.DataFrameSchema:
    """The pandera schema for a file read as text, limited to the columns present.

    Checks are named by check id, so ``schema.validate(frame, lazy=True)`` collects every failing cell
    at once; :func:`failures_to_problems` turns pandera's failure cases into the problems table.
    ``level_columns`` maps a code column to the check that applies to it (URN or ONS code).
    """
    present = set(columns)
    cols: dict[str, pa.Column] = {}

    def add(name, *checks):
        if name in present:
            cols[name] = pa.Column(None, checks=list(checks), nullable=False)

    add("time_period", _check(_time_period_ok, "destinations.key.time_period"))
    add("geographic_level", _check(_in_labels("geographic_level"), "destinations.key.geographic_level"))
    add("data_type", _check(_in_labels("data_type"), "destinations.key.data_type"))
    add("version", _check(_in_labels("version"), "destinations.key.version"))
    for key in ("breakdown_topic", "breakdown", "institution_group"):
        add(key, _check(_not_blank, "destinations.key.blank"))
    for column in value_columns:
        add(column, _check(_not_blank, "destinations.value.blank"), _check(_value_ok, "destinations.value.not_number"),
            _check(_not_negative, "destinations.value.negative"))
    patterns = {"destinations.key.urn": r"\d{5,7}", "destinations.key.la_code": r"[EWSN]\d{8}"}
    for column, cid in (level_columns or {}).items():
        add(column, _check(_pattern(patterns[cid]), cid))
    return pa.DataFrameSchema(cols, strict=False, ordered=False)


def failures_to_problems(failure_cases: pd.DataFrame, file: str, row_of_index) -> list[dict]:
    """pandera's failure cases (column, check, index, failure_case) -> problems-table rows."""
    out = []
    for column, cid, index, value in failure_cases[["column", "check", "index", "failure_case"]].itertuples(index=False):
        cid = str(cid)
        if cid not in CHECKS:  # a pandera built-in (dtype, column presence): report as a parse problem
            out.append(check_problem(file, None, column, "destinations.file.parse", f"{cid}: {value}"))
            continue
        row = None if index is None or (isinstance(index, float) and np.isnan(index)) else row_of_index(int(index))
        out.append(check_problem(file, row, column, cid, value=value))
    return out
