"""Switching school in a running kernel (an event loop, as in Voilà): the switch waits for nothing done
for the school the inspector left, and the background preparation gives way while a school loads."""
import asyncio
import dataclasses
import threading
import time

import pytest

from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.settings import DashboardSettings

ASHGROVE, RIVERSIDE, KINGS, HILLSIDE = "148201", "104712", "136455", "101934"


@pytest.fixture
def settings(schools_dir, tmp_path):
    return DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite", urn=ASHGROVE)


async def shown(dashboard, urn, complete=True, timeout=120):
    """Wait until ``urn`` is on screen (and, with ``complete``, its slow pass is done)."""
    deadline = time.monotonic() + timeout
    while not (dashboard.shown_urn == urn and not (complete and dashboard.status.message.endswith("loading..."))):
        assert time.monotonic() < deadline, f"URN {urn} never shown: {dashboard.status.message}"
        await asyncio.sleep(0.02)


def test_a_school_left_before_its_slow_pass_ends_never_has_its_destination_data_compared(settings):
    async def run():
        d = BriefingDashboard(settings, prefetch=False)
        d.SECOND_PASS_DELAY = 0.0
        analysing = threading.Event()
        engine_case = d.cases.case

        def case(urn):  # Ashgrove's slow pass (it is on screen) is under way when the inspector switches
            if urn == ASHGROVE and d.shown_urn == ASHGROVE and not analysing.is_set():
                analysing.set()
                time.sleep(0.3)
            return engine_case(urn)

        d.cases.case = case
        d.start()
        while not analysing.is_set():
            await asyncio.sleep(0.01)
        d.urn = RIVERSIDE
        await shown(d, RIVERSIDE)
        await asyncio.sleep(0.5)  # what Ashgrove's pass would still do, it would have done by now
        return d

    d = asyncio.run(run())
    assert d.cases.case(RIVERSIDE).destinations_done
    assert not d.cases.case(ASHGROVE).destinations_done


def test_the_slow_pass_analyses_before_it_starts_the_chart_converter(settings):
    order = []
    d = BriefingDashboard(settings, prefetch=False)
    d.warm_up = lambda: order.append("charts")
    engine_case = d.cases.case
    d.cases.case = lambda urn: order.append("engine") or engine_case(urn)
    d._slow_pass(ASHGROVE, token=d._token)
    assert order.index("engine") < order.index("charts")


def test_background_preparation_waits_while_a_school_loads_for_the_inspector(settings):
    d = BriefingDashboard(settings, prefetch=False)
    d._quiet.clear()  # the inspector has asked for a school that is not shown yet
    worker = threading.Thread(target=d.prefetch, args=([RIVERSIDE, KINGS],), daemon=True)
    worker.start()
    time.sleep(0.6)
    assert not d.cases.cached(RIVERSIDE)
    d._quiet.set()  # shown: the background may go on
    worker.join(timeout=120)
    assert d.cases.cached(RIVERSIDE) and d.cases.cached(KINGS)
    assert d.cases.case(KINGS).destinations_done


def test_background_preparation_stops_when_the_dashboard_closes_while_it_waits(settings):
    d = BriefingDashboard(settings, prefetch=False)
    d._quiet.clear()
    worker = threading.Thread(target=d.prefetch, args=([RIVERSIDE],), daemon=True)
    worker.start()
    d.close()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert not d.cases.cached(RIVERSIDE)


def test_a_thread_told_to_give_way_draws_its_chart_only_when_let(monkeypatch):
    from inspector_kit.ui import charts

    spec = {"data": {"values": [{"a": 2}]}, "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    let = threading.Event()
    out = []

    def background():
        charts.give_way_with(let.wait)
        out.append(charts.svg(spec))

    worker = threading.Thread(target=background, daemon=True)
    worker.start()
    time.sleep(0.3)
    assert out == [] and worker.is_alive()
    let.set()
    worker.join(timeout=60)
    assert out and out[0].startswith("<svg")
    assert charts.svg(spec) == out[0]  # other threads are not held back


def test_background_preparation_keeps_first_views_for_the_next_kernel(schools_dir, tmp_path):
    s = DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite", urn=ASHGROVE,
                          view_cache=tmp_path / "views")
    d = BriefingDashboard(s, prefetch=False)
    d.prefetch([RIVERSIDE])
    later = BriefingDashboard(s, prefetch=False)
    assert later._first_view(RIVERSIDE).get("from_cache")


def test_a_decision_made_while_the_slow_pass_runs_stays_on_screen_when_that_pass_ends(settings):
    """The labour-market chart is in the first view, so a reviewer can decide before the destination data
    is compared; the slow pass started before the decision must not redraw the weak spots without it."""
    async def run():
        d = BriefingDashboard(dataclasses.replace(settings, urn=HILLSIDE), prefetch=False)
        d.SECOND_PASS_DELAY = 0.0
        stalled, release = threading.Event(), threading.Event()
        real_prepare = d.prepare

        def prepare(urn, quick=False):  # the slow pass has drawn its view and is about to hand it over
            prepared = real_prepare(urn, quick)
            if not quick and threading.current_thread() is not threading.main_thread() and not stalled.is_set():
                stalled.set()
                release.wait(60)
            return prepared

        d.prepare = prepare
        d.start()
        while not stalled.is_set():
            await asyncio.sleep(0.01)
        finding = d.review.findings[0]["id"]
        d.decide(finding, "dismissed", "Pupils said otherwise", "R. Morgan HMI")
        assert "data-decision='dismissed'" in d.weak_spots.value
        release.set()
        await shown(d, HILLSIDE)
        while not d.status.message.startswith("Showing") or "checking" in d.status.message:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        return d

    d = asyncio.run(run())
    assert "data-decision='dismissed'" in d.weak_spots.value and "Pupils said otherwise" in d.weak_spots.value
    assert d.status.message == "Showing Hillside Community School."
    assert d.cases.case(HILLSIDE).destinations_done
