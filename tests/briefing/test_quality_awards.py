"""A quality award the plan names is shown in the briefing's context panel with its status and year, in
every format; claimed while weak spots are found, it raises a line of enquiry under leadership."""
import json
import shutil

import pytest

from support import SCHOOLS
from inspector_kit.briefing import brief, render
from inspector_kit.briefing.renderers import docx_text

CLAIMS = {
    "held": ("<p>We hold the Quality in Careers Standard, which we were awarded in May 2024.</p>",
             "held", 2024),
    "working towards": ("<p>We are working towards the Quality in Careers Standard and plan to be assessed in "
                        "2027.</p>", "working towards", 2027),
    "lapsed": ("<p>Our Quality in Careers Standard lapsed in 2023 and has not yet been renewed.</p>",
               "expired (lapsed)", 2023),
}


def bundle_with(tmp_path, paragraph: str):
    """Hillside Community School (whose plan shows weak spots) with one sentence added to its careers page."""
    folder = tmp_path / "hillside"
    shutil.copytree(SCHOOLS / "hillside-community", folder)
    page = folder / "careers.htm"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", paragraph + "</main>", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", sorted(CLAIMS))
def test_the_context_panel_reports_the_award_with_its_status_and_year_in_every_format(tmp_path, case):
    paragraph, label, year = CLAIMS[case]
    b = brief(bundle_with(tmp_path, paragraph))
    awards = json.loads(render(b, "json"))["context"]["quality_awards"]
    assert [(a["award"], a["status_label"], a["year"]) for a in awards] == [("Quality in Careers Standard", label, year)]
    assert awards[0]["where"].startswith("careers.htm")
    html = render(b, "html")
    context = html.split("<h2>Context</h2>")[1].split("<h2>")[0]
    assert f"<td>{label}</td><td>{year}</td>" in context
    docx = docx_text(render(b, "docx"))
    assert "Quality in Careers Standard" in docx and label in docx and str(year) in docx


def test_an_award_claimed_while_weak_spots_are_found_is_a_line_of_enquiry_under_leadership(tmp_path):
    b = brief(bundle_with(tmp_path, CLAIMS["held"][0]))
    assert b.weak_spots
    asked = [e for e in b.enquiries if e.bears_on == ("award", None)]
    assert len(asked) == 1 and "Quality in Careers Standard (held, 2024)" in asked[0].question
    assert asked[0].evaluation_areas[0].title == "Leadership and governance"
    assert b.weak_spots[0].title.lower() in asked[0].question


@pytest.mark.parametrize("case", ["working towards", "lapsed"])
def test_an_award_not_claimed_as_held_raises_no_enquiry(tmp_path, case):
    b = brief(bundle_with(tmp_path, CLAIMS[case][0]))
    assert not [e for e in b.enquiries if e.bears_on == ("award", None)]


def test_a_plan_naming_no_award_says_so_and_quality_alone_is_not_one(tmp_path):
    b = brief(bundle_with(tmp_path, "<p>We care about the quality of careers guidance.</p>"))
    assert json.loads(render(b, "json"))["context"]["quality_awards"] == []
    assert "the published plan names none" in render(b, "md")
