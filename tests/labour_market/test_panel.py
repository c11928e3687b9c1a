"""The local labour market panel, from the real tables: the area's largest and fastest-growing industries,
the weak spot when the plan's activities name none of them, and a plain 'no table' where there is none."""
import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from inspector_kit.analysis import analyse_bundle
from inspector_kit.briefing import build_briefing, render
from inspector_kit.evidence import load_bundle
from inspector_kit.labour_market import area_figures, labour_market_panel
from support import SCHOOLS

DATA = Path(__file__).resolve().parents[2] / "inspector_kit" / "labour_market" / "data"
LIVERPOOL = "E08000012"
WEAK = "offer_not_linked_to_labour_market"


def table_lists(area: str, base="2020", end="2035", min_share=0.01):
    """The two lists worked out directly from the CSV, as panel.toml describes them."""
    with open(DATA / "lmi_employment_by_industry_lsip_2015-2035.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["lsip_name"] == area]
    total = next(float(r[f"employment_{base}_000s"]) for r in rows if r["industry"] == "All industries")
    rows = [r for r in rows if r["industry"] != "All industries"]
    b = {r["industry"]: float(r[f"employment_{base}_000s"]) for r in rows}
    e = {r["industry"]: float(r[f"employment_{end}_000s"]) for r in rows}
    largest = sorted(b, key=lambda i: -b[i])[:5]
    growing = sorted((i for i in b if b[i] / total >= min_share and e[i] > b[i]), key=lambda i: -(e[i] - b[i]) / b[i])[:5]
    return largest, growing


def bundle_with_plan(tmp_path, plan: str, la_code=LIVERPOOL, local_authority="Liverpool"):
    """A one-file bundle (no notes, no destination data) for a school in the given district."""
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "school.toml").write_text(
        f'[school]\nurn = "900001"\nname = "Mersey View School"\nage_low = 11\nage_high = 16\n'
        f'local_authority = "{local_authority}"\nla_code = "{la_code}"\n', encoding="utf-8")
    (folder / "careers.md").write_text(plan, encoding="utf-8")
    return analyse_bundle(load_bundle(folder), destinations=False)


def test_a_liverpool_district_gets_its_city_regions_largest_and_fastest_growing_industries():
    figures = area_figures(LIVERPOOL)
    largest, growing = table_lists("Liverpool City Region")
    assert figures.area_name == "Liverpool City Region" and figures.district_name == "Liverpool"
    assert [r.name for r in figures.largest] == largest
    assert largest[:3] == ["Health and social work", "Wholesale and retail trade", "Education"]
    assert [r.name for r in figures.growing] == growing and growing[0] == "Accommodation and food"
    top = figures.growing[0]
    assert top.change_pct == pytest.approx(100 * (57.865 - 47.394) / 47.394) and top.change == pytest.approx(10.471)
    assert figures.base_year == 2020 and figures.projection_year == 2035


@pytest.mark.parametrize("code", ["E06000006", "E08000011", "E08000013", "E08000014", "E08000015"])
def test_every_district_of_the_city_region_shares_its_figures(code):
    assert area_figures(code).largest == area_figures(LIVERPOOL).largest


@pytest.mark.parametrize("code, words", [
    ("E08000021", "North of Tyne is one of the LSIP areas without a projection table"),
    ("E08000037", "North East is one of the LSIP areas without a projection table"),
    ("E10000002", "county council"),
    ("E99999999", "not in the district to LSIP area lookup"),
    ("", "no local authority district code"),
])
def test_a_district_without_a_table_says_so_and_gives_no_figures(code, words):
    figures = area_figures(code)
    assert not figures.has_table and words in figures.reason
    assert figures.largest == () and figures.growing == ()


def test_a_plan_naming_none_of_the_areas_industries_in_its_activities_gets_the_weak_spot(tmp_path):
    analysis = bundle_with_plan(tmp_path, "# Careers\n\n- Year 9 pupils visit a local farm.\n"
                                          "- Year 10 pupils do work experience with engineering firms.\n"
                                          "- Pupils use labour market information about the mining industry.\n"
                                          "Liverpool has a large health sector.\n")
    briefing = build_briefing(analysis)
    spot = next(w for w in briefing.weak_spots if w.code == WEAK)
    assert spot.criteria == ("GB2", "GB5", "GB6") and "Liverpool City Region" in spot.summary
    assert {q["signal"] for q in spot.quotes} >= {"activity.workplace_experience", "activity.lmi"}
    assert "Health and social work" in spot.searched[0]
    enquiry = next(e for e in briefing.enquiries if "local labour market" in e.question)
    largest, growing = table_lists("Liverpool City Region")
    assert all(name in enquiry.question for name in largest + growing)


@pytest.mark.parametrize("plan", [
    "- Year 10 pupils hear from nurses and paramedics at our careers fair.\n",
    "- All Year 10 pupils complete work experience, many in retail and hospitality.\n",
    "- Pupils use labour market information on the growing digital sector in the city region.\n",
])
def test_an_activity_naming_a_main_or_growing_industry_links_the_offer(tmp_path, plan):
    panel = labour_market_panel(bundle_with_plan(tmp_path, "# Careers\n\n" + plan))
    assert panel.linked and not panel.not_linked


def test_a_denied_encounter_does_not_link_the_offer(tmp_path):
    panel = labour_market_panel(bundle_with_plan(tmp_path, "# Careers\n\nWe no longer run employer visits "
                                                           "from the NHS or local hospitals.\n"))
    assert {n.name for n in panel.named} == {"Health and social work"} and panel.not_linked


def test_a_school_in_an_area_without_a_table_gets_no_weak_spot_and_the_panel_says_so_in_every_format(tmp_path):
    analysis = bundle_with_plan(tmp_path, "# Careers\n\n- Year 9 pupils visit a local farm.\n",
                                la_code="E08000021", local_authority="Newcastle upon Tyne")
    briefing = build_briefing(analysis)
    assert WEAK not in [w.code for w in briefing.weak_spots]
    data = json.loads(render(briefing, "json"))["labour_market"]
    assert data["has_table"] is False and data["largest"] == [] and "North of Tyne" in data["reason"]
    for fmt in ("html", "md"):
        assert "No local labour market table for this school" in render(briefing, fmt)
    assert "No local labour market table for this school's area" in docx_text(render(briefing, "docx"))


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_riverside_highs_briefing_carries_the_panel_in_every_format():
    briefing = build_briefing(analyse_bundle(load_bundle(SCHOOLS / "riverside-high"), destinations=False))
    largest, growing = table_lists("Liverpool City Region")
    data = json.loads(render(briefing, "json"))["labour_market"]
    assert [r["name"] for r in data["largest"]] == largest and [r["name"] for r in data["growing"]] == growing
    assert data["base_year"] == 2020 and "latest year of estimates" in data["largest_measure"]
    assert "percentage change" in data["growth_measure"] and "thousands" in data["growth_measure"]
    # the plan's Professions Week brings doctors and lawyers: the offer is linked
    assert set(data["linked_industries"]) >= {"Health and social work", "Professional services"}
    assert WEAK not in [w.code for w in briefing.weak_spots]
    named = {(n["name"], n["source"]) for n in data["named"]}
    assert ("Construction", "Y11 group") in named  # "wants an electrician apprenticeship"
    html = render(briefing, "html")
    section = html[html.index("Local labour market"):html.index("Statutory website check")]
    assert section.count("<svg") == 2 and all(name in section for name in largest + growing)
    md = render(briefing, "md")
    assert "| Accommodation and food | +22.1% | +10.5 | 47.4 |" in md
    text = docx_text(render(briefing, "docx"))
    assert "Local labour market" in text and all(name in text for name in largest + growing)


def test_pupils_names_are_redacted_from_the_panels_quotations():
    briefing = build_briefing(analyse_bundle(load_bundle(SCHOOLS / "riverside-high"), destinations=False))
    names = set(load_bundle(SCHOOLS / "riverside-high").pupil_names)
    quotes = " ".join(n["quote"] for n in json.loads(render(briefing, "json"))["labour_market"]["named"])
    assert names and not any(f" {name} " in f" {quotes} " for name in names) and "[Pupil" in quotes


def test_a_dismissed_weak_spot_drops_its_line_of_enquiry(tmp_path):
    from inspector_kit.review_store import Decision

    analysis = bundle_with_plan(tmp_path, "# Careers\n\n- Year 9 pupils visit a local farm.\n")
    fid = f"plan:plan:{WEAK}"
    decision = Decision(finding_id=fid, urn="900001", decision="dismissed", reason="links seen", reviewer="RM",
                        decided_at="2026-12-07T10:00:00")
    briefing = build_briefing(analysis, decisions={fid: decision})
    assert next(w for w in briefing.weak_spots if w.code == WEAK).decision["decision"] == "dismissed"
    assert not any("local labour market" in e.question for e in briefing.enquiries)
