"""Widgets hold state in traitlets, check their forms, and hand requests to callbacks (no I/O)."""
import base64
from datetime import datetime, timezone

import pytest

from inspector_kit.ui.schools import SchoolIndex
from inspector_kit.ui.widgets import DownloadLinks, ErrorPanel, FindingReview, NoteEntry, SchoolPicker

FINDINGS = [{"id": "notes:day1.txt@10:website_only", "label": "Y11 group: Offer is mainly a website", "decision": None},
            {"id": "plan:plan:thin_ks3", "label": "Thin aims for years 7-8 (plan)", "decision": "dismissed"}]


def test_the_picker_narrows_the_list_and_reports_the_chosen_urn(schools_dir):
    picker = SchoolPicker(SchoolIndex.from_folder(schools_dir))
    picker.search.value = "hillside"
    assert [u for _, u in picker.choice.options] == ["101934"] and "1 of 14" in picker.count.value
    picker.choice.value = "101934"
    assert picker.urn == "101934"
    picker.search.value = "riverside"  # the chosen school stays chosen while it is filtered out
    assert picker.urn == "101934" and picker.choice.value is None


def test_setting_the_urn_selects_it_in_the_list(schools_dir):
    picker = SchoolPicker(SchoolIndex.from_folder(schools_dir))
    picker.urn = "148201"
    assert picker.choice.value == "148201"


def test_the_error_panel_hides_when_there_is_nothing_wrong():
    panel = ErrorPanel()
    assert panel.layout.display == "none" and panel.value == ""
    panel.problems = [{"code": "document.corrupt", "path": "/b/plan.docx", "message": "is not a Word file"}]
    assert panel.layout.display is None and "plan.docx" in panel.value and "is not a Word file" in panel.value


@pytest.mark.parametrize("reason, name, saved, message", [
    ("", "RM", False, "A decision needs a reason and the reviewer's name."),
    ("seen in lessons", "  ", False, "A decision needs a reason and the reviewer's name."),
    ("seen in lessons", "RM", True, "ok"),
])
def test_a_decision_needs_a_reason_and_a_name(reason, name, saved, message):
    calls = []
    review = FindingReview(on_decide=lambda *a: calls.append(a) or "ok")
    review.findings = FINDINGS
    review.reason.value, review.name.value = reason, name
    assert review.decide("dismissed") is saved
    assert review.status.message == message
    assert calls == ([(FINDINGS[0]["id"], "dismissed", reason, name)] if saved else [])


def test_options_show_each_findings_current_decision_and_keep_the_choice():
    review = FindingReview()
    review.findings = FINDINGS
    assert [label for label, _ in review.finding.options] == [
        "Y11 group: Offer is mainly a website [not yet reviewed]", "Thin aims for years 7-8 (plan) [dismissed]"]
    review.finding.value = FINDINGS[1]["id"]
    review.findings = [dict(FINDINGS[0], decision="accepted"), FINDINGS[1]]
    assert review.finding.value == FINDINGS[1]["id"]


def test_a_refused_decision_is_explained_and_the_form_stays_usable():
    def refuse(*_):
        raise RuntimeError("database is locked")
    review = FindingReview(on_decide=refuse)
    review.findings = FINDINGS
    review.reason.value, review.name.value = "why", "RM"
    assert review.decide("accepted") is False
    assert review.status.message == "Not saved: database is locked"
    assert not review.accept.disabled and review.reason.value == "why"


def test_downloads_are_data_links_made_on_demand():
    links = DownloadLinks(make=lambda fmt: (f"briefing.{fmt}", b"PK\x03\x04 fake"))
    assert links.links.value == ""
    links.prepare("docx")
    assert "download='briefing.docx'" in links.links.value
    uri = links.links.value.split("href='")[1].split("'")[0]
    assert uri.startswith("data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == b"PK\x03\x04 fake"
    links.reset()
    assert links.links.value == ""


def test_a_note_needs_text_and_an_author_and_is_handed_over():
    added = []
    entry = NoteEntry(on_add=lambda *a: added.append(a) or "added")
    assert entry.submit() is False and entry.status.message == "The note is empty."
    entry.label.value, entry.text.value = "Y9 group", "Nobody had a careers interview."
    assert entry.submit() is False and entry.status.message == "Say who wrote the note."
    entry.author.value = "AH"
    assert entry.submit() is True and added == [("Y9 group", "Nobody had a careers interview.", "AH")]
    assert entry.text.value == "" and entry.status.message == "added"


def test_an_uploaded_file_fills_the_text_box_for_checking():
    entry = NoteEntry(on_upload=lambda name, data: data.decode())
    entry.upload.value = ({"name": "day2.txt", "type": "text/plain", "size": 8, "content": memoryview(b"Y9 group"),
                           "last_modified": datetime(2026, 11, 10, tzinfo=timezone.utc)},)
    assert entry.text.value == "Y9 group" and "Read day2.txt" in entry.status.message
