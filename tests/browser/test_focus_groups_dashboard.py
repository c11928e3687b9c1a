"""The focus-group dashboard in a real browser: offline, a school chosen by search, its notes with
signals marked and findings beside them, the year-group chart, a finding dismissed and a note pasted,
both still there after the server restarts."""
import pytest

from harness import ALLOWED_EXTERNAL, choose_school, dashboard, open_dashboard, review, screenshot, unlabelled_controls

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

URN, NAME = "101934", "101934"  # searched by URN this time
REASON = "The Y11 pupils were describing an option evening, not the whole offer"
NOTE = "Nobody had met an employer this year. Two pupils had not heard of apprenticeships."


def test_focus_group_dashboard_offline_review_note_and_restart(page, review_db):
    with dashboard("focus_groups.ipynb", review_db) as url:
        seconds = open_dashboard(page, url)
        print(f"first school shown after {seconds:.1f} s")
        assert "from inspector_kit" not in page.content()

        choose_school(page, NAME, URN)
        finding = page.locator(".ik-finding[data-code='website_only']").first
        finding.wait_for()
        assert "Not yet reviewed" in finding.inner_text()
        page.locator(".ik-chart svg[role=img]").first.wait_for()
        assert page.locator(".ik-note").count() >= 4  # Y8, Y9, Y10, Y11 groups
        # negated and planned signals differ in style and carry a text tag, not colour alone
        negated = page.locator(".ik-note mark.ik-negated").first
        assert negated.locator(".ik-text").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert "· not" in negated.locator(".ik-label").first.inner_text()
        planned = page.locator(".ik-note mark.ik-hypothetical:not(.ik-uncertain):not(.ik-negated)").first
        assert planned.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dashed"
        assert "· planned" in planned.locator(".ik-label").first.inner_text()
        assert unlabelled_controls(page) == []

        review(page, "Offer is mainly a website", "dismissed", REASON, "A. Hussain OI")
        page.wait_for_selector(".ik-finding[data-code='website_only'] [data-decision='dismissed']")

        page.get_by_label("Group heading").fill("Y7 group, 4 pupils")
        page.get_by_label("Note text").fill(NOTE)
        page.get_by_label("Written by").fill("AH")
        page.get_by_role("button", name="Add note").click()
        page.wait_for_selector(".ik-note h3:has-text('Y7 group')")
        screenshot(page, "focus-groups-dashboard")
        external = page.requests.not_allowed()
        assert external == [], f"requests left 127.0.0.1: {external}; allowed: {ALLOWED_EXTERNAL}"

    # a restart: a new server (served as `make dashboard` does, pre-heated), the same database
    with dashboard("focus_groups.ipynb", review_db, preheat=True) as url:
        open_dashboard(page, url + f"?urn={URN}")
        decision = page.locator(".ik-finding[data-code='website_only'] [data-decision='dismissed']").first
        decision.wait_for()
        assert REASON in decision.inner_text() and "A. Hussain OI" in decision.inner_text()
        pasted = page.locator(".ik-note:has(h3:has-text('Y7 group'))")
        pasted.wait_for()
        assert "pasted-note-" in pasted.inner_text() and "apprenticeships" in pasted.inner_text()
        screenshot(page, "focus-groups-dashboard-after-restart")
        assert page.requests.not_allowed() == []
