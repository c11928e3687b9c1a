"""What both dashboards share: choose a school, load it without freezing the page, show problems.

Opening a school runs in a worker thread (the analysis and chart drawing take a few hundred
milliseconds; the first one also pays for importing spaCy), and the widgets are updated on the kernel's
event loop when it is done, so the page stays responsive and a second choice simply supersedes the first.
It comes in two passes when the second is slow: first what the text shows (``prepare(urn, quick=True)``),
then everything else (destination data and charts, whose libraries take seconds to import cold).
After the first school is shown, the others are prepared in the background, so switching is instant.
A switch never waits for work on the school it leaves: the slow pass runs in stages, the engine first
(which the next school needs too), and stops between stages once another school is chosen; the
background preparation pauses between stages while the inspector is loading a school.
Without an event loop (tests, scripts) everything runs synchronously.

Served with Voilà's pre-heated kernels (``--preheat_kernel=True``), the notebook runs before anyone asks
for the page: the first school is ready when the inspector arrives, and the school named in the link
(``?urn=``) is opened as soon as the request reaches the kernel. A pre-heated kernel waits for its
request before preparing the other schools, so idle kernels in the pool cost no CPU.

A school's first view, once made, is kept on disk (:mod:`inspector_kit.ui.view_cache`, keyed by the
bundle's files, the review database's entries for it and the toolkit's code and rules): a new kernel
shows it without starting the engine, and the second pass analyses the evidence for real behind it.
The schools prepared in the background have their first views kept too.

In a kernel, :meth:`Dashboard.start` also starts a separate process (:mod:`inspector_kit.ui.preparer`)
that keeps the first views of the schools whose views are not kept yet, with this dashboard's code, on
the other core: a switch straight after the first view then reads a kept view instead of waiting for
the engine's cold start in this kernel. A switch to a school with no view ready shows its heading and
"Reading the school's documents..." at once (``#ik-reading``), then its analysed view (``#ik-school``).
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import threading
from importlib import resources

import ipywidgets as w
import traitlets as t

from inspector_kit.errors import problem
from inspector_kit.ui import charts, preparer, views
from inspector_kit.ui.cases import Cases, unexpected
from inspector_kit.ui.settings import DashboardSettings
from inspector_kit.ui.view_cache import ViewCache
from inspector_kit.ui.widgets import ErrorPanel, Panel, SchoolPicker, StatusLine


def stylesheet() -> str:
    """The dashboards' CSS, shipped beside the code and inlined (nothing fetched)."""
    return resources.files(__package__).joinpath("dashboard.css").read_text(encoding="utf-8")


class Dashboard(w.VBox):
    """Base class: subclasses set ``uses_destinations`` and implement ``prepare`` (worker thread, no
    widgets touched) and ``show`` (event loop, widgets updated)."""

    urn = t.Unicode(None, allow_none=True)
    loading = t.Bool(False)
    shown_urn = t.Unicode(None, allow_none=True)

    uses_destinations = True
    SECOND_PASS_DELAY = 0.2  # seconds between the first view and the slow pass (on a 2-core laptop)

    def __init__(self, settings: DashboardSettings | None = None, cases: Cases | None = None, *,
                 prefetch: bool = True, **kwargs):
        self.settings = settings or DashboardSettings.from_environment()
        self.cases = cases or Cases(self.settings, destinations=self.uses_destinations)
        self.prefetch_enabled = prefetch
        self.views = ViewCache(self.settings.view_cache)
        self.css = w.HTML(f"<style>{stylesheet()}</style>")
        self.status = StatusLine()
        self.errors = ErrorPanel()
        self.picker = SchoolPicker(self.cases.index)
        self._token = 0
        self._edits = 0  # decisions, notes and framework changes made on this page: a view prepared before one is stale
        self._stop = threading.Event()
        self._quiet = threading.Event()  # set while no school is loading for the inspector
        self._quiet.set()
        self._prefetcher: threading.Thread | None = None
        self.preparer: subprocess.Popen | None = None  # the background process keeping first views
        self.background_views: threading.Thread | None = None  # starts it and waits for it
        super().__init__([self.css, self.picker, self.status, self.errors] + self.body(), **kwargs)
        self.add_class("ik-dashboard")
        t.link((self.picker, "urn"), (self, "urn"))
        self.errors.problems = list(self.cases.problems)

    # --- to implement ----------------------------------------------------------------------------

    def body(self) -> list[w.Widget]:
        """The page's widgets below the picker; each dashboard supplies its own."""
        return []

    def prepare(self, urn: str, quick: bool = False) -> dict:
        """What to show for ``urn`` (worker thread). With ``quick``, may leave out slow parts and say so
        with ``"more": True``; the dashboard then shows it and asks again without ``quick``."""
        raise NotImplementedError

    def show(self, prepared: dict) -> None:
        """Put a prepared view on the page; each dashboard supplies its own."""
        raise NotImplementedError

    def warm_up(self) -> None:
        """Imports and first calls to pay for before the first school (worker thread)."""

    def analysed_outputs(self) -> list[w.HTML]:
        """The outputs drawn from the school's analysis, cleared while a school never prepared is read."""
        return []

    def show_reading(self, entry) -> None:
        """A school with no view ready: its heading and that its documents are being read, at once, instead
        of the last school's sections (whose controls are frozen meanwhile)."""
        self.errors.problems = list(self.cases.problems)
        for output in self.analysed_outputs():
            output.value = ""
        self.header.value = self.section(views.reading_html(entry))

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> "Dashboard":
        """Open the school named in the link (``?urn=``), else the first in the folder."""
        first = self.settings.urn if self.cases.index.get(self.settings.urn) else None
        if first is None and self.cases.index.schools:
            first = self.cases.index.schools[0].urn
        if self.settings.urn and first != self.settings.urn:
            self.cases.problems.append(problem("dashboard.unknown_urn", f"the link names URN {self.settings.urn}, "
                                               "which is not in the bundles folder", self.settings.bundles))
            self.errors.problems = list(self.cases.problems)
        if first:
            self.urn = first
        else:
            self.status.message = "No school bundles found in the bundles folder."
        if self.preheated():
            self._await_request()
        self.start_background_views()
        return self

    def start_background_views(self) -> threading.Thread | None:
        """In a kernel, start a separate process that keeps the first views of the schools whose views are
        not kept yet (:mod:`inspector_kit.ui.preparer`), so that a switch to them, even straight after the
        first view, reads a kept view instead of waiting for the engine in this kernel. Nothing is started
        without an event loop (tests, scripts), without a view cache, or when every view is kept."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return None
        if not self.prefetch_enabled or self.views.folder is None:
            return None
        self.background_views = threading.Thread(target=self._spawn_preparer, name="inspector-kit-views", daemon=True)
        self.background_views.start()
        return self.background_views

    def missing_views(self) -> list[str]:
        """The schools (other than the one opened first) whose first view is not kept as they are now."""
        return [s.urn for s in self.cases.index.schools
                if s.urn != self.urn and not self.views.tried(self._view_key(s.urn))]

    def _spawn_preparer(self) -> None:
        try:
            urns = self.missing_views()
            if not urns:
                return
            settings = DashboardSettings(bundles=self.settings.bundles, review_db=self.settings.review_db,
                                         view_cache=self.views.folder)
            proc = subprocess.Popen(preparer.command(type(self), settings, self.cases.framework, urns),
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)
            self.preparer = proc
            proc.wait()  # reaped here; it outlives a closed kernel and finishes its schools
        except Exception as exc:  # only time is lost: the kernel prepares schools itself
            unexpected(exc, "starting the background preparation of first views")

    @staticmethod
    def preheated() -> bool:
        """Whether this kernel is one of Voilà's pre-heated ones (then it waits for the page's request to read
        the school a link names)."""
        return os.environ.get("VOILA_PREHEAT", "False") == "True"

    def _await_request(self) -> None:
        """Pre-heated kernel: when the page's request arrives, open the school its link names."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._requested = threading.Event()

        def wait():
            from voila.utils import get_query_string

            query = get_query_string() or ""
            urn = DashboardSettings.from_environment({**os.environ, "QUERY_STRING": query}).urn
            self._requested.set()
            if urn and urn != self.urn:
                if self.cases.index.get(urn):
                    loop.call_soon_threadsafe(setattr, self, "urn", urn)
                else:
                    loop.call_soon_threadsafe(self._unknown_link, urn)
            elif self.shown_urn:
                loop.call_soon_threadsafe(self._start_prefetch)

        threading.Thread(target=wait, name="inspector-kit-request", daemon=True).start()

    def _unknown_link(self, urn: str) -> None:
        self.cases.problems.append(problem("dashboard.unknown_urn", f"the link names URN {urn}, which is not in "
                                           "the bundles folder", self.settings.bundles))
        self.errors.problems = self.errors.problems + [self.cases.problems[-1]]
        self._start_prefetch()

    @t.observe("urn")
    def _on_urn(self, change):
        if change["new"]:
            self.open_school(change["new"])

    def panels(self) -> list:
        """The panels with controls (review form, downloads, note entry) that act on the school shown."""
        return [c for c in self.children if isinstance(c, Panel) and c is not self.picker]

    def freeze(self) -> None:
        """While another school loads, nothing can be decided or exported for the one still on screen."""
        for panel in self.panels():
            panel.freeze()

    def unfreeze(self) -> None:
        """Enable the panels' controls again once a school is shown."""
        for panel in self.panels():
            panel.unfreeze()

    def open_school(self, urn: str) -> None:
        """Load and show a school; asynchronous when an event loop runs (a kernel), else at once."""
        self._token += 1
        token = self._token
        self._quiet.clear()
        entry = self.cases.index.get(urn)
        self.loading = True
        self.freeze()
        self.status.message = f"Loading {entry.name if entry else urn}..."
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            prepared = self._prepare_safely(urn, True)
            self._finish(token, prepared)
            if prepared.get("more"):
                self._finish(token, self._prepare_safely(urn, False, token))
            return

        def rest():
            if token == self._token:
                loop.run_in_executor(None, self._prepare_safely, urn, False, token).add_done_callback(
                    lambda g: self._finish(token, g.result()))

        def first(f):
            prepared = f.result()
            self._finish(token, prepared)
            if prepared.get("more"):
                # let the browser draw the first view before the slow pass competes for the CPU
                loop.call_later(self.SECOND_PASS_DELAY, rest)

        def reading():
            loop.call_soon_threadsafe(self._show_reading, token, urn)

        loop.run_in_executor(None, self._prepare_safely, urn, True, None, reading).add_done_callback(first)

    def _show_reading(self, token: int, urn: str) -> None:
        entry = self.cases.index.get(urn)
        if token != self._token or entry is None or self.shown_urn == urn:
            return
        try:
            self.show_reading(entry)
            self.status.message = f"Reading the documents of {entry.name}..."
        except Exception as exc:
            self.errors.problems = list(self.cases.problems) + [unexpected(exc, "showing the school")]

    def _prepare_safely(self, urn: str, quick: bool = False, token: int | None = None, reading=None) -> dict:
        """``token``: the inspector's request this serves (None: background preparation). ``reading``: called
        when the school's view has to be made (nothing kept, nothing in memory), before it is. The view
        records how many edits had been made when it was started (``edits``)."""
        edits = self._edits
        try:
            if not quick:
                return self._slow_pass(urn, token) | {"edits": edits}
            return self._first_view(urn, reading) | {"edits": edits}
        except Exception as exc:
            return {"urn": urn, "failed": unexpected(exc, f"preparing URN {urn}"), "edits": edits}

    def _slow_pass(self, urn: str, token: int | None) -> dict:
        """The full view in stages: first what the next school's first view needs too (the engine, a
        second or more to start cold; the chart converter, 0.7 s on its first call), then the destination
        data, which only this school needs, then the drawing. Between stages it gives way."""
        for stage in (lambda: self.cases.case(urn), self.warm_up,
                      lambda: self.cases.complete(urn) if self.uses_destinations else None):
            if self._give_way(token):
                return {"urn": urn, "superseded": True}
            stage()
        return self.prepare(urn, quick=False)

    def _give_way(self, token: int | None) -> bool:
        """Whether slow work should stop here: the inspector has chosen another school since ``token``.
        Background preparation (no token) waits here instead while a school loads for the inspector,
        and stops when the dashboard closes."""
        if token is not None:
            return token != self._token
        while not self._quiet.wait(0.25):
            if self._stop.is_set():
                return True
        return self._stop.is_set()

    def _first_view(self, urn: str, reading=None) -> dict:
        """The quick pass: from the view cache when it holds this school as it is now, else made (and
        kept). A view from the cache asks for the second pass (``more``), which analyses for real."""
        entry = self.cases.index.get(urn)
        if self.cases.cached(urn) or entry is None:
            return self.prepare(urn, quick=True)
        key = self._view_key(urn)
        held = self.views.get(key)
        if held is not None and held.get("urn") == urn:
            held["problems"] = list(self.cases.problems) + held.pop("case_problems", [])
            return held | {"more": True, "from_cache": True}
        if reading is not None:
            reading()
        prepared = self.prepare(urn, quick=True)
        case = self.cases.case(urn)
        # only a view that does not depend on the destination data (not in the key) is kept
        if case.analysis is not None and (prepared.get("more") or not self.uses_destinations):
            self.views.put(key, {k: v for k, v in prepared.items() if k != "problems"}
                           | {"case_problems": list(case.problems)})
        return prepared

    def _view_key(self, urn: str) -> str | None:
        """The view cache's key for the school as it is now (bundle files, review entries, framework)."""
        entry = self.cases.index.get(urn)
        if entry is None:
            return None
        return self.views.key(type(self).__name__, entry.folder,
                              {"review": self.cases.review_state(urn), "framework": self.cases.framework})

    def refresh(self) -> None:
        """Show the school on screen again, in full, after an edit (a decision, a pasted note, another
        framework). A view of it still being prepared from before the edit is not shown over this one."""
        if self.shown_urn:
            self._edits += 1
            self.show(self.prepare(self.shown_urn, quick=False))

    def _finish(self, token: int, prepared: dict) -> None:
        if token != self._token:
            return  # another school was chosen meanwhile
        # prepared before a decision (or note) was shown for this school: the screen already has a newer
        # and complete view, made by refresh
        stale = prepared.get("urn") == self.shown_urn and prepared.get("edits", self._edits) != self._edits
        try:
            if "failed" in prepared:
                self.errors.problems = list(self.cases.problems) + [prepared["failed"]]
            elif not stale:
                self.show(prepared)
                self.shown_urn = prepared["urn"]
        except Exception as exc:
            self.errors.problems = list(self.cases.problems) + [unexpected(exc, "showing the school")]
        finally:
            self.loading = False
            self.unfreeze()
        entry = self.cases.index.get(prepared["urn"])
        name = entry.name if entry else prepared["urn"]
        if prepared.get("more"):
            self.status.message = (f"Showing {name} as last prepared; checking the evidence again..."
                                   if prepared.get("from_cache") else
                                   f"Showing {name}; destination data still loading...")
            return
        self._quiet.set()
        self.status.message = f"Showing {name}."
        self._start_prefetch()

    def _start_prefetch(self) -> None:
        if not self.prefetch_enabled or self._prefetcher is not None:
            return
        requested = getattr(self, "_requested", None)
        if requested is not None and not requested.is_set():
            return  # a pre-heated kernel in the pool: prepare the others once someone uses it
        others = [s.urn for s in self.cases.index.schools if s.urn != self.shown_urn]
        self._prefetcher = threading.Thread(target=self.prefetch, args=(others,), name="inspector-kit-prefetch",
                                            daemon=True)
        self._prefetcher.start()

    def prefetch(self, urns: list[str]) -> None:
        """Prepare other schools ahead of need (background thread); stops when the dashboard closes.
        Gives way to the inspector between stages and before each chart it draws."""
        charts.give_way_with(lambda: self._give_way(None))
        for urn in urns:
            if self._give_way(None):
                return
            if not self.cases.cached(urn):
                self._prepare_safely(urn, quick=True)  # keeps its first view for the next kernel
            self._prepare_safely(urn, quick=False)

    def close(self):
        """Stop the background preparation, then close the widget."""
        self._stop.set()
        super().close()

    def problems_for(self, case) -> list[dict]:
        """Problems to list at the top: the bundles folder's, then the school's."""
        return list(self.cases.problems) + list(case.problems)

    @staticmethod
    def section(html: str) -> str:
        """Wrap HTML in the dashboards' stylesheet scope."""
        return f"<div class='ik'>{html}</div>"


def header_html(case) -> str:
    """The school's header (name, URN, type, phase) in the stylesheet scope."""
    return Dashboard.section(views.school_header_html(case))
