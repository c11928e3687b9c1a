"""Charts of a thematic review, as Vega-Lite specifications that render offline (SVG/PNG via vl-convert).

The heat map and the bars are written as plain specifications (the dashboard redraws them on each
filter change; altair's validation would cost more than drawing); the box plots go through altair.
Suppressed cells are drawn as such (grey, labelled ``c``), never as zero; "not mentioned" is drawn apart
from "weak" in its own shade and legend entry, so silence is not read as weakness.
"""
from __future__ import annotations

import pandas as pd

from inspector_kit.thematic.aggregate import ALL, DIMENSIONS, MIN_COUNT, USABLE, CrossTab

STATUS_COLOURS = {"weak": "#b2182b", "not mentioned": "#f4a582"}


def _label(code: str) -> str:
    return code.replace("_", " ")


def prevalence_heatmap(table: pd.DataFrame, title: str | None = None, max_groups: int | None = None) -> dict:
    """Groups by findings (or signals): the share of assessed schools flagged, ``c`` where suppressed.

    A Vega-Lite specification written directly (the dashboard redraws it on every filter change, and
    building it through altair's validation costs more than drawing it). ``max_groups`` keeps the groups
    with most schools (a heat map of 150 local authorities cannot be read, and the table beside it lists
    them all); the title says so.
    """
    dimension = table["dimension"].iloc[0] if len(table) else "region"
    value = "flagged_pct" if "flagged_pct" in table else "weak_pct"
    groups = [g for g in dict.fromkeys(table["group"]) if g != ALL]
    note = ""
    if max_groups is not None and len(groups) > max_groups:
        sizes = table[table["group"] != ALL].groupby("group")["schools"].max().sort_values(ascending=False)
        keep = set(sizes.index[:max_groups])
        table = table[table["group"].isin(keep) | (table["group"] == ALL)]
        note = f" ({max_groups} largest of {len(groups)}; the table lists all)"
    values = []
    for group, code, v, assessed, suppressed in zip(table["group"], table["code"], table[value], table["assessed"],
                                                    table["suppressed"]):
        shown = None if suppressed or pd.isna(v) else float(v)
        values.append({"group": str(group), "code": _label(str(code)), "value": shown, "assessed": int(assessed),
                       "label": "c" if suppressed else (f"{shown:.0f}%" if shown is not None else "–")})
    order = [g for g in dict.fromkeys(table["group"]) if g != ALL] + [ALL]
    codes = list(dict.fromkeys(_label(str(c)) for c in table["code"]))
    axis_title = DIMENSIONS.get(dimension, dimension)
    title = (title or f"Schools flagged, by {axis_title.lower()} (% of schools assessed; c = fewer than "
                      f"{MIN_COUNT} schools or hidden to protect one)") + note
    encoding = {"x": {"field": "code", "type": "nominal", "title": None, "sort": codes, "axis": {"labelAngle": -35}},
                "y": {"field": "group", "type": "nominal", "title": axis_title, "sort": order}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title, "data": {"values": values},
        "width": {"step": 58}, "height": {"step": 20},
        "encoding": encoding,
        "layer": [
            {"mark": {"type": "rect", "stroke": "white"},
             "encoding": {"color": {"condition": {"test": "datum.value === null", "value": "#d9d9d9"},
                                    "field": "value", "type": "quantitative", "title": "% flagged",
                                    "scale": {"scheme": "reds", "domain": [0, 100]}},
                          "tooltip": [{"field": "group"}, {"field": "code"}, {"field": "label"},
                                      {"field": "assessed", "type": "quantitative"}]}},
            {"mark": {"type": "text", "fontSize": 10}, "encoding": {"text": {"field": "label"}}},
        ],
    }


def national_bars(table: pd.DataFrame, title: str | None = None) -> dict:
    """Each finding over the schools in ``table``'s total row: weak and not mentioned stacked, as % of
    schools assessed (a Vega-Lite spec; suppressed totals are left out and said so)."""
    rows = table[table["group"] == ALL]
    values, hidden = [], []
    for code, weak, silent, suppressed in zip(rows["code"], rows["weak_pct"], rows["not_mentioned_pct"],
                                              rows["suppressed"]):
        if suppressed or pd.isna(weak):
            hidden.append(_label(str(code)))
            continue
        values.append({"code": _label(str(code)), "status": "weak", "pct": float(weak)})
        values.append({"code": _label(str(code)), "status": "not mentioned", "pct": float(silent)})
    title = title or "How common each weak spot is (% of schools assessed)"
    if hidden:
        title += f"; not shown (fewer than {MIN_COUNT} schools): {', '.join(hidden)}"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title, "data": {"values": values}, "mark": "bar", "width": 420, "height": {"step": 20},
        "encoding": {
            "y": {"field": "code", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"aggregate": "sum", "field": "pct", "type": "quantitative", "title": "% of schools assessed",
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "status", "type": "nominal", "title": "Why flagged",
                      "scale": {"domain": list(STATUS_COLOURS), "range": list(STATUS_COLOURS.values())}},
            "order": {"field": "status", "sort": "descending"},
            "tooltip": [{"field": "code"}, {"field": "status"}, {"field": "pct", "type": "quantitative",
                                                                 "format": ".1f"}],
        },
    }


def crosstab_chart(cross: CrossTab, values: pd.DataFrame, label: str | None = None):
    """Schools' percentages on the measure, with and without the finding (box plots, through altair);
    groups of fewer than six schools are left out."""
    import altair as alt  # seconds to import: only for exports

    shown = cross.table[(cross.table["suppressed"] == "") & (cross.table["group"] != ALL)]["group"].tolist()
    data = values[values["group"].isin(shown)]
    return alt.Chart(data).mark_boxplot(extent="min-max").encode(
        x=alt.X("group:N", title=None),
        y=alt.Y("percentage:Q", title=f"{label or cross.measure} (%)"),
        color=alt.Color("group:N", legend=None),
    ).properties(title=f"{_label(cross.finding)} and {label or cross.measure}", width=260, height=220)


def crosstab_values(frames, destinations: pd.DataFrame, cross: CrossTab,
                    flagged: tuple[str, ...] = ("weak", "not_mentioned"), source: str = "any") -> pd.DataFrame:
    """The school-level values behind a cross-tabulation (usable values only), with each school's group."""
    status = frames.findings[(frames.findings["code"] == cross.finding) & (frames.findings["source"] == source)]
    status = status.set_index("school")["status"].astype(str)
    status = status[status.isin(["weak", "not_mentioned", "not_weak"])]
    vals = destinations[(destinations["measure"] == cross.measure) & destinations["status"].isin(USABLE)
                        & (destinations["cohort"] >= MIN_COUNT)].drop_duplicates("school")
    vals = vals[vals["school"].isin(status.index)].copy()
    vals["group"] = [f"With {cross.finding}" if status[s] in flagged else f"Without {cross.finding}"
                     for s in vals["school"]]
    return vals[["school", "group", "percentage"]]
