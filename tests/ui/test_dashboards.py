"""The dashboards without a browser: opened synchronously (no event loop), they show the school named
in the link, keep working when evidence is broken, and record decisions and notes."""
import shutil

import pytest

from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.focus_groups import FocusGroupDashboard
from inspector_kit.ui.settings import DashboardSettings

HILLSIDE = "101934"


@pytest.fixture
def settings(schools_dir, tmp_path):
    return DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite", urn=HILLSIDE)


def test_the_briefing_dashboard_opens_the_linked_school_with_every_section(settings):
    d = BriefingDashboard(settings, prefetch=False).start()
    assert d.shown_urn == HILLSIDE and "data-urn='101934'" in d.header.value
    assert "data-code='website_only'" in d.weak_spots.value
    assert "<svg role='img'" in d.destinations.value
    for widget, anchor in ((d.website, "ik-website"), (d.gatsby, "ik-gatsby"), (d.contradictions, "ik-contradictions"),
                           (d.enquiries, "ik-enquiry")):
        assert f"id='{anchor}'" in widget.value
    assert d.status.message == "Showing Hillside Community School."
    assert any("website" in label for label, _ in d.review.finding.options)


def test_a_dismissal_shows_at_once_and_leaves_the_lines_of_enquiry(settings):
    d = BriefingDashboard(settings, prefetch=False).start()
    fid = next(i for label, i in d.review.finding.options if "website" in label.lower())
    assert "Offer is mainly a website" in d.enquiries.value or "website" in d.enquiries.value.lower()
    d.review.finding.value, d.review.reason.value, d.review.name.value = fid, "interviews seen", "RM"
    assert d.review.decide("dismissed")
    assert "data-decision='dismissed'" in d.weak_spots.value and "interviews seen" in d.weak_spots.value
    assert "[dismissed]" in dict((i, label) for label, i in d.review.finding.options)[fid]


def test_switching_school_shows_the_new_one(settings):
    d = BriefingDashboard(settings, prefetch=False).start()
    d.picker.urn = "104712"
    assert d.shown_urn == "104712" and "Riverside High School" in d.header.value


def test_an_unknown_school_in_the_link_is_reported_and_the_first_school_shown(schools_dir, tmp_path):
    s = DashboardSettings(bundles=schools_dir, review_db=tmp_path / "r.sqlite", urn="999999")
    d = FocusGroupDashboard(s, prefetch=False).start()
    assert d.shown_urn == "148201"  # Ashgrove Academy, first by name
    assert "the link names URN 999999, which is not in the bundles folder" in d.errors.value


def test_broken_evidence_is_listed_with_file_and_reason_and_the_rest_is_shown(tmp_path, schools_dir):
    bundles = tmp_path / "schools"
    shutil.copytree(schools_dir / "hillside-community", bundles / "hillside-community")
    (bundles / "hillside-community" / "careers.htm").write_bytes(b"")
    (bundles / "broken").mkdir()
    (bundles / "broken" / "school.toml").write_text("not toml [")
    d = FocusGroupDashboard(DashboardSettings(bundles=bundles, review_db=tmp_path / "r.sqlite"), prefetch=False).start()
    assert d.shown_urn == HILLSIDE
    assert "careers.htm" in d.errors.value and "school.toml" in d.errors.value and d.errors.layout.display is None
    assert d.notes.value.count("class='ik-note'") == 4  # the notes still load


def test_the_focus_group_dashboard_marks_notes_and_lists_findings_beside_them(settings):
    d = FocusGroupDashboard(settings, prefetch=False).start()
    assert d.notes.value.count("class='ik-note'") == 4
    assert 'class="ik-signal ik-negated' in d.notes.value and "class='ik-finding" in d.notes.value
    assert "<svg role='img'" in d.chart.value and "The chart's figures as a table" in d.chart.value


def test_a_pasted_note_appears_with_its_findings(settings):
    d = FocusGroupDashboard(settings, prefetch=False).start()
    d.note_entry.label.value = "Y7 group, 4 pupils"
    d.note_entry.text.value = "Nobody had met an employer or been to a workplace."
    d.note_entry.author.value = "AH"
    assert d.note_entry.submit(), d.note_entry.status.message
    assert d.notes.value.count("class='ik-note'") == 5 and "pasted-note-1.txt" in d.notes.value


def test_a_decision_made_on_one_dashboard_is_on_the_other(settings):
    groups = FocusGroupDashboard(settings, prefetch=False).start()
    fid = next(i for label, i in groups.review.finding.options if "website" in label.lower())
    groups.review.finding.value, groups.review.reason.value, groups.review.name.value = fid, "seen", "AH"
    assert groups.review.decide("accepted")
    briefing = BriefingDashboard(settings, prefetch=False).start()
    assert f"data-id='{fid}'" in briefing.weak_spots.value
    assert "[accepted]" in dict((i, label) for label, i in briefing.review.finding.options)[fid]


def test_controls_are_frozen_until_the_school_is_shown(settings):
    d = BriefingDashboard(settings, prefetch=False)
    seen = []
    original = d.prepare

    def spy(urn, quick=False):
        seen.append((d.review.dismiss.disabled, d.downloads.docx.disabled))
        return original(urn, quick)

    d.prepare = spy
    d.start()
    assert seen[0] == (True, True)  # until the school's first view is on screen
    assert not d.review.dismiss.disabled and not d.downloads.docx.disabled


def test_the_framework_dropdown_regroups_the_screen_and_the_download(settings):
    d = BriefingDashboard(settings, prefetch=False).start()
    assert "<h3>Personal development and well-being</h3>" in d.weak_spots.value
    assert "data-framework='renewed-2025'" in d.weak_spots.value
    d.framework.value = "eif-2019"
    assert "<h3>Personal development</h3>" in d.weak_spots.value
    assert "<h3>Personal development and well-being</h3>" not in d.enquiries.value
    name, data = d.export("html")
    assert b"<h3>Personal development</h3>" in data and b"Personal development and well-being" not in data
    assert "id='ik-context'" in d.context.value
