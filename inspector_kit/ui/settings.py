"""Where a dashboard finds its evidence and its decisions: its view of :class:`inspector_kit.config.Settings`.

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

from inspector_kit.config import Settings


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
        settings = Settings.from_environment(env)
        query = parse_qs(env.get("QUERY_STRING", ""))
        urn = (query.get("urn") or [None])[0]
        return cls(bundles=settings.bundles, review_db=settings.review_db,
                   urn=urn.strip() if urn and urn.strip().isdigit() else None, view_cache=settings.view_cache)
