"""From cached summaries to three tidy frames: schools, their findings, their signals.

A school's status for a finding, per source of evidence (``plan``, ``notes``, ``any`` of them):

=================  ===================================================================================
``weak``           the finding fires and its evidence quotes words (denied, only planned, token)
``not_mentioned``  the finding fires on silence alone: what the engine searched for is not there
``not_weak``       the evidence was read and the finding does not fire
``no_evidence``    there is no such evidence for the school (no plan loaded, no focus groups heard, or
                   no Y7-8 group heard for ``thin_ks3``)
``not_applicable`` the finding cannot apply (``thin_ks3`` at a 16-19 college; plan-only findings on notes)
=================  ===================================================================================

and for a signal: ``affirmed`` (delivered provision is stated), ``weak`` (mentioned only negated,
planned or uncertain), ``not_mentioned``, ``no_evidence``. Prevalences are taken over the schools whose
evidence was read (``weak``, ``not_mentioned``, ``not_weak``), so a school with no plan never counts as
a school without a weakness, nor as a weak one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from inspector_kit.analysis import GATSBY_STATUSES, gatsby_coverage_of_counts
from inspector_kit.thematic import engine
from inspector_kit.thematic.batch import CorpusAnalysis

SOURCES = ("plan", "notes", "any")
FINDING_STATUSES = ("weak", "not_mentioned", "not_weak", "no_evidence", "not_applicable")
SIGNAL_STATUSES = ("affirmed", "weak", "not_mentioned", "no_evidence")
SCHOOL_COLUMNS = ("school", "urn", "name", "bundle", "region", "local_authority", "la_code", "phase", "type",
                  "sector", "institution_group", "age_range", "sixth_form", "selective", "plan_loaded",
                  "plan_words", "notes_heard", "notes_year_groups", "notes_words", "problems",
                  "award_status", "award", "award_year")
#: How a school's plan stands on quality awards, most telling first (``award_status`` in the schools frame).
AWARD_STATUSES = ("held", "reassessed", "working_towards", "expired", "not_held", "mentioned", "none_named",
                  "no_plan")

#: The dimensions a reviewer slices by, in the words the reports use.
DIMENSIONS: dict[str, str] = {
    "region": "Region",
    "local_authority": "Local authority",
    "phase": "Phase",
    "type": "School type",
    "sector": "FE or school",
}


def sector(school) -> str:
    """FE or school: colleges (GIAS FE providers) apart from schools, as the 2023 review reported them."""
    return "Further education" if school.fe_provider else "School"


@dataclass
class ThematicFrames:
    """The three frames, and where each school's evidence sits in the cache (for drill-down)."""

    schools: pd.DataFrame      # one row per school, SCHOOL_COLUMNS
    findings: pd.DataFrame     # school, code, source, status
    signals: pd.DataFrame      # school, code, source, status, mentions
    pieces: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # school -> [(unit key, kind)]
    finding_codes: tuple[str, ...] = ()
    signal_codes: tuple[str, ...] = ()
    parents: dict[str, list[str]] = field(default_factory=dict)  # dimension -> coarser ones it nests in
    gatsby: pd.DataFrame | None = None  # school, benchmark, status (analysis.GATSBY_STATUSES)


def _combine(statuses: list[str], order: tuple[str, ...]) -> str:
    for status in order:
        if status in statuses:
            return status
    return order[-1]


def _tally(pieces: list[dict]) -> tuple[dict, dict]:
    """One school's pieces of one kind, read once: for each finding the statuses the pieces give it and
    how many pieces name it; for each signal the affirmed and weak mentions summed over the pieces."""
    findings: dict[str, tuple[set, int]] = {}
    signals: dict[str, tuple[int, int]] = {}
    for piece in pieces:
        for code, status in piece["findings"].items():
            statuses, counted = findings.get(code, (set(), 0))
            statuses.add(status)
            findings[code] = (statuses, counted + 1)
        for code, (affirmed, weak) in piece["signals"].items():
            a, w = signals.get(code, (0, 0))
            signals[code] = (a + affirmed, w + weak)
    return findings, signals


def plan_award(plan: list[dict]) -> dict:
    """The plan's quality award for the schools frame: the most telling status among those it names
    (a school holding one award and working towards another counts as holding), with name and year."""
    if not plan:
        return {"award_status": "no_plan", "award": "", "award_year": None}
    named = [a for p in plan for a in p.get("awards", [])]
    if not named:
        return {"award_status": "none_named", "award": "", "award_year": None}
    best = min(named, key=lambda a: AWARD_STATUSES.index(a["status"]) if a["status"] in AWARD_STATUSES
               else len(AWARD_STATUSES))
    return {"award_status": best["status"], "award": best["award"], "award_year": best["year"]}


def build_frames(corpus: CorpusAnalysis) -> ThematicFrames:
    """Tidy frames of every school's statuses; codes come from the engine's lists and the data."""
    rules = engine.finding_applicability()
    schools, pieces_of = [], {}
    plan_pieces: dict[int, list[dict]] = {}
    notes_pieces: dict[int, list[dict]] = {}
    seen_findings: set[str] = set()
    seen_signals: set[str] = set()
    for index, (source, units) in enumerate(zip(corpus.sources, corpus.units)):
        plan, notes, problems = [], [], list(source.problems)
        pieces_of[index] = []
        for unit in units:
            summary = corpus.summaries.get(unit.key)
            if summary is None:
                continue
            pieces_of[index].append((unit.key, unit.kind))
            problems += summary.get("problems", [])
            (plan if unit.kind == "plan" else notes).extend(summary["pieces"])
        for piece in plan + notes:
            seen_findings.update(piece["findings"])
            seen_signals.update(piece["signals"])
        plan_pieces[index], notes_pieces[index] = plan, notes
        s = source.school
        schools.append({
            "school": index, "urn": s.urn, "name": s.name, "bundle": source.label, "region": s.region or "Unknown",
            "local_authority": s.local_authority or "Unknown", "la_code": s.la_code or "", "phase": s.phase,
            "type": s.type or "Unknown", "sector": sector(s), "institution_group": s.institution_group,
            "age_range": s.age_range, "sixth_form": s.sixth_form, "selective": s.selective,
            "plan_loaded": bool(plan), "plan_words": sum(p["words"] for p in plan),
            "notes_heard": len(notes),
            "notes_year_groups": ",".join(str(y) for y in sorted({y for p in notes for y in p["year_groups"]})),
            "notes_words": sum(p["words"] for p in notes), "problems": len(problems),
            **plan_award(plan),
        })
    finding_codes = tuple(dict.fromkeys(list(engine.finding_codes()) + sorted(seen_findings)))
    signal_codes = tuple(dict.fromkeys(list(engine.signal_codes()) + sorted(seen_signals)))

    f_rows: dict[str, list] = {"school": [], "code": [], "source": [], "status": []}
    s_rows: dict[str, list] = {"school": [], "code": [], "source": [], "status": [], "mentions": []}
    add_f = [f_rows[k].append for k in ("school", "code", "source", "status")]
    add_s = [s_rows[k].append for k in ("school", "code", "source", "status", "mentions")]
    applicable = {code: (rules.get(code, {}).get("kinds", ("plan", "notes")),
                         set(rules.get(code, {}).get("school_year_groups") or ()),
                         set(rules.get(code, {}).get("notes_year_groups") or ())) for code in finding_codes}
    for index, source in enumerate(corpus.sources):
        year_groups = set(source.school.year_groups)
        plan, notes = plan_pieces[index], notes_pieces[index]
        heard = {y for p in notes for y in p["year_groups"]}
        by_kind = {"plan": _tally(plan), "notes": _tally(notes)}
        for code in finding_codes:
            kinds, serves, notes_groups = applicable[code]
            applies = not serves or bool(year_groups & serves)
            per_source = {}
            for kind, pieces in (("plan", plan), ("notes", notes)):
                if not applies or kind not in kinds:
                    status = "not_applicable"
                elif not pieces or (kind == "notes" and notes_groups and not heard & notes_groups):
                    status = "no_evidence"
                else:
                    statuses, counted = by_kind[kind][0].get(code, (set(), 0))
                    # a piece that does not name the finding counts as "not_weak"
                    status = _combine(statuses | {"not_weak"} if counted < len(pieces) else statuses,
                                      ("weak", "not_mentioned", "not_weak"))
                per_source[kind] = status
            per_source["any"] = _combine(list(per_source.values()), FINDING_STATUSES[:3] + ("no_evidence",
                                                                                             "not_applicable"))
            for src, status in per_source.items():
                for add, value in zip(add_f, (index, code, src, status)):
                    add(value)
        for code in signal_codes:
            per_source = {}
            for kind, pieces in (("plan", plan), ("notes", notes)):
                if not pieces:
                    per_source[kind] = ("no_evidence", 0)
                    continue
                affirmed, weak = by_kind[kind][1].get(code, (0, 0))
                per_source[kind] = ("affirmed" if affirmed else "weak" if weak else "not_mentioned",
                                    affirmed + weak)
            per_source["any"] = (_combine([v[0] for v in per_source.values()], SIGNAL_STATUSES),
                                 sum(v[1] for v in per_source.values()))
            for src, (status, mentions) in per_source.items():
                for add, value in zip(add_s, (index, code, src, status, mentions)):
                    add(value)

    g_rows: dict[str, list] = {"school": [], "benchmark": [], "status": []}
    for index in range(len(corpus.sources)):
        for row in school_gatsby(plan_pieces[index], notes_pieces[index]):
            g_rows["school"].append(index)
            g_rows["benchmark"].append(row["benchmark"])
            g_rows["status"].append(row["status"])
    gatsby = pd.DataFrame(g_rows)
    gatsby["status"] = pd.Categorical(gatsby["status"], categories=GATSBY_STATUSES)

    schools_frame = pd.DataFrame(schools, columns=list(SCHOOL_COLUMNS))
    findings = pd.DataFrame(f_rows)
    findings["status"] = pd.Categorical(findings["status"], categories=FINDING_STATUSES)
    signals = pd.DataFrame(s_rows)
    signals["status"] = pd.Categorical(signals["status"], categories=SIGNAL_STATUSES)
    for frame in (findings, signals):
        frame["code"] = frame["code"].astype("category")
        frame["source"] = pd.Categorical(frame["source"], categories=SOURCES)
    return ThematicFrames(schools_frame, findings, signals, pieces_of, finding_codes, signal_codes,
                          gatsby=gatsby)


def _mentions(pieces: list[dict]) -> dict[str, tuple[int, int, int]] | None:
    """A school's stored mentions counted per code for :func:`analysis.gatsby_coverage_of_counts`: the
    cache keeps counts, not each stance, so a weak mention (negated, only planned or unsure) stands as
    negated, the reading Gatsby coverage takes of a mention that does not claim provision."""
    if not pieces:
        return None
    counts: dict[str, list[int]] = {}
    for piece in pieces:
        for code, (affirmed, weak) in piece["signals"].items():
            c = counts.setdefault(code, [0, 0, 0])
            c[0] += affirmed + weak
            c[1] += affirmed
            c[2] += weak
    return {code: (a, b, d) for code, (a, b, d) in counts.items()}


def school_gatsby(plan: list[dict], notes: list[dict]) -> list[dict]:
    """One school's Gatsby coverage from its stored pieces, judged by the function a briefing uses
    (:func:`analysis.gatsby_coverage`, here from counts); no destination findings or contradictions are
    stored, so none count."""
    return gatsby_coverage_of_counts(_mentions(plan), _mentions(notes))


def schools_by_weak_spot(frames: ThematicFrames, source: str = "any") -> pd.DataFrame:
    """The reviewer's table: one row per school, one column per finding holding its status."""
    wide = (frames.findings[frames.findings["source"] == source]
            .pivot(index="school", columns="code", values="status"))
    wide = wide.reindex(columns=list(frames.finding_codes)).astype("string")
    wide["weak_spots"] = (wide.isin(["weak", "not_mentioned"])).sum(axis=1)
    return frames.schools.set_index("school").join(wide).reset_index()


def subset(frames: ThematicFrames, **filters) -> ThematicFrames:
    """The frames for the schools matching every filter (``region="London"``, ``type=[...]``); a filter
    of None or ``"All"`` keeps everything. What the dashboard does on each change: cheap at 4,000 schools."""
    schools = frames.schools
    mask = pd.Series(True, index=schools.index)
    for column, wanted in filters.items():
        if wanted is None or wanted == "All" or wanted == ():
            continue
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        mask &= schools[column].isin(values)
    if mask.all():
        return frames
    fill_nesting(frames)  # read from all schools, so a subset never looks more nested than it is
    keep = schools.loc[mask, "school"]
    return ThematicFrames(schools[mask], frames.findings[frames.findings["school"].isin(keep)],
                          frames.signals[frames.signals["school"].isin(keep)], frames.pieces,
                          frames.finding_codes, frames.signal_codes, frames.parents,
                          None if frames.gatsby is None else frames.gatsby[frames.gatsby["school"].isin(keep)])


def nesting_parents(schools: pd.DataFrame, by: str) -> list[str]:
    """Coarser dimensions that ``by`` nests in (each group of ``by`` lies within one group of them)."""
    parents = []
    if schools.empty:
        return parents
    for other in DIMENSIONS:
        if other == by:
            continue
        if schools[other].nunique() < schools[by].nunique() and \
                schools.groupby(by, observed=True)[other].nunique().max() == 1:
            parents.append(other)
    return parents


def fill_nesting(frames: ThematicFrames) -> None:
    """Which dimensions nest in which (every local authority in one region), read once from all schools."""
    for by in DIMENSIONS:
        if by not in frames.parents:
            frames.parents[by] = nesting_parents(frames.schools, by)
