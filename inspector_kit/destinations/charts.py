"""Charts of a school's destinations, for the dashboards and the briefing export.

Each function takes a :class:`~inspector_kit.destinations.model.SchoolComparison` and returns an
``alt.Chart`` (or layered chart) whose data are inline, so it renders with no network: in Voilà via
``alt.JupyterChart`` offline, or as static SVG with :func:`chart_to_svg` (vl-convert, no browser).
Figures that are not reported are left out of the plots, never drawn as 0.

>>> svg = chart_to_svg(comparison_chart(compare_school(table, "104712")))   # doctest: +SKIP
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from inspector_kit.destinations.model import SchoolComparison
from inspector_kit.destinations.reference import period_label
from inspector_kit.destinations.schema import MEASURES

SERIES = ["School", "LA", "England"]
COLOURS = ["#1d70b8", "#f47738", "#505a5f"]  # GOV.UK blue, orange, dark grey: distinct in greyscale too
MIX_COLOURS = {"Further education": "#1d70b8", "School sixth form": "#5694ca", "Sixth form college": "#003078",
               "Higher education": "#2b8cc4", "Other education": "#7fcdbb", "Education (not split)": "#9fc5e8",
               "Apprenticeships": "#00703c", "Employment": "#85994b", "Not sustained": "#d4351c",
               "Unknown": "#b1b4b6"}


def _title(c: SchoolComparison, what: str) -> alt.TitleParams:
    sub = f"{c.year} ({c.version or 'version not stated'}), {c.breakdown}, cohort " \
          f"{'suppressed' if c.cohort is None else f'{c.cohort:.0f}'}"
    return alt.TitleParams(f"{c.school_name}: {what}", subtitle=[sub], anchor="start")


def comparison_frame(c: SchoolComparison) -> pd.DataFrame:
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
    return pd.DataFrame(rows, columns=["measure", "order", "band", "series", "value", "low", "high"])


def comparison_chart(c: SchoolComparison, *, width: int = 420) -> alt.LayerChart:
    """School vs LA vs England for every headline measure, the school with its 95% interval."""
    data = comparison_frame(c)
    order = [m.label for m in c.measures]
    y = alt.Y("measure:N", sort=order, title=None)
    colour = alt.Color("series:N", scale=alt.Scale(domain=SERIES, range=COLOURS), title=None)
    base = alt.Chart(data).properties(width=width, title=_title(c, "destinations against LA and England"))
    interval = base.transform_filter(alt.datum.series == "School").mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("low:Q", title="% of cohort", scale=alt.Scale(domain=[0, 100])), x2="high:Q", color=colour)
    points = base.mark_point(filled=True, size=70).encode(
        y=y, x="value:Q", color=colour, shape=alt.Shape("series:N", scale=alt.Scale(domain=SERIES,
                                                                                    range=["circle", "diamond", "square"])),
        tooltip=["measure:N", "series:N", alt.Tooltip("value:Q", format=".1f"), "band:N"])
    return alt.layer(interval, points)


def mix_frame(c: SchoolComparison) -> pd.DataFrame:
    """The destination mix (exclusive parts adding to 100%) for the school, LA and England."""
    parts = [m for m in c.measures if MEASURES[m.measure].parent == "education"]
    top = ["appren", "all_work", "all_notsust", "all_unknown"]
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
    frame = pd.DataFrame(rows, columns=["series", "destination", "value"])
    order = {k: i for i, k in enumerate(MIX_COLOURS)}
    frame["order"] = frame["destination"].map(order)
    return frame


def mix_chart(c: SchoolComparison, *, width: int = 420) -> alt.Chart:
    """Where pupils went, as one stacked bar each for the school, LA and England."""
    data = mix_frame(c)
    present = [d for d in MIX_COLOURS if d in set(data["destination"])]
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("series:N", sort=SERIES, title=None),
        x=alt.X("value:Q", stack="zero", title="% of cohort", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("destination:N", sort=present,
                        scale=alt.Scale(domain=present, range=[MIX_COLOURS[d] for d in present]), title="Destination"),
        order=alt.Order("order:Q"),
        tooltip=["series:N", "destination:N", alt.Tooltip("value:Q", format=".1f")],
    ).properties(width=width, title=_title(c, "destination mix"))


def trend_frame(c: SchoolComparison, measure: str = "overall") -> pd.DataFrame:
    rows = []
    for p in c.trend.get(measure, ()):
        year = period_label(p.time_period)
        if p.school.percentage is not None and p.band != "not_reported":
            m_low = m_high = None
            if p.school.count is not None and p.school.cohort:
                from inspector_kit.destinations.stats import wilson_interval
                low, high = wilson_interval(p.school.count, p.school.cohort)
                m_low, m_high = 100 * float(low), 100 * float(high)
            rows.append({"year": year, "series": "School", "value": p.school.percentage, "low": m_low, "high": m_high,
                         "arrow": p.arrow_symbol})
        if p.la_percentage is not None:
            rows.append({"year": year, "series": "LA", "value": p.la_percentage, "low": None, "high": None, "arrow": ""})
        if p.england_percentage is not None:
            rows.append({"year": year, "series": "England", "value": p.england_percentage, "low": None, "high": None,
                         "arrow": ""})
    return pd.DataFrame(rows, columns=["year", "series", "value", "low", "high", "arrow"])


def trend_chart(c: SchoolComparison, measure: str = "overall", *, width: int = 360) -> alt.LayerChart:
    """Up to three years of one measure: school (with 95% interval and IDSR-style arrows), LA, England."""
    data = trend_frame(c, measure)
    colour = alt.Color("series:N", scale=alt.Scale(domain=SERIES, range=COLOURS), title=None)
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(zero=False, nice=True)
    base = alt.Chart(data).properties(width=width, height=220,
                                      title=_title(c, f"{MEASURES[measure].short}, three years"))
    school = base.transform_filter(alt.datum.series == "School")
    band = school.mark_area(opacity=0.15, color=COLOURS[0]).encode(
        x=x, y=alt.Y("low:Q", title="% of cohort", scale=y_scale), y2="high:Q")
    lines = base.mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title="% of cohort", scale=y_scale), color=colour,
        tooltip=["year:O", "series:N", alt.Tooltip("value:Q", format=".1f"), "arrow:N"])
    arrows = school.mark_text(dy=-12, fontSize=14, color=COLOURS[0]).encode(x=x, y=alt.Y("value:Q"), text="arrow:N")
    return alt.layer(band, lines, arrows)


def chart_to_svg(chart: alt.TopLevelMixin) -> str:
    """Render a chart to an SVG string with vl-convert: no browser, no network (for exports)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json(validate=True))
