"""Charts for the dashboards as inline SVG, drawn in the kernel by vl-convert: nothing fetched by the page.

TECH_NOTES lists what renders offline in Voilà; static SVG is the one that also serves the exports, so
the dashboard shows exactly the chart the briefing file carries. Each SVG is cached by its spec (a
school's charts do not change when a reviewer decides), so switching back to a school costs nothing.
The focus-group chart is written as a Vega-Lite spec directly: it keeps that dashboard free of altair and
pandas, whose imports cost seconds on a cold laptop.
"""
from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache

_lock = threading.Lock()


@lru_cache(maxsize=256)
def _svg_cached(key: str, spec_json: str) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(json.loads(spec_json))


_this_thread = threading.local()


def give_way_with(wait) -> None:
    """Make this thread call ``wait()`` before each chart it draws. For the background preparation: the
    converter holds the interpreter's lock while it draws (0.03-0.1 s a chart, 0.7 s the first), so
    charts drawn for a school nobody is looking at would stall the one the inspector is opening."""
    _this_thread.wait = wait


def svg(spec: dict) -> str:
    """The SVG of a Vega-Lite spec (thread-safe, cached by content)."""
    wait = getattr(_this_thread, "wait", None)
    if wait is not None:
        wait()
    spec_json = json.dumps(spec, sort_keys=True, default=str)
    key = hashlib.sha256(spec_json.encode()).hexdigest()
    with _lock:
        return _svg_cached(key, spec_json)


def warm_up() -> None:
    """Draw a tiny chart so the converter's first-call start-up (about 0.7 s) is paid before anyone waits."""
    svg({"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}}})


def briefing_charts(briefing) -> list[tuple[str, str, str]]:
    """(title, alt text, SVG) for each destination chart of a briefing; a chart that fails is left out."""
    out = []
    for chart in getattr(briefing, "charts", []) or []:
        try:
            out.append((chart.title, chart.alt or chart.title, svg(chart.spec)))
        except Exception:  # the figures table still carries the numbers
            continue
    return out


def focus_group_spec(rows: list[dict]) -> dict:
    """Areas pupils talked about, by year group: each cell says how often provision was affirmed (✓),
    denied (✗) or only planned (?). The numbers are printed in the cells, so colour is not needed to read it."""
    order = [f"Y{y}" for y in sorted({r["year_group"] for r in rows})]
    return {
        "data": {"values": rows},
        "width": max(160, 90 * len(order)),
        "height": {"step": 26},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "sort": order, "title": "Year group",
                  "axis": {"labelAngle": 0, "orient": "top"}},
            "y": {"field": "area", "type": "nominal", "title": None, "axis": {"labelLimit": 320}},
        },
        "layer": [
            {"mark": {"type": "rect", "stroke": "#8a96a3"},
             "encoding": {"color": {"field": "net", "type": "quantitative", "title": "affirmed − denied",
                                    "scale": {"domainMid": 0, "range": ["#f2b8b5", "#f7f7f7", "#b9d3f2"]}}}},
            {"mark": {"type": "text", "fontSize": 12, "color": "#1b1b1b"},
             "encoding": {"text": {"field": "label", "type": "nominal"}}},
        ],
        "config": {"font": "Liberation Sans, Arial, sans-serif", "view": {"stroke": None}},
    }
