"""Charts of a thematic review, as altair specifications that render offline (SVG/PNG via vl-convert).

Suppressed cells are drawn as such (grey, labelled ``c``), never as zero; "not mentioned" is drawn apart
from "weak" in its own shade and hatching-free legend entry, so silence is not read as weakness.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from inspector_kit.thematic.aggregate import ALL, DIMENSIONS, CrossTab, MIN_COUNT

STATUS_COLOURS = {"weak": "#b2182b", "not mentioned": "#f4a582"}


def _label(code: str) -> str:
    return code.replace("_", " ")


def prevalence_heatmap(table: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Groups by findings (or signals): the share of assessed schools flagged, ``c`` where suppressed."""
    dimension = table["dimension"].iloc[0] if len(table) else "region"
    value = "flagged_pct" if "flagged_pct" in table else "weak_pct"
    data = table[["group", "code", value, "assessed", "suppressed"]].copy()
    data["value"] = data[value].astype("float")
    data["label"] = [("c" if s else (f"{v:.0f}%" if pd.notna(v) else "–"))
                     for v, s in zip(data["value"], data["suppressed"])]
    data["code"] = data["code"].map(_label)
    data["value"] = data["value"].where(data["suppressed"] == "", None)
    order = [g for g in dict.fromkeys(table["group"]) if g != ALL] + [ALL]
    base = alt.Chart(data).encode(
        x=alt.X("code:N", title=None, sort=list(dict.fromkeys(data["code"])), axis=alt.Axis(labelAngle=-35)),
        y=alt.Y("group:N", title=DIMENSIONS.get(dimension, dimension), sort=order))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.condition("datum.value === null", alt.value("#d9d9d9"),
                            alt.Color("value:Q", title="% flagged", scale=alt.Scale(scheme="reds", domain=[0, 100]))),
        tooltip=["group:N", "code:N", "label:N", "assessed:Q", "suppressed:N"])
    text = base.mark_text(fontSize=10).encode(text="label:N")
    return (cells + text).properties(
        title=title or f"Schools flagged, by {DIMENSIONS.get(dimension, dimension).lower()} "
                       f"(% of schools assessed; c = fewer than {MIN_COUNT} schools or hidden to protect one)",
        width=alt.Step(58), height=alt.Step(20))


def national_bars(table: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Each finding nationally: weak and not mentioned stacked, as % of schools assessed."""
    rows = table[table["group"] == ALL]
    data = pd.concat([
        pd.DataFrame({"code": rows["code"].map(_label), "status": "weak", "pct": rows["weak_pct"].astype(float)}),
        pd.DataFrame({"code": rows["code"].map(_label), "status": "not mentioned",
                      "pct": rows["not_mentioned_pct"].astype(float)}),
    ])
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("code:N", title=None, sort="-x"),
        x=alt.X("sum(pct):Q", title="% of schools assessed", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("status:N", title="Why flagged", scale=alt.Scale(domain=list(STATUS_COLOURS),
                                                                           range=list(STATUS_COLOURS.values()))),
        order=alt.Order("status:N", sort="descending"),
        tooltip=["code:N", "status:N", alt.Tooltip("pct:Q", format=".1f")],
    ).properties(title=title or "How common each weak spot is (all schools)", width=420, height=alt.Step(20))


def crosstab_chart(cross: CrossTab, values: pd.DataFrame, label: str | None = None) -> alt.Chart:
    """Schools' percentages on the measure, with and without the finding (box plots); groups of fewer
    than six schools are left out."""
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
    vals = destinations[(destinations["measure"] == cross.measure) & (destinations["status"] == "ok")
                        & (destinations["cohort"] >= MIN_COUNT)].drop_duplicates("school")
    vals = vals[vals["school"].isin(status.index)].copy()
    vals["group"] = [f"With {cross.finding}" if status[s] in flagged else f"Without {cross.finding}"
                     for s in vals["school"]]
    return vals[["school", "group", "percentage"]]
