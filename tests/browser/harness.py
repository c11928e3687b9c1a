"""Drive Debian's Chromium with Playwright against a Voilà dashboard served from this checkout.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (``make browser`` installs it).
Every request the page makes is recorded; requests that would leave 127.0.0.1 are aborted (so the test
proves the page works offline) and must be on :data:`ALLOWED_EXTERNAL`, the ones known to fail harmlessly.
"""
from __future__ import annotations

import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for support.py
from support import ROOT, SCHOOLS, voila_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "_artifacts" / "screenshots"

# Requests the page makes to the internet that fail harmlessly offline (aborted by the test).
ALLOWED_EXTERNAL = (
    # Voilà's page template links Font Awesome's CSS from a CDN; offline only icons are lost, and the
    # dashboards use no icons (every status is a word and a text symbol).
    re.compile(r"^https://cdn\.jsdelivr\.net/npm/@fortawesome/fontawesome-free@[^/]+/css/(all|v4-shims)\.min\.css$"),
)
LOCAL_HOSTS = {"127.0.0.1"}
WAIT_MS = 90_000  # a cold kernel on a busy 2-core CI machine


def require_chromium():
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (run `make browser` as root, "
                    "or `apt-get install chromium`); never `playwright install`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright (Python package) is not installed: pip install -e '.[dev]'")


class RequestLog:
    """Every URL the page asked for; external ones are aborted and kept apart."""

    def __init__(self):
        self.urls: list[str] = []
        self.external: list[str] = []

    def route(self, route):
        url = route.request.url
        self.urls.append(url)
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            self.external.append(url)
            route.abort()
        else:
            route.continue_()

    def not_allowed(self) -> list[str]:
        return [u for u in self.external if not any(p.match(u) for p in ALLOWED_EXTERNAL)]


@contextmanager
def dashboard(notebook: str, review_db: Path, preheat: bool = False):
    """Serve a dashboard on the fixture bundles with a given review database; yield its URL.

    ``preheat``: as ``make dashboard`` serves it (Voilà's pre-heated kernels: the notebook runs before
    the request, and the link's ``?urn=`` is picked up when the request arrives)."""
    env = {"INSPECTOR_KIT_BUNDLES": str(SCHOOLS), "INSPECTOR_KIT_REVIEW_DB": str(review_db)}
    with voila_server(notebook, env=env, args=("--preheat_kernel=True",) if preheat else ()) as url:
        yield url


def open_dashboard(page, url: str) -> float:
    """Navigate and wait until a school is shown; returns the seconds it took."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#ik-school[data-urn]", timeout=WAIT_MS)
    return time.perf_counter() - start


def choose_school(page, search: str, urn: str) -> None:
    """Search with the picker, choose the school, wait for its view."""
    page.get_by_label("Search schools by name or URN").fill(search)
    # the list is filtered in the kernel; choose only once it has been (the list syncs by position)
    page.get_by_text(re.compile(r"^\d+ of \d+ schools match$")).wait_for()
    select = page.get_by_label("School", exact=True)
    option = select.locator(f"option:has-text('URN {urn}')")
    option.wait_for(state="attached")
    select.select_option(label=option.inner_text())
    page.wait_for_selector(f"#ik-school[data-urn='{urn}']", timeout=WAIT_MS)


def review(page, finding_text: str, decision: str, reason: str, reviewer: str) -> str:
    """Choose the first finding whose label contains ``finding_text`` and record a decision; returns its label."""
    select = page.get_by_label("Finding", exact=True)
    option = select.locator(f"option:has-text('{finding_text}')").first
    option.wait_for(state="attached")
    label = option.inner_text()
    select.select_option(label=label)
    page.get_by_label("Reason", exact=True).fill(reason)
    page.get_by_label("Reviewer's name").fill(reviewer)
    button = {"dismissed": "Dismiss finding", "accepted": "Accept finding"}[decision]
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(f".ik-review [role=status]:has-text('Saved: {decision}')", timeout=WAIT_MS)
    return label


def unlabelled_controls(page) -> list[str]:
    """Form controls with no accessible name (no label, aria-label or text)."""
    return page.evaluate("""() => {
        const bad = [];
        for (const el of document.querySelectorAll('input, select, textarea, button')) {
            if (el.type === 'hidden' || el.offsetParent === null) continue;
            const id = el.id;
            const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
            const name = (el.getAttribute('aria-label') || (label && label.textContent) ||
                          (el.closest('label') && el.closest('label').textContent) ||
                          (el.tagName === 'BUTTON' ? el.textContent : '') || el.title || '').trim();
            if (!name) bad.push(el.outerHTML.slice(0, 120));
        }
        return bad;
    }""")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Voilà scrolls inside a panel, not the body: make the viewport as tall as the content instead
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 16000)})
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    print(f"screenshot: {path}")
    return path
