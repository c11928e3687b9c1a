"""Read DfE destination measures files as published, into one tidy frame.

Why so careful: DfE's files come in two layouts (one column per destination, or one row per
destination), respell labels between releases, mix "Number of pupils" and "Percentage" rows, and use
codes (``c``, ``z``, ``x``, ``low``, ``u``) in place of numbers. An inspector must never see a suppressed
value as a 0, so every value keeps a ``status`` beside its number.

The path: bytes -> encoding (UTF-8, BOM, UTF-16 BOM or Windows-1252) -> text table (every cell a
string) -> column names (old names renamed) -> layout (wide or long) -> pandera checks, lazily, so
every problem is found at once -> tidy frame. Errors are raised together as
:class:`~inspector_kit.errors.DestinationDataError` with ``problems`` (file, row, column, check, severity,
message, value); ``row`` is the line in the file, the header being line 1.

>>> table = load_destinations("fixtures/destinations/institutions_ks4_fixture.csv")  # doctest: +SKIP
>>> table.frame.query("urn == '104712' and measure == 'appren'")[["time_period", "percentage", "status"]]  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from inspector_kit.destinations import schema as sc
from inspector_kit.errors import DestinationDataError, DestinationLayoutError, EmptyDocumentError, EncodingError
from inspector_kit.evidence.text import decode_text

#: Columns of the tidy frame, in order. Keys are strings ("" where the file has no such key).
TIDY_KEYS = [
    "level", "stage", "time_period", "version", "institution_group", "institution_type",
    "breakdown_topic", "breakdown", "cohort_level_group", "cohort_level", "urn", "laestab", "school_name",
    "la_code", "old_la_code", "la_name", "lad_code", "lad_name", "region_code", "region_name",
    "admission_policy", "entry_gender",
]
TIDY_VALUES = ["measure", "cohort", "cohort_status", "count", "percentage", "status", "basis", "source_file",
               "source_row"]
TIDY_COLUMNS = TIDY_KEYS + TIDY_VALUES

#: What makes a row unique, beside its data type: a school is its URN alone (its name, LA and type
#: describe it and may be respelt, so a school under two names is still one school twice) ...
ROW_KEYS = ["level", "stage", "time_period", "version", "breakdown_topic", "breakdown", "cohort_level_group",
            "cohort_level", "urn"]
#: ... and an area row (no URN) is its codes and institution group, never its names.
AREA_KEYS = ["institution_group", "institution_type", "la_code", "old_la_code", "lad_code", "region_code",
             "admission_policy", "entry_gender"]

# raw column -> tidy key
_RAW_TO_TIDY = {"school_urn": "urn", "school_laestab": "laestab", "new_la_code": "la_code"}
_STATUS_CODE = {s: i for i, s in enumerate(sc.STATUSES)}  # ok=0, suppressed=1, ...
_PRECEDENCE_RANK = np.array([sc.STATUS_PRECEDENCE.index(s) for s in sc.STATUSES])
_STATUS_ARRAY = np.array(sc.STATUSES, dtype=object)
#: how a value's percentage came to be: "" (none), published, computed from counts, derived by summing parts
BASES = ["", "published", "computed", "derived"]


@dataclass(frozen=True)
class SourceInfo:
    """What was read: the file, its detected encoding and layout, the stage and the rows read."""

    path: str
    encoding: str
    layout: str  # "wide" | "long"
    stage: str   # "ks4" | "16-18"
    rows: int


class DestinationTable:
    """Destination measures in one tidy frame: one row per key and measure.

    ``frame`` columns: the keys in :data:`TIDY_KEYS` (level, stage, time_period, version, institution
    group/type, breakdown topic/breakdown, cohort level, URN, LA and district codes and names, school
    name...), then ``measure`` (a column name such as ``appren``), ``cohort``, ``cohort_status``,
    ``count``, ``percentage`` (0-100, as published or computed from count/cohort), ``status`` (one of
    ``ok``, ``suppressed``, ``not_applicable``, ``not_available``, ``low``, ``low_reliability``), ``basis``
    (``published``, ``computed`` from counts, or ``derived`` by summing components) and where the value
    came from (``source_file``, ``source_row``: the file line of the row).

    A suppressed value has ``status == "suppressed"`` and NaN count and percentage: never 0, never dropped.
    ``problems`` lists the warnings and notes the load produced (errors are raised instead).
    """

    def __init__(self, frame: pd.DataFrame, sources: tuple[SourceInfo, ...] = (),
                 problems: pd.DataFrame | None = None):
        self.frame = frame
        self.sources = tuple(sources)
        self.problems = problems if problems is not None else sc.problems_frame([])
        self._by_urn: dict | None = None

    def __repr__(self) -> str:
        files = ", ".join(Path(s.path).name for s in self.sources) or "no file"
        return f"<DestinationTable {len(self.frame):,} values from {files}>"

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def notes(self) -> list[str]:
        """Normalisations the loader made (old column names, respelt labels), as sentences."""
        info = self.problems[self.problems["severity"] == "info"]
        return [f"{Path(f).name}: {m}" for f, m in zip(info["file"], info["message"])]

    @property
    def stages(self) -> list[str]:
        """The stages (``ks4``, ``16-18``) the file holds, so a comparison can choose without being told."""
        return sorted(self.frame["stage"].unique().tolist())

    def urns(self) -> list[str]:
        """URNs of the institutions in the table (institution-level rows only)."""
        return sorted(u for u in self._urn_index() if u)

    def for_school(self, urn: str | int) -> pd.DataFrame:
        """Every value for one institution (empty frame if the URN is not in the table)."""
        rows = self._urn_index().get(str(urn).strip())
        if rows is None:
            return self.frame.iloc[0:0]
        return self.frame.iloc[rows]

    def _urn_index(self) -> dict:
        if self._by_urn is None:
            self._by_urn = self.frame.groupby("urn", observed=True, sort=False).indices
        return self._by_urn

    @classmethod
    def concat(cls, tables: list["DestinationTable"]) -> "DestinationTable":
        """One table from several files (for example a KS4 and a 16-18 file)."""
        tables = list(tables)
        frames = [t.frame for t in tables]
        frame = pd.concat(frames, ignore_index=True) if frames else _empty_frame()
        frame = _categorise(frame)
        problems = pd.concat([t.problems for t in tables], ignore_index=True) if tables else None
        return cls(frame, sum((t.sources for t in tables), ()), problems)


# --- public entry points --------------------------------------------------------------------------

def load_destinations(path: str | Path, *, stage: str | None = None) -> DestinationTable:
    """Load one destination measures file (any level, either layout) into a :class:`DestinationTable`.

    ``stage`` ("ks4" or "16-18") is detected from the columns (16-18 files carry ``cohort_level_group``)
    unless given. Raises :class:`DestinationDataError` listing every problem found.
    """
    path = Path(path)
    if not path.is_file():
        problems = sc.problems_frame([sc.check_problem(path, None, None, "destinations.file.not_found")])
        raise DestinationDataError("file not found", path=path, problems=problems)
    return load_destinations_bytes(path.read_bytes(), name=str(path), stage=stage)


def load_destinations_bytes(data: bytes, *, name: str = "<upload>", stage: str | None = None) -> DestinationTable:
    """As :func:`load_destinations`, for bytes already in memory (an upload in a dashboard)."""
    return _Loader(data, name, stage).run()


# --- the loader -------------------------------------------------------------------------------------

class _Loader:
    def __init__(self, data: bytes, name: str, stage: str | None):
        self.data = data
        self.name = name
        self.stage = stage
        self.problems: list[dict] = []
        self.encoding = ""
        self.layout = ""

    # helpers
    def add(self, row, column, cid, message=None, value=None):
        self.problems.append(sc.check_problem(self.name, row, column, cid, message, value))

    def fail_now(self, summary: str, error=DestinationDataError):
        frame = sc.problems_frame(self.problems)
        errors = frame[frame["severity"] == "error"]
        raise error(f"{summary}: {_summarise(errors)}", path=self.name, problems=frame)

    def errors(self) -> int:
        return sum(p["severity"] == "error" for p in self.problems)

    def structural_errors(self) -> int:
        """Errors after which the rows cannot be reshaped (values errors are collected on, then raised)."""
        value_checks = ("destinations.value.", "destinations.key.")
        return sum(p["severity"] == "error" and not p["check"].startswith(value_checks) for p in self.problems)

    # steps
    def run(self) -> DestinationTable:
        text = self.decode()
        raw = self.parse(text)
        raw = self.columns(raw)
        self.detect_layout(raw)
        short_rows = self.field_counts(raw, text)
        level = self.levels(raw)
        self.required_columns(raw, level)
        self.unknown_columns()
        raw = self.keep_used_columns(raw)
        valid = raw.drop(index=short_rows) if short_rows else raw
        self.validate_text(valid, level)
        if self.structural_errors():
            self.fail_now("cannot read the destination file")
        raw = self.normalise_labels(raw, level)
        if self.layout == "wide":
            frame = self.tidy_wide(raw)
        else:
            frame = self.tidy_long(raw)
        if self.errors():
            self.fail_now("the destination file has problems")
        frame = _categorise(frame)
        source = SourceInfo(self.name, self.encoding, self.layout, self.stage, len(raw))
        return DestinationTable(frame, (source,), sc.problems_frame(self.problems))

    def decode(self) -> str:
        """The file's text by the toolkit's one decoder (``evidence.text``), its failures as problem records."""
        data = self.data
        try:
            text, self.encoding = decode_text(data, self.name)
        except EmptyDocumentError:
            self.add(None, None, "destinations.file.empty")
            self.fail_now("empty file")
        except EncodingError as exc:
            if exc.span is None:  # binary data: no line to name
                self.add(None, None, "destinations.file.encoding", "binary data (NUL or control bytes): not a CSV file")
            else:
                start, end = exc.span
                self.add(data[:start].count(b"\n") + 1, None, "destinations.file.encoding", value=repr(data[start:end]))
            self.fail_now("cannot decode")
        return text

    def parse(self, text: str) -> pd.DataFrame:
        try:
            # the C parser decodes the bytes itself (faster than a StringIO of the decoded text)
            raw = pd.read_csv(io.BytesIO(self.data), dtype=str, keep_default_na=False, na_filter=False,
                              skip_blank_lines=True, engine="c", encoding=self.encoding)
        except pd.errors.EmptyDataError:
            self.add(None, None, "destinations.file.empty", "the file has no header row")
            self.fail_now("empty file")
        except (pd.errors.ParserError, csv.Error):
            raw = None
        if raw is None or not isinstance(raw.index, pd.RangeIndex):
            # a row with more fields than the header: the C parser stops there, or, when every row
            # it has read so far is one field longer, silently takes the first column as an index and
            # shifts every column by one. Read the rows that fit with the csv module instead.
            raw = self.read_fitting_rows(text)
        if raw.empty:
            self.add(None, None, "destinations.file.no_rows")
            self.fail_now("no rows")
        return raw

    def records(self, text: str):
        """(line, fields) of each non-blank record, header first, by the csv module (a CSV error is reported)."""
        reader = csv.reader(io.StringIO(text))
        try:
            for record in reader:
                if record:
                    yield reader.line_num, record
        except csv.Error as exc:
            self.add(reader.line_num, None, "destinations.file.parse", str(exc))

    def count_fields(self, text: str, lines: set[int]) -> dict[int, int]:
        """Field counts of the given lines (slow: used only when a row already looks short)."""
        return {line: len(record) for line, record in self.records(text) if line in lines}

    def read_fitting_rows(self, text: str) -> pd.DataFrame:
        """The rows with as many fields as the header, indexed by file line - 2; every other row reported.

        Slow (the csv module), so used only once the fast parser has met a row of the wrong length. A
        row of the wrong length is ``destinations.row.field_count`` on its line (or, if it is the last
        row and the file has no final newline, ``destinations.file.truncated``) and is left out, so the
        rows that do fit are still checked and every problem is reported at once. When no row fits (a
        title above the header, say) there is nothing to check: the load stops here.
        """
        header: list[str] | None = None
        fitting, lines, wrong = [], [], []
        for line, record in self.records(text):
            if header is None:
                header = record
            elif len(record) == len(header):
                fitting.append(record)
                lines.append(line)
            else:
                wrong.append((line, len(record)))
        n = len(header or ())
        last = max([line for line, _ in wrong] + lines, default=None)
        cut_short = not text.endswith(("\n", "\r"))
        for line, got in wrong:
            if line == last and cut_short and got < n:
                self.add(line, None, "destinations.file.truncated",
                         f"the last row stops after {got} of {n} fields and the file has no final newline")
            else:
                self.add(line, None, "destinations.row.field_count", f"row has {got} fields; the header has {n}")
        if not any(p["severity"] == "error" for p in self.problems):
            self.add(None, None, "destinations.file.parse", "the CSV reader rejected the file")
        if not fitting or any(p["check"] == "destinations.file.parse" for p in self.problems):
            self.fail_now("malformed CSV")
        raw = pd.DataFrame(fitting, columns=_csv_column_names(header), dtype=str)
        raw.index = np.asarray(lines) - 2
        return raw

    def columns(self, raw: pd.DataFrame) -> pd.DataFrame:
        names = [str(c).strip().lstrip("\ufeff").lower() for c in raw.columns]
        seen: dict[str, int] = {}
        clean = []
        for n in names:
            base = n
            if "." in n and n.rsplit(".", 1)[1].isdigit() and n.rsplit(".", 1)[0] in seen:
                base = n.rsplit(".", 1)[0]
                self.add(1, base, "destinations.column.duplicate", f"column {base!r} appears more than once")
            seen[base] = seen.get(base, 0) + 1
            clean.append(n)
        raw.columns = clean
        for old, new in sc.RENAMED.items():
            if old in raw.columns:
                if new in raw.columns:
                    self.add(1, old, "destinations.column.duplicate", f"both {old!r} and its newer name {new!r} are present")
                    continue
                raw = raw.rename(columns={old: new})
                self.add(1, old, "destinations.column.renamed", f"column {old!r} read as {new!r}")
        known = set(sc.KEY_COLUMNS) | set(sc.MEASURES) | {sc.COLUMNS["cohort"]} | set(sc.COLUMNS["numeric_metadata"]) \
            | set(sc.LAYOUTS["long"])
        self.known = known
        self.unknown = [c for c in raw.columns if c not in known and not ("." in c and c.rsplit(".", 1)[0] in known)]
        return raw

    def unknown_columns(self):
        """Warn about columns no layout has, suggesting a missing column they may be a renaming of."""
        for col in self.unknown:
            close = [m for m in sorted(self.missing) if m.startswith(col) or col.startswith(m)]
            close = close or difflib.get_close_matches(col, sorted(self.missing), n=1, cutoff=0.4) \
                or difflib.get_close_matches(col, sorted(self.known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.add(1, col, "destinations.column.unknown", f"column {col!r} is not part of any EES destination layout{hint}")

    def keep_used_columns(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Drop columns the tidy frame never uses; hold the rest as categoricals (one hash per column).

        Every later step (checks, labels, parsing) then works on each column's distinct values only.
        """
        used = {next((r for r, t in _RAW_TO_TIDY.items() if t == k), k) for k in TIDY_KEYS}
        used |= {"geographic_level", "data_type", "lad_code", "cohort"} | set(sc.MEASURES) | set(sc.COLUMNS["required_long"])
        out = {}
        for col in raw.columns:
            if col in used:
                codes, uniques = pd.factorize(raw[col])
                out[col] = pd.Categorical.from_codes(codes, categories=pd.Index(np.asarray(uniques, dtype=object),
                                                                                dtype=object))
        return pd.DataFrame(out, index=raw.index)

    def detect_layout(self, raw: pd.DataFrame):
        cols = set(raw.columns)
        if {"destination_group", "pupil_count"} & cols:
            self.layout = "long"
        elif "cohort" in cols or set(sc.MEASURES) & cols:
            self.layout = "wide"
        else:
            self.add(1, None, "destinations.layout.unknown",
                     f"columns {', '.join(list(raw.columns)[:8])}... are not a destination measures layout")
            self.fail_now("not a destination measures file", DestinationLayoutError)
        if self.stage is None:
            methodology = raw["level_methodology"].iloc[0] if "level_methodology" in cols else ""
            self.stage = "16-18" if ("cohort_level_group" in cols or str(methodology).startswith("16-18")) else "ks4"
        elif self.stage not in sc.STAGES:
            raise ValueError(f"stage must be one of {sc.STAGES}, not {self.stage!r}")

    def field_counts(self, raw: pd.DataFrame, text: str) -> list:
        """Rows with fewer fields than the header (pandas pads them with empty strings)."""
        last = raw.columns[-1]
        suspects = raw.index[(_map_unique(raw[last], lambda u: u.str.strip()) == "").to_numpy()]
        if not len(suspects):
            return []
        lines = {int(i) + 2: i for i in suspects}
        counts = self.count_fields(text, set(lines))
        n = len(raw.columns)
        short = []
        ends_cleanly = text.endswith(("\n", "\r"))
        last_line = int(raw.index[-1]) + 2
        for line, idx in lines.items():
            got = counts.get(line)
            if got is not None and got < n:
                short.append(idx)
                if line == last_line and not ends_cleanly:
                    self.add(line, None, "destinations.file.truncated",
                             f"the last row stops after {got} of {n} fields and the file has no final newline")
                else:
                    self.add(line, None, "destinations.row.field_count", f"row has {got} fields; the header has {n}")
        return short

    def levels(self, raw: pd.DataFrame) -> pd.Series:
        if "geographic_level" not in raw.columns:
            return pd.Series("", index=raw.index)
        mapping = sc.label_map("geographic_level")
        return _map_unique(raw["geographic_level"], lambda u: u.str.strip().str.casefold().map(mapping).fillna(""))

    def required_columns(self, raw: pd.DataFrame, level: pd.Series):
        cols = set(raw.columns)
        need = list(sc.COLUMNS["required_keys"])
        need += sc.COLUMNS["required_wide"] if self.layout == "wide" else sc.COLUMNS["required_long"]
        present_levels = set(level.unique()) - {""}
        for lvl in sorted(present_levels):
            need += sc.COLUMNS["required_by_level"].get(lvl, [])
        if "school" in present_levels and self.layout == "wide":
            need += sc.LAYOUTS[f"{self.stage}_institution"]
        missing = [c for c in dict.fromkeys(need) if c not in cols]
        for c in missing:
            self.add(1, c, "destinations.column.missing", f"required column {c!r} is missing")
        self.missing = set(missing)

    def validate_text(self, raw: pd.DataFrame, level: pd.Series):
        value_cols = [c for c in raw.columns if c in sc.MEASURES or c == "cohort"]
        if self.layout == "long":
            value_cols = [c for c in ("cohort_count", "pupil_count", "pupil_percent") if c in raw.columns]
        school = level.loc[raw.index] == "school"
        schema = sc.raw_schema(list(raw.columns), value_columns=value_cols)
        frames = [(raw, schema)]
        level_checks = {}
        if school.any():
            level_checks.update({"school_urn": "destinations.key.urn", "new_la_code": "destinations.key.la_code"})
        lad = level.loc[raw.index] == "local_authority_district"
        school_schema = sc.raw_schema([c for c in level_checks if c in raw.columns], value_columns=[],
                                      level_columns=level_checks)
        frames.append((raw[school], school_schema))
        if lad.any() and "lad_code" in raw.columns:
            frames.append((raw[lad], sc.raw_schema(["lad_code"], value_columns=[],
                                                  level_columns={"lad_code": "destinations.key.la_code"})))
        for frame, sch in frames:
            if frame.empty or not sch.columns:
                continue
            try:
                sch.validate(frame, lazy=True)
            except pa.errors.SchemaErrors as exc:
                self.problems += sc.failures_to_problems(exc.failure_cases, self.name, lambda i: i + 2)

    def normalise_labels(self, raw: pd.DataFrame, level: pd.Series) -> pd.DataFrame:
        raw = raw.copy()
        raw["__level"] = level
        for column in ("data_type", "version", "breakdown_topic", "breakdown", "institution_type", "cohort_level_group"):
            if column not in raw.columns:
                continue
            mapping = sc.label_map(column)
            values = raw[column]
            if column == "data_type":
                raw["__kind"] = _map_unique(values, lambda u: u.str.strip().str.casefold().map(mapping).fillna(""))
                continue
            fix = {}
            for u in pd.unique(values):
                canon = mapping.get(u.strip().casefold())
                if canon is not None and canon != u:
                    fix[u] = canon
            if fix:
                raw[column] = _map_unique(values, lambda u: u.map(lambda v: fix.get(v, v)))
                for before, after in fix.items():
                    self.add(None, column, "destinations.label.normalised", f"{column} {before!r} read as {after!r}")
        return raw

    # --- tidy ----------------------------------------------------------------------------------------

    def _keys_frame(self, raw: pd.DataFrame) -> pd.DataFrame:
        keys = pd.DataFrame(index=raw.index)
        for key in TIDY_KEYS:
            if key == "level":
                keys[key] = raw["__level"]
                continue
            src = next((r for r, t in _RAW_TO_TIDY.items() if t == key), key)
            if src in raw.columns:
                keys[key] = _map_unique(raw[src], lambda u: u.str.strip())
            else:
                fill = self.stage if key == "stage" else "Total" if key in ("cohort_level_group", "cohort_level") else ""
                keys[key] = pd.Categorical.from_codes(np.zeros(len(raw), dtype=np.int8), categories=[fill])
        return keys

    def tidy_wide(self, raw: pd.DataFrame) -> pd.DataFrame:
        keys = self._keys_frame(raw)
        kind = raw["__kind"].to_numpy()
        is_num = kind == "number"
        is_pct = kind == "percentage"
        gid = _row_ids(keys)
        n_groups = int(gid.max()) + 1
        rows = np.arange(len(raw))
        num_idx = np.full(n_groups, -1)
        pct_idx = np.full(n_groups, -1)
        for flag, target, label in ((is_num, num_idx, "Number"), (is_pct, pct_idx, "Percentage")):
            target[gid[flag][::-1]] = rows[flag][::-1]  # first occurrence wins
            repeats = rows[flag][target[gid[flag]] != rows[flag]]
            if len(repeats):
                self.duplicates(keys, repeats, target[gid[repeats]], f"{label} row")
        first = np.where(num_idx >= 0, num_idx, pct_idx)
        group_keys = keys.iloc[first].reset_index(drop=True)

        cohort_n, cohort_n_st = _parse(raw["cohort"])
        cohort, cohort_status = _pick(cohort_n, cohort_n_st, num_idx, pct_idx)
        measures = [m for m in sc.MEASURES if m in raw.columns]
        columns = []
        for m in measures:
            val, st = _parse(raw[m])
            count = np.where(num_idx >= 0, val[num_idx], np.nan)
            count_st = np.where(num_idx >= 0, st[num_idx], -1)
            pct = np.where(pct_idx >= 0, val[pct_idx], np.nan)
            pct_st = np.where(pct_idx >= 0, st[pct_idx], -1)
            self._check_numbers(m, count, count_st, pct, pct_st, cohort, num_idx, pct_idx)
            columns.append((m, count, count_st, pct, pct_st))
        if "overall" not in raw.columns and {"education", "appren", "all_work"} <= set(measures):
            parts = [c for c in columns if c[0] in ("education", "appren", "all_work")]
            count = sum(p[1] for p in parts)
            count_st = _worst(*[p[2] for p in parts])
            columns.insert(0, ("overall", count, count_st, np.full(n_groups, np.nan), np.full(n_groups, -1)))
            derived = True
        else:
            derived = False
        self._check_sums(dict((c[0], (c[1], c[2])) for c in columns), cohort, num_idx)
        return self._assemble(group_keys, columns, cohort, cohort_status, num_idx, pct_idx, derived)

    def duplicates(self, keys: pd.DataFrame, repeats: np.ndarray, firsts: np.ndarray, what: str):
        """Report each repeated row (positions ``repeats``) against the first row with its keys.

        The message names what the rows share and, when a school's name differs, both names: two
        rows under different names are the likeliest sign of a file pasted together from two downloads.
        """
        col = {k: np.asarray(keys[k], dtype=object) for k in ("urn", "school_name", "la_code", "lad_code",
                                                              "region_code", "time_period", "version",
                                                              "breakdown_topic", "breakdown")}
        for pos, first in zip(repeats.tolist(), firsts.tolist()):
            who = (f"URN {col['urn'][pos]}" if col["urn"][pos]
                   else f"area {col['lad_code'][pos] or col['la_code'][pos] or col['region_code'][pos] or 'England'}")
            what_for = (f"{who}, {col['time_period'][pos]} {col['version'][pos]}".rstrip()
                        + f", {col['breakdown_topic'][pos]}: {col['breakdown'][pos]}")
            names = ""
            if col["school_name"][pos] != col["school_name"][first]:
                names = f" (there named {col['school_name'][first]!r}, here {col['school_name'][pos]!r})"
            self.add(int(pos) + 2, None, "destinations.row.duplicate",
                     f"{what} repeats line {int(first) + 2}: {what_for}{names}",
                     value=col["school_name"][pos] or None)

    def _check_numbers(self, m, count, count_st, pct, pct_st, cohort, num_idx, pct_idx):
        bad_int = (count_st == 0) & (np.abs(count - np.round(count)) > 1e-9)
        for g in np.nonzero(bad_int)[0]:
            self.add(int(num_idx[g]) + 2, m, "destinations.value.count_not_integer", value=count[g])
        bad_pct = (pct_st == 0) & (pct > 100)  # below 0 is destinations.value.negative, from the text
        for g in np.nonzero(bad_pct)[0]:
            self.add(int(pct_idx[g]) + 2, m, "destinations.value.percentage_range", value=pct[g])
        over = (count_st == 0) & (cohort >= 0) & (count > cohort)
        for g in np.nonzero(over)[0]:
            self.add(int(num_idx[g]) + 2, m, "destinations.value.count_exceeds_cohort",
                     f"{m} = {count[g]:g} but the cohort is {cohort[g]:g}", value=count[g])

    def _check_sums(self, cols, cohort, num_idx):
        need = ("overall", "education", "appren", "all_work", "all_notsust", "all_unknown")
        if not all(n in cols for n in need):
            return
        c = {n: cols[n][0] for n in need}
        # a negative part is already an error (destinations.value.negative): no sum to check it by
        ok = np.logical_and.reduce([(cols[n][1] == 0) & (c[n] >= 0) for n in need]) & (cohort >= 0)
        bad_overall = ok & (np.abs(c["overall"] - (c["education"] + c["appren"] + c["all_work"])) > 0.5)
        bad_cohort = ok & (np.abs(cohort - (c["overall"] + c["all_notsust"] + c["all_unknown"])) > 0.5)
        for g in np.nonzero(bad_overall)[0]:
            self.add(int(num_idx[g]) + 2, "overall", "destinations.value.overall_not_sum", value=c["overall"][g])
        for g in np.nonzero(bad_cohort)[0]:
            self.add(int(num_idx[g]) + 2, "cohort", "destinations.value.cohort_not_sum", value=cohort[g])

    def _assemble(self, group_keys, columns, cohort, cohort_status, num_idx, pct_idx, derived):
        n_groups, n_meas = len(group_keys), len(columns)
        count = np.stack([c[1] for c in columns], axis=1)
        count_st = np.stack([c[2] for c in columns], axis=1)
        pct = np.stack([c[3] for c in columns], axis=1)
        pct_st = np.stack([c[4] for c in columns], axis=1)
        coh = np.repeat(cohort[:, None], n_meas, axis=1)
        computed = (pct_st < 0) & (count_st == 0) & np.isfinite(coh) & (coh > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(computed, np.round(100.0 * count / coh, 1), pct)
        status = _combine(count_st, pct_st)
        # a value DfE does not publish as a number carries no number here either
        unusable = (status != _STATUS_CODE["ok"]) & (status != _STATUS_CODE["low"])
        count = np.where(unusable | (count_st != 0), np.nan, count)
        pct = np.where(unusable | ((pct_st != 0) & ~computed), np.nan, pct)
        basis = np.where(pct_st == 0, BASES.index("published"), np.where(computed, BASES.index("computed"), 0))
        if derived:
            basis[:, 0] = np.where(np.isfinite(count[:, 0]), BASES.index("derived"), 0)
        src = np.where(num_idx >= 0, num_idx, pct_idx) + 2
        rep = np.repeat(np.arange(n_groups), n_meas)
        frame = group_keys.iloc[rep].reset_index(drop=True)
        names = [c[0] for c in columns]
        frame["measure"] = pd.Categorical.from_codes(np.tile(np.arange(n_meas), n_groups), categories=names)
        frame["cohort"] = cohort[rep]
        frame["cohort_status"] = pd.Categorical.from_codes(np.maximum(cohort_status, 0)[rep], categories=sc.STATUSES)
        frame["count"] = count.ravel()
        frame["percentage"] = pct.ravel()
        frame["status"] = pd.Categorical.from_codes(status.ravel(), categories=sc.STATUSES)
        frame["basis"] = pd.Categorical.from_codes(basis.ravel(), categories=BASES)
        frame["source_file"] = pd.Categorical.from_codes(np.zeros(len(rep), dtype=np.int8), categories=[self.name])
        frame["source_row"] = src[rep]
        return frame

    def tidy_long(self, raw: pd.DataFrame) -> pd.DataFrame:
        keys = self._keys_frame(raw)
        group = raw["destination_group"].astype(str).str.strip()
        desc = raw["destination_description"].astype(str).str.strip()
        pairs = pd.Series(list(zip(group.str.casefold(), desc.str.casefold())), index=raw.index)
        measure = pairs.map(sc.LONG_DESTINATIONS)
        unknown = measure.isna()
        for (g, d) in set(zip(group[unknown], desc[unknown])):
            self.add(None, "destination_description", "destinations.long.unknown_destination",
                     f"destination {g!r} / {d!r} is not in columns.toml; kept as {g}/{d}")
        measure = measure.where(~unknown, group + "/" + desc)
        ids = pd.DataFrame({"row": _row_ids(keys), "measure": measure.to_numpy()})
        first = ids.groupby(["row", "measure"], sort=False).cumcount().to_numpy() == 0
        if not first.all():
            first_of = ids.assign(pos=np.arange(len(ids))).groupby(["row", "measure"], sort=False)["pos"].transform("first")
            repeats = np.nonzero(~first)[0]
            self.duplicates(keys, repeats, first_of.to_numpy()[repeats], "row (and destination)")
        cohort, cohort_st = _parse(raw["cohort_count"])
        count, count_st = _parse(raw["pupil_count"])
        pct, pct_st = _parse(raw["pupil_percent"])
        rows = np.arange(len(raw))
        self._check_numbers("pupil_count", count, count_st, pct, pct_st, cohort, rows, rows)
        computed = (count_st == 0) & np.isfinite(cohort) & (cohort > 0) & (pct_st < 0)
        status = _combine(count_st[:, None], pct_st[:, None]).ravel()
        unusable = (status != _STATUS_CODE["ok"]) & (status != _STATUS_CODE["low"])
        frame = keys.reset_index(drop=True)
        frame["measure"] = measure.to_numpy()
        frame["cohort"] = cohort
        frame["cohort_status"] = _STATUS_ARRAY[np.maximum(cohort_st, 0)]
        frame["count"] = np.where(unusable | (count_st != 0), np.nan, count)
        frame["percentage"] = np.where(unusable | (pct_st != 0), np.nan, pct)
        frame["status"] = _STATUS_ARRAY[status]
        frame["basis"] = np.where(pct_st == 0, "published", np.where(computed, "computed", ""))
        frame["source_file"] = self.name
        frame["source_row"] = rows + 2
        order = {m: sc.MEASURES[m].order if m in sc.MEASURES else 999 for m in frame["measure"].unique()}
        frame["__order"] = frame["measure"].map(order)
        gid = frame[TIDY_KEYS].astype("category").groupby(TIDY_KEYS, observed=True, sort=False).ngroup()
        frame = frame.assign(__gid=gid).sort_values(["__gid", "__order"], kind="stable")
        return frame.drop(columns=["__gid", "__order"]).reset_index(drop=True)


# --- row keys -------------------------------------------------------------------------------------

def _row_ids(keys: pd.DataFrame) -> np.ndarray:
    """One id per distinct row key (:data:`ROW_KEYS`, plus :data:`AREA_KEYS` for rows without a URN).

    Worked on the columns' integer codes, so it costs one small groupby whatever the file's size.
    """
    codes = {k: sc.codes_and_values(keys[k])[0] for k in ROW_KEYS}
    urn_codes, urns = sc.codes_and_values(keys["urn"])
    has_urn = np.array([bool(u) for u in urns] + [False])[urn_codes]  # code -1 (missing) -> the last, False
    for k in AREA_KEYS:
        codes[k] = np.where(has_urn, -1, sc.codes_and_values(keys[k])[0])
    return pd.DataFrame(codes).groupby(list(codes), sort=False).ngroup().to_numpy()


def _csv_column_names(header: list[str]) -> list[str]:
    """Column names as pandas.read_csv gives them: a repeated name gets .1, .2 (seen as a duplicate later)."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = name or f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


# --- value parsing ----------------------------------------------------------------------------------

def _parse(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Text cells -> (float values, status codes), once per distinct value.

    Numbers get status 0 (ok); EES codes their status; anything else (already reported by the text
    checks) is treated as not available.
    """
    codes, uniques = sc.codes_and_values(values)
    u = pd.Series(uniques, dtype=object)
    num = pd.to_numeric(u, errors="coerce").to_numpy(dtype=float)
    status = np.zeros(len(u), dtype=np.int64)
    nan = np.isnan(num)
    if nan.any():
        mapped = u[nan].astype(str).str.strip().str.casefold().map(sc.CODES).map(_STATUS_CODE)
        status[nan] = mapped.fillna(_STATUS_CODE["not_available"]).astype(np.int64).to_numpy()
    return num[codes], status[codes]


def _map_unique(s: pd.Series, fn) -> pd.Series:
    """Apply a string function to the distinct values of ``s``; return a categorical Series."""
    codes, uniques = sc.codes_and_values(s)
    mapped = np.asarray(fn(pd.Series(uniques, dtype=object)), dtype=object)
    if len(mapped) == 0:
        mapped = np.array([""], dtype=object)
    cats, inverse = np.unique(mapped.astype(str), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(inverse[codes], categories=cats), index=s.index)


def _pick(val, st, num_idx, pct_idx):
    idx = np.where(num_idx >= 0, num_idx, pct_idx)
    return val[idx], st[idx]


def _worst(*statuses):
    """Combine statuses of parts: the highest-precedence non-ok status wins (all ok -> ok)."""
    stack = np.stack(statuses)
    missing = (stack < 0).any(axis=0)
    ranks = np.where(stack < 0, len(_PRECEDENCE_RANK), _PRECEDENCE_RANK[np.maximum(stack, 0)])
    best = np.argmin(ranks, axis=0)
    out = np.take_along_axis(stack, best[None, :], axis=0)[0]
    out[missing & (out == 0)] = _STATUS_CODE["not_available"]
    return out


def _combine(count_st, pct_st):
    """Status of a value from its count and percentage statuses (-1 = not published in this file)."""
    c = np.where(count_st < 0, pct_st, count_st)
    p = np.where(pct_st < 0, c, pct_st)
    c = np.where(c < 0, _STATUS_CODE["not_available"], c)
    p = np.where(p < 0, _STATUS_CODE["not_available"], p)
    rank_c = _PRECEDENCE_RANK[c]
    rank_p = _PRECEDENCE_RANK[p]
    return np.where(rank_c <= rank_p, c, p)


def _categorise(frame: pd.DataFrame) -> pd.DataFrame:
    """Keys as categoricals: a 40 MB file's 800,000 values stay small and group quickly."""
    for col in TIDY_KEYS + ["measure", "cohort_status", "status", "basis", "source_file"]:
        if col in frame.columns and not isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype("category")
    return frame


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TIDY_COLUMNS})


def _summarise(errors: pd.DataFrame) -> str:
    if errors.empty:
        return "no details"
    first = errors.iloc[0]
    where = f"line {first['row']}" if pd.notna(first["row"]) else "file"
    col = f", column {first['column']}" if first["column"] else ""
    more = f" (and {len(errors) - 1} more problems; see .problems)" if len(errors) > 1 else ""
    return f"{first['check']} at {where}{col}: {first['message']}{more}"
