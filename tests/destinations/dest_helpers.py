"""Paths and builders of small hand-made destination files, shared by the destination tests."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from inspector_kit.destinations import ReferenceData, load_destinations_bytes
from inspector_kit.destinations.schema import LAYOUTS
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "fixtures" / "destinations"
LOADER = DATA / "loader"
NATIONAL_KS4 = DATA / "ks4_destination_measures_national_2009-10_to_2022-23.csv"
LAD_KS4 = DATA / "ks4_destination_measures_lad_totals_2015-16_to_2022-23.csv"
LAD_1618 = DATA / "1618_destination_measures_lad_totals_2021-22_2022-23.csv"
INSTITUTIONS_KS4 = DATA / "institutions_ks4_fixture.csv"
INSTITUTIONS_1618 = DATA / "institutions_1618_fixture.csv"

NATIONAL_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                    "institution_group", "institution_type", "breakdown_topic", "breakdown", "data_type", "version",
                    "cohort", "overall", "education", "fe", "ssf", "sfc", "other_edu", "appren", "all_work",
                    "all_notsust", "all_unknown"]
EXCLUSIVE_KS4 = ["fe", "ssf", "sfc", "other_edu", "appren", "all_work", "all_notsust", "all_unknown"]


def counts(**parts) -> dict:
    """KS4 counts from exclusive destinations; education, overall and cohort follow by addition."""
    v = {c: int(parts.get(c, 0)) for c in EXCLUSIVE_KS4}
    v["education"] = v["fe"] + v["ssf"] + v["sfc"] + v["other_edu"]
    v["overall"] = v["education"] + v["appren"] + v["all_work"]
    v["cohort"] = v["overall"] + v["all_notsust"] + v["all_unknown"]
    return v


def _pct(v: dict, c: str) -> str:
    value = 100 * v[c] / v["cohort"]
    return f"{value:.1f}"


def national_csv(rows: list[dict]) -> bytes:
    """A national-layout file: each row is {time_period, version, group, topic, breakdown, counts}."""
    out = []
    for r in rows:
        v = r["counts"]
        base = [r["time_period"], "Academic year", "National", "E92000001", "England", r.get("group", "State-funded mainstream schools"),
                "Total", r.get("topic", "Total"), r.get("breakdown", "Total")]
        for kind in ("Number of pupils", "Percentage"):
            values = [str(v[c]) if kind.startswith("Number") else _pct(v, c) for c in NATIONAL_COLUMNS[12:]]
            out.append(base + [kind, r.get("version", "Revised"), str(v["cohort"])] + values)
    return pd.DataFrame(out, columns=NATIONAL_COLUMNS).to_csv(index=False, lineterminator="\n").encode()


def institution_csv(rows: list[dict]) -> bytes:
    """A KS4 institution file in the exact EES layout; ``counts=None`` writes a suppressed row."""
    layout = LAYOUTS["ks4_institution"]
    out = []
    for r in rows:
        keys = {"time_period": r.get("time_period", "202122"), "time_identifier": "Academic year",
                "geographic_level": "School", "country_code": "E92000001", "country_name": "England",
                "region_code": "E12000002", "region_name": "North West", "old_la_code": "341",
                "new_la_code": r.get("la_code", "E08000012"), "la_name": "Liverpool",
                "local_authority_selection_status": "Not highly selective", "school_laestab": "3414999",
                "school_urn": r.get("urn", "100001"), "school_name": r.get("name", "Test School"),
                "admission_policy": "Non-selective", "entry_gender": "Mixed",
                "institution_group": r.get("group", "State-funded mainstream schools"),
                "institution_type": "LA maintained", "breakdown_topic": r.get("topic", "Total"),
                "breakdown": r.get("breakdown", "Total"), "version": r.get("version", "Revised")}
        v = r["counts"]
        for kind in ("Number of pupils", "Percentage"):
            row = []
            for col in layout:
                if col in keys:
                    row.append(keys[col])
                elif col == "data_type":
                    row.append(kind)
                elif v is None:
                    row.append("c")
                elif col == "cohort" or kind.startswith("Number"):
                    row.append(str(v[col]))
                else:
                    row.append(_pct(v, col))
            out.append(row)
    return pd.DataFrame(out, columns=layout).to_csv(index=False, lineterminator="\n").encode()


def reference_from(national_rows: list[dict], lad_rows: list[dict] | None = None) -> ReferenceData:
    """A ReferenceData from hand-made rows, so expected figures can be computed by hand."""
    england = load_destinations_bytes(national_csv(national_rows), name="national.csv")
    la = [load_destinations_bytes(lad_csv(lad_rows), name="lad.csv")] if lad_rows else []
    return ReferenceData.from_tables([england], la)


def lad_csv(rows: list[dict]) -> bytes:
    """A KS4 LAD totals file (numbers only, no overall column, no version), like DfE's."""
    cols = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "lad_code", "lad_name", "breakdown_topic", "level_methodology", "institution_group",
            "breakdown", "data_type", "cohort", "education", "appren", "all_work", "all_notsust", "all_unknown"]
    out = []
    for r in rows:
        v = r["counts"]
        out.append([r["time_period"], "Academic year", "Local authority district", "E92000001", "England", "E12000002",
                    "North West", r.get("lad_code", "E08000012"), r.get("lad_name", "Liverpool"), "Total",
                    "Provider location", "State-funded mainstream schools", "Total", "Number of pupils"]
                   + [str(v[c]) for c in cols[14:]])
    return pd.DataFrame(out, columns=cols).to_csv(index=False, lineterminator="\n").encode()


def read_text_frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
