"""HTML fragments: evidence escaped, readings marked by style and words, statuses never by colour alone."""
import re
from types import SimpleNamespace as S

import pytest

from inspector_kit.ui import views


@pytest.mark.parametrize("status, words", [
    ("present", "Present"), ("missing", "Missing"), ("contradicted", "Contradicted"),
    ("dismissed", "Dismissed"), ("not reviewed", "Not yet reviewed"), ("something new", "Something new"),
])
def test_badges_say_their_status_in_words(status, words):
    assert f"</span> {words}</span>" in views.badge(status)


def test_a_quotation_marks_the_signal_words_with_area_and_reading():
    quote = {"text": "None of them had heard of T levels.", "where": "notes.md l.4 (Y10 group)", "tag": "negated",
             "signal": "pathway.technical", "why": "routes pupils had not heard of"}
    out = views.quote_html(quote, "T levels")
    assert "<mark class='ik-sig ik-negated'>T levels</mark>" in out
    assert "Technical routes and apprenticeships: not done" in out
    assert "notes.md l.4 (Y10 group) – routes pupils had not heard of" in out


def test_a_quotation_whose_words_are_not_found_is_shown_whole_with_its_tag():
    out = views.quote_html({"text": "We will introduce work experience.", "where": "plan.md l.2", "tag": "planned"})
    assert "<span class='ik-quote ik-planned'>We will introduce work experience.</span>" in out and ">planned<" in out


def test_the_problem_panel_names_each_file_and_reason():
    out = views.problems_html([{"code": "document.scanned", "path": "/b/careers.pdf", "message": "has no text layer"},
                               {"code": "destinations.no_file", "path": None, "message": "no destination data"}])
    assert "(2)" in out and "<td>careers.pdf</td><td>has no text layer</td>" in out
    assert "<td>-</td><td>no destination data</td>" in out
    assert views.problems_html([]) == ""


def test_a_chart_is_one_image_with_its_description():
    out = views.svg_with_alt("<?xml version='1.0'?>\n<svg width='10'><text>x</text></svg>", "Destinations 'quoted'")
    assert out.startswith("<svg role='img' aria-label='Destinations &#x27;quoted&#x27;'")


def test_decisions_show_who_when_and_why():
    out = views.decision_html({"decision": "dismissed", "reviewer": "RM", "decided_at": "2026-11-10T09:00:00+00:00",
                               "reason": "pupils were Y7 <not Y8>"})
    assert "data-decision='dismissed'" in out and "Dismissed</span> by RM (2026-11-10T09:00:00+00:00)" in out
    assert "&lt;not Y8&gt;" in out
    assert "Not yet reviewed" in views.decision_html(None)


def test_destination_figures_that_are_not_reported_show_a_dash_never_zero():
    data = {"year": "2021/22", "version": "Revised", "breakdown": "Total", "cohort": None, "la_name": "Ealing",
            "comparison_group": "State-funded mainstream schools",
            "measures": [{"label": "Apprenticeships", "school": {"percentage": None}, "la": None,
                          "england": {"percentage": 3.2}, "diff_england_pp": None, "band": "not_reported",
                          "band_label": "not reported", "reason": "cohort under 6"}]}
    out = views.destinations_html(data, None, [])
    assert "suppressed pupils in the cohort" in out
    assert "<td>–</td><td>–</td><td>3.2%</td><td>–</td>" in out and "cohort under 6" in out
    assert "0.0%" not in out


def test_missing_destination_data_says_why():
    out = views.destinations_html(None, {"message": "no destination data file named for this school"}, [])
    assert "Destination data not available: no destination data file named for this school." in out


def test_signal_counts_split_affirmed_denied_and_planned_by_year_group():
    from nlp.stance import Stance

    notes = [S(year_groups=(8,), signals=[S(code="activity.employer_encounter", year_groups=(), stance=Stance.NEGATED),
                                          S(code="activity.employer_encounter", year_groups=(8,),
                                            stance=Stance.PLANNED)]),
             S(year_groups=(10, 11), signals=[S(code="resource.online", year_groups=(), stance=Stance.AFFIRMED)])]
    rows = views.signal_counts(notes)
    assert [(r["year"], r["code"], r["affirmed"], r["denied"], r["planned"], r["label"]) for r in rows] == [
        ("Y8", "activity.employer_encounter", 0, 1, 1, "0✓ 1✗ 1?"),
        ("Y10", "resource.online", 1, 0, 0, "1✓ 0✗"),
        ("Y11", "resource.online", 1, 0, 0, "1✓ 0✗"),
    ]


def test_a_note_is_marked_by_the_engine_with_readings_in_style_and_words():
    import nlp
    from inspector_kit.ui.cases import note_from_text

    note = note_from_text("Y10 group, 5 pupils", "None of them had heard of T levels. Work experience will "
                          "start next year.", "pasted-note-1.txt")[0]
    result = nlp.analyse(note.text, kind="notes", phase="11-16", year_groups=note.year_groups)
    analysis = S(note=note, label=note.label, year_groups=note.year_groups, text=note.text, result=result,
                 signals=result.signals, findings=result.findings, finding_id=lambda f: f"notes:x:{f.code}")
    out = views.note_html(analysis, {})
    assert "class=\"ik-signal ik-negated\"" in out and "· not" in out          # struck through + "not"
    assert "ik-hypothetical" in out and "· planned" in out                    # dashed + "planned"
    assert "Y10 group" in out and "pasted-note-1.txt l.2" in out
