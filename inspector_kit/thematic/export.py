"""Hand the review to a colleague: CSV files, one Excel workbook, charts as SVG and PNG.

The workbook has an *About* sheet (what each status means, the suppression rules, how the run was made),
one sheet per aggregate (findings and signals by region, local authority, phase, school type, FE or
school), the cross-tabulations with their tests in plain words, a *Schools* sheet (one row per school,
each weak spot's status and destination figures) and a *Quotations* sheet (the evidence behind every
finding, with file, offsets, line and page; pupils' names redacted). The CSV folder holds the same
tables. Suppressed figures are written ``c``, as in DfE's files, never 0 and never blank.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from inspector_kit.thematic import charts, drilldown
from inspector_kit.thematic.aggregate import DIMENSIONS, MIN_COUNT

SUPPRESSED = "c"
WORKBOOK = "thematic-review.xlsx"

ABOUT = [
    "Thematic review of careers guidance: evidence from schools' published careers plans and inspectors' "
    "focus-group notes, analysed by inspector-kit, with DfE destination measures.",
    "",
    "Finding statuses: weak = the evidence quotes words showing the weakness (denied, only planned, token); "
    "not_mentioned = the weakness rests on silence (what was searched for is not in the evidence); "
    "not_weak = the evidence was read and does not show it; no_evidence = no such evidence for the school "
    "(no plan, no focus groups, no year 7-8 group heard for thin_ks3); not_applicable = cannot apply "
    "(e.g. thin_ks3 at a 16-19 college).",
    "Percentages are of the schools assessed (weak + not_mentioned + not_weak); flagged = weak + not_mentioned.",
    "Signal statuses: affirmed = delivered provision stated; weak = mentioned only negated, planned, uncertain "
    "or limited; not_mentioned; no_evidence.",
    "",
    f"Suppression: no figure is built from fewer than {MIN_COUNT} schools (or, for destination figures, "
    f"{MIN_COUNT} pupils); such figures are shown as '{SUPPRESSED}'. Where a total would let a reader work "
    "out a suppressed figure by subtraction (the All schools row, a region containing a suppressed local "
    "authority), the next smallest group is suppressed too (marked secondary).",
    "Destination figures: a school's latest year with England figures, Revised where published; values DfE "
    "suppressed and cohorts under 6 are left out, never read as 0.",
    "Quotations: offsets are character offsets in the document's extracted text (inspector-kit bundle text "
    "FILE); pupils' names are replaced by [Pupil A], [Pupil B]... per school.",
    "Associations are not causes: a test says whether a difference could easily arise by chance.",
]


def with_suppression_marks(table: pd.DataFrame) -> pd.DataFrame:
    """The table as exported: figures hidden by suppression become ``c``."""
    if "suppressed" not in table.columns:
        return table
    out = table.astype(object)
    hidden = table["suppressed"].astype(str) != ""
    for column in table.columns:
        if column == "suppressed" or not (pd.api.types.is_numeric_dtype(table[column])):
            continue
        mask = hidden & table[column].isna()
        out.loc[mask, column] = SUPPRESSED
    return out


def read_back(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """An exported table read back (CSV or one sheet of the workbook), ``c`` turned back into missing."""
    path = Path(path)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, na_values=[SUPPRESSED], keep_default_na=True)
    else:
        frame = pd.read_excel(path, sheet_name=sheet, na_values=[SUPPRESSED])
    return frame


def _sheet_name(name: str) -> str:
    return name.replace("_", " ").capitalize()[:31]


def review_tables(review) -> dict[str, pd.DataFrame]:
    """Every table the export writes, by file/sheet name, in workbook order (after About)."""
    tables: dict[str, pd.DataFrame] = {}
    for by in DIMENSIONS:
        tables[f"findings_by_{by}"] = review.prevalence(by)
    for by in DIMENSIONS:
        tables[f"signals_by_{by}"] = review.prevalence(by, items="signals")
    tables["award_status"] = review.award_crosstab()
    crosses = review.default_crosstabs()
    if crosses:
        tables["crosstabs"] = pd.concat([c.table for c in crosses], ignore_index=True)
        tests = []
        for c in crosses:
            tests.append({"finding": c.finding, "measure": c.measure,
                          "test": c.test.get("test", "not run"), "u": c.test.get("u"), "p": c.test.get("p"),
                          "schools_with": c.test.get("n_with"), "schools_without": c.test.get("n_without"),
                          "fisher_odds_ratio": c.contingency_test.get("odds_ratio"),
                          "fisher_p": c.contingency_test.get("p"),
                          "fisher_small_cells": c.contingency_test.get("small_cells"),
                          "in_plain_words": c.sentence})
        tables["crosstab_tests"] = pd.DataFrame(tests)
        grids = []
        for c in crosses:
            if c.contingency is not None:
                grid = c.contingency.copy()
                grid.columns = ["destination_finding", "other_schools"]
                grid = grid.reset_index(names="group")
                grid.insert(0, "destination_code", c.contingency.columns[0])
                grid.insert(0, "measure", c.measure)
                grid.insert(0, "finding", c.finding)
                grid["suppressed"] = np.where(grid[["destination_finding", "other_schools"]].isna().any(axis=1),
                                              "primary", "")
                grids.append(grid)
        if grids:
            tables["contingency"] = pd.concat(grids, ignore_index=True)
    tables["labour_market_by_area"] = review.labour_market_by_area()
    tables["schools"] = review.schools_table()
    return tables


def all_quotations(review) -> pd.DataFrame:
    """The evidence of every finding at every school (redacted)."""
    return drilldown.quotations(review.frames, review.corpus, review.frames.schools["school"].tolist())


def export_review(review, out: str | Path, *, formats: tuple[str, ...] = ("csv", "xlsx", "svg", "png"),
                  quotations: bool = True) -> dict[str, Path]:
    """Write the review's tables, workbook and charts under ``out``; returns ``{name: path}``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = review_tables(review)
    if quotations:
        tables["quotations"] = all_quotations(review)
    written: dict[str, Path] = {}
    if "csv" in formats:
        folder = out / "csv"
        folder.mkdir(exist_ok=True)
        for name, table in tables.items():
            path = folder / f"{name}.csv"
            with_suppression_marks(table).to_csv(path, index=False)
            written[f"csv:{name}"] = path
    if "xlsx" in formats:
        written["xlsx"] = write_workbook(out / WORKBOOK, tables, review)
    chart_formats = [f for f in ("svg", "png") if f in formats]
    if chart_formats:
        written.update(write_charts(out / "charts", review, tables, chart_formats))
    return written


def _cell_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def write_workbook(path: Path, tables: dict[str, pd.DataFrame], review=None) -> Path:
    """One sheet per table (write-only mode: thousands of rows in seconds), with an About sheet first."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    about = book.create_sheet("About")
    for line in ABOUT:
        about.append([line])
    if review is not None:
        report = review.corpus.report.as_dict()
        about.append([])
        about.append([f"Schools: {report['schools']:,}; pieces of evidence: {report['units']:,} "
                      f"({report['cached_units']:,} from the cache, {report['analysed_units']:,} analysed this run)."])
        about.append([f"Rules fingerprints: {report['rules']}"])
    for name, table in tables.items():
        sheet = book.create_sheet(_sheet_name(name))
        sheet.freeze_panes = "A2"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in with_suppression_marks(table).itertuples(index=False, name=None):
            sheet.append([_cell_value(v) for v in row])
    book.save(path)
    return path


def write_charts(folder: Path, review, tables: dict[str, pd.DataFrame], formats: list[str]) -> dict[str, Path]:
    """Draw the review's charts into ``folder`` in each format asked for; returns the files by chart."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {"findings_by_region": charts.prevalence_heatmap(tables["findings_by_region"]),
            "findings_by_type": charts.prevalence_heatmap(tables["findings_by_type"]),
            "findings_national": charts.national_bars(tables["findings_by_region"],
                                                      title="How common each weak spot is, all schools "
                                                            "(% of schools assessed)")}
    for cross in review.default_crosstabs():
        values = charts.crosstab_values(review.frames, review.destinations.measures, cross)
        if len(values):
            made[f"crosstab_{cross.finding}_{cross.measure}"] = charts.crosstab_chart(cross, values)
    import vl_convert as vlc

    written = {}
    for name, chart in made.items():
        spec = chart if isinstance(chart, dict) else chart.to_dict()
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            if fmt == "svg":
                path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
            else:
                path.write_bytes(vlc.vegalite_to_png(spec, scale=1.5))
            written[f"{fmt}:{name}"] = path
    return written

