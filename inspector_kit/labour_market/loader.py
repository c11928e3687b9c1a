"""Read the two local labour market files: employment by industry and LSIP area, and district -> area.

Why careful, as with the destination files: a panel that ranks industries must never rank a misread
figure. So each file is read as text first (UTF-8, with or without a byte-order mark, or Windows-1252),
every cell kept a string, then checked, and every problem found is reported at once with its file, line
(the header is line 1), column and a stable check id (``labour_market.value``, ``labour_market.duplicate``
...), raised as :class:`~inspector_kit.errors.LabourMarketDataError`.

>>> table = load_employment("inspector_kit/labour_market/data/lmi_employment_by_industry_lsip_2015-2035.csv")  # doctest: +SKIP
>>> table.employment("E69000021", "Health and social work")[2020]                                              # doctest: +SKIP
126.824
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nlp.industries import industry_groups

from inspector_kit.errors import EmptyDocumentError, EncodingError, LabourMarketDataError
from inspector_kit.evidence.text import decode_text

EMPLOYMENT_COLUMNS = ("lsip_code", "lsip_name", "industry", "employment_2015_000s", "employment_2019_000s",
                      "employment_2020_000s", "employment_2025_000s", "employment_2035_000s")
LOOKUP_COLUMNS = ("lad_code", "lad_name", "lsip_code", "lsip_name")
ALL_INDUSTRIES = "All industries"
ENGLAND = "E92000001"
_AREA_CODE = re.compile(r"^E69\d{6}$")
_DISTRICT_CODE = re.compile(r"^E0[6789]\d{6}$")
_YEAR = re.compile(r"^employment_(\d{4})_000s$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
#: "All industries" may differ from the sum of the 22 groups by rounding (0.001 thousand a figure) only.
TOTAL_TOLERANCE = 0.05


def _industries() -> tuple[str, ...]:
    """The 22 industry groups, as the engine's data names them (``nlp/resources/industries.json``)."""
    return tuple(g.name for g in industry_groups())


@dataclass(frozen=True)
class EmploymentTable:
    """Employment (thousands) by LSIP area, industry group and year; ``areas`` maps code -> name."""

    source: str
    areas: dict[str, str]
    years: tuple[int, ...]
    values: dict[tuple[str, str], dict[int, float]] = field(repr=False)

    def employment(self, area_code: str, industry: str) -> dict[int, float]:
        """``{year: thousands}`` for one area and industry (``"All industries"`` for the total)."""
        return dict(self.values[(area_code, industry)])

    def has_area(self, area_code: str) -> bool:
        """Whether the projections cover an LSIP area (eight areas have no table)."""
        return area_code in self.areas


@dataclass(frozen=True)
class District:
    """One local authority district and the LSIP area DfE's lookup puts it in."""

    lad_code: str
    lad_name: str
    lsip_code: str
    lsip_name: str


@dataclass(frozen=True)
class DistrictLookup:
    """Local authority district (2023 code) -> LSIP area."""

    source: str
    districts: dict[str, District]

    def area_of(self, lad_code: str) -> District | None:
        """The district's LSIP area from its ONS code (spacing and case forgiven), or None."""
        return self.districts.get((lad_code or "").strip().upper())


class _Reader:
    """Text rows of one CSV file and the problems found in it."""

    def __init__(self, data: bytes, name: str, columns: tuple[str, ...], what: str):
        self.data, self.name, self.columns, self.what = data, name, columns, what
        self.problems: list[dict] = []
        self.short_keys: set[str] = set()  # first cells of rows refused for their field count

    def add(self, line, column, check, message, value=None):
        self.problems.append({"file": self.name, "line": line, "column": column, "check": check,
                              "message": message, "value": value})

    def fail(self, summary: str):
        first = self.problems[0]
        where = f"line {first['line']}" if first["line"] else "file"
        column = f", column {first['column']}" if first["column"] else ""
        more = f" (and {len(self.problems) - 1} more problems; see .problems)" if len(self.problems) > 1 else ""
        raise LabourMarketDataError(f"{summary}: {first['check']} at {where}{column}: {first['message']}{more}",
                                    path=self.name, problems=self.problems)

    def text(self) -> str:
        """The file's text by the toolkit's one decoder (``evidence.text``). The tables are published as
        UTF-8 CSV, so UTF-16 and UTF-32 are refused with advice rather than read."""
        try:
            text, encoding = decode_text(self.data, self.name)
        except EmptyDocumentError:
            self.add(None, None, "labour_market.file.empty", "the file is empty")
            self.fail(f"cannot read the {self.what}")
        except EncodingError as exc:
            line = None if exc.span is None else self.data[:exc.span[0]].count(b"\n") + 1
            self.add(line, None, "labour_market.file.encoding", f"{exc.message}: save the file as UTF-8 CSV")
            self.fail(f"cannot read the {self.what}")
        if encoding.startswith(("utf-16", "utf-32")):
            self.add(None, None, "labour_market.file.encoding", "UTF-16 or binary data: save the file as UTF-8 CSV")
            self.fail(f"cannot read the {self.what}")
        return text

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """``(line, {column: text})`` for each data row, after the header and field counts are checked."""
        records = list(csv.reader(io.StringIO(self.text(), newline="")))
        header = [h.strip() for h in records[0]] if records else []
        if tuple(header) != self.columns:
            missing = [c for c in self.columns if c not in header]
            unknown = [c for c in header if c not in self.columns]
            detail = "; ".join(part for part in (f"missing {', '.join(missing)}" if missing else "",
                                                  f"unknown {', '.join(unknown)}" if unknown else "") if part)
            self.add(1, None, "labour_market.header",
                     f"the header must be {','.join(self.columns)}" + (f" ({detail})" if detail else " (in that order)"),
                     ",".join(header))
            self.fail(f"this is not the {self.what}")
        out = []
        for line, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(self.columns):
                self.add(line, None, "labour_market.fields",
                         f"{len(record)} fields where the header has {len(self.columns)}")
                self.short_keys.add(record[0].strip() if record else "")
                continue
            out.append((line, {c: v.strip() for c, v in zip(self.columns, record)}))
        if not out and not self.problems:
            self.add(None, None, "labour_market.file.no_rows", "the file has a header but no rows")
        return out


def load_employment_bytes(data: bytes, *, name: str = "<upload>") -> EmploymentTable:
    """Employment by industry and LSIP area from a file's bytes; raises listing every problem."""
    reader = _Reader(data, name, EMPLOYMENT_COLUMNS, "employment by industry table")
    rows = reader.rows()
    industries = _industries()
    known = set(industries) | {ALL_INDUSTRIES}
    years = tuple(int(_YEAR.match(c).group(1)) for c in EMPLOYMENT_COLUMNS if _YEAR.match(c))
    areas: dict[str, str] = {}
    first_line: dict[str, int] = {}
    values: dict[tuple[str, str], dict[int, float]] = {}
    rejected: set[str] = set(reader.short_keys)  # areas with a row already reported: their gaps are that row, not a second problem
    for line, row in rows:
        code, area, industry = row["lsip_code"], row["lsip_name"], row["industry"]
        ok = True
        if not (_AREA_CODE.match(code) or code == ENGLAND):
            reader.add(line, "lsip_code", "labour_market.code",
                       "an LSIP area code is E69 and six digits (England: E92000001)", code)
            ok = False
        if not area:
            reader.add(line, "lsip_name", "labour_market.name", "the area has no name")
            ok = False
        elif code in areas and areas[code] != area:
            reader.add(line, "lsip_name", "labour_market.name",
                       f"{code} is named {areas[code]!r} on line {first_line[code]}", area)
        if industry not in known:
            reader.add(line, "industry", "labour_market.industry",
                       f"not one of the 22 industry groups or {ALL_INDUSTRIES!r}", industry)
            ok = False
        figures = {}
        for year in years:
            column = f"employment_{year}_000s"
            text = row[column]
            if not _NUMBER.match(text) or not math.isfinite(float(text)):
                reader.add(line, column, "labour_market.value",
                           "employment must be a number of thousands, 0 or more (no codes, signs or commas)", text)
                ok = False
            else:
                figures[year] = float(text)
        if not ok:
            rejected.add(code)
            continue
        areas.setdefault(code, area)
        first_line.setdefault(code, line)
        if (code, industry) in values:
            reader.add(line, "industry", "labour_market.duplicate", f"{industry} appears twice for {area}", industry)
            continue
        values[(code, industry)] = figures
    for code, area in areas.items():
        missing = [i for i in industries + (ALL_INDUSTRIES,) if (code, i) not in values]
        if code in rejected:
            continue
        if missing:
            reader.add(first_line[code], "industry", "labour_market.area.incomplete",
                       f"{area} lacks {', '.join(missing)}")
            continue
        for year in years:
            total = values[(code, ALL_INDUSTRIES)][year]
            parts = sum(values[(code, i)][year] for i in industries)
            if abs(parts - total) > TOTAL_TOLERANCE:
                reader.add(first_line[code], f"employment_{year}_000s", "labour_market.area.total",
                           f"{area}: the 22 industries add up to {parts:.3f} thousand, "
                           f"{ALL_INDUSTRIES} says {total:.3f}")
    if reader.problems:
        reader.fail("the employment by industry table has problems")
    return EmploymentTable(name, areas, years, values)


def load_lookup_bytes(data: bytes, *, name: str = "<upload>") -> DistrictLookup:
    """The district -> LSIP area lookup from a file's bytes; raises listing every problem."""
    reader = _Reader(data, name, LOOKUP_COLUMNS, "district to LSIP area lookup")
    rows = reader.rows()
    districts: dict[str, District] = {}
    area_names: dict[str, tuple[str, int]] = {}
    for line, row in rows:
        ok = True
        if not _DISTRICT_CODE.match(row["lad_code"]):
            reader.add(line, "lad_code", "labour_market.code",
                       "a district code is E06, E07, E08 or E09 and six digits", row["lad_code"])
            ok = False
        if not _AREA_CODE.match(row["lsip_code"]):
            reader.add(line, "lsip_code", "labour_market.code", "an LSIP area code is E69 and six digits",
                       row["lsip_code"])
            ok = False
        for column in ("lad_name", "lsip_name"):
            if not row[column]:
                reader.add(line, column, "labour_market.name", f"{column} is empty")
                ok = False
        if not ok:
            continue
        seen = area_names.setdefault(row["lsip_code"], (row["lsip_name"], line))
        if seen[0] != row["lsip_name"]:
            reader.add(line, "lsip_name", "labour_market.name",
                       f"{row['lsip_code']} is named {seen[0]!r} on line {seen[1]}", row["lsip_name"])
        if row["lad_code"] in districts:
            reader.add(line, "lad_code", "labour_market.duplicate", "the district is listed twice", row["lad_code"])
            continue
        districts[row["lad_code"]] = District(row["lad_code"], row["lad_name"], row["lsip_code"], row["lsip_name"])
    if reader.problems:
        reader.fail("the district lookup has problems")
    return DistrictLookup(name, districts)


def load_employment(path: str | Path) -> EmploymentTable:
    """The employment projections from a file (see ``load_employment_bytes``)."""
    return load_employment_bytes(Path(path).read_bytes(), name=str(path))


def load_lookup(path: str | Path) -> DistrictLookup:
    """DfE's district to LSIP area lookup from a file (see ``load_lookup_bytes``)."""
    return load_lookup_bytes(Path(path).read_bytes(), name=str(path))


EMPLOYMENT_FILE = "lmi_employment_by_industry_lsip_2015-2035.csv"
LOOKUP_FILE = "lad_to_lsip_2023.csv"


@lru_cache(maxsize=1)
def bundled() -> tuple[EmploymentTable, DistrictLookup]:
    """The real tables shipped in ``data/`` (read with importlib.resources, once per process)."""
    data = resources.files(__package__).joinpath("data")
    return (load_employment_bytes(data.joinpath(EMPLOYMENT_FILE).read_bytes(),
                                  name=f"inspector_kit/labour_market/data/{EMPLOYMENT_FILE}"),
            load_lookup_bytes(data.joinpath(LOOKUP_FILE).read_bytes(),
                              name=f"inspector_kit/labour_market/data/{LOOKUP_FILE}"))
