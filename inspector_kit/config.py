"""Settings an installation may change, read from the environment in one place so dashboards and CLI agree.

:class:`Settings` is the one settings object (every ``INSPECTOR_KIT_*`` variable the application reads);
the dashboards' :class:`~inspector_kit.ui.settings.DashboardSettings` and
:class:`~inspector_kit.thematic.dashboard.ThematicSettings` are views of it plus the page's query string,
and :class:`Limits` is its view for the document loaders. The engine's own two variables
(``INSPECTOR_KIT_CACHE_DIR`` for compiled rules, ``INSPECTOR_KIT_NER_MODEL``) are read by ``nlp``, which
never imports this package.

``INSPECTOR_KIT_MAX_MB`` (default 20) and ``INSPECTOR_KIT_MAX_PAGES`` (default 300) refuse documents that
would exhaust a laptop's memory, ``INSPECTOR_KIT_MAX_HTML_MB`` (default 5) web pages, whose parse tree
takes 30 to 150 times the page's size, and ``INSPECTOR_KIT_MAX_TEXT_MB`` (default 50) any document whose
extracted text is longer (a small Word or PDF file can hold far more text than its size suggests); ``INSPECTOR_KIT_REVIEW_DB`` overrides where reviewers' decisions live.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
FIXTURES = REPO_ROOT / "fixtures"


@dataclass(frozen=True)
class Limits:
    """Upper bounds on one input file; beyond them the loader refuses with DocumentTooLargeError."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 300
    max_unzipped_bytes: int = 200 * 1024 * 1024  # guards against zip bombs disguised as .docx
    max_html_bytes: int = 5 * 1024 * 1024  # a 20 MB page took minutes and 1.9 GB to parse
    # characters of extracted text (1 MB = 1,048,576 characters); the engine analyses any length in
    # sections, but 50 MB is some 8 million words, far beyond any real plan or notes
    max_text_chars: int = 50 * 1024 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Limits":
        """The limits from the ``INSPECTOR_KIT_MAX_*`` variables (README, Settings), read when a document is
        loaded."""
        env = os.environ if environ is None else environ
        mb = float(env.get("INSPECTOR_KIT_MAX_MB", "20"))
        pages = int(env.get("INSPECTOR_KIT_MAX_PAGES", "300"))
        html_mb = float(env.get("INSPECTOR_KIT_MAX_HTML_MB", "5"))
        text_mb = float(env.get("INSPECTOR_KIT_MAX_TEXT_MB", "50"))
        return cls(max_bytes=int(mb * 1024 * 1024), max_pages=pages, max_html_bytes=int(html_mb * 1024 * 1024),
                   max_text_chars=int(text_mb * 1024 * 1024))


def review_db_path(bundles: Path, environ: Mapping[str, str] | None = None) -> Path:
    """``INSPECTOR_KIT_REVIEW_DB``, else ``reviews.sqlite`` beside the bundles folder (never inside it: the
    bundles' own files are never written)."""
    env = os.environ if environ is None else environ
    chosen = env.get("INSPECTOR_KIT_REVIEW_DB")
    return Path(chosen) if chosen else Path(bundles).resolve().parent / "reviews.sqlite"


def view_cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the dashboards keep first views: ``INSPECTOR_KIT_VIEW_CACHE``, ``off`` for nowhere, else the
    user's cache folder."""
    env = os.environ if environ is None else environ
    chosen = env.get("INSPECTOR_KIT_VIEW_CACHE")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    return Path(user_cache_dir("inspector-kit")) / "views"


@dataclass(frozen=True)
class Settings:
    """Every setting of an installation (README, Settings), read from the environment at once, so that the
    CLI, both dashboards and the tests cannot read one variable in two ways.

    >>> Settings.from_environment({"INSPECTOR_KIT_BUNDLES": "/data/schools"}).review_db
    PosixPath('/data/reviews.sqlite')
    """

    bundles: Path = FIXTURES / "schools"            # INSPECTOR_KIT_BUNDLES: the folder the briefing dashboards open
    review_db: Path = FIXTURES / "reviews.sqlite"   # INSPECTOR_KIT_REVIEW_DB: decisions and pasted notes
    view_cache: Path | None = None                  # INSPECTOR_KIT_VIEW_CACHE: first views kept (None: off)
    limits: Limits = field(default_factory=Limits)  # INSPECTOR_KIT_MAX_*: documents refused beyond these
    thematic_bundles: Path = FIXTURES / "schools"   # INSPECTOR_KIT_THEMATIC_BUNDLES
    thematic_cache: Path = FIXTURES / "thematic-cache.sqlite"   # INSPECTOR_KIT_THEMATIC_CACHE
    thematic_data: tuple[str, ...] = ()             # INSPECTOR_KIT_THEMATIC_DATA, separated by os.pathsep

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """The settings from ``environ`` (default: the process environment), each default as README says."""
        env = os.environ if environ is None else environ
        bundles = Path(env.get("INSPECTOR_KIT_BUNDLES") or FIXTURES / "schools")
        thematic = Path(env.get("INSPECTOR_KIT_THEMATIC_BUNDLES") or FIXTURES / "schools")
        cache = env.get("INSPECTOR_KIT_THEMATIC_CACHE")
        return cls(bundles=bundles, review_db=review_db_path(bundles, env), view_cache=view_cache_folder(env),
                   limits=Limits.from_env(env), thematic_bundles=thematic,
                   thematic_cache=Path(cache) if cache else thematic.resolve().parent / "thematic-cache.sqlite",
                   thematic_data=tuple(p for p in env.get("INSPECTOR_KIT_THEMATIC_DATA", "").split(os.pathsep) if p))
