"""Settings an installation may change, read from the environment so dashboards and CLI agree.

``INSPECTOR_KIT_MAX_MB`` (default 20) and ``INSPECTOR_KIT_MAX_PAGES`` (default 300) refuse documents that
would exhaust a laptop's memory, ``INSPECTOR_KIT_MAX_HTML_MB`` (default 5) web pages, whose parse tree
takes 30 to 150 times the page's size, and ``INSPECTOR_KIT_MAX_TEXT_MB`` (default 50) any document whose
extracted text is longer (a small Word or PDF file can hold far more text than its size suggests); ``INSPECTOR_KIT_REVIEW_DB`` overrides where reviewers' decisions live.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    def from_env(cls) -> "Limits":
        """The limits from the ``INSPECTOR_KIT_MAX_*`` variables (README, Settings), read when a document is
        loaded."""
        mb = float(os.environ.get("INSPECTOR_KIT_MAX_MB", "20"))
        pages = int(os.environ.get("INSPECTOR_KIT_MAX_PAGES", "300"))
        html_mb = float(os.environ.get("INSPECTOR_KIT_MAX_HTML_MB", "5"))
        text_mb = float(os.environ.get("INSPECTOR_KIT_MAX_TEXT_MB", "50"))
        return cls(max_bytes=int(mb * 1024 * 1024), max_pages=pages, max_html_bytes=int(html_mb * 1024 * 1024),
                   max_text_chars=int(text_mb * 1024 * 1024))
