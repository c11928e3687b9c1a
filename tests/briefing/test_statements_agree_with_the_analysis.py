"""On every fixture bundle, what the briefing says about a statutory duty or a weak spot agrees with the
analysis it came from, in HTML, Word, Markdown and JSON and on the dashboard.

Statements checked: each weak spot (which finding, on which evidence, which criteria, how each quotation
was read) and each item of the statutory website check (published or not, and the lead sentence).
"""
import html
import json
import re
from functools import lru_cache

import pytest

from support import SCHOOLS
from inspector_kit.analysis import analyse_bundle
from inspector_kit.briefing import render
from inspector_kit.briefing.build import build_briefing
from inspector_kit.briefing.checks import check_definitions, finding_tests
from inspector_kit.briefing.renderers import docx_text
from inspector_kit.briefing.sections import website_lead
from inspector_kit.evidence import discover_bundles, load_bundle
from inspector_kit.weak_spots import title
from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.settings import DashboardSettings
from nlp.findings.engine import evaluate_condition

BUNDLES = [p.name for p in discover_bundles(SCHOOLS)]
PUBLISHED_INFO = "missing_published_info"


@lru_cache(maxsize=None)
def briefed(slug):
    analysis = analyse_bundle(load_bundle(SCHOOLS / slug))
    briefing = build_briefing(analysis)
    formats = {fmt: render(briefing, fmt) for fmt in ("html", "md", "json", "docx")}
    formats["docx"] = docx_text(formats["docx"])
    return analysis, briefing, formats


def pieces(analysis):
    return ([analysis.plan] if analysis.plan else []) + list(analysis.notes)


@pytest.fixture(scope="module")
def dashboard(schools_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("agree")
    return BriefingDashboard(DashboardSettings(bundles=schools_dir, review_db=tmp / "r.sqlite"), prefetch=False).start()


def on_screen(dashboard, slug):
    entry = next(e for e in dashboard.cases.index.schools if e.folder.name == slug)
    dashboard.picker.urn = entry.urn
    assert dashboard.shown_urn == entry.urn
    return dashboard


# --- weak spots -----------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", BUNDLES)
def test_each_weak_spot_is_a_finding_of_the_analysis_with_its_criteria_and_readings(slug):
    analysis, briefing, _ = briefed(slug)
    found = {(p.finding_id(f)): (p, f) for p in pieces(analysis) for f in p.findings}
    engine_spots = [w for w in briefing.weak_spots if w.code != "offer_not_linked_to_labour_market"]
    assert {w.id for w in engine_spots} == set(found), "every finding is a weak spot, and no other"
    for w in engine_spots:
        piece, finding = found[w.id]
        assert (w.code, w.criteria, w.summary, w.title) == (finding.code, finding.criteria, finding.summary,
                                                             title(finding.code))
        assert w.source == ("plan" if piece.kind == "plan" else piece.label)
        records = [piece.located(e.signal) for e in finding.evidence if e.signal is not None]
        for q in w.quotes:  # the first evidence signal in that sentence is the one quoted
            record = next(r for r in records if r.sentence_source.as_dict() == q["span"])
            assert (q["signal"], q["rule"]) == (record.code, record.rule)
            assert q["tag"] == record.stance.value, "a quotation is tagged as the engine read it"


def _spot_lines(spot: dict) -> tuple[str, str]:
    scope = "plan" if spot["source"] == "plan" else f"notes, {spot['source']}"
    return f"{spot['title']} ({scope})", f"{spot['summary']} Criteria: {', '.join(spot['criteria'])}."


@pytest.mark.parametrize("slug", BUNDLES)
def test_every_format_states_each_weak_spot_with_its_criteria(slug):
    _, briefing, out = briefed(slug)
    spots = json.loads(out["json"])["weak_spots"]
    assert [(s["id"], s["code"], s["criteria"]) for s in spots] == \
        [(w.id, w.code, list(w.criteria)) for w in briefing.weak_spots]
    for spot in spots:
        heading, criteria = _spot_lines(spot)
        assert f"<h4>{html.escape(heading)}</h4>" in out["html"] and html.escape(criteria) in out["html"]
        assert f"#### {heading}\n" in out["md"] and criteria in out["md"]
        assert heading in out["docx"] and any(line.startswith(criteria) for line in out["docx"])


@pytest.mark.parametrize("slug", BUNDLES)
def test_the_dashboard_states_each_weak_spot_with_its_criteria(dashboard, slug):
    _, _, out = briefed(slug)
    shown = on_screen(dashboard, slug).weak_spots.value
    spots = json.loads(out["json"])["weak_spots"]
    articles = re.findall(r"<article class='ik-weak-spot[^']*' data-code='([^']+)' data-id='([^']+)'>", shown)
    assert sorted(articles) == sorted((html.escape(s["code"]), html.escape(s["id"])) for s in spots)
    for spot in spots:
        assert f"Criteria: {html.escape(', '.join(spot['criteria']))}." in shown
    if not spots:
        assert "The engine found no weak spot in the plan or the notes." in shown


# --- the statutory duty to publish careers information -------------------------------------------

@pytest.mark.parametrize("slug", BUNDLES)
def test_the_website_check_and_the_published_information_finding_agree(slug):
    analysis, briefing, _ = briefed(slug)
    plan = analysis.plan
    holds = plan is not None and plan.result.finding(PUBLISHED_INFO) is not None
    checks = {c.id: c for c in briefing.website}
    derived = [d for d in check_definitions() if d.get("finding") == PUBLISHED_INFO]
    assert derived, "the checklist derives from the engine's finding"
    for d in derived:
        failing = plan is not None and any(evaluate_condition(c, plan.signals, plan.text, ()).held
                                           for c in finding_tests(d))
        assert checks[d["id"]].present == (plan is not None and not (holds and failing)), d["id"]
    if plan is not None:
        assert holds == any(not checks[d["id"]].present for d in derived), \
            "the weak spot is there exactly when the checklist says an item it checks is missing"
        assert holds == any(w.code == PUBLISHED_INFO for w in briefing.weak_spots)


@pytest.mark.parametrize("slug", BUNDLES)
def test_every_format_and_the_dashboard_state_each_items_status(dashboard, slug):
    _, briefing, out = briefed(slug)
    data = json.loads(out["json"])["website_check"]
    assert [(c["id"], c["present"]) for c in data] == [(c.id, c.present) for c in briefing.website]
    lead = website_lead(data)
    shown = on_screen(dashboard, slug).website.value
    assert html.escape(lead) in out["html"] and lead in out["md"] and lead in out["docx"] and html.escape(lead) in shown
    for c in data:
        status = "present" if c["present"] else "MISSING"
        assert f"<td>{html.escape(c['title'])}</td><td>{status}</td>" in out["html"]
        assert f"| {c['title']} | {status} |" in out["md"]
        at = out["docx"].index(c["title"])
        assert out["docx"][at + 1] == status
        words = "Present" if c["present"] else "Missing"
        assert re.search(rf"<th scope='row'>{re.escape(html.escape(c['title']))}</th><td><span class='ik-badge [^']+'>"
                         rf"<span aria-hidden='true'>.</span> {words}</span>", shown), c["id"]
