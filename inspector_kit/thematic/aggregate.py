"""How common each weak spot is, where, and whether it goes with poor destinations.

Every figure here obeys two rules, so that a small group is never over-read:

1. **Primary suppression**: no figure is built from fewer than :data:`MIN_COUNT` (6) schools. A group in
   which fewer than six schools' evidence was read shows its school counts but no outcome figures (they
   are ``NaN``, exported as ``c`` as in DfE's files). In the destination cross-tabulation the same holds for
   pupils: a school whose cohort is under six (or whose value DfE suppressed) is left out, and a pooled
   figure with fewer than six pupils in its numerator or denominator is suppressed.
2. **Complementary (secondary) suppression**: no suppressed figure can be worked out by subtraction. A table
   publishes an "All schools" row, and a finer table (local authorities) sits inside coarser ones (regions):
   within each such total, if only one group is suppressed, or the suppressed groups together hold fewer
   than six schools, the next smallest group is suppressed too, and this repeats until no total gives a
   suppressed figure away. Which dimensions nest in which is read from the data (every LA lies in one
   region), not assumed.

Suppressed rows say why in ``suppressed`` (``primary`` or ``secondary``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from inspector_kit.errors import AggregateError
from inspector_kit.thematic.frames import (AWARD_STATUSES, DIMENSIONS, FINDING_STATUSES, SIGNAL_STATUSES,
                                          ThematicFrames, nesting_parents)

MIN_COUNT = 6
ALL = "All schools"
#: Destination value statuses a figure can be built from: published numbers, and DfE's "low" (a positive
#: share under 0.5%, kept with its count). Suppressed, not applicable and not available never count.
USABLE = ("ok", "low")

def _check_dimension(by: str) -> None:
    if by not in DIMENSIONS:
        raise AggregateError(f"unknown dimension {by!r}; choose one of {', '.join(DIMENSIONS)}")


def suppression(sizes: pd.Series, margins: list[list], threshold: int = MIN_COUNT) -> dict:
    """Which groups to suppress, and why: ``{group: "primary" | "secondary"}``.

    ``sizes``: schools (or pupils) each group's figures are built from. ``margins``: lists of groups
    whose total is published. Groups of size 0 have no figures to hide and reveal nothing.

    >>> suppression(pd.Series({"a": 3, "b": 40, "c": 50}), [["a", "b", "c"]])
    {'a': 'primary', 'b': 'secondary'}
    """
    sizes = dict(sizes)
    reason = {g: "primary" for g, n in sizes.items() if 0 < n < threshold}
    changed = True
    while changed:
        changed = False
        for margin in margins:
            hidden = [g for g in margin if g in reason and sizes[g] > 0]
            if not hidden:
                continue
            if len(hidden) == 1 or sum(sizes[g] for g in hidden) < threshold:
                visible = [g for g in margin if g not in reason and sizes[g] > 0]
                if visible:
                    pick = min(visible, key=lambda g: (sizes[g], str(g)))
                    reason[pick] = "secondary"
                    changed = True
    return reason


def _margins(schools: pd.DataFrame, by: str, groups: list, parents: list[str] | None = None) -> list[list]:
    margins = [list(groups)]
    for parent in (nesting_parents(schools, by) if parents is None else parents):
        parent_of = schools.groupby(by, observed=True)[parent].first()
        for _, members in parent_of.groupby(parent_of):
            inside = [g for g in members.index if g in groups]
            if 1 < len(inside) < len(groups):
                margins.append(inside)
    return margins


def prevalence(frames: ThematicFrames, by: str = "region", *, items: str = "findings", source: str = "any",
               codes: list[str] | None = None) -> pd.DataFrame:
    """Per group of ``by`` and code: school counts by status, percentages of schools assessed, suppression.

    ``items`` is ``findings`` (weak / not mentioned / not weak) or ``signals`` (affirmed / weak / not
    mentioned). Percentages are of the schools whose evidence was read (``assessed``); schools with no
    such evidence, or to which the finding cannot apply, are counted apart and never in a percentage.
    The last row of each code is the total over all schools (``group == "All schools"``).
    """
    _check_dimension(by)
    if items not in ("findings", "signals"):
        raise AggregateError(f"unknown items {items!r}; choose findings or signals")
    long = getattr(frames, items)
    statuses = FINDING_STATUSES if items == "findings" else SIGNAL_STATUSES
    outcome = list(statuses[:3])
    all_codes = list(frames.finding_codes if items == "findings" else frames.signal_codes)
    codes = list(codes) if codes else all_codes
    unknown = sorted(set(codes) - set(all_codes))
    if unknown:
        raise AggregateError(f"unknown {items[:-1]} code(s) {', '.join(unknown)}; known: {', '.join(all_codes)}")
    part = long[(long["source"] == source) & long["code"].isin(codes)]
    group_of = frames.schools.set_index("school")[by]
    groups_order = sorted(frames.schools[by].dropna().unique().tolist(), key=str)
    status_codes = part["status"].cat.codes.to_numpy() if hasattr(part["status"], "cat") else \
        pd.Categorical(part["status"], categories=statuses).codes
    code_index = {c: i for i, c in enumerate(codes)}
    group_index = {g: i for i, g in enumerate(groups_order)}
    ci = part["code"].astype(str).map(code_index).to_numpy()
    gi = part["school"].map(group_of).map(group_index).to_numpy()
    # one count per code, group (plus the all-schools total) and status, by bincount: fast at any size
    n_codes, n_groups, n_status = len(codes), len(groups_order) + 1, len(statuses)
    flat = (ci * n_groups + gi) * n_status + status_codes
    counts = np.bincount(flat.astype(np.int64), minlength=n_codes * n_groups * n_status)
    counts = counts.reshape(n_codes, n_groups, n_status)
    counts[:, -1, :] = counts[:, :-1, :].sum(axis=1)
    if by not in frames.parents:
        frames.parents[by] = nesting_parents(frames.schools, by)
    margins = _margins(frames.schools, by, groups_order, frames.parents[by])
    outcome_idx = [statuses.index(s) for s in outcome]
    groups_all = groups_order + [ALL]
    suppressed = []
    for i in range(n_codes):
        assessed = counts[i][:, outcome_idx].sum(axis=1)
        reasons = suppression(dict(zip(groups_order, assessed[:-1].tolist())), margins)
        if 0 < assessed[-1] < MIN_COUNT:
            reasons[ALL] = "primary"
        suppressed += [reasons.get(g, "") for g in groups_all]
    flat_counts = counts.reshape(n_codes * n_groups, n_status)
    table = pd.DataFrame({"dimension": by, "code": np.repeat(codes, n_groups), "group": groups_all * n_codes})
    table["schools"] = flat_counts.sum(axis=1)
    table["assessed"] = flat_counts[:, outcome_idx].sum(axis=1)
    for j, status in enumerate(statuses):
        table[status] = flat_counts[:, j]
    table["suppressed"] = suppressed
    assessed = table["assessed"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        for status in outcome:
            table[f"{status}_pct"] = np.where(assessed > 0, 100 * table[status].to_numpy() / assessed, np.nan).round(1)
        if items == "findings":
            table["flagged"] = table["weak"] + table["not_mentioned"]
            table["flagged_pct"] = np.where(assessed > 0, 100 * table["flagged"].to_numpy() / assessed,
                                            np.nan).round(1)
    hidden = table["suppressed"].to_numpy() != ""
    figures = [c for c in table.columns if c in outcome or c.endswith("_pct") or c == "flagged"]
    for column in figures:
        if column.endswith("_pct"):
            table[column] = pd.array(np.where(hidden, np.nan, table[column].to_numpy(dtype=float)), dtype="Float64")
        else:
            values = pd.array(table[column].to_numpy(), dtype="Int64")
            values[hidden] = pd.NA
            table[column] = values
    return table


# --- destinations ------------------------------------------------------------------------------

@dataclass
class CrossTab:
    """A finding against a destination measure: the groups' figures, the tests, and what they mean."""

    finding: str
    measure: str
    table: pd.DataFrame                 # group rows: with finding, without, all
    test: dict = field(default_factory=dict)
    contingency: pd.DataFrame | None = None   # finding x destination finding (school counts)
    contingency_test: dict = field(default_factory=dict)
    sentence: str = ""


def _plain_p(p: float) -> str:
    if p < 0.001:
        return "less than 1 time in 1,000"
    if p < 0.01:
        return "less than 1 time in 100"
    if p < 0.05:
        return "less than 1 time in 20"
    return f"about {round(p * 100)} times in 100"


def crosstab(frames: ThematicFrames, destinations: pd.DataFrame, finding: str = "academic_bias",
             measure: str = "appren", *, source: str = "any", flagged: tuple[str, ...] = ("weak", "not_mentioned"),
             destination_finding: str | None = None, destination_findings: pd.DataFrame | None = None,
             measure_label: str | None = None) -> CrossTab:
    """Schools with ``finding`` against those without, on one destination ``measure``.

    ``destinations``: one row per school and measure (``school, measure, cohort, count, percentage,
    status``), as :func:`inspector_kit.thematic.measures.school_measures` gives. Only schools whose
    evidence was read for the finding are compared, and only values with ``status == "ok"`` and a cohort
    of at least six count (``low``, a positive share under 0.5%, counts with its published count: leaving
    it out would drop exactly the schools with fewest apprentices). The test is the two-sided Mann-Whitney U test on the schools' percentages
    (no assumption of normality; each school counts once). When ``destination_finding`` is given (e.g.
    ``destinations.low_apprenticeship``), a 2x2 table of schools and Fisher's exact test are added.
    """
    from scipy import stats  # a second to import: only when a test is asked for

    if finding not in frames.finding_codes:
        raise AggregateError(f"unknown finding {finding!r}; known: {', '.join(frames.finding_codes)}")
    label = measure_label or measure
    status = frames.findings[(frames.findings["code"] == finding) & (frames.findings["source"] == source)]
    status = status.set_index("school")["status"].astype(str)
    assessed = status[status.isin(["weak", "not_mentioned", "not_weak"])]
    has = assessed.isin(list(flagged))
    values = destinations[destinations["measure"] == measure].drop_duplicates("school").set_index("school")
    usable = values[values["status"].isin(USABLE) & (values["cohort"] >= MIN_COUNT) & values["percentage"].notna()]
    groups = {f"With {finding}": has[has].index, f"Without {finding}": has[~has].index, ALL: assessed.index}
    rows = []
    for name, members in groups.items():
        vals = usable.reindex(members.intersection(usable.index))
        pct = vals["percentage"].astype(float)
        count = vals["count"].astype(float)
        cohort = vals["cohort"].astype(float)
        rows.append({"group": name, "schools": len(members), "with_data": len(vals),
                     "pupils": int(cohort.sum()), "pupils_in_measure": float(count.sum()),
                     "pooled_pct": round(100 * count.sum() / cohort.sum(), 1) if cohort.sum() else np.nan,
                     "median_pct": round(float(pct.median()), 1) if len(pct) else np.nan,
                     "q1_pct": round(float(pct.quantile(0.25)), 1) if len(pct) else np.nan,
                     "q3_pct": round(float(pct.quantile(0.75)), 1) if len(pct) else np.nan})
    table = pd.DataFrame(rows)
    table.insert(0, "measure", measure)
    table.insert(0, "finding", finding)
    # suppression: schools for medians, pupils for pooled figures; the two groups add up to ALL
    reasons: dict[str, str] = {}
    for i, row in table.iterrows():
        if 0 < row["with_data"] < MIN_COUNT:
            reasons[row["group"]] = "primary"
        elif row["with_data"] and (row["pupils"] < MIN_COUNT or row["pupils_in_measure"] < MIN_COUNT):
            reasons[row["group"]] = "primary (pupils)"
    pair = table["group"].iloc[:2].tolist()
    hidden = [g for g in pair if g in reasons]
    if len(hidden) == 1:
        other = pair[1 - pair.index(hidden[0])]
        reasons.setdefault(other, "secondary")
    table["suppressed"] = [reasons.get(g, "") for g in table["group"]]
    for col in ("pupils", "pupils_in_measure", "pooled_pct", "median_pct", "q1_pct", "q3_pct"):
        table[col] = table[col].astype("Float64")
        table.loc[table["suppressed"] != "", col] = pd.NA
    table["pupils"] = table["pupils"].astype("Int64")
    table["pupils_in_measure"] = table["pupils_in_measure"].round().astype("Int64")

    result = CrossTab(finding, measure, table)
    a = usable.reindex(groups[f"With {finding}"].intersection(usable.index))["percentage"].astype(float)
    b = usable.reindex(groups[f"Without {finding}"].intersection(usable.index))["percentage"].astype(float)
    if len(a) >= MIN_COUNT and len(b) >= MIN_COUNT:
        u, p = stats.mannwhitneyu(a, b, alternative="two-sided")
        direction = "lower" if a.median() < b.median() else "higher" if a.median() > b.median() else "the same"
        result.test = {"test": "Mann-Whitney U (two-sided)", "u": float(u), "p": float(p),
                       "n_with": len(a), "n_without": len(b), "median_with": float(a.median()),
                       "median_without": float(b.median())}
        if p < 0.05:
            meaning = (f"a difference this large would arise by chance {_plain_p(p)} if the two groups were "
                       f"alike, so the two go together in these schools")
        else:
            meaning = (f"a difference this large would arise by chance {_plain_p(p)} even if the two groups "
                       f"were alike, so no association is shown")
        result.sentence = (
            f"Schools whose evidence shows {finding.replace('_', ' ')} had a median {label} of "
            f"{a.median():.1f}% ({len(a):,} schools), {direction} than the {b.median():.1f}% of other schools "
            f"({len(b):,}). Mann-Whitney U test, p = {p:.3g}: {meaning}. This is an association, not proof "
            f"that one causes the other.")
    else:
        result.sentence = (f"Too few schools with usable {label} figures to compare (fewer than {MIN_COUNT} "
                           f"in a group): no test was run.")
    if destination_finding and destination_findings is not None:
        flagged_schools = set(destination_findings.loc[destination_findings["code"] == destination_finding,
                                                       "school"])
        with_data = usable.index.intersection(assessed.index)
        grid = pd.DataFrame({
            "finding": np.where(has.reindex(with_data), f"With {finding}", f"Without {finding}"),
            "destination": np.where(with_data.isin(list(flagged_schools)), destination_finding,
                                    f"not {destination_finding}")}, index=with_data)
        table2 = pd.crosstab(grid["finding"], grid["destination"]).reindex(
            index=[f"With {finding}", f"Without {finding}"],
            columns=[destination_finding, f"not {destination_finding}"], fill_value=0)
        counts = table2.to_numpy()
        if counts.sum() >= MIN_COUNT and (counts.sum(axis=1) > 0).all() and (counts.sum(axis=0) > 0).all():
            odds, p2 = stats.fisher_exact(counts)
            result.contingency_test = {"test": "Fisher's exact (two-sided)", "odds_ratio": float(odds),
                                       "p": float(p2),
                                       "small_cells": bool(((counts > 0) & (counts < MIN_COUNT)).any())}
        shown = table2.astype("Int64")
        small = pd.DataFrame((counts > 0) & (counts < MIN_COUNT), index=table2.index, columns=table2.columns)
        hide = small.copy()
        changed = True
        while changed:  # complementary suppression along rows and columns of the 2x2
            changed = False
            for axis in (0, 1):
                for label_ in (hide.index if axis == 1 else hide.columns):
                    line = hide.loc[label_] if axis == 1 else hide[label_]
                    if line.sum() == 1:
                        values_ = (shown.loc[label_] if axis == 1 else shown[label_]).astype(float)
                        pick = values_[~line].idxmin()
                        if axis == 1:
                            hide.loc[label_, pick] = True
                        else:
                            hide.loc[pick, label_] = True
                        changed = True
        result.contingency = shown.mask(hide)
    return result


def award_crosstab(frames: ThematicFrames, destinations: pd.DataFrame | None = None, measure: str = "appren",
                   *, source: str = "any", flagged: tuple[str, ...] = ("weak", "not_mentioned")) -> pd.DataFrame:
    """Schools by the quality-award status their plan claims, against their weak spots and a destination
    measure: per status, how many schools, how many (and what share) show any weak spot and each one,
    and the median of ``measure`` over schools with usable figures. Groups of fewer than six schools are
    counted but their shares and medians are suppressed. An award is the school's claim, not evidence:
    this asks whether claimed awards go with fewer weak spots, it does not assume they do.
    """
    schools = frames.schools.set_index("school")
    status = frames.findings[frames.findings["source"] == source]
    weak = (status.assign(flag=status["status"].astype(str).isin(list(flagged)))
            .pivot_table(index="school", columns="code", values="flag", aggfunc="any", observed=True))
    weak = weak.reindex(columns=list(frames.finding_codes)).fillna(False).astype(bool)
    values = None
    if destinations is not None and not destinations.empty:
        d = destinations[destinations["measure"] == measure].drop_duplicates("school").set_index("school")
        values = d[d["status"].isin(USABLE) & (d["cohort"] >= MIN_COUNT) & d["percentage"].notna()]["percentage"]
    present = [s for s in AWARD_STATUSES if (schools["award_status"] == s).any()]
    rows = []
    for group in present + [ALL]:
        members = schools.index if group == ALL else schools.index[schools["award_status"] == group]
        w = weak.reindex(members).fillna(False).astype(bool)
        any_weak = int(w.any(axis=1).sum())
        row = {"award_status": group, "schools": len(members), "with_any_weak_spot": any_weak}
        small = len(members) < MIN_COUNT
        row["pct_with_any_weak_spot"] = pd.NA if small or not len(members) else round(100 * any_weak / len(members), 1)
        for code in frames.finding_codes:
            row[f"pct_{code}"] = pd.NA if small or not len(members) else round(100 * w[code].sum() / len(members), 1)
        if values is not None:
            v = values.reindex(members.intersection(values.index)).astype(float)
            row[f"{measure}_schools_with_data"] = len(v)
            row[f"{measure}_median_pct"] = pd.NA if len(v) < MIN_COUNT else round(float(v.median()), 1)
        row["suppressed"] = "primary" if small and group != ALL else ""
        rows.append(row)
    return pd.DataFrame(rows)
