"""England and local authority figures to compare schools with.

By default these come from DfE's real files shipped in ``inspector_kit/destinations/data/`` and listed
in ``reference.toml`` (read with :mod:`importlib.resources`, so they work wherever the package is
installed and never need the network). Users with newer files pass their own tables instead::

    ref = ReferenceData.from_tables(england=[load_destinations("national.csv")],
                                    la=[load_destinations("la.csv")])

Two choices an inspector should know about, both also written into each comparison's notes:

* **LA means district.** DfE's LA-level files here are by local authority *district*. For unitary,
  metropolitan and London authorities (every fixture school) the district is the authority and its
  code is the LA code. A county council (E10...) is split into districts with no county total in the
  file, so its schools get "LA figure not available" rather than an invented figure.
* **Same pupils, same label.** The district files label each cohort one year later than the national
  file; ``reference.toml`` moves them back (``period_offset``) so all figures refer to the same pupils.
  16-18 England figures are the sum of all districts (no national 16-18 file could be had).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from inspector_kit.destinations import kept
from inspector_kit.destinations.loader import DestinationTable, load_destinations, load_destinations_bytes
from inspector_kit.destinations.schema import MEASURES

VALUE_COLUMNS = ["count", "cohort", "percentage", "status", "basis", "source_file"]
ENGLAND_KEYS = ["stage", "time_period", "version", "group", "breakdown_topic", "breakdown", "cohort_level_group"]
LA_KEYS = ["stage", "time_period", "area_code", "group", "breakdown_topic", "breakdown", "cohort_level_group"]
VERSION_PREFERENCE = ("Revised", "Final", "Provisional", "")


@lru_cache(maxsize=1)
def reference_config() -> dict:
    """``reference.toml``: bundled files, their period offsets, and institution -> comparison groups."""
    text = resources.files(__package__).joinpath("reference.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def shift_period(period: str, years: int) -> str:
    """``shift_period("202122", -1) == "202021"``: move an academic-year label by whole years."""
    if not years or not period or not period.isdigit() or len(period) != 6:
        return period
    start = int(period[:4]) + years
    return f"{start}{(start + 1) % 100:02d}"


def period_label(period: str) -> str:
    """``"202122"`` -> ``"2021/22"`` (as EES and the IDSR write academic years)."""
    return f"{period[:4]}/{period[4:]}" if period and len(period) == 6 and period.isdigit() else str(period)


def normalise_period(value: str | int | None) -> str | None:
    """Accept ``202122``, ``"2021/22"``, ``"2021-22"`` or ``"2021/2022"``; return ``"202122"``."""
    if value is None:
        return None
    text = str(value).strip().replace("/", "").replace("-", "")
    if len(text) == 8 and text.isdigit():
        text = text[:4] + text[6:]
    if len(text) != 6 or not text.isdigit() or (int(text[:4]) + 1) % 100 != int(text[4:]):
        raise ValueError(f"{value!r} is not an academic year such as 202122 or 2021/22")
    return text


def comparison_group(stage: str, institution_group: str) -> str:
    """The group whose England and LA figures an institution is compared with (``reference.toml``)."""
    groups = reference_config().get("comparison_groups", {}).get(stage, {})
    return groups.get(institution_group, institution_group)


@dataclass(frozen=True)
class Unavailable:
    """Why there is no reference figure: shown to inspectors in place of a number."""

    reason: str


class ReferenceData:
    """England and LA figures, keyed the way comparisons look them up.

    ``england`` has one row per (stage, time_period, version, group, breakdown_topic, breakdown,
    cohort_level_group, measure); ``la`` the same with ``area_code`` (LA or district code) in place of
    version. Periods are already aligned to the national file's labels.
    """

    def __init__(self, england: pd.DataFrame, la: pd.DataFrame, notes: tuple[str, ...] = ()):
        self.england = england.reset_index(drop=True)
        self.la = la.reset_index(drop=True)
        self.notes = tuple(notes)
        self._england_index = _index(self.england, ENGLAND_KEYS)
        self._la_index = _index(self.la, LA_KEYS)
        self._england_groups = _by_stage(self.england, "group")
        self._england_periods = _by_stage(self.england, "time_period")
        self._la_groups = _by_stage(self.la, "group")
        self._la_periods = _by_stage(self.la, "time_period")
        self._la_codes = set(self.la["area_code"]) if len(self.la) else set()
        self._arrays: dict[str, dict] = {}

    def arrays(self, which: str) -> dict[str, np.ndarray]:
        """Columns of ``england`` or ``la`` as numpy arrays (with measure codes), computed once."""
        if which not in self._arrays:
            frame = self.england if which == "england" else self.la
            out = {c: frame[c].to_numpy(dtype=float) for c in ("count", "cohort", "percentage")}
            out.update({c: frame[c].astype(str).to_numpy(dtype=object) for c in ("status", "basis", "source_file")})
            codes = {m: i for i, m in enumerate(MEASURES)}
            out["measure_code"] = frame["measure"].map(codes).fillna(-1).astype(int).to_numpy() if len(frame) \
                else np.array([], dtype=int)
            self._arrays[which] = out
        return self._arrays[which]

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def bundled(cls) -> "ReferenceData":
        """The real DfE files shipped with the package (cached after the first call)."""
        return _bundled()

    @classmethod
    def from_tables(cls, england=(), la=(), *, period_offsets: dict[str, int] | None = None,
                    england_from_la_sum: bool = False, notes: tuple[str, ...] = ()) -> "ReferenceData":
        """Build from loaded tables. ``period_offsets`` maps a source file name (or its stem) to the
        years to add to its labels; ``england_from_la_sum`` sums district rows into England figures
        for stages that have no national table."""
        offsets = period_offsets or {}
        eng = [_england_rows(t, offsets) for t in england]
        la_frames = [_la_rows(t, offsets) for t in la]
        if england_from_la_sum:
            have = {s for f in eng for s in f["stage"].unique()}
            eng += [_sum_districts(f) for f in la_frames if not set(f["stage"].unique()) <= have]
        return cls(_concat(eng, ENGLAND_KEYS), _concat(la_frames, LA_KEYS), notes)

    # --- lookups ----------------------------------------------------------------------------------

    def england_for(self, stage, time_period, version, group, breakdown_topic, breakdown,
                    cohort_level_group="Total"):
        """England figures for one comparison: ``(frame indexed by measure, version used, note)`` or
        :class:`Unavailable`. The school's own version is used when published, else the nearest
        (Revised, then Provisional), and the note says so."""
        found = self.england_positions(stage, time_period, version, group, breakdown_topic, breakdown,
                                       cohort_level_group)
        if isinstance(found, Unavailable):
            return found
        rows, used, note = found
        return self.england.iloc[rows].set_index("measure"), used, note

    def la_for(self, stage, time_period, la_code, group, breakdown_topic, breakdown, cohort_level_group="Total"):
        """LA figures for one comparison: frame indexed by measure, or :class:`Unavailable`."""
        found = self.la_positions(stage, time_period, la_code, group, breakdown_topic, breakdown, cohort_level_group)
        if isinstance(found, Unavailable):
            return found
        return self.la.iloc[found].set_index("measure")

    def england_positions(self, stage, time_period, version, group, breakdown_topic, breakdown,
                          cohort_level_group="Total"):
        """Row positions in ``england`` for one comparison, the version used and a note; or Unavailable."""
        group = comparison_group(stage, group)
        if stage not in self._england_groups:
            return Unavailable(f"no England figures for {stage} in the reference data")
        if group not in self._england_groups[stage]:
            return Unavailable(f"no England figures for {group} at {stage}")
        if time_period not in self._england_periods[stage]:
            return Unavailable(f"no England figures for {period_label(time_period)} at {stage} "
                               f"(the reference data covers {_span(self._england_periods[stage])})")
        for v in [version] + [v for v in VERSION_PREFERENCE if v != version]:
            rows = self._england_index.get((stage, time_period, v, group, breakdown_topic, breakdown, cohort_level_group))
            if rows is not None:
                note = "" if v == version or not v else (
                    f"England figures for {period_label(time_period)} are {v or 'of unstated version'}"
                    f" ({version or 'unversioned'} figures are not published)")
                return rows, v, note
        level = "" if cohort_level_group == "Total" else f" ({cohort_level_group})"
        return Unavailable(f"no England figures for {breakdown_topic}: {breakdown}{level}")

    def la_positions(self, stage, time_period, la_code, group, breakdown_topic, breakdown, cohort_level_group="Total"):
        """Row positions in ``la`` for one comparison, or Unavailable with the reason."""
        group = comparison_group(stage, group)
        if stage not in self._la_groups:
            return Unavailable(f"LA figure not available: no LA figures for {stage} in the reference data")
        if not la_code:
            return Unavailable("LA figure not available: the school has no LA code")
        if la_code not in self._la_codes:
            if la_code.startswith("E10"):
                return Unavailable(f"LA figure not available: {la_code} is a county council and DfE's LA file "
                                   "is by district, with no county totals (no figure is invented)")
            return Unavailable(f"LA figure not available: {la_code} is not in the LA file")
        if group not in self._la_groups[stage]:
            groups = ", ".join(sorted(self._la_groups[stage]))
            return Unavailable(f"LA figure not available: the LA file covers {groups} only")
        rows = self._la_index.get((stage, time_period, la_code, group, breakdown_topic, breakdown, cohort_level_group))
        if rows is not None:
            return rows
        if time_period not in self._la_periods[stage]:
            return Unavailable(f"LA figure not available for {period_label(time_period)} "
                               f"(the LA file covers {_span(self._la_periods[stage])})")
        if (breakdown_topic, breakdown) != ("Total", "Total"):
            return Unavailable("LA figure not available: the LA file has totals only, no breakdowns")
        return Unavailable(f"LA figure not available for {la_code} in {period_label(time_period)}")


@lru_cache(maxsize=1)
def _bundled() -> ReferenceData:
    """The shipped files' figures: kept from an earlier run when they were made from these exact files."""
    key = kept.cache_key()
    held = kept.load_reference(key)
    if held is not None:
        return ReferenceData(*held)
    data = _read_bundled()
    kept.store_reference(key, data.england, data.la, data.notes)
    return data


def _read_bundled() -> ReferenceData:
    """The shipped files read and checked by the loader, as every import of the package did before."""
    cfg = reference_config()
    data = resources.files(__package__).joinpath("data")
    england, la, offsets, sum_for = [], [], {}, []
    for spec in cfg["files"]:
        table = load_destinations_bytes(data.joinpath(spec["name"]).read_bytes(),
                                        name=f"inspector_kit/destinations/data/{spec['name']}", stage=spec["stage"])
        offsets[spec["name"]] = spec.get("period_offset", 0)
        (england if spec["role"] == "england" else la).append(table)
        if spec.get("england_from_sum"):
            sum_for.append(spec["stage"])
    notes = tuple(f"{s['name']}: {s['describes']}" for s in cfg["files"])
    return ReferenceData.from_tables(england, la, period_offsets=offsets, england_from_la_sum=bool(sum_for),
                                     notes=notes)


def load_reference(england_paths=(), la_paths=(), **kwargs) -> ReferenceData:
    """Reference data from files on disk (offsets by file name, as in ``reference.toml``)."""
    offsets = {s["name"]: s.get("period_offset", 0) for s in reference_config()["files"]}
    offsets.update(kwargs.pop("period_offsets", {}) or {})
    return ReferenceData.from_tables([load_destinations(p) for p in england_paths],
                                     [load_destinations(p) for p in la_paths], period_offsets=offsets, **kwargs)


# --- building the frames ------------------------------------------------------------------------------

def _offset_for(source: str, offsets: dict[str, int]) -> int:
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return offsets.get(name, offsets.get(name.rsplit(".", 1)[0], 0))


def _shifted(frame: pd.DataFrame, offsets: dict[str, int]) -> pd.Series:
    periods = frame["time_period"].astype(str)
    out = periods.copy()
    for source in frame["source_file"].astype(str).unique():
        years = _offset_for(source, offsets)
        if years:
            mask = frame["source_file"].astype(str) == source
            out[mask] = periods[mask].map(lambda p: shift_period(p, years))
    return out


def _england_rows(table: DestinationTable, offsets) -> pd.DataFrame:
    f = table.frame
    f = f[(f["level"] == "national") & f["institution_type"].isin(["Total", ""])]
    out = pd.DataFrame({
        "stage": f["stage"].astype(str), "time_period": _shifted(f, offsets), "version": f["version"].astype(str),
        "group": f["institution_group"].astype(str), "breakdown_topic": f["breakdown_topic"].astype(str),
        "breakdown": f["breakdown"].astype(str), "cohort_level_group": f["cohort_level_group"].astype(str),
        "measure": f["measure"].astype(str)})
    for c in VALUE_COLUMNS:
        out[c] = f[c].astype(str) if c in ("status", "basis", "source_file") else f[c]
    return out


def _la_rows(table: DestinationTable, offsets) -> pd.DataFrame:
    f = table.frame
    f = f[f["level"].isin(["local_authority", "local_authority_district"])]
    code = np.where(f["level"] == "local_authority_district", f["lad_code"].astype(str), f["la_code"].astype(str))
    name = np.where(f["level"] == "local_authority_district", f["lad_name"].astype(str), f["la_name"].astype(str))
    out = pd.DataFrame({
        "stage": f["stage"].astype(str), "time_period": _shifted(f, offsets), "area_code": code, "area_name": name,
        "level": f["level"].astype(str), "group": f["institution_group"].astype(str),
        "breakdown_topic": f["breakdown_topic"].astype(str), "breakdown": f["breakdown"].astype(str),
        "cohort_level_group": f["cohort_level_group"].astype(str), "measure": f["measure"].astype(str)})
    for c in VALUE_COLUMNS:
        out[c] = f[c].astype(str) if c in ("status", "basis", "source_file") else f[c]
    return out


def _sum_districts(la: pd.DataFrame) -> pd.DataFrame:
    """England = every district added up, per period, group, breakdown, level and measure.

    Only districts (not whole LAs, which would double count) are summed; a figure is "ok" only if every
    district's count was published.
    """
    d = la[la["level"] == "local_authority_district"].copy()
    d["ok"] = d["status"] == "ok"
    keys = ["stage", "time_period", "group", "breakdown_topic", "breakdown", "cohort_level_group", "measure"]
    agg = d.groupby(keys, observed=True, sort=False).agg(count=("count", "sum"), cohort=("cohort", "sum"),
                                                          all_ok=("ok", "all"), n=("ok", "size")).reset_index()
    agg["status"] = np.where(agg["all_ok"], "ok", "not_available")
    agg.loc[~agg["all_ok"], "count"] = np.nan
    agg["percentage"] = np.round(100 * agg["count"] / agg["cohort"], 1)
    agg["basis"] = "sum_of_districts"
    agg["source_file"] = d["source_file"].iloc[0] if len(d) else ""
    agg["version"] = ""
    return agg[["stage", "time_period", "version", "group", "breakdown_topic", "breakdown", "cohort_level_group",
                "measure"] + VALUE_COLUMNS]


def _concat(frames, keys) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=keys + ["measure"] + VALUE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _index(frame: pd.DataFrame, keys: list[str]) -> dict:
    if frame.empty:
        return {}
    return dict(frame.groupby(keys, observed=True, sort=False).indices)


def _by_stage(frame: pd.DataFrame, column: str) -> dict[str, set]:
    out: dict[str, set] = {}
    for stage, value in frame[["stage", column]].drop_duplicates().itertuples(index=False):
        out.setdefault(stage, set()).add(value)
    return out


def _span(periods) -> str:
    values = sorted(set(periods))
    return f"{period_label(values[0])} to {period_label(values[-1])}" if values else "no years"
