"""The briefing dashboard in a real browser: offline, a school chosen by search, its weak spots and
charts shown, a weak spot dismissed, the briefing downloaded with the decision, and the decision still
there after the server restarts."""
import io

import pytest

from harness import ALLOWED_EXTERNAL, choose_school, dashboard, open_dashboard, review, screenshot, unlabelled_controls

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

URN, NAME = "101934", "Hillside"
REASON = "Pupils in Y9 said the adviser now runs interviews"


def test_briefing_dashboard_offline_review_download_and_restart(page, review_db):
    with dashboard("briefing.ipynb", review_db) as url:
        seconds = open_dashboard(page, url)
        print(f"first school shown after {seconds:.1f} s")
        assert "from inspector_kit" not in page.content()  # source code is not shown

        choose_school(page, NAME, URN)
        spot = page.locator("article.ik-weak-spot[data-code='website_only']").first
        spot.wait_for()
        assert "Not yet reviewed" in spot.inner_text()
        # the destination charts follow the text (the labour-market chart is in the first view already)
        page.locator(".ik-section-destinations .ik-chart svg[role=img]").first.wait_for()
        assert page.locator("#ik-website").is_visible() and page.locator("#ik-gatsby").is_visible()
        assert page.locator("#ik-enquiry").is_visible() and page.locator("#ik-contradictions").is_visible()
        assert unlabelled_controls(page) == []
        # the page shows the briefing model's sections in its order, under its headings (as the files do)
        from inspector_kit.briefing.sections import sections
        shown = page.evaluate("Array.from(document.querySelectorAll('h2[id]')).map(h => [h.id, h.innerText.trim()])")
        anchors = {s.anchor for s in sections()}
        assert [tuple(h) for h in shown if h[0] in anchors] == [(s.anchor, s.title) for s in sections()]

        review(page, "Offer is mainly a website", "dismissed", REASON, "R. Morgan HMI")
        page.wait_for_selector("article.ik-weak-spot[data-code='website_only'] [data-decision='dismissed']")

        page.get_by_role("button", name="Prepare Word briefing").click()
        link = page.locator("a.ik-download-docx")
        link.wait_for()
        with page.expect_download() as download:
            link.click()
        import docx
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
        assert REASON in text and "Hillside Community School" in text
        screenshot(page, "briefing-dashboard")

        external = page.requests.not_allowed()
        assert external == [], f"requests left 127.0.0.1: {external}; allowed: {ALLOWED_EXTERNAL}"

    # a restart: a new server (served as `make dashboard` does, pre-heated), the same database
    with dashboard("briefing.ipynb", review_db, preheat=True) as url:
        open_dashboard(page, url + f"?urn={URN}")
        page.wait_for_selector(f"#ik-school[data-urn='{URN}']")
        decision = page.locator("article.ik-weak-spot[data-code='website_only'] [data-decision='dismissed']").first
        decision.wait_for()
        assert REASON in decision.inner_text() and "R. Morgan HMI" in decision.inner_text()
        screenshot(page, "briefing-dashboard-after-restart")
        assert page.requests.not_allowed() == []


def test_a_switch_straight_after_the_first_view_shows_the_school_chosen_with_names_redacted(page, review_db):
    with dashboard("briefing.ipynb", review_db) as url:
        open_dashboard(page, url + f"?urn={URN}")
        choose_school(page, "Ashgrove", "148201")  # never opened in this kernel
        page.wait_for_selector("#ik-school[data-urn='148201']")
        assert page.locator("#ik-weak-spots").is_visible() and page.locator("#ik-enquiry").is_visible()
        assert page.locator("#ik-reading").count() == 0, "the reading state is gone once the view is shown"
        text = page.locator("body").inner_text()
        assert "Ashgrove Academy" in text
        for pupil in ("Aisha", "Callum", "Dylan"):  # named in Ashgrove's notes
            assert pupil not in text
        assert page.requests.not_allowed() == []
