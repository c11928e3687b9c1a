"""Where a dashboard finds its evidence and its decisions, read once from the environment.

The Makefile and the tests configure the dashboards with environment variables, and Voilà passes the
page's query string to the kernel as ``QUERY_STRING``; so ``?urn=101934`` opens a school directly
(a link an inspector can bookmark or paste into a briefing note).

>>> DashboardSettings.from_environment({"INSPECTOR_KIT_BUNDLES": "/data/schools", "QUERY_STRING": "urn=101934"}).urn
'101934'
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from inspector_kit.config import FIXTURES
from inspector_kit.ui.view_cache import default_folder


@dataclass(frozen=True)
class DashboardSettings:
    """The bundles folder, the review database and the school to open first (if the link names one)."""

    bundles: Path
    review_db: Path
    urn: str | None = None
    view_cache: Path | None = None   # first views kept on disk (see inspector_kit.ui.view_cache); None: off

    @classmethod
    def from_environment(cls, environ=None) -> "DashboardSettings":
        """``INSPECTOR_KIT_BUNDLES`` (default: the fixtures), ``INSPECTOR_KIT_REVIEW_DB`` (default:
        ``reviews.sqlite`` beside the bundles folder), ``urn`` from the page's query string and
        ``INSPECTOR_KIT_VIEW_CACHE`` (default: the user's cache directory; ``off`` for none)."""
        env = os.environ if environ is None else environ
        bundles = Path(env.get("INSPECTOR_KIT_BUNDLES") or FIXTURES / "schools")
        db = env.get("INSPECTOR_KIT_REVIEW_DB")
        review_db = Path(db) if db else bundles.resolve().parent / "reviews.sqlite"  # as review_store.default_path
        query = parse_qs(env.get("QUERY_STRING", ""))
        urn = (query.get("urn") or [None])[0]
        return cls(bundles=bundles, review_db=review_db, urn=urn.strip() if urn and urn.strip().isdigit() else None,
                   view_cache=default_folder(env))
