"""Charts of the area's largest and fastest-growing industries, for the briefing and the dashboard.

As the destination charts: Vega-Lite specs with their data inline (``largest_spec``, ``growing_spec``), so
they render offline as SVG with vl-convert and without importing altair; ``*_chart`` returns the same
spec as an altair chart for notebooks (``alt.JupyterChart``). Each bar carries its figure as text, so the
chart reads without colour and the table beside it carries the same numbers.
"""
from __future__ import annotations

from inspector_kit.labour_market.panel import AreaFigures

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
CONFIG = {"view": {"continuousHeight": 300, "continuousWidth": 300, "stroke": None},
          "font": "Liberation Sans, Arial, sans-serif"}
BLUE, GREEN = "#1d70b8", "#00703c"  # GOV.UK blue and green


def _bars(rows: list[dict], field: str, title: str, axis: str, colour: str, width: int, label: str) -> dict:
    y = {"field": "name", "type": "nominal", "sort": [r["name"] for r in rows], "title": None,
         "axis": {"labelLimit": 260}}
    return {
        "$schema": SCHEMA, "config": CONFIG, "data": {"values": rows}, "width": width, "height": {"step": 26},
        "title": {"text": title, "anchor": "start"},
        "encoding": {"y": y, "x": {"field": field, "type": "quantitative", "title": axis}},
        "layer": [{"mark": {"type": "bar", "color": colour}},
                  {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#0b0c0c"},
                   "encoding": {"text": {"field": label, "type": "nominal"}}}],
    }


def largest_spec(f: AreaFigures, *, width: int = 360) -> dict | None:
    """The five largest industries by employment in the base year (thousands of jobs)."""
    if not f.largest:
        return None
    rows = [{"name": r.name, "jobs": round(r.base, 1), "label": f"{r.base:,.1f}k ({r.share:.0%})"} for r in f.largest]
    return _bars(rows, "jobs", f"{f.area_name}: largest industries, {f.base_year}",
                 f"employment {f.base_year} (thousands)", BLUE, width, "label")


def growing_spec(f: AreaFigures, *, width: int = 360) -> dict | None:
    """The five fastest-growing industries, by percentage change to the projection year."""
    if not f.growing:
        return None
    rows = [{"name": r.name, "pct": round(r.change_pct, 1), "label": f"+{r.change_pct:.1f}% (+{r.change:,.1f}k)"}
            for r in f.growing]
    return _bars(rows, "pct", f"{f.area_name}: fastest-growing industries, {f.base_year}-{f.projection_year}",
                 f"projected change in employment {f.base_year}-{f.projection_year} (%)", GREEN, width, "label")


def largest_chart(f: AreaFigures, *, width: int = 360):
    """:func:`largest_spec` as an ``alt.LayerChart``."""
    import altair as alt

    return alt.LayerChart.from_dict(largest_spec(f, width=width))


def growing_chart(f: AreaFigures, *, width: int = 360):
    """:func:`growing_spec` as an ``alt.LayerChart``."""
    import altair as alt

    return alt.LayerChart.from_dict(growing_spec(f, width=width))
