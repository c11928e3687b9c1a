"""Charts of a school's destinations, for the dashboards and the briefing export.

Each chart is written as a Vega-Lite spec, a plain dict with its data inline (``comparison_spec``,
``mix_spec``, ``trend_spec``), so it renders with no network and without altair or pandas, whose imports
cost seconds: the briefing and the dashboards draw these specs as SVG with vl-convert. ``*_chart``
returns the same spec as an altair chart (for notebooks, ``alt.JupyterChart``); ``*_frame`` its data as
a DataFrame. Figures that are not reported are left out of the plots, never drawn as 0.

>>> svg = chart_to_svg(comparison_spec(compare_school(table, "104712")))   # doctest: +SKIP
"""
from __future__ import annotations

import pandas as pd

from inspector_kit.destinations.model import SchoolComparison
from inspector_kit.destinations.reference import period_label
from inspector_kit.destinations.schema import MEASURES
from inspector_kit.destinations.stats import wilson_interval

SERIES = ["School", "LA", "England"]
COLOURS = ["#1d70b8", "#f47738", "#505a5f"]  # GOV.UK blue, orange, dark grey: distinct in greyscale too
MIX_COLOURS = {"Further education": "#1d70b8", "School sixth form": "#5694ca", "Sixth form college": "#003078",
               "Higher education": "#2b8cc4", "Other education": "#7fcdbb", "Education (not split)": "#9fc5e8",
               "Apprenticeships": "#00703c", "Employment": "#85994b", "Not sustained": "#d4351c",
               "Unknown": "#b1b4b6"}
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
CONFIG = {"view": {"continuousHeight": 300, "continuousWidth": 300}}  # altair's defaults, so both draw alike
SCHOOL_ONLY = {"filter": "(datum.series === 'School')"}


def _title(c: SchoolComparison, what: str) -> dict:
    sub = f"{c.year} ({c.version or 'version not stated'}), {c.breakdown}, cohort " \
          f"{'suppressed' if c.cohort is None else f'{c.cohort:.0f}'}"
    return {"text": f"{c.school_name}: {what}", "subtitle": [sub], "anchor": "start"}


def _series_colour() -> dict:
    return {"field": "series", "type": "nominal", "title": None, "scale": {"domain": SERIES, "range": COLOURS}}


def _spec(rows: list[dict], **body) -> dict:
    return {"$schema": SCHEMA, "config": CONFIG, "data": {"values": rows}, **body}


def _frame(rows: list[dict], columns: list[str]):
    return pd.DataFrame(rows, columns=columns)


def _altair(spec: dict):
    import altair as alt

    return (alt.LayerChart if "layer" in spec else alt.Chart).from_dict(spec)


COMPARISON_COLUMNS = ["measure", "order", "band", "series", "value", "low", "high"]
MIX_COLUMNS = ["series", "destination", "value", "order"]
TREND_COLUMNS = ["year", "series", "value", "low", "high", "arrow"]


def comparison_rows(c: SchoolComparison) -> list[dict]:
    """School, LA and England percentages per headline measure (the school's with its 95% interval)."""
    rows = []
    for m in c.measures:
        base = {"measure": m.label, "order": MEASURES[m.measure].order, "band": m.band_label}
        if m.school.percentage is not None and m.reported or (m.school.percentage is not None and m.interval):
            rows.append({**base, "series": "School", "value": m.school.percentage,
                         "low": m.interval[0] if m.interval else None, "high": m.interval[1] if m.interval else None})
        if m.la is not None:
            rows.append({**base, "series": "LA", "value": m.la.percentage, "low": None, "high": None})
        if m.england is not None:
            rows.append({**base, "series": "England", "value": m.england.percentage, "low": None, "high": None})
    return rows


def comparison_spec(c: SchoolComparison, *, width: int = 420) -> dict:
    """School vs LA vs England for every headline measure, the school with its 95% interval."""
    y = {"field": "measure", "type": "nominal", "sort": [m.label for m in c.measures], "title": None}
    title = _title(c, "destinations against LA and England")
    interval = {"mark": {"type": "rule", "strokeWidth": 2}, "title": title, "transform": [SCHOOL_ONLY],
                "encoding": {"y": y, "color": _series_colour(), "x2": {"field": "high"},
                             "x": {"field": "low", "type": "quantitative", "title": "% of cohort",
                                   "scale": {"domain": [0, 100]}}}}
    points = {"mark": {"type": "point", "filled": True, "size": 70}, "title": title,
              "encoding": {"y": y, "x": {"field": "value", "type": "quantitative"}, "color": _series_colour(),
                           "shape": {"field": "series", "type": "nominal",
                                     "scale": {"domain": SERIES, "range": ["circle", "diamond", "square"]}},
                           "tooltip": [{"field": "measure", "type": "nominal"}, {"field": "series", "type": "nominal"},
                                       {"field": "value", "type": "quantitative", "format": ".1f"},
                                       {"field": "band", "type": "nominal"}]}}
    return _spec(comparison_rows(c), layer=[interval, points], width=width)


def mix_rows(c: SchoolComparison) -> list[dict]:
    """The destination mix (exclusive parts adding to 100%) for the school, LA and England."""
    parts = [m for m in c.measures if MEASURES[m.measure].parent == "education"]
    top = ["appren", "all_work", "all_notsust", "all_unknown"]
    order = {k: i for i, k in enumerate(MIX_COLOURS)}
    rows = []
    for series, pick in (("School", lambda m: m.school if m.school.percentage is not None else None),
                         ("LA", lambda m: m.la), ("England", lambda m: m.england)):
        split = [(MEASURES[m.measure].short, pick(m)) for m in parts if pick(m) is not None]
        try:
            education = pick(c.measure("education"))
        except KeyError:
            education = None
        if split and len(split) == len(parts):
            for label, fig in split:
                rows.append({"series": series, "destination": label, "value": fig.percentage})
        elif education is not None:
            rows.append({"series": series, "destination": "Education (not split)", "value": education.percentage})
        for code in top:
            try:
                fig = pick(c.measure(code))
            except KeyError:
                fig = None
            if fig is not None:
                rows.append({"series": series, "destination": MEASURES[code].short, "value": fig.percentage})
    for row in rows:
        row["order"] = order.get(row["destination"])
    return rows


def mix_spec(c: SchoolComparison, *, width: int = 420) -> dict:
    """Where pupils went, as one stacked bar each for the school, LA and England."""
    rows = mix_rows(c)
    present = [d for d in MIX_COLOURS if d in {r["destination"] for r in rows}]
    return _spec(rows, mark={"type": "bar"}, width=width, title=_title(c, "destination mix"), encoding={
        "y": {"field": "series", "type": "nominal", "sort": SERIES, "title": None},
        "x": {"field": "value", "type": "quantitative", "stack": "zero", "title": "% of cohort",
              "scale": {"domain": [0, 100]}},
        "color": {"field": "destination", "type": "nominal", "sort": present, "title": "Destination",
                  "scale": {"domain": present, "range": [MIX_COLOURS[d] for d in present]}},
        "order": {"field": "order", "type": "quantitative"},
        "tooltip": [{"field": "series", "type": "nominal"}, {"field": "destination", "type": "nominal"},
                    {"field": "value", "type": "quantitative", "format": ".1f"}]})


def trend_rows(c: SchoolComparison, measure: str = "overall") -> list[dict]:
    """The school's three-year series for one measure beside LA and England, with the school's Wilson interval."""
    rows = []
    for p in c.trend.get(measure, ()):
        year = period_label(p.time_period)
        if p.school.percentage is not None and p.band != "not_reported":
            m_low = m_high = None
            if p.school.count is not None and p.school.cohort:
                low, high = wilson_interval(p.school.count, p.school.cohort)
                m_low, m_high = 100 * float(low), 100 * float(high)
            rows.append({"year": year, "series": "School", "value": p.school.percentage, "low": m_low, "high": m_high,
                         "arrow": p.arrow_symbol})
        if p.la_percentage is not None:
            rows.append({"year": year, "series": "LA", "value": p.la_percentage, "low": None, "high": None, "arrow": ""})
        if p.england_percentage is not None:
            rows.append({"year": year, "series": "England", "value": p.england_percentage, "low": None, "high": None,
                         "arrow": ""})
    return rows


def trend_spec(c: SchoolComparison, measure: str = "overall", *, width: int = 360) -> dict:
    """Up to three years of one measure: school (with 95% interval and IDSR-style arrows), LA, England."""
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    y_scale = {"zero": False, "nice": True}
    title = _title(c, f"{MEASURES[measure].short}, three years")
    band = {"mark": {"type": "area", "opacity": 0.15, "color": COLOURS[0]}, "title": title,
            "transform": [SCHOOL_ONLY],
            "encoding": {"x": x, "y": {"field": "low", "type": "quantitative", "title": "% of cohort",
                                       "scale": y_scale}, "y2": {"field": "high"}}}
    lines = {"mark": {"type": "line", "point": True}, "title": title,
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": "% of cohort",
                                        "scale": y_scale}, "color": _series_colour(),
                          "tooltip": [{"field": "year", "type": "ordinal"}, {"field": "series", "type": "nominal"},
                                      {"field": "value", "type": "quantitative", "format": ".1f"},
                                      {"field": "arrow", "type": "nominal"}]}}
    arrows = {"mark": {"type": "text", "dy": -12, "fontSize": 14, "color": COLOURS[0]}, "title": title,
              "transform": [SCHOOL_ONLY],
              "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                           "text": {"field": "arrow", "type": "nominal"}}}
    return _spec(trend_rows(c, measure), layer=[band, lines, arrows], width=width, height=220)


def comparison_frame(c: SchoolComparison):
    """:func:`comparison_rows` as a DataFrame."""
    return _frame(comparison_rows(c), COMPARISON_COLUMNS)


def mix_frame(c: SchoolComparison):
    """:func:`mix_rows` as a DataFrame."""
    return _frame(mix_rows(c), MIX_COLUMNS)


def trend_frame(c: SchoolComparison, measure: str = "overall"):
    """:func:`trend_rows` as a DataFrame."""
    return _frame(trend_rows(c, measure), TREND_COLUMNS)


def comparison_chart(c: SchoolComparison, *, width: int = 420):
    """:func:`comparison_spec` as an ``alt.LayerChart``."""
    return _altair(comparison_spec(c, width=width))


def mix_chart(c: SchoolComparison, *, width: int = 420):
    """:func:`mix_spec` as an ``alt.Chart``."""
    return _altair(mix_spec(c, width=width))


def trend_chart(c: SchoolComparison, measure: str = "overall", *, width: int = 360):
    """:func:`trend_spec` as an ``alt.LayerChart``."""
    return _altair(trend_spec(c, measure, width=width))


def chart_to_svg(chart) -> str:
    """Render a spec (or an altair chart) to an SVG string with vl-convert: no browser, no network."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart if isinstance(chart, dict) else chart.to_json(validate=True))
