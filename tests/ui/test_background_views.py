"""Schools' first views prepared in a separate process (inspector_kit.ui.preparer): a kernel uses them as its
own, they are the views it would have made (pupils' names redacted), a decision recorded since is never
shown from them, and a switch to a school with no view ready says at once which school is being read."""
import asyncio
import fcntl
import shutil
import subprocess
import sys
import time

import pytest

from inspector_kit.ui import preparer
from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.focus_groups import FocusGroupDashboard
from inspector_kit.ui.settings import DashboardSettings

ASHGROVE, HILLSIDE, MEADOW = "148201", "101934", "119718"
FOLDERS = ("ashgrove-academy", "hillside-community", "meadow-centre")
PUPILS = ("Aisha", "Callum", "Dylan", "Kayden", "Mason", "Lacey")  # named in the fixtures' notes
SECTIONS = ("header", "evidence", "website", "gatsby", "weak_spots", "triangulation", "enquiries", "findings",
            "destinations")


@pytest.fixture
def settings(schools_dir, tmp_path):
    bundles = tmp_path / "schools"
    for folder in FOLDERS:
        shutil.copytree(schools_dir / folder, bundles / folder)
    return DashboardSettings(bundles=bundles, review_db=tmp_path / "reviews.sqlite", urn=HILLSIDE,
                             view_cache=tmp_path / "views")


def run_preparer(settings, urns, kind=BriefingDashboard):
    """The background process as a kernel starts it (same command line), waited for."""
    done = subprocess.run(preparer.command(kind, settings, None, urns), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_kernel_shows_views_prepared_in_another_process_without_analysing(settings, tmp_path):
    run_preparer(settings, [ASHGROVE, MEADOW])
    kernel = BriefingDashboard(settings, prefetch=False)
    assert set(kernel.missing_views()) == {HILLSIDE}, "only the school not prepared"
    own = BriefingDashboard(DashboardSettings(bundles=settings.bundles, review_db=settings.review_db,
                                              view_cache=tmp_path / "own-views"), prefetch=False)
    for urn in (ASHGROVE, MEADOW):
        held = kernel._first_view(urn)
        assert held.get("from_cache") and not kernel.cases.cached(urn), "read, not analysed"
        made = own._first_view(urn)
        assert not made.get("from_cache")
        assert {k: held[k] for k in SECTIONS} == {k: made[k] for k in SECTIONS}


def test_views_prepared_in_the_background_name_no_pupil(settings):
    run_preparer(settings, [ASHGROVE, MEADOW])
    kept = [p.read_text(encoding="utf-8") for p in settings.view_cache.glob("*.json")]
    assert len(kept) == 2 and all("[Pupil A]" in text for text in kept)
    for name in PUPILS:
        assert not any(name in text for text in kept), f"{name} in a kept view"


def test_a_decision_recorded_after_the_background_preparation_is_not_hidden_by_it(settings):
    run_preparer(settings, [MEADOW])
    kernel = BriefingDashboard(settings, prefetch=False)
    spot = next(f["id"] for f in kernel._first_view(MEADOW)["findings"])
    kernel.cases.decide(MEADOW, spot, "dismissed", reason="seen the log of interviews", reviewer="RM")
    later = BriefingDashboard(settings, prefetch=False)
    assert set(later.missing_views()) == {ASHGROVE, HILLSIDE, MEADOW}
    again = later._first_view(MEADOW)
    assert not again.get("from_cache") and "seen the log of interviews" in again["weak_spots"]


def test_the_focus_group_dashboard_prepares_its_own_views(settings):
    run_preparer(settings, [ASHGROVE])
    assert set(FocusGroupDashboard(settings, prefetch=False).missing_views()) == {ASHGROVE, HILLSIDE, MEADOW}
    run_preparer(settings, [ASHGROVE], FocusGroupDashboard)
    assert FocusGroupDashboard(settings, prefetch=False)._first_view(ASHGROVE).get("from_cache")


def test_a_second_process_leaves_while_the_first_holds_the_lock(settings):
    settings.view_cache.mkdir(parents=True)
    name = f"{BriefingDashboard.__module__}:{BriefingDashboard.__qualname__}"
    with open(settings.view_cache / preparer.lock_name(name), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = time.monotonic()
        run_preparer(settings, [ASHGROVE])
        assert time.monotonic() - started < 60
        assert list(settings.view_cache.glob("*.json")) == []
    assert preparer.prepare(name, settings, None, [ASHGROVE]) == 1


def test_a_kernel_starts_the_process_only_for_views_not_kept(settings):
    async def started():
        d = BriefingDashboard(settings)
        d.prefetch_enabled = True
        d.SECOND_PASS_DELAY = 60  # only the first views matter here
        d.start()
        deadline = time.monotonic() + 300
        while d.background_views.is_alive():  # it waits for the process it started
            assert time.monotonic() < deadline, "the background process never ended"
            await asyncio.sleep(0.05)
        d.close()
        return d

    first = asyncio.run(started())
    assert first.preparer is not None and first.preparer.returncode == 0
    assert set(BriefingDashboard(settings, prefetch=False).missing_views()) <= {HILLSIDE}, "(the kernel keeps its own)"
    assert asyncio.run(started()).preparer is None, "every view kept: no process"


def switch_to_ashgrove(settings):
    """Open the briefing dashboard on Hillside, switch to Ashgrove once it is shown; every header on the way."""
    async def run():
        d = BriefingDashboard(settings, prefetch=False)
        d.SECOND_PASS_DELAY = 0.0
        headers = []
        d.header.observe(lambda change: headers.append(change["new"]), names="value")
        d.start()
        while d.shown_urn != HILLSIDE:
            await asyncio.sleep(0.02)
        d.urn = ASHGROVE
        deadline = time.monotonic() + 120
        while d.shown_urn != ASHGROVE:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        return d, headers

    return asyncio.run(run())


def test_a_switch_to_a_school_with_no_view_ready_shows_its_heading_before_its_view(schools_dir, tmp_path):
    s = DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite", urn=HILLSIDE)  # no view cache
    d, headers = switch_to_ashgrove(s)
    reading = [i for i, h in enumerate(headers) if f"id='ik-reading' data-urn='{ASHGROVE}'" in h]
    shown = [i for i, h in enumerate(headers) if f"id='ik-school' data-urn='{ASHGROVE}'" in h]
    assert reading and shown and reading[0] < shown[0]
    assert "Reading the school" in headers[reading[0]] and "aria-busy='true'" in headers[reading[0]]
    assert "Ashgrove" in headers[reading[0]]
    assert "ik-reading" not in d.header.value and "id='ik-weak-spots'" in d.weak_spots.value


def test_a_switch_to_a_school_kept_or_in_memory_shows_no_reading_state(settings):
    run_preparer(settings, [ASHGROVE])
    _, headers = switch_to_ashgrove(settings)
    assert not any("ik-reading" in h and ASHGROVE in h for h in headers)


def test_a_school_that_cannot_be_analysed_is_tried_once_not_by_every_kernel(settings):
    toml = settings.bundles / "meadow-centre" / "school.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('files = ["careers.txt"]', 'files = "careers.txt"'),
                    encoding="utf-8")  # [plan].files should be a list: the bundle cannot be read
    assert MEADOW in BriefingDashboard(settings, prefetch=False).missing_views()
    run_preparer(settings, [MEADOW])
    kernel = BriefingDashboard(settings, prefetch=False)
    assert "failed" not in kernel._first_view(MEADOW) and not kernel._first_view(MEADOW).get("from_cache")
    assert MEADOW not in kernel.missing_views(), "no process started for it again"
