"""Schools' first views prepared in a separate process, into the view cache, while the inspector looks at one.

A kernel that has just shown its first school would otherwise make the others' views itself, on demand:
the engine's cold start (importing spaCy, reading the compiled rules) and each school's analysis then
share the kernel's interpreter lock with the school being switched to, and a switch straight after the
first view waited a second or more. This process runs beside the kernel instead (its own interpreter,
on the other core, at a lower priority), makes each school's first view with the dashboard's own code
and keeps it in :mod:`inspector_kit.ui.view_cache` under the same key a kernel computes (bundle files,
review database entries, framework, code and rules). A switch to one of those schools then reads a kept
view, and the kernel's second pass analyses the evidence for real behind it, as for any kept view.

The dashboard starts it (:meth:`~inspector_kit.ui.dashboard.Dashboard.start_background_views`) only for
the schools whose views are not kept, so once the cache holds them a new kernel starts no process. One
process at a time per dashboard: a second one finds the lock taken and leaves at once. The views are
what the screen shows (pupils' names redacted), written where the kernels write them.

    python -m inspector_kit.ui.preparer --dashboard inspector_kit.ui.briefing_dashboard:BriefingDashboard \\
        --bundles fixtures/schools --review-db reviews.sqlite --view-cache /tmp/views 104712 148201
"""
from __future__ import annotations

import argparse
import fcntl
import importlib
import logging
import os
import sys
from pathlib import Path

from inspector_kit.ui.settings import DashboardSettings

log = logging.getLogger("inspector_kit.ui")

NICENESS = 10  # below the kernels: the inspector's switch comes first


def lock_name(dashboard: str) -> str:
    """The lock file (in the view cache folder) that keeps to one preparing process per dashboard."""
    return f".preparing-{dashboard.rpartition(':')[2]}.lock"


def command(dashboard: type, settings: DashboardSettings, framework: str | None, urns: list[str]) -> list[str]:
    """The command line that prepares ``urns`` for ``dashboard`` (a Dashboard subclass) with ``settings``."""
    cmd = [sys.executable, "-m", "inspector_kit.ui.preparer", "--dashboard",
           f"{dashboard.__module__}:{dashboard.__qualname__}", "--bundles", str(settings.bundles),
           "--review-db", str(settings.review_db), "--view-cache", str(settings.view_cache)]
    if framework:
        cmd += ["--framework", framework]
    return cmd + list(urns)


def prepare(dashboard: str, settings: DashboardSettings, framework: str | None, urns: list[str]) -> int:
    """Keep the first view of each school in ``urns``; returns how many views were made (0 when another
    process holds the lock). A school that cannot be prepared is logged and skipped."""
    folder = Path(settings.view_cache)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / lock_name(dashboard), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        module, _, name = dashboard.partition(":")
        kind = getattr(importlib.import_module(module), name)
        board = kind(settings, prefetch=False)
        board.cases.framework = framework
        made = 0
        for urn in urns:
            key = board._view_key(urn)
            prepared = board._prepare_safely(urn, quick=True)
            if "failed" in prepared:
                log.warning("could not prepare URN %s: %s", urn, prepared["failed"]["message"])
            elif not prepared.get("from_cache"):
                made += 1
            if not board.views.holds(key):
                board.views.mark_unkept(key)
        return made


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m inspector_kit.ui.preparer``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboard", required=True, help="module:class of the dashboard whose views to make")
    parser.add_argument("--bundles", required=True, type=Path)
    parser.add_argument("--review-db", required=True, type=Path)
    parser.add_argument("--view-cache", required=True, type=Path)
    parser.add_argument("--framework", default=None)
    parser.add_argument("urns", nargs="*")
    args = parser.parse_args(argv)
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    settings = DashboardSettings(bundles=args.bundles, review_db=args.review_db, view_cache=args.view_cache)
    prepare(args.dashboard, settings, args.framework, args.urns)
    return 0


if __name__ == "__main__":
    sys.exit(main())
