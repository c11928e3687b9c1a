"""How fast the dashboards answer in a real browser, beside an empty Voilà notebook served the same way.

Measured with Debian's Chromium (Playwright, headless) against Voilà servers started here, each page
load in a fresh browser context (cold cache) and a fresh kernel, the runs of each page interleaved so
that a busy machine slows them alike:

- floor: an empty notebook (one ``ipywidgets.HTML``), from request to the widget on screen: kernel
  start, Voilà's page and the widget manager, i.e. what every Voilà page pays;
- briefing / focus groups: from request to the first interactive school view (the school's heading,
  weak spots and review form on screen; ``#ik-school`` is written last), and for the briefing also to
  the complete view with the destination charts;
- switch: choosing another school in the picker until its analysed view is on screen (``#ik-school``
  with its URN: heading, weak spots, review form), in a kernel that has analysed no other school: once
  straight after the complete first view (charts drawn), once straight after the first interactive
  view (the kernel's slow pass, with the engine's cold start, still under way), then for several
  schools after the background preparation has had time to run;
- switch with no view kept (a server with ``INSPECTOR_KIT_VIEW_CACHE=off``: a fresh installation, or
  the code or the bundle just changed): to the school's heading and the "reading the school's
  documents" state (``#ik-reading``), and to its analysed view (``#ik-school``), printed apart.

Schools' first views are kept in a view cache (``inspector_kit.ui.view_cache``) that starts empty in a
folder of this run: run 0 (not counted) opens the first school and so keeps its first view, as an
inspector's earlier visit would, and its kernel starts the background process that keeps the other
schools' first views (``inspector_kit.ui.preparer``); the switches in the counted runs read those. How
many views were kept when the counted runs began is printed.

With ``--preheat`` all three are served with Voilà's pre-heated kernels (``--preheat_kernel=True``: the
notebook runs before the request), and each load waits ``--pause`` seconds first so the pool has refilled.

Targets (issue 6): first view under 1.5x the floor; switching school under 500 ms. Issue 14: first view at most
1.2x the floor; switching school under 300 ms, also straight after the first view.
Run: .venv/bin/python benchmarks/bench_dashboard.py [--runs 3] [--preheat]   (needs /usr/bin/chromium)
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VOILA_FLAGS = ["--Voila.ip=127.0.0.1", "--no-browser", "--show_tracebacks=False",
               "--MappingKernelManager.cull_idle_timeout=120"]
EMPTY = """{"cells": [{"cell_type": "code", "execution_count": null, "id": "c0", "metadata": {}, "outputs": [],
 "source": ["import ipywidgets as w\\n", "w.HTML(\\"<h2 id='ik-empty'>Empty notebook</h2>\\")"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5}"""
SCHOOLS = ROOT / "fixtures" / "schools"
SWITCH_TO = ["104712", "148201", "136455", "143390", "139544", "130456"]
WAIT_MS = 120_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVERS: dict[str, int] = {}  # base URL -> Voilà server's pid


@contextmanager
def voila(notebook: Path, env: dict, extra: tuple = ()):
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("voila")), str(notebook), f"--port={port}", *VOILA_FLAGS,
                             *extra],
                            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        SERVERS[f"http://127.0.0.1:{port}/"] = proc.pid
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def offline(route):
    host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else "127.0.0.1"
    return route.continue_() if host == "127.0.0.1" else route.abort()


class Closing:
    """A browser context whose page's kernel is shut down with it (Voilà keeps kernels of closed pages
    until culled, and one still preparing schools would slow the next measurement)."""

    def __init__(self, context, page, base: str):
        self.context, self.base, self.kernels = context, base, set()
        page.on("websocket", lambda ws: self.kernels.update(re.findall(r"/api/kernels/([0-9a-f-]{36})", ws.url)))

    def close(self):
        """Close the page, then end its kernel: the server's child process started for that kernel id
        (Voilà's kernel API is closed to clients, so by process; pre-heated pool kernels are spared)."""
        import psutil

        self.context.close()
        for child in psutil.Process(SERVERS[self.base]).children(recursive=True):
            try:
                if any(k in " ".join(child.cmdline()) for k in self.kernels):
                    child.terminate()
                    child.wait(timeout=10)
            except (psutil.Error, OSError):
                pass


def load(browser, url: str, ready: str, complete: str | None = None):
    """Seconds from request to ``ready`` (and to ``complete``); the page is returned still open."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    closing = Closing(context, page, url.split("?")[0])
    page.route("**/*", offline)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, timeout=WAIT_MS)
    first = time.perf_counter() - start
    full = None
    if complete:
        page.wait_for_selector(complete, timeout=WAIT_MS)
        full = time.perf_counter() - start
    return page, closing, first, full


def switch(page, urn: str) -> float:
    select = page.get_by_label("School", exact=True)
    label = select.locator(f"option:has-text('URN {urn}')").inner_text()
    start = time.perf_counter()
    select.select_option(label=label)
    page.wait_for_selector(f"#ik-school[data-urn='{urn}']", timeout=WAIT_MS)
    return time.perf_counter() - start


def switch_unprepared(page, urn: str) -> tuple[float, float]:
    """Seconds to the school's heading in the reading state, and to its analysed view."""
    select = page.get_by_label("School", exact=True)
    label = select.locator(f"option:has-text('URN {urn}')").inner_text()
    start = time.perf_counter()
    select.select_option(label=label)
    try:
        page.wait_for_selector(f"#ik-reading[data-urn='{urn}'], #ik-school[data-urn='{urn}']", timeout=WAIT_MS)
        reading = time.perf_counter() - start
    except Exception:  # the code measured has no reading state
        reading = float("nan")
    page.wait_for_selector(f"#ik-school[data-urn='{urn}']", timeout=WAIT_MS)
    return reading, time.perf_counter() - start


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads of each kind (default 3)")
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds to wait before the warm switches (background preparation)")
    parser.add_argument("--preheat", action="store_true", help="serve with Voilà's pre-heated kernels")
    parser.add_argument("--pause", type=float, default=30.0, help="with --preheat: seconds before each load")
    args = parser.parse_args()
    extra = ("--preheat_kernel=True",) if args.preheat else ()
    pause = (lambda: time.sleep(args.pause)) if args.preheat else (lambda: None)
    if not os.access(CHROMIUM, os.X_OK):
        print(f"skipped: {CHROMIUM} is not installed (apt-get install chromium)")
        return 0
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    (tmp / "empty.ipynb").write_text(EMPTY)
    env = {"INSPECTOR_KIT_BUNDLES": str(SCHOOLS),
           "INSPECTOR_KIT_REVIEW_DB": str(tmp / "reviews.sqlite"),
           "INSPECTOR_KIT_VIEW_CACHE": str(tmp / "views")}  # empty at the start: run 0 makes the first views
    floor, brief_first, brief_full, groups_first, cold_switch, warm_switch = [], [], [], [], [], []
    early_switch, kept = [], None
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    print("mode: " + ("pre-heated kernels (--preheat_kernel=True)" if args.preheat else "cold kernels (Voilà's default)"))
    with sync_playwright() as pw, voila(tmp / "empty.ipynb", env, extra) as empty_url, \
            voila(ROOT / "notebooks" / "briefing.ipynb", env, extra) as briefing_url, \
            voila(ROOT / "notebooks" / "focus_groups.ipynb", env, extra) as groups_url:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for run in range(args.runs + 1):  # run 0 warms the servers' and the OS's caches and is not counted
            pause()
            page, ctx, t, _ = load(browser, empty_url, "#ik-empty")
            ctx.close()
            pause()
            if run == 1:
                kept = len(list((tmp / "views").glob("*.json")))
            if run == args.runs:  # the last page: a switch straight after the first interactive view
                page, ctx, t1, _ = load(browser, briefing_url, "#ik-school[data-urn]")
                early_switch.append(switch(page, SWITCH_TO[-1]))
                ctx.close()
                pause()
            page, ctx, t1, t2 = load(browser, briefing_url, "#ik-school[data-urn]", ".ik-chart svg")
            if run:
                floor.append(t)
                brief_first.append(t1)
                brief_full.append(t2)
            if run == args.runs:  # the last briefing page: switch schools
                cold_switch.append(switch(page, SWITCH_TO[0]))
                time.sleep(args.settle)
                for urn in SWITCH_TO[1:]:
                    warm_switch.append(switch(page, urn))
            ctx.close()
            pause()
            page, ctx, t, _ = load(browser, groups_url, "#ik-school[data-urn]")
            if run:
                groups_first.append(t)
            ctx.close()
        with voila(ROOT / "notebooks" / "briefing.ipynb", {**env, "INSPECTOR_KIT_VIEW_CACHE": "off"}, extra) as url:
            pause()
            page, ctx, _, _ = load(browser, url, "#ik-school[data-urn]", ".ik-chart svg")
            reading, analysed = switch_unprepared(page, SWITCH_TO[0])
            ctx.close()
        browser.close()

    f = med(floor)
    print(f"\n{'page (median of %d)' % args.runs:<44}{'seconds':>9}{'x floor':>9}{'target':>10}")
    print(f"{'empty Voilà notebook (floor)':<44}{f:>9.2f}{1:>9.2f}")
    print(f"{'briefing: first interactive school view':<44}{med(brief_first):>9.2f}{med(brief_first) / f:>9.2f}{'< 1.5x':>10}")
    print(f"{'briefing: complete with destination charts':<44}{med(brief_full):>9.2f}{med(brief_full) / f:>9.2f}")
    print(f"{'focus groups: first interactive school view':<44}{med(groups_first):>9.2f}{med(groups_first) / f:>9.2f}{'< 1.5x':>10}")
    print(f"\nfirst views kept when the counted runs began: {kept} (both dashboards, "
          f"{len(list(SCHOOLS.glob('*/school.toml')))} schools each; the background process started by run 0's kernels)")
    print(f"switch school (briefing), straight after the complete first view (charts): {cold_switch[0] * 1000:.0f} ms"
          " (target < 300 ms)")
    print(f"switch school (briefing), straight after the first interactive view: {early_switch[0] * 1000:.0f} ms"
          " (target < 300 ms)")
    print(f"switch with no view kept (view cache off), straight after the complete first view: heading and "
          f"'reading the school's documents' {reading * 1000:.0f} ms, analysed view {analysed * 1000:.0f} ms")
    print(f"switch school (briefing), after {args.settle:.0f} s: median {med(warm_switch) * 1000:.0f} ms, "
          f"max {max(warm_switch) * 1000:.0f} ms over {len(warm_switch)} schools (target < 300 ms)")
    print("all runs (s): floor " + ", ".join(f"{x:.2f}" for x in floor) + "; briefing " +
          ", ".join(f"{x:.2f}" for x in brief_first) + "; focus groups " + ", ".join(f"{x:.2f}" for x in groups_first))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
