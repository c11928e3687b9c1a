"""Fixtures for the browser tests: one Chromium per test module, a fresh page (recording and
aborting external requests) and a temporary review database per test. Helpers are in harness.py."""
from pathlib import Path

import pytest

from harness import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, RequestLog, require_chromium


@pytest.fixture(scope="module")
def browser():
    """Module scope, not session: Playwright's sync API keeps an asyncio loop running in the main thread
    while it is open, and later tests (the dashboards opened without a browser) must see none."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    log = RequestLog()
    page.route("**/*", log.route)
    page.requests = log
    yield page
    context.close()


@pytest.fixture
def review_db(tmp_path) -> Path:
    return tmp_path / "reviews.sqlite"
