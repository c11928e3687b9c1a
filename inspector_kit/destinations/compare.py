"""Compare a school's destinations with its local authority and England, as the IDSR would.

For one school, year, version and breakdown, every headline measure (overall sustained; education and
its split into FE, school sixth form, sixth form college or HE, other; apprenticeships; employment;
not sustained; unknown) is set beside the LA and England figures for the same institution group, with
the difference in percentage points, an exact binomial test against England, a band (well below /
below / close to / above / well above average), a three-year view with arrows, and the disadvantaged
gap against England's gap. The methods and thresholds are in :mod:`inspector_kit.destinations.stats`
and ``bands.toml``. A cohort under 6 or a suppressed value is "not reported", with the reason, and
never banded.

Everything is computed vectorised over the whole table first, then cut into one
:class:`SchoolComparison` per school, so comparing all 4,000 schools of a national file costs about
as much as reading it.

>>> table = load_destinations("fixtures/destinations/institutions_ks4_fixture.csv")  # doctest: +SKIP
>>> comparison = compare_school(table, "104712")                                      # doctest: +SKIP
>>> comparison.measure("appren").band                                                  # doctest: +SKIP
'well_below'
"""
from __future__ import annotations

import gc
from collections import defaultdict, namedtuple
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from inspector_kit.destinations import stats
from inspector_kit.destinations.findings import findings as evaluate
from inspector_kit.destinations.loader import DestinationTable, load_destinations
from inspector_kit.destinations.model import (Figure, GapComparison, MeasureComparison, SchoolComparison,
                                              TrendPoint)
from inspector_kit.destinations.reference import (VERSION_PREFERENCE, ReferenceData, Unavailable,
                                                  comparison_group, normalise_period, period_label, reference_config)
from inspector_kit.destinations.schema import MEASURES, STATUS_TEXT, headline_measures
from inspector_kit.errors import SchoolNotInDataError

DISADVANTAGE_TOPIC = "Disadvantage Status"
DISADVANTAGED, OTHER = "Disadvantaged", "Not disadvantaged"
TREND_YEARS = 3
_MEASURE_CODES = list(MEASURES)
_MEASURE_INDEX = {m: i for i, m in enumerate(_MEASURE_CODES)}
_SCHOOL_COLUMNS = ["urn", "school_name", "stage", "time_period", "version", "institution_group", "institution_type",
                   "breakdown_topic", "breakdown", "cohort_level_group", "la_code", "la_name", "measure", "cohort",
                   "cohort_status", "count", "percentage", "status", "basis", "source_file", "source_row"]


# --- public API -----------------------------------------------------------------------------------

def compare_school(table: DestinationTable, urn: str | int, year: str | int | None = None,
                   version: str | None = None, breakdown: str = "Total", national=None, la=None, *,
                   stage: str | None = None, cohort_level_group: str = "Total",
                   reference: ReferenceData | None = None) -> SchoolComparison:
    """Compare one institution with its LA and England.

    ``year`` (``202122`` or ``"2021/22"``) defaults to the latest year with England figures;
    ``version`` to Revised where published, else Provisional; ``breakdown`` is ``"Total"``,
    ``"Disadvantaged"`` or ``"Not disadvantaged"`` (or any breakdown in the file). ``national`` and
    ``la`` replace the bundled reference files (a :class:`DestinationTable`, a path, or a list of
    either); ``reference`` replaces both. ``stage`` picks "ks4" or "16-18" when the table has both
    (default ks4). Raises :class:`SchoolNotInDataError` if the URN, year or version is not in the table.
    """
    urn = str(urn).strip()
    rows = table.for_school(urn)
    if rows.empty:
        files = ", ".join(Path(s.path).name for s in table.sources) or "the table"
        raise SchoolNotInDataError(f"URN {urn} is not in {files}", path=_first_path(table), urn=urn)
    notes = []
    stages = sorted(rows["stage"].astype(str).unique())
    if stage is None:
        stage = "ks4" if "ks4" in stages else stages[0]
        if len(stages) > 1:
            notes.append(f"the file also has {', '.join(s for s in stages if s != stage)} figures for this school "
                         f"(ask for stage= to see them)")
    elif stage not in stages:
        raise SchoolNotInDataError(f"URN {urn} has no {stage} figures (it has {', '.join(stages)})",
                                   path=_first_path(table), urn=urn)
    rows = rows[rows["stage"] == stage]
    period = normalise_period(year)
    found = compare_frame(rows, _reference(national, la, reference), year=period, version=version,
                          breakdown=breakdown, cohort_level_group=cohort_level_group, strict=True)
    if not found:
        raise SchoolNotInDataError(f"URN {urn} has no {breakdown!r} figures"
                                   + (f" for {period_label(period)}" if period else ""), path=_first_path(table), urn=urn)
    comparison = found[0]
    comparison.notes = tuple(notes) + comparison.notes
    return comparison


def compare_all(table: DestinationTable, year: str | int | None = None, version: str | None = None,
                breakdown: str = "Total", national=None, la=None, *, cohort_level_group: str = "Total",
                reference: ReferenceData | None = None) -> list[SchoolComparison]:
    """One :class:`SchoolComparison` per institution and stage in the table (schools without the
    year or breakdown asked for are left out). Same arguments as :func:`compare_school`."""
    return compare_frame(table.frame, _reference(national, la, reference), year=normalise_period(year),
                         version=version, breakdown=breakdown, cohort_level_group=cohort_level_group)


def compare_frame(frame: pd.DataFrame, reference: ReferenceData, *, year=None, version=None, breakdown="Total",
                  cohort_level_group="Total", strict=False) -> list[SchoolComparison]:
    """The engine behind :func:`compare_school` and :func:`compare_all`, on a tidy frame.

    Selection first (which year and version each school is compared for, and its trend years), on
    the categorical keys; statistics only on the rows selected; objects last.
    """
    f = _headline_rows(frame, cohort_level_group)
    if f.empty:
        return []
    topic = _topic_of(f, breakdown)
    gid, picks = _select(f, reference, breakdown, topic, year, version, strict)
    if picks.empty:
        return []
    rows = _needed_rows(f, gid, picks, breakdown, topic)
    stat = _statistics(rows, reference)
    return _assemble(stat, picks, breakdown, topic)


# --- steps ----------------------------------------------------------------------------------------

def _reference(national, la, reference) -> ReferenceData:
    if reference is not None:
        return reference
    base = ReferenceData.bundled()
    if national is None and la is None:
        return base
    offsets = {s["name"]: s.get("period_offset", 0) for s in reference_config()["files"]}
    custom = ReferenceData.from_tables(_tables(national), _tables(la), period_offsets=offsets)
    return ReferenceData(custom.england if national is not None else base.england,
                         custom.la if la is not None else base.la, base.notes)


def _tables(value) -> list[DestinationTable]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [v if isinstance(v, DestinationTable) else load_destinations(v) for v in items]


def _headline_rows(frame: pd.DataFrame, cohort_level_group: str) -> pd.DataFrame:
    """Institution rows of the headline measures for their stage, at one qualification level."""
    keep = ((frame["level"] == "school") & (frame["cohort_level_group"] == cohort_level_group)).to_numpy()
    wanted = np.zeros(len(frame), dtype=bool)
    stages = frame["stage"]
    for stage in pd.unique(stages[keep]):
        wanted |= (stages == stage).to_numpy() & frame["measure"].isin(headline_measures(str(stage))).to_numpy()
    return frame[keep & wanted]


def _topic_of(rows: pd.DataFrame, breakdown: str) -> str:
    topics = pd.unique(rows.loc[(rows["breakdown"] == breakdown).to_numpy(), "breakdown_topic"])
    if len(topics) == 0:
        return "Total" if breakdown == "Total" else DISADVANTAGE_TOPIC
    return "Total" if "Total" in set(topics) and breakdown == "Total" else str(topics[0])


def _objects(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Plain object/float columns: fast to iterate, unlike categoricals and pandas strings."""
    return pd.DataFrame({c: frame[c].to_numpy(dtype=float) if c in ("cohort", "count", "percentage")
                         else frame[c].to_numpy(dtype=object) if c == "source_row"
                         else frame[c].astype(str).to_numpy(dtype=object) for c in columns})


def _lookup(rows: pd.DataFrame, keys: list[str], resolve, ref: dict, label: str):
    """Resolve each distinct request once; gather reference values onto every row (vectorised)."""
    rid = rows.groupby(keys, sort=False).ngroup().to_numpy()
    first = np.full(int(rid.max()) + 1, -1)
    first[rid[::-1]] = np.arange(len(rows))[::-1]
    requests = zip(*(rows[k].to_numpy()[first].tolist() for k in keys))
    n_req, n_meas = len(first), len(_MEASURE_CODES)
    pos = np.full((n_req, n_meas), -1)
    reason = np.full(n_req, "", dtype=object)
    used_version = np.full(n_req, "", dtype=object)
    note = np.full(n_req, "", dtype=object)
    ref_measures = ref["measure_code"]
    for r, request in enumerate(requests):
        found = resolve(*request)
        if isinstance(found, Unavailable):
            reason[r] = found.reason
            continue
        positions, v, n = found if isinstance(found, tuple) else (found, "", "")
        used_version[r], note[r] = v, n
        m = ref_measures[positions]
        ok = m >= 0
        pos[r, m[ok]] = positions[ok]
    mcode = rows["measure"].map(_MEASURE_INDEX).to_numpy()
    p = pos[rid, mcode]
    have = p >= 0
    safe = np.maximum(p, 0)
    out = {}
    for col in ("count", "cohort", "percentage"):
        values = ref[col]
        out[col] = np.where(have, values[safe], np.nan) if len(values) else np.full(len(rows), np.nan)
    for col in ("status", "basis", "source_file"):
        values = ref[col]
        out[col] = np.where(have, values[safe], "") if len(values) else np.full(len(rows), "", dtype=object)
    missing = _texts(np.char.add(np.char.add(rows["measure"].to_numpy(dtype=str), "|"), rows["stage"].to_numpy(dtype=str)),
                     lambda k: f"no {label} figure for {MEASURES[k.split('|')[0]].short.lower()} at {k.split('|')[1]} "
                               "in the reference data")
    out["reason"] = np.where(reason[rid] != "", reason[rid], np.where(have, "", missing))
    out["version"] = used_version[rid]
    out["note"] = note[rid]
    return out


def _texts(values: np.ndarray, fn) -> np.ndarray:
    """``fn`` applied once per distinct value, spread back over the array (object dtype)."""
    uniques, inverse = np.unique(np.asarray(values), return_inverse=True)
    return np.array([fn(u.item() if hasattr(u, "item") else u) for u in uniques], dtype=object)[inverse]


def _rate(count, cohort, percentage, status):
    """A reference rate (0-1): count/cohort when the count is published, else the percentage."""
    usable = np.isin(status, ["ok", "low"])
    with np.errstate(invalid="ignore", divide="ignore"):
        from_count = np.where(np.isfinite(count) & (cohort > 0), count / cohort, np.nan)
    rate = np.where(np.isfinite(from_count), from_count, percentage / 100.0)
    return np.where(usable, rate, np.nan)


def _statistics(rows: pd.DataFrame, reference: ReferenceData) -> pd.DataFrame:
    """Every row with its England and LA figures, interval, test, effect size and band."""
    cfg = stats.band_config()
    eng = _lookup(rows, ["stage", "time_period", "version", "institution_group", "breakdown_topic", "breakdown",
                         "cohort_level_group"], reference.england_positions, reference.arrays("england"), "England")
    la = _lookup(rows, ["stage", "time_period", "la_code", "institution_group", "breakdown_topic", "breakdown",
                        "cohort_level_group"], reference.la_positions, reference.arrays("la"), "LA")
    n = rows["cohort"].to_numpy(dtype=float)
    count = rows["count"].to_numpy(dtype=float)
    published = rows["percentage"].to_numpy(dtype=float)
    status = rows["status"].to_numpy(dtype=object)
    cohort_status = rows["cohort_status"].to_numpy(dtype=object)
    usable = np.isin(status, ["ok", "low"])
    k = np.where(np.isfinite(count), count, np.round(published * n / 100.0))
    k = np.where(usable, k, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_hat = k / n
    p_eng = _rate(eng["count"], eng["cohort"], eng["percentage"], eng["status"])
    p_la = _rate(la["count"], la["cohort"], la["percentage"], la["status"])

    small = ~(n >= cfg["min_cohort"])
    cohort_text = _texts(cohort_status, lambda s: STATUS_TEXT.get(s, s))
    status_text = _texts(status, lambda s: STATUS_TEXT.get(s, s))
    size_text = _texts(np.where(small & np.isfinite(n), n, -1.0),
                       lambda v: f"cohort of {v:g} is under {cfg['min_cohort']}: too small to compare" if v >= 0 else "")
    school_reason = np.select(
        [cohort_status != "ok", small, ~usable, ~np.isfinite(k)],
        [cohort_text, size_text, status_text, "no count published"], default="")
    school_ok = school_reason == ""
    england_reason = np.where(eng["reason"] != "", eng["reason"], "no England figure")
    reason = np.where(school_ok & ~np.isfinite(p_eng), england_reason, school_reason)
    testable = reason == ""

    low, high = stats.wilson_interval(k, n)
    p_value = np.where(testable, stats.binomial_p_value(k, n, p_eng), np.nan)
    la_p = np.where(school_ok & np.isfinite(p_la), stats.binomial_p_value(k, n, p_la), np.nan)
    h = np.where(testable, stats.cohens_h(p_hat, p_eng), np.nan)
    band = stats.band(p_value, h)
    show_pct = np.where(np.isfinite(published), published, np.round(100 * p_hat, 1))

    out = rows.copy()
    out["k"] = k
    out["school_pct"] = np.where(school_ok, show_pct, np.nan)
    out["school_usable"] = school_ok
    out["ci_low"] = np.where(school_ok, 100 * low, np.nan)
    out["ci_high"] = np.where(school_ok, 100 * high, np.nan)
    for prefix, ref, rate in (("eng", eng, p_eng), ("la", la, p_la)):
        out[f"{prefix}_count"] = ref["count"]
        out[f"{prefix}_cohort"] = ref["cohort"]
        shown = np.where(np.isfinite(ref["percentage"]), ref["percentage"], np.round(100 * rate, 1))
        out[f"{prefix}_pct"] = np.where(np.isfinite(rate), shown, np.nan)
        out[f"{prefix}_status"] = ref["status"]
        out[f"{prefix}_basis"] = ref["basis"]
        out[f"{prefix}_source"] = ref["source_file"]
        out[f"{prefix}_version"] = ref["version"]
        out[f"{prefix}_note"] = ref["note"]
        out[f"{prefix}_reason"] = np.where(np.isfinite(rate), "", np.where(ref["reason"] != "", ref["reason"],
                                                                                "figure not published"))
        with np.errstate(invalid="ignore"):
            out[f"diff_{prefix}"] = np.where(school_ok, 100 * (p_hat - rate), np.nan)
    out["p_value"] = p_value
    out["la_p_value"] = la_p
    out["h"] = h
    out["band"] = band
    out["reason"] = reason
    return out


_VERSION_RANK = {v: i for i, v in enumerate(VERSION_PREFERENCE)}
_GROUP_KEYS = ["urn", "stage", "time_period", "version"]


def _select(f: pd.DataFrame, reference: ReferenceData, breakdown, topic, year, version, strict):
    """Per (urn, stage): the year and version compared, and the trend years with their versions.

    Returns the (urn, stage, time_period, version) group id of every row and a frame of the picked
    groups: ``is_main`` for the compared year, the others for the three-year view.
    """
    gid = f.groupby(_GROUP_KEYS, observed=True, sort=False).ngroup().to_numpy()
    n = int(gid.max()) + 1
    first = np.full(n, -1)
    first[gid[::-1]] = np.arange(len(f))[::-1]
    g = _objects(f.iloc[first], _GROUP_KEYS + ["institution_group", "cohort_level_group"])
    g["gid"] = np.arange(n)
    bd = ((f["breakdown"] == breakdown) & (f["breakdown_topic"] == topic)).to_numpy()
    has_bd = np.zeros(n, dtype=bool)
    has_bd[gid[bd]] = True
    g = g[has_bd]
    cache: dict = {}
    eng_ok = []
    for key in zip(g["stage"], g["time_period"], g["version"], g["institution_group"], g["cohort_level_group"]):
        if key not in cache:
            stage, period, v, group, level = key
            found = reference.england_positions(stage, period, v, group, topic, breakdown, level)
            cache[key] = not isinstance(found, Unavailable)
        eng_ok.append(cache[key])
    g["eng_ok"] = eng_ok
    g["rank"] = g["version"].map(_VERSION_RANK).fillna(len(_VERSION_RANK)).astype(int)
    school = ["urn", "stage"]
    latest = g.groupby(school)["time_period"].max()
    if year is not None:
        chosen = g[g["time_period"] == year].groupby(school)["time_period"].max()
        if strict and chosen.empty:
            raise SchoolNotInDataError(
                f"URN {g['urn'].iloc[0]} has no {g['stage'].iloc[0]} figures for {period_label(year)} "
                f"(the file has {', '.join(period_label(p) for p in sorted(set(g['time_period'])))})",
                urn=g["urn"].iloc[0])
    else:
        with_england = g[g["eng_ok"]].groupby(school)["time_period"].max()
        chosen = with_england.reindex(latest.index).fillna(latest)
    g = g.join(chosen.rename("chosen"), on=school, how="inner").join(latest.rename("latest"), on=school)
    at = g[g["time_period"] == g["chosen"]]
    if version is not None:
        at = at[at["version"] == version]
        if strict and at.empty:
            have = ", ".join(sorted(set(g.loc[g["time_period"] == g["chosen"], "version"])))
            raise SchoolNotInDataError(f"URN {g['urn'].iloc[0]} has no {version} figures for "
                                       f"{period_label(g['chosen'].iloc[0])} (it has {have})", urn=g["urn"].iloc[0])
    main = at.sort_values("rank", kind="stable").drop_duplicates(school)[school + ["version"]]
    g = g.join(main.set_index(school)["version"].rename("chosen_version"), on=school, how="inner")
    trend = g[g["time_period"] <= g["chosen"]].copy()
    trend["order"] = trend.groupby(school)["time_period"].rank(method="dense", ascending=False)
    trend = trend[trend["order"] <= TREND_YEARS]
    trend["pref"] = np.where(trend["version"] == trend["chosen_version"], -1, trend["rank"])
    trend = trend.sort_values("pref", kind="stable").drop_duplicates(school + ["time_period"])
    trend["is_main"] = trend["time_period"] == trend["chosen"]
    periods = g.groupby(school)["time_period"].agg(lambda s: tuple(sorted(set(s))))
    trend = trend.join(periods.rename("periods"), on=school)
    return gid, trend.reset_index(drop=True)


def _needed_rows(f: pd.DataFrame, gid: np.ndarray, picks: pd.DataFrame, breakdown: str, topic: str) -> pd.DataFrame:
    """Only the rows a comparison shows: the breakdown in the trend years, disadvantage rows for the gap."""
    bd = ((f["breakdown"] == breakdown) & (f["breakdown_topic"] == topic)).to_numpy()
    gap = ((f["breakdown_topic"] == DISADVANTAGE_TOPIC) & (f["measure"] == "overall")).to_numpy()
    mask = (np.isin(gid, picks["gid"].to_numpy()) & bd) | (np.isin(gid, picks.loc[picks["is_main"], "gid"].to_numpy()) & gap)
    return _objects(f[mask], _SCHOOL_COLUMNS)


def _assemble(stat: pd.DataFrame, picks: pd.DataFrame, breakdown: str, topic: str) -> list[SchoolComparison]:
    """Plain records for every school, built with the cyclic garbage collector paused: hundreds of
    thousands of small acyclic objects otherwise trigger full collections that rescan the whole table."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(stat, picks, breakdown, topic)
    finally:
        if enabled:
            gc.enable()


def _build(stat: pd.DataFrame, picks: pd.DataFrame, breakdown: str, topic: str) -> list[SchoolComparison]:
    info = {}
    for r in picks[picks["is_main"]].itertuples(index=False):
        notes = []
        if r.chosen != r.latest:
            notes.append(f"{period_label(r.latest)} is in the file but has no England figures to compare with; "
                         f"showing {period_label(r.chosen)}")
        info[(r.urn, r.stage)] = {"period": r.chosen, "version": r.chosen_version, "notes": notes,
                                  "periods": r.periods}
    wanted = set(zip(*(picks[c].tolist() for c in _GROUP_KEYS)))
    keys = list(zip(*(stat[c].tolist() for c in _GROUP_KEYS)))
    sel = stat[np.fromiter((k in wanted for k in keys), dtype=bool, count=len(keys))]
    main_keys = {(u, s, i["period"], i["version"]) for (u, s), i in info.items()}
    is_main = np.fromiter((k in main_keys for k in zip(*(sel[c].tolist() for c in _GROUP_KEYS))),
                          dtype=bool, count=len(sel))
    in_bd = ((sel["breakdown"] == breakdown) & (sel["breakdown_topic"] == topic)).to_numpy()
    gap_rows = sel[is_main & (sel["breakdown_topic"] == DISADVANTAGE_TOPIC).to_numpy()
                   & (sel["measure"] == "overall").to_numpy()]
    trend_rows = sel[in_bd]
    main_rows = sel[is_main & in_bd]

    trends: dict = defaultdict(lambda: defaultdict(list))
    for r in _records(trend_rows):
        trends[(r.urn, r.stage)][r.measure].append(r)
    gaps: dict = defaultdict(dict)
    for r in _records(gap_rows):
        gaps[(r.urn, r.stage)][r.breakdown] = r
    mains: dict = defaultdict(list)
    for r in _records(main_rows):
        mains[(r.urn, r.stage)].append(r)

    out = []
    for key, rows in mains.items():
        pick = info[key]
        rows.sort(key=lambda r: MEASURES[r.measure].order)
        first = rows[0]
        trend = {m: _trend(points) for m, points in trends[key].items()}
        same_year = {m: next((p.school for p in pts if p.time_period == first.time_period), None)
                     for m, pts in trend.items()}
        measures = tuple(_measure(r, same_year.get(r.measure)) for r in rows)
        notes = list(pick["notes"]) + _notes(rows)
        out.append(SchoolComparison(
            urn=first.urn, school_name=first.school_name, stage=first.stage, time_period=first.time_period,
            version=first.version, breakdown_topic=topic, breakdown=breakdown,
            cohort_level_group=first.cohort_level_group, institution_group=first.institution_group,
            comparison_group=comparison_group(first.stage, first.institution_group),
            institution_type=first.institution_type, la_code=first.la_code, la_name=first.la_name,
            cohort=first.cohort, cohort_status=first.cohort_status, measures=measures, trend=trend,
            gap=_gap(gaps.get(key, {}), first.time_period), available_periods=tuple(pick["periods"]),
            notes=tuple(dict.fromkeys(notes)), source=f"{first.source_file}"))
    for comparison in out:
        comparison.findings = evaluate(comparison)
    return out


# --- building records ---------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _row_type(columns: tuple[str, ...]):
    return namedtuple("Row", columns)


def _records(frame: pd.DataFrame) -> list:
    """Rows as named tuples of plain Python values, NaN as None (iterating pandas arrays is slow)."""
    row = _row_type(tuple(frame.columns))
    columns = []
    for c in frame.columns:
        values = frame[c].tolist()
        if frame[c].dtype.kind == "f":
            values = [None if v != v else v for v in values]
        columns.append(values)
    make = tuple.__new__
    return [make(row, values) for values in zip(*columns)]


def _school_figure(r) -> Figure:
    return Figure(r.school_pct, r.k, r.cohort, r.status, r.time_period, r.version, r.basis, r.source_file,
                  f"line {r.source_row}")


def _ref_figure(r, prefix: str) -> Figure | None:
    pct = getattr(r, f"{prefix}_pct")
    if pct is None:
        return None
    return Figure(pct, getattr(r, f"{prefix}_count"), getattr(r, f"{prefix}_cohort"),
                  getattr(r, f"{prefix}_status"), r.time_period, getattr(r, f"{prefix}_version"),
                  getattr(r, f"{prefix}_basis"), getattr(r, f"{prefix}_source"), getattr(r, f"{prefix}_note"))


def _measure(r, school: Figure | None = None) -> MeasureComparison:
    interval = (r.ci_low, r.ci_high) if r.ci_low is not None else None
    return MeasureComparison(
        r.measure, school or _school_figure(r), interval, _ref_figure(r, "eng"), _ref_figure(r, "la"),
        r.diff_eng, r.diff_la, r.p_value, r.la_p_value, r.h, r.band, r.reason, r.eng_reason, r.la_reason)


def _trend(points) -> tuple[TrendPoint, ...]:
    points = sorted(points, key=lambda r: r.time_period)
    out = []
    previous = None
    for r in points:
        arrow = None
        if previous is not None and r.band != "not_reported" and previous.band != "not_reported":
            arrow = stats.arrow(r.diff_eng, previous.diff_eng, r.k, r.cohort, previous.k, previous.cohort)
        out.append(TrendPoint(r.time_period, r.version, _school_figure(r), r.eng_pct, r.la_pct, r.diff_eng,
                              r.p_value, r.band, arrow, r.reason))
        previous = r
    return tuple(out)


def _gap(rows: dict, period: str) -> GapComparison | None:
    dis, other = rows.get(DISADVANTAGED), rows.get(OTHER)
    if dis is None and other is None:
        return None
    cfg = stats.band_config()
    fig = lambda r: _school_figure(r) if r is not None and r.school_usable else None  # noqa: E731
    eng = lambda r: _ref_figure(r, "eng") if r is not None else None  # noqa: E731
    base = dict(measure="overall", time_period=period, disadvantaged=fig(dis), other=fig(other),
                england_disadvantaged=eng(dis), england_other=eng(other))
    missing = [r for r in (dis, other) if r is None or not r.school_usable]
    if missing:
        which = [name for name, r in ((DISADVANTAGED.lower(), dis), ("other", other)) if r is None or not r.school_usable]
        why = next((r.reason for r in (dis, other) if r is not None and r.reason), "not in the file")
        return GapComparison(**base, gap_pp=None, england_gap_pp=None, excess_pp=None, z=None, p_value=None,
                             band="not_reported", reason=f"{' and '.join(which)} pupils' figure not reported: {why}")
    eng_gap = None
    if base["england_disadvantaged"] and base["england_other"]:
        eng_gap = 100 * (_rate_of(other, "eng") - _rate_of(dis, "eng"))
    if eng_gap is None:
        gap = 100 * (other.k / other.cohort - dis.k / dis.cohort)
        return GapComparison(**base, gap_pp=float(gap), england_gap_pp=None, excess_pp=None, z=None, p_value=None,
                             band="not_reported", reason="no England figures for disadvantaged and other pupils")
    gap, excess, z, p = stats.gap_test(dis.k, dis.cohort, other.k, other.cohort, eng_gap)
    band = "similar"
    if z >= cfg["gap_z"]:
        band = "wider"
    elif z <= -cfg["gap_z"]:
        band = "narrower"
    return GapComparison(**base, gap_pp=gap, england_gap_pp=float(eng_gap), excess_pp=excess, z=z, p_value=p,
                         band=band)


def _rate_of(r, prefix):
    count, cohort, pct = (getattr(r, f"{prefix}_count"), getattr(r, f"{prefix}_cohort"), getattr(r, f"{prefix}_pct"))
    return count / cohort if count is not None and cohort else pct / 100.0


def _notes(rows) -> list[str]:
    notes = []
    for r in rows:
        for text in (r.eng_note, r.la_note):
            if text:
                notes.append(text)
    r = rows[0]
    if r.la_reason and all(x.la_reason == r.la_reason for x in rows):
        notes.append(r.la_reason)
    if r.eng_basis == "sum_of_districts":
        notes.append("England figures are the sum of every local authority district in DfE's 16-18 district file "
                     "(no national 16-18 file is bundled)")
    if r.la_basis and r.la_status:
        notes.append("LA figures are DfE's local authority district figures: for unitary, metropolitan and London "
                      "authorities the district is the LA")
    group = comparison_group(r.stage, r.institution_group)
    if group != r.institution_group:
        notes.append(f"{r.institution_group} are compared with figures for {group}")
    return notes


def _first_path(table: DestinationTable) -> str | None:
    return table.sources[0].path if table.sources else None
