"""A school's first view kept on disk: a new kernel shows it without the engine, and anything it was
made from (a bundle file, a decision, a pasted note, a damaged entry) makes it be made again."""
import shutil

import pytest

from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.focus_groups import FocusGroupDashboard
from inspector_kit.ui.settings import DashboardSettings

HILLSIDE = "101934"
SECTIONS = ("header", "evidence", "website", "gatsby", "weak_spots", "triangulation", "enquiries", "findings",
            "destinations")


@pytest.fixture
def settings(schools_dir, tmp_path):
    bundles = tmp_path / "schools"
    shutil.copytree(schools_dir / "hillside-community", bundles / "hillside-community")
    return DashboardSettings(bundles=bundles, review_db=tmp_path / "reviews.sqlite", urn=HILLSIDE,
                             view_cache=tmp_path / "views")


def new_kernel(settings, kind=BriefingDashboard):
    """A dashboard as a fresh kernel makes it: nothing analysed in this process for it yet."""
    return kind(settings, prefetch=False)


def test_the_next_kernel_shows_the_same_first_view_without_analysing(settings):
    made = new_kernel(settings)._first_view(HILLSIDE)
    assert not made.get("from_cache") and made["more"]
    second = new_kernel(settings)
    held = second._first_view(HILLSIDE)
    assert held.get("from_cache") and not second.cases.cached(HILLSIDE), "no analysis for the cached view"
    assert {k: held[k] for k in SECTIONS} == {k: made[k] for k in SECTIONS}
    assert held["problems"] == made["problems"]


def test_the_second_pass_after_a_cached_view_analyses_for_real(settings):
    new_kernel(settings).start()
    d = new_kernel(settings).start()  # synchronous: first view from the cache, then the second pass
    assert d.cases.cached(HILLSIDE) and d.shown_urn == HILLSIDE
    assert "Loading the destination data" not in d.destinations.value  # the slow stage has been done
    assert d.status.message == "Showing Hillside Community School."


def test_an_edited_bundle_file_is_not_shown_from_the_cache(settings):
    new_kernel(settings)._first_view(HILLSIDE)
    plan = settings.bundles / "hillside-community" / "careers.htm"
    plan.write_text(plan.read_text(encoding="utf-8").replace("</body>", "<p>Every pupil meets an employer.</p></body>"),
                    encoding="utf-8")
    assert not new_kernel(settings)._first_view(HILLSIDE).get("from_cache")


def test_a_decision_recorded_since_makes_the_view_again_with_the_decision(settings):
    first = new_kernel(settings).start()
    fid = next(i for label, i in first.review.finding.options if "website" in label.lower())
    first.cases.decide(HILLSIDE, fid, "dismissed", reason="interviews seen", reviewer="RM")
    again = new_kernel(settings)._first_view(HILLSIDE)
    assert not again.get("from_cache") and "interviews seen" in again["weak_spots"]


def test_a_damaged_entry_is_made_again_without_an_error(settings):
    made = new_kernel(settings)._first_view(HILLSIDE)
    for entry in settings.view_cache.glob("*.json"):
        entry.write_text(entry.read_text(encoding="utf-8")[:40], encoding="utf-8")
    again = new_kernel(settings)._first_view(HILLSIDE)
    assert not again.get("from_cache") and "failed" not in again and again["weak_spots"] == made["weak_spots"]
    assert new_kernel(settings)._first_view(HILLSIDE).get("from_cache"), "and kept again"


def test_the_focus_group_dashboard_keeps_its_own_first_view(settings):
    new_kernel(settings)._first_view(HILLSIDE)
    d = new_kernel(settings, FocusGroupDashboard)
    assert not d._first_view(HILLSIDE).get("from_cache"), "a briefing view is not a focus-group view"
    assert new_kernel(settings, FocusGroupDashboard)._first_view(HILLSIDE).get("from_cache")


def test_no_folder_means_no_cache(settings, tmp_path):
    off = DashboardSettings(bundles=settings.bundles, review_db=settings.review_db, urn=HILLSIDE)
    new_kernel(off)._first_view(HILLSIDE)
    assert not new_kernel(off)._first_view(HILLSIDE).get("from_cache")


def test_a_view_grouped_by_another_framework_is_not_shown_for_this_one(settings):
    new_kernel(settings)._first_view(HILLSIDE)
    other = new_kernel(settings)
    other.cases.framework = "eif-2019"
    assert not other._first_view(HILLSIDE).get("from_cache")
