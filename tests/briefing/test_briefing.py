"""The pre-inspection briefing on every fixture bundle: weak spots with evidence, contradictions found,
four formats that say the same thing, no pupil's name in any export, no external request."""
import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from support import SCHOOLS
from inspector_kit.analysis import analyse_bundle
from inspector_kit.briefing import render
from inspector_kit.briefing.blocks import plain_text
from inspector_kit.briefing.build import build_briefing
from inspector_kit.briefing.renderers import docx_text
from inspector_kit.evidence import discover_bundles, load_bundle

STAFF = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z]+")
BUNDLES = [p.name for p in discover_bundles(SCHOOLS)]


@lru_cache(maxsize=None)
def briefing_for(slug):
    return build_briefing(analyse_bundle(load_bundle(SCHOOLS / slug)))


def expected(slug) -> dict:
    return tomllib.loads((SCHOOLS / slug / "expected.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def exports(slug) -> dict:
    b = briefing_for(slug)
    return {fmt: render(b, fmt) for fmt in ("html", "docx", "md", "json")}


@pytest.mark.parametrize("slug", BUNDLES)
def test_each_weak_spot_the_plan_was_written_to_show_appears_with_evidence(slug):
    plan_spots = {w.code: w for w in briefing_for(slug).weak_spots if w.source == "plan"}
    for code in expected(slug)["written_to_show"]:
        assert code in plan_spots, f"{slug}: {code} not found"
        assert plan_spots[code].quotes or plan_spots[code].searched


@pytest.mark.parametrize("slug", BUNDLES)
def test_weak_spots_the_plan_was_not_written_to_show_do_not_appear(slug):
    plan_codes = {w.code for w in briefing_for(slug).weak_spots if w.source == "plan"}
    assert plan_codes & set(expected(slug)["absent"]) == set()


CONTRADICTIONS = [(slug, c["area"], c["year_group"]) for slug in BUNDLES
                  for c in expected(slug).get("contradictions", [])]


@pytest.mark.parametrize("slug, area, year", CONTRADICTIONS)
def test_contradictions_written_into_the_fixtures_are_found_with_quotes_on_both_sides(slug, area, year):
    found = [t for t in briefing_for(slug).triangulation
             if t.status == "contradiction" and t.area.code == area and t.year_group == year]
    assert found, f"{slug}: no contradiction on {area} for Y{year}"
    assert found[0].plan and found[0].pupils


def test_a_weak_spot_quote_is_the_text_at_its_source_span():
    for w in briefing_for("riverside-high").weak_spots:
        for q in w.quotes:
            span = q["span"]
            doc_text = _document_text(span["file"])
            assert doc_text[span["start"]:span["end"]].strip() == q["text"] or "[Pupil" in q["text"]


@lru_cache(maxsize=None)
def _document_text(path):
    from inspector_kit.evidence import load_document
    return load_document(path).text


@pytest.mark.parametrize("slug", BUNDLES)
def test_no_pupil_name_from_the_notes_appears_in_any_export(slug):
    names = load_bundle(SCHOOLS / slug).pupil_names
    assert names, f"{slug} has no pupils named in its notes headings"
    for fmt, content in exports(slug).items():
        text = "\n".join(docx_text(content)) if fmt == "docx" else content
        text = STAFF.sub("", text)  # a published staff name ("Dr Marcus Bell") may share a pupil's first name
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"{name} in the {fmt} export of {slug}"


@pytest.mark.parametrize("slug", ["riverside-high", "hillside-community", "eastfield-college"])
def test_the_docx_says_what_the_html_says(slug):
    b = briefing_for(slug)
    html_text = exports(slug)["html"]
    docx_lines = "\n".join(docx_text(exports(slug)["docx"]))
    import html as h
    for line in plain_text(b.blocks()):
        assert line in docx_lines, line
        assert h.escape(line, quote=False) in html_text or h.escape(line) in html_text, line


@pytest.mark.parametrize("slug", ["riverside-high", "ashgrove-academy"])
def test_the_html_is_self_contained(slug):
    page = exports(slug)["html"]
    assert "<svg" in page  # charts inline
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<script" not in page and "@import" not in page and "url(" not in page


def test_the_same_evidence_gives_the_same_briefing():
    a = render(build_briefing(analyse_bundle(load_bundle(SCHOOLS / "westbrook-academy"))), "md")
    b = render(build_briefing(analyse_bundle(load_bundle(SCHOOLS / "westbrook-academy"))), "md")
    assert a == b
    d1 = render(build_briefing(analyse_bundle(load_bundle(SCHOOLS / "westbrook-academy"))), "docx")
    d2 = render(build_briefing(analyse_bundle(load_bundle(SCHOOLS / "westbrook-academy"))), "docx")
    assert d1 == d2


def test_json_has_every_section_and_lines_of_enquiry_are_ordered_by_weight():
    data = json.loads(exports("riverside-high")["json"])
    assert {"school", "destinations", "website_check", "gatsby", "weak_spots", "triangulation",
            "lines_of_enquiry"} <= set(data)
    weights = [e["weight"] for e in data["lines_of_enquiry"]]
    assert weights == sorted(weights, reverse=True) and len(weights) >= 3
    assert len(data["gatsby"]) == 8


def test_the_statutory_check_quotes_present_items_and_says_what_was_looked_for_when_missing():
    checks = {c.id: c for c in briefing_for("meadow-centre").website}
    assert not checks["website.leader_email"].present and checks["website.leader_email"].looked_for
    strong = {c.id: c for c in briefing_for("ashgrove-academy").website}
    assert all(c.present for c in strong.values()), [c.id for c in strong.values() if not c.present]
    assert "@" in strong["website.leader_email"].quote


def test_reviewers_decisions_appear_in_the_briefing_and_dismissed_spots_leave_the_enquiries(tmp_path):
    from inspector_kit.review_store import ReviewStore
    analysis = analyse_bundle(load_bundle(SCHOOLS / "westbrook-academy"))
    first = build_briefing(analysis)
    spot = first.weak_spots[0]
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record("145033", spot.id, "dismissed", reason="seen the evaluation report on site", reviewer="RM")
    again = build_briefing(analysis, decisions=store.current("145033"))
    decided = {w.id: w.decision for w in again.weak_spots}
    assert decided[spot.id]["reason"] == "seen the evaluation report on site"
    assert "seen the evaluation report on site" in render(again, "md")


@pytest.mark.parametrize("fmt", ["html", "docx", "md", "json"])
def test_the_cli_writes_each_format(tmp_path, fmt):
    from inspector_kit.cli import main
    out = tmp_path / f"b.{fmt}"
    assert main(["brief", str(SCHOOLS / "canal-side"), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
