"""Briefings under the renewed framework and the 2019 one: every weak spot and line of enquiry names the
evaluation areas it bears on, the HTML and DOCX are grouped by them, the inspection date picks the
framework, and no output attaches a grade to the school."""
import json
import re
from datetime import date
from functools import lru_cache

import pytest

from support import SCHOOLS
from inspector_kit.analysis import analyse_bundle
from inspector_kit.briefing import render
from inspector_kit.briefing.blocks import plain_text
from inspector_kit.briefing.build import build_briefing
from inspector_kit.briefing.renderers import docx_text
from inspector_kit.errors import FrameworkError
from inspector_kit.evidence import discover_bundles, load_bundle
from inspector_kit.framework import FRAMEWORKS, area_map, choose_framework, frameworks, toolkit_for, toolkits

BUNDLES = [p.name for p in discover_bundles(SCHOOLS)]


@lru_cache(maxsize=None)
def analysis_of(slug):
    return analyse_bundle(load_bundle(SCHOOLS / slug))


@lru_cache(maxsize=None)
def briefing(slug, framework):
    return build_briefing(analysis_of(slug), framework=framework)


@lru_cache(maxsize=None)
def exported(slug, framework, fmt):
    return render(briefing(slug, framework), fmt)


CASES = [(slug, fw) for slug in BUNDLES for fw in FRAMEWORKS]


@pytest.mark.parametrize("slug, framework", CASES)
def test_json_names_the_areas_of_every_weak_spot_and_line_of_enquiry_under_the_chosen_framework(slug, framework):
    data = json.loads(exported(slug, framework, "json"))
    school = analysis_of(slug).bundle.school
    toolkit = toolkit_for(school, framework)
    assert data["framework"]["id"] == framework and data["framework"]["toolkit"] == toolkit.id
    known = {a.id for a in toolkit.areas}
    items = data["weak_spots"] + data["lines_of_enquiry"]
    assert items, f"{slug}: nothing to file"
    for item in items:
        assert item["evaluation_areas"], item.get("code") or item["question"][:60]
        assert {a["id"] for a in item["evaluation_areas"]} <= known


@pytest.mark.parametrize("slug, framework", CASES)
def test_html_and_docx_group_weak_spots_and_enquiries_under_area_headings(slug, framework):
    b = briefing(slug, framework)
    filed = [w.evaluation_areas[0].title for w in b.weak_spots] + [e.evaluation_areas[0].title for e in b.enquiries]
    html = exported(slug, framework, "html")
    for title in set(filed):
        assert f"<h3>{title}</h3>" in html
    weak = html.split("<h2>Weak spots</h2>")[1].split("<h2>")[0]
    for w in b.weak_spots:  # each weak spot sits after the heading of the area it is filed under
        heading = weak.index(f"<h3>{w.evaluation_areas[0].title}</h3>")
        assert weak.index(w.title.replace("'", "&#x27;"), heading) > heading
    docx = docx_text(exported(slug, framework, "docx"))
    assert set(filed) <= set(docx)


def test_the_two_frameworks_file_careers_under_their_own_areas():
    renewed = {a.title for w in briefing("riverside-high", "renewed-2025").weak_spots for a in w.evaluation_areas}
    older = {a.title for w in briefing("riverside-high", "eif-2019").weak_spots for a in w.evaluation_areas}
    assert "Personal development and well-being" in renewed and "Personal development" not in renewed
    assert "Personal development" in older and "Personal development and well-being" not in older


def test_an_fe_college_is_briefed_against_the_fe_and_skills_toolkit():
    b = briefing("eastfield-college", "renewed-2025")
    assert b.framework["toolkit"] == "fe-skills-2025"
    assert all(w.evaluation_areas[0].title == "Participation and development"
               for w in b.weak_spots if w.code in ("no_personal_guidance", "academic_bias", "website_only"))


def test_statutory_duties_go_to_leadership_and_needs_to_inclusion():
    t = toolkits()["schools-2025"]
    from inspector_kit.framework import areas_for
    assert areas_for("finding", "missing_published_info", t)[0].title == "Leadership and governance"
    assert areas_for("finding", "provider_access_gap", t)[0].title == "Leadership and governance"
    assert areas_for("finding", "needs_not_addressed", t)[0].title == "Inclusion"
    assert areas_for("finding", "thin_employer_contact", t)[0].title == "Personal development and well-being"


def test_sixth_form_pupils_weak_spots_are_filed_under_the_sixth_form_area():
    spots = [w for w in briefing("riverside-high", "renewed-2025").weak_spots if w.year_groups
             and set(w.year_groups) <= {12, 13}]
    assert spots and all(w.evaluation_areas[0].title == "Sixth form in schools" for w in spots)
    assert all(w.evaluation_areas[0].title != "Sixth form in schools"
               for w in briefing("riverside-high", "renewed-2025").weak_spots if not w.year_groups)


@pytest.mark.parametrize("when, requested, expected", [
    (date(2025, 11, 9), None, "eif-2019"),
    (date(2025, 11, 10), None, "renewed-2025"),
    (None, None, "renewed-2025"),
    (date(2024, 3, 1), "renewed-2025", "renewed-2025"),
    (date(2026, 3, 1), "eif-2019", "eif-2019"),
])
def test_the_inspection_date_picks_the_framework_unless_the_inspector_chooses(when, requested, expected):
    assert choose_framework(requested, when)[0] == expected
    assert build_briefing(analysis_of("hillside-community"), framework=requested,
                          inspection_date=when).framework["id"] == expected


def test_an_unknown_framework_is_refused_with_the_choices():
    with pytest.raises(FrameworkError, match="renewed-2025, eif-2019"):
        choose_framework("ofsted-2030")


def test_every_finding_area_and_enquiry_kind_is_mapped_for_every_toolkit():
    from nlp.findings.rules import FINDING_CODES
    from inspector_kit.triangulation import areas
    mapping = area_map()
    keys = [("finding", c) for c in FINDING_CODES] + [("area", a.code) for a in areas()] + \
           [("destinations", None), ("award", None)]
    for kind, code in keys:
        entry = mapping[kind] if code is None else mapping[kind][code]
        for t in toolkits().values():
            assert entry.get(t.id), (kind, code, t.id)
            for short in entry[t.id]:
                t.area(short)  # raises if the area does not exist


def test_every_evaluation_area_cites_where_its_wording_comes_from():
    for t in toolkits().values():
        assert t.areas and t.source_url.startswith("https://")
        for a in t.areas:
            assert a.wording and a.wording_source and a.source_url.startswith(("https://", "http://"))


# --- the toolkit never proposes a grade ----------------------------------------------------------------

def grade_pattern():
    words = sorted({g for f in frameworks().values() for g in f.grades}, key=len, reverse=True)
    assert "expected standard" in words and "requires improvement" in words
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


def evidence_text(slug) -> str:
    a = analysis_of(slug)
    texts = ([a.plan.text] if a.plan else []) + [n.text for n in a.notes]
    return " ".join(" ".join(texts).split()).lower()


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.mark.parametrize("slug, framework", CASES)
def test_no_output_attaches_a_grade_word_outside_a_quotation_of_the_evidence(slug, framework):
    grades, source = grade_pattern(), evidence_text(slug)
    b = build_briefing(analysis_of(slug), framework=framework, redact=False)  # quotations as in the source
    said = plain_text(b.blocks()) + list(strings(json.loads(render(b, "json"))))
    for text in said:
        if grades.search(text):
            assert " ".join(text.split()).lower() in source, (slug, framework, text[:120])


def test_the_grade_check_would_catch_a_grade_in_the_briefing_text():
    assert grade_pattern().search("Personal development and well-being: strong standard")
    assert not grade_pattern().search("good-quality information")


# --- the command line ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args, expected", [
    ([], "renewed-2025"),
    (["--framework", "eif-2019"], "eif-2019"),
    (["--inspection-date", "2025-10-01"], "eif-2019"),
    (["--inspection-date", "2025-10-01", "--framework", "renewed-2025"], "renewed-2025"),
])
def test_brief_chooses_the_framework_from_the_option_or_the_inspection_date(tmp_path, args, expected):
    from inspector_kit.cli import main

    out = tmp_path / "b.json"
    assert main(["brief", str(SCHOOLS / "hillside-community"), "--format", "json", "--out", str(out)] + args) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["framework"]["id"] == expected
    assert all(item["evaluation_areas"] for item in data["weak_spots"] + data["lines_of_enquiry"])


def test_brief_refuses_a_date_that_is_not_a_date(capsys):
    from inspector_kit.cli import main

    with pytest.raises(SystemExit):
        main(["brief", str(SCHOOLS / "hillside-community"), "--inspection-date", "10/11/2025"])
    assert "is not a date (YYYY-MM-DD)" in capsys.readouterr().err
