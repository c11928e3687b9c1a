"""Thematic: the share of schools whose offer names their area's main industries, by LSIP area.

A school's *offer names an industry* when one of its plan's employer encounters, experiences of workplaces
or labour market activities (not denied) is in a sentence that names it: the same test as the briefing's
weak spot (``inspector_kit/labour_market/panel.toml``). The sentences come from the cached results, so no
document is read again. Shares are taken over the schools whose plan was read in areas with a table;
groups of fewer than :data:`~inspector_kit.thematic.aggregate.MIN_COUNT` schools are suppressed, as the
other aggregates are; an area without a table is listed as such, never as 0%.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from nlp.industries import find_industries, industry_names

from inspector_kit.labour_market import area_figures
from inspector_kit.labour_market.panel import settings
from inspector_kit.thematic.aggregate import ALL, MIN_COUNT, suppression

SCHOOL_COLUMNS = ["school", "urn", "la_code", "area_code", "area_name", "has_table", "plan_read", "names_main",
                  "names_main_or_growing", "industries_in_offer"]
AREA_COLUMNS = ["area_name", "has_table", "schools", "plans_read", "names_main", "share_names_main",
                "names_main_or_growing", "share_names_main_or_growing", "main_industries", "suppressed"]


@lru_cache(maxsize=512)
def _figures(la_code: str):
    return area_figures(la_code)


def _offer_industries(corpus, keys: list[str], linking: set[str]) -> set[str] | None:
    """Industry ids named in the plan's linking activities; None when no plan result is cached."""
    found, read = set(), False
    for key in keys:
        result = corpus.full_result(key)
        if not result:
            continue
        for piece in result.get("pieces", []):
            read = True
            for signal in piece.get("signals", []):
                if signal.get("code") in linking and not signal.get("negated"):
                    found.update(m.industry for m in find_industries(signal.get("sentence", "")))
    return found if read else None


def school_offers(frames, corpus) -> pd.DataFrame:
    """One row per school: its area, whether it has a table, and whether its offer names the area's
    main (five largest) or main-or-growing industries (NA where it cannot be said)."""
    linking = set(settings()["linking_signals"])
    names = industry_names()
    rows = []
    for school in frames.schools.itertuples(index=False):
        figures = _figures(school.la_code or "")
        keys = [key for key, kind in frames.pieces.get(school.school, []) if kind == "plan"]
        named = _offer_industries(corpus, keys, linking) if keys else None
        main = {r.industry for r in figures.largest}
        local = set(figures.local_industries)
        judged = figures.has_table and named is not None
        rows.append({"school": school.school, "urn": school.urn, "la_code": school.la_code or "",
                     "area_code": figures.area_code,
                     "area_name": figures.area_name or "Unknown", "has_table": figures.has_table,
                     "plan_read": named is not None,
                     "names_main": bool(named & main) if judged else pd.NA,
                     "names_main_or_growing": bool(named & local) if judged else pd.NA,
                     "industries_in_offer": "; ".join(sorted(names[i] for i in named)) if named else ""})
    return pd.DataFrame(rows, columns=SCHOOL_COLUMNS)


def offer_by_area(frames, corpus) -> pd.DataFrame:
    """By LSIP area (and all schools): schools, plans judged, and the share whose offer names the area's
    main industries (and main or growing ones); small groups suppressed (primary), and the smallest other
    group too where one hidden group could be worked out from the total (secondary)."""
    schools = school_offers(frames, corpus)
    judged = schools[schools["names_main"].notna()]
    sizes = judged.groupby("area_name").size()
    hidden = suppression(sizes, [list(sizes.index)])
    out = []
    groups = [(name, g) for name, g in schools.groupby("area_name", sort=True)] + [(ALL, schools)]
    for name, group in groups:
        rated = group[group["names_main"].notna()]
        has_table = bool(group["has_table"].any())
        n = len(rated)
        reason = hidden.get(name, "") if name != ALL else ""
        if name != ALL and not has_table:
            reason = "no local labour market table"
        main = ", ".join(r.name for r in _figures(group["la_code"].iloc[0]).largest) if name != ALL else ""
        row = {"area_name": name, "has_table": has_table if name != ALL else pd.NA, "schools": len(group),
               "plans_read": n, "main_industries": main, "suppressed": reason}
        for column in ("names_main", "names_main_or_growing"):
            count = int(rated[column].astype(bool).sum()) if n else 0
            shown = n and not reason
            row[column] = count if shown else pd.NA
            row[f"share_{column}"] = round(count / n, 3) if shown else pd.NA
        out.append(row)
    return pd.DataFrame(out, columns=AREA_COLUMNS)
