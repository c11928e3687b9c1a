"""Exports open with pandas and openpyxl and say exactly what the aggregate frames say."""
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from inspector_kit.thematic.export import SUPPRESSED, WORKBOOK, read_back, review_tables

# staff names a school publishes ("Ms Sarah Ahmed") are kept; a pupil may share a first name with one
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? (?:[A-Z][a-z]+ )?[A-Z][a-zA-Z'-]+")

AGGREGATES = ["findings_by_region", "findings_by_local_authority", "findings_by_type", "signals_by_region",
              "crosstabs"]


def same(exported: pd.DataFrame, frame: pd.DataFrame) -> None:
    assert list(exported.columns) == list(frame.columns)
    assert len(exported) == len(frame)
    for column in frame.columns:
        want, got = frame[column], exported[column]
        if pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want):
            np.testing.assert_allclose(pd.to_numeric(got, errors="coerce").to_numpy(dtype=float),
                                       want.astype("Float64").to_numpy(dtype=float, na_value=np.nan),
                                       rtol=1e-9, equal_nan=True, err_msg=column)
        else:
            assert got.astype(object).fillna("").astype(str).tolist() == \
                want.astype(object).fillna("").astype(str).tolist(), column


@pytest.fixture(scope="module")
def tables(planted_review):
    return review_tables(planted_review)


@pytest.mark.parametrize("name", AGGREGATES)
def test_each_csv_agrees_with_its_frame(planted_export, tables, name):
    out, _ = planted_export
    same(read_back(out / "csv" / f"{name}.csv"), tables[name])


@pytest.mark.parametrize("name", AGGREGATES)
def test_each_sheet_agrees_with_its_frame(planted_export, tables, name):
    out, _ = planted_export
    sheet = name.replace("_", " ").capitalize()[:31]
    same(read_back(out / WORKBOOK, sheet), tables[name])


def test_the_workbook_has_about_aggregates_schools_and_quotations(planted_export, planted_review):
    out, _ = planted_export
    book = load_workbook(out / WORKBOOK, read_only=True)
    names = book.sheetnames
    assert names[0] == "About"
    assert {"Findings by region", "Signals by sector", "Crosstab tests", "Schools", "Quotations"} <= set(names)
    schools = pd.read_excel(out / WORKBOOK, sheet_name="Schools")
    assert len(schools) == len(planted_review.schools)
    assert set(planted_review.frames.finding_codes) <= set(schools.columns)


def test_suppressed_figures_are_written_c_never_zero_or_blank(planted_export, tables):
    out, _ = planted_export
    table = tables["findings_by_local_authority"]
    hidden = table.index[(table["suppressed"] != "") & (table["assessed"] > 0)]
    assert len(hidden) > 0
    raw = pd.read_csv(out / "csv" / "findings_by_local_authority.csv", dtype=str, keep_default_na=False)
    assert (raw.loc[hidden, "weak_pct"] == SUPPRESSED).all()
    assert (raw.loc[hidden, "weak"] == SUPPRESSED).all()
    sheet = load_workbook(out / WORKBOOK, read_only=True)["Findings by local authority"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(rows[i][header.index("weak_pct")] == SUPPRESSED for i in hidden)


def test_the_quotations_sheet_is_redacted(planted_export, planted_review):
    out, _ = planted_export
    quotes = pd.read_excel(out / WORKBOOK, sheet_name="Quotations")
    assert len(quotes) > 0 and {"file", "start", "end", "line", "quote"} <= set(quotes.columns)
    checked = 0
    for school, keys in planted_review.frames.pieces.items():
        names = {n for key, kind in keys if kind == "notes"
                 for piece in planted_review.corpus.full_result(key)["pieces"] for n in piece.get("pupil_names", [])}
        mine = quotes[quotes["school"] == school]
        text = _TITLED.sub("", " ".join(mine["quote"].fillna("").astype(str)) + " "
                           + " ".join(mine["note"].fillna("").astype(str)))
        assert [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)] == [], school
        checked += bool(names)
    assert checked > 0


def test_charts_are_written_as_svg_and_png(planted_export):
    _, written = planted_export
    svgs = [p for k, p in written.items() if k.startswith("svg:")]
    pngs = [p for k, p in written.items() if k.startswith("png:")]
    assert len(svgs) >= 3 and len(svgs) == len(pngs)
    assert all(p.read_text(encoding="utf-8").lstrip().startswith("<svg") for p in svgs)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
