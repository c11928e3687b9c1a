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

from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from inspector_kit.destinations import stats
from inspector_kit.destinations.loader import DestinationTable, load_destinations
from inspector_kit.destinations.model import (Figure, GapComparison, MeasureComparison, SchoolComparison,
                                              TrendPoint)
from inspector_kit.destinations.reference import (VERSION_PREFERENCE, ReferenceData, Unavailable,
                                                  comparison_group, normalise_period, period_label)
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
    """The engine behind :func:`compare_school` and :func:`compare_all`, on a tidy frame."""
    rows = _school_rows(frame, cohort_level_group)
    if rows.empty:
        return []
    stat = _statistics(rows, reference)
    topic = _topic_of(rows, breakdown)
    picks = _select(stat, breakdown, topic, year, version, strict)
    return _assemble(stat, picks, breakdown, topic)


# --- steps ----------------------------------------------------------------------------------------

def _reference(national, la, reference) -> ReferenceData:
    if reference is not None:
        return reference
    base = ReferenceData.bundled()
    if national is None and la is None:
        return base
    from inspector_kit.destinations.reference import reference_config
    offsets = {s["name"]: s.get("period_offset", 0) for s in reference_config()["files"]}
    custom = ReferenceData.from_tables(_tables(national), _tables(la), period_offsets=offsets)
    return ReferenceData(custom.england if national is not None else base.england,
                         custom.la if la is not None else base.la, base.notes)


def _tables(value) -> list[DestinationTable]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [v if isinstance(v, DestinationTable) else load_destinations(v) for v in items]


def _school_rows(frame: pd.DataFrame, cohort_level_group: str) -> pd.DataFrame:
    f = frame[(frame["level"] == "school") & (frame["cohort_level_group"] == cohort_level_group)]
    keep = np.zeros(len(f), dtype=bool)
    stages = f["stage"].astype(str).to_numpy()
    measures = f["measure"].astype(str).to_numpy()
    for stage in np.unique(stages):
        keep |= (stages == stage) & np.isin(measures, headline_measures(stage))
    f = f[keep]
    out = pd.DataFrame({c: f[c].astype(str).to_numpy() if c not in ("cohort", "count", "percentage", "source_row")
                        else f[c].to_numpy() for c in _SCHOOL_COLUMNS})
    return out


def _topic_of(rows: pd.DataFrame, breakdown: str) -> str:
    topics = rows.loc[rows["breakdown"] == breakdown, "breakdown_topic"].unique()
    if len(topics) == 0:
        return "Total" if breakdown == "Total" else DISADVANTAGE_TOPIC
    return "Total" if "Total" in topics and breakdown == "Total" else str(topics[0])


def _lookup(rows: pd.DataFrame, keys: list[str], resolve, ref_frame: pd.DataFrame, label: str):
    """Resolve each distinct request once; gather reference values onto every row (vectorised)."""
    rid = rows.groupby(keys, sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(rows))).groupby(rid).first().to_numpy()
    requests = rows.iloc[first][keys].itertuples(index=False)
    n_req, n_meas = len(first), len(_MEASURE_CODES)
    pos = np.full((n_req, n_meas), -1)
    reason = np.full(n_req, "", dtype=object)
    used_version = np.full(n_req, "", dtype=object)
    note = np.full(n_req, "", dtype=object)
    ref_measures = ref_frame["measure"].map(_MEASURE_INDEX).fillna(-1).astype(int).to_numpy() if len(ref_frame) else np.array([], int)
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
    out = {}
    for col in ("count", "cohort", "percentage"):
        values = ref_frame[col].to_numpy(dtype=float) if len(ref_frame) else np.array([], float)
        out[col] = np.where(have, values[np.maximum(p, 0)] if len(values) else np.nan, np.nan)
    for col in ("status", "basis", "source_file"):
        values = ref_frame[col].to_numpy(dtype=object) if len(ref_frame) else np.array([], object)
        out[col] = np.where(have, values[np.maximum(p, 0)] if len(values) else "", "")
    missing = np.array([f"no {label} figure for {MEASURES[m].short.lower()} at {s} in the reference data"
                        for m, s in zip(rows["measure"], rows["stage"])],
                       dtype=object) if (~have).any() else np.full(len(rows), "", dtype=object)
    out["reason"] = np.where(reason[rid] != "", reason[rid], np.where(have, "", missing))
    out["version"] = used_version[rid]
    out["note"] = note[rid]
    return out


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
                         "cohort_level_group"], reference.england_positions, reference.england, "England")
    la = _lookup(rows, ["stage", "time_period", "la_code", "institution_group", "breakdown_topic", "breakdown",
                        "cohort_level_group"], reference.la_positions, reference.la, "LA")
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
    cohort_text = np.array([STATUS_TEXT.get(s, s) for s in cohort_status], dtype=object)
    status_text = np.array([STATUS_TEXT.get(s, s) for s in status], dtype=object)
    size_text = np.array([f"cohort of {v:g} is under {cfg['min_cohort']}: too small to compare" if np.isfinite(v)
                          else "" for v in n], dtype=object)
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


def _select(stat: pd.DataFrame, breakdown, topic, year, version, strict):
    """Per (urn, stage): the year and version compared, and the years of the trend (with versions)."""
    bd = stat[(stat["breakdown"] == breakdown) & (stat["breakdown_topic"] == topic)]
    summary = (bd.assign(eng_ok=bd["eng_reason"] == "")
               .groupby(["urn", "stage", "time_period", "version"], sort=False)["eng_ok"].any().reset_index())
    picks = {}
    for (urn, stage), g in summary.groupby(["urn", "stage"], sort=False):
        periods = sorted(g["time_period"].unique(), reverse=True)
        notes = []
        if year is not None:
            if year not in periods:
                if strict:
                    raise SchoolNotInDataError(
                        f"URN {urn} has no {stage} figures for {period_label(year)} "
                        f"(the file has {', '.join(period_label(p) for p in sorted(periods))})", urn=urn)
                continue
            period = year
        else:
            with_england = [p for p in periods if g.loc[g["time_period"] == p, "eng_ok"].any()]
            period = with_england[0] if with_england else periods[0]
            if period != periods[0]:
                notes.append(f"{period_label(periods[0])} is in the file but has no England figures to compare with; "
                             f"showing {period_label(period)}")
        versions = set(g.loc[g["time_period"] == period, "version"])
        if version is not None:
            if version not in versions:
                if strict:
                    raise SchoolNotInDataError(f"URN {urn} has no {version} figures for {period_label(period)} "
                                               f"(it has {', '.join(sorted(versions))})", urn=urn)
                continue
            chosen = version
        else:
            chosen = _preferred(versions)
        trend = []
        for p in sorted(x for x in periods if x <= period)[-TREND_YEARS:]:
            vs = set(g.loc[g["time_period"] == p, "version"])
            trend.append((p, chosen if chosen in vs else _preferred(vs)))
        picks[(urn, stage)] = {"period": period, "version": chosen, "trend": trend, "notes": notes,
                               "periods": tuple(sorted(periods))}
    return picks


def _preferred(versions) -> str:
    for v in VERSION_PREFERENCE:
        if v in versions:
            return v
    return sorted(versions)[0]


def _assemble(stat: pd.DataFrame, picks: dict, breakdown: str, topic: str) -> list[SchoolComparison]:
    if not picks:
        return []
    wanted = []
    for (urn, stage), pick in picks.items():
        for p, v in pick["trend"]:
            wanted.append((urn, stage, p, v, "trend"))
    w = pd.DataFrame(wanted, columns=["urn", "stage", "time_period", "version", "role"])
    sel = stat.merge(w, on=["urn", "stage", "time_period", "version"], how="inner")
    is_main = np.array([picks[(u, s)]["period"] == p for u, s, p in zip(sel["urn"], sel["stage"], sel["time_period"])])
    in_bd = (sel["breakdown"] == breakdown) & (sel["breakdown_topic"] == topic)
    gap_rows = sel[is_main & (sel["breakdown_topic"] == DISADVANTAGE_TOPIC) & (sel["measure"] == "overall")]
    trend_rows = sel[in_bd]
    main_rows = sel[is_main & in_bd]

    trends: dict = defaultdict(lambda: defaultdict(list))
    for r in trend_rows.itertuples(index=False):
        trends[(r.urn, r.stage)][r.measure].append(r)
    gaps: dict = defaultdict(dict)
    for r in gap_rows.itertuples(index=False):
        gaps[(r.urn, r.stage)][r.breakdown] = r
    mains: dict = defaultdict(list)
    for r in main_rows.itertuples(index=False):
        mains[(r.urn, r.stage)].append(r)

    out = []
    for key, rows in mains.items():
        pick = picks[key]
        rows.sort(key=lambda r: MEASURES[r.measure].order)
        first = rows[0]
        measures = tuple(_measure(r) for r in rows)
        trend = {m: _trend(points) for m, points in trends[key].items()}
        notes = list(pick["notes"]) + _notes(rows)
        out.append(SchoolComparison(
            urn=first.urn, school_name=first.school_name, stage=first.stage, time_period=first.time_period,
            version=first.version, breakdown_topic=topic, breakdown=breakdown,
            cohort_level_group=first.cohort_level_group, institution_group=first.institution_group,
            comparison_group=comparison_group(first.stage, first.institution_group),
            institution_type=first.institution_type, la_code=first.la_code, la_name=first.la_name,
            cohort=_num(first.cohort), cohort_status=first.cohort_status, measures=measures, trend=trend,
            gap=_gap(gaps.get(key, {}), first.time_period), available_periods=pick["periods"],
            notes=tuple(dict.fromkeys(notes)), source=f"{first.source_file}"))
    from inspector_kit.destinations.findings import findings as evaluate
    for comparison in out:
        comparison.findings = evaluate(comparison)
    return out


# --- building records ---------------------------------------------------------------------------------

def _num(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _school_figure(r) -> Figure:
    return Figure(percentage=_num(r.school_pct), count=_num(r.k), cohort=_num(r.cohort), status=r.status,
                  time_period=r.time_period, version=r.version, basis=r.basis, source=r.source_file,
                  note=f"line {r.source_row}")


def _ref_figure(r, prefix: str) -> Figure | None:
    pct = getattr(r, f"{prefix}_pct")
    if not np.isfinite(pct):
        return None
    return Figure(percentage=_num(pct), count=_num(getattr(r, f"{prefix}_count")),
                  cohort=_num(getattr(r, f"{prefix}_cohort")), status=getattr(r, f"{prefix}_status"),
                  time_period=r.time_period, version=getattr(r, f"{prefix}_version"),
                  basis=getattr(r, f"{prefix}_basis"), source=getattr(r, f"{prefix}_source"),
                  note=getattr(r, f"{prefix}_note"))


def _measure(r) -> MeasureComparison:
    interval = (float(r.ci_low), float(r.ci_high)) if np.isfinite(r.ci_low) else None
    return MeasureComparison(
        measure=r.measure, school=_school_figure(r), interval=interval, england=_ref_figure(r, "eng"),
        la=_ref_figure(r, "la"), diff_england_pp=_num(r.diff_eng), diff_la_pp=_num(r.diff_la),
        p_value=_num(r.p_value), la_p_value=_num(r.la_p_value), effect_h=_num(r.h), band=r.band, reason=r.reason,
        england_reason=r.eng_reason, la_reason=r.la_reason)


def _trend(points) -> tuple[TrendPoint, ...]:
    points = sorted(points, key=lambda r: r.time_period)
    out = []
    previous = None
    for r in points:
        arrow = None
        if previous is not None and r.band != "not_reported" and previous.band != "not_reported":
            arrow = stats.arrow(r.diff_eng, previous.diff_eng, r.k, r.cohort, previous.k, previous.cohort)
        out.append(TrendPoint(time_period=r.time_period, version=r.version, school=_school_figure(r),
                              england_percentage=_num(r.eng_pct), la_percentage=_num(r.la_pct),
                              diff_england_pp=_num(r.diff_eng), p_value=_num(r.p_value), band=r.band, arrow=arrow,
                              reason=r.reason))
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
    return count / cohort if np.isfinite(count) and cohort > 0 else pct / 100.0


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
