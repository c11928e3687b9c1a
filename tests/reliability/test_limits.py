"""Limits: the largest document allowed loads in bounded memory; anything larger is refused unread.

Bound stated here: loading a text file uses at most **5 times its size** in Python allocations
(tracemalloc peak): the bytes, one decoded copy (2 bytes a character once a curly quote appears) and
the transient copies of stripping. A file one byte over the limit is refused before it is read (under
1 MB allocated), and a zip bomb is refused without being inflated.
"""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from inspector_kit.config import Limits
from inspector_kit.errors import CorruptDocumentError, DocumentTooLargeError
from inspector_kit.evidence import load_document
from reliability_support import BAD

pytestmark = pytest.mark.reliability

MB = 1024 * 1024
BOUND = 5  # peak allocations while loading, as a multiple of the file's size
LINE = "Year 10 pupils complete a week of work experience in July – Mr O’Neil’s café visit.\n"


def write_text_file(path: Path, size: int, line: str = LINE) -> Path:
    """A realistic plan of exactly ``size`` bytes (UTF-8, repeated lines, padded with spaces)."""
    encoded = line.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(encoded * ((size - 1) // len(encoded)))
        fh.write(b" " * ((size - 1) % len(encoded)) + b"\n")
    assert path.stat().st_size == size
    return path


def peak_while(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def default_limits(monkeypatch):
    monkeypatch.delenv("INSPECTOR_KIT_MAX_MB", raising=False)
    monkeypatch.delenv("INSPECTOR_KIT_MAX_PAGES", raising=False)
    limits = Limits.from_env()
    assert limits.max_bytes == 20 * MB
    return limits


@pytest.mark.parametrize("suffix, line", [(".txt", LINE), (".md", LINE.encode("ascii", "ignore").decode())])
def test_the_largest_allowed_text_file_loads_within_five_times_its_size(tmp_path, default_limits, suffix, line):
    path = write_text_file(tmp_path / f"plan{suffix}", default_limits.max_bytes - 1, line)
    doc, peak = peak_while(lambda: load_document(path))
    print(f"{path.name}: {path.stat().st_size / MB:.1f} MB loaded, peak {peak / MB:.1f} MB "
          f"(bound {BOUND * path.stat().st_size / MB:.0f} MB)")
    assert doc.text.startswith(line)
    assert peak < BOUND * path.stat().st_size


def test_one_byte_over_the_limit_is_refused_before_it_is_read(tmp_path, default_limits):
    path = write_text_file(tmp_path / "plan.txt", default_limits.max_bytes + 1)
    caught, peak = peak_while(lambda: pytest.raises(DocumentTooLargeError, load_document, path))
    assert caught.value.details["size"] == default_limits.max_bytes + 1
    assert peak < MB


def test_the_limit_is_read_from_the_environment(tmp_path, monkeypatch):
    path = write_text_file(tmp_path / "plan.md", 2 * MB)
    monkeypatch.setenv("INSPECTOR_KIT_MAX_MB", "1")
    with pytest.raises(DocumentTooLargeError, match="over the 1 MB limit"):
        load_document(path)
    monkeypatch.setenv("INSPECTOR_KIT_MAX_MB", "3")
    assert load_document(path).text


@pytest.mark.parametrize("name, error", [("zip-bomb.docx", DocumentTooLargeError),
                                         ("zip-bomb-lying-size.docx", CorruptDocumentError)])
def test_a_zip_bomb_is_refused_without_being_inflated(default_limits, name, error):
    path = BAD / "documents" / name
    _, peak = peak_while(lambda: pytest.raises(error, load_document, path))
    print(f"{name}: refused, peak {peak / MB:.1f} MB for a file that inflates to 40 MB")
    assert peak < 5 * MB
