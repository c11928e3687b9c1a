"""Limits: the largest document allowed loads in bounded memory; anything larger is refused unread.

Bound stated here: loading a text file uses at most **5 times its size** in Python allocations
(tracemalloc peak): the bytes, one decoded copy (2 bytes a character once a curly quote appears) and
the transient copies of stripping. A file one byte over the limit is refused before it is read (under
1 MB allocated), and a zip bomb is refused without being inflated. Web pages have their own, lower limit
(``INSPECTOR_KIT_MAX_HTML_MB``, default 5): a page of ordinary paragraphs at that limit takes at most
**60 times its size** in resident memory (measured: about 30; pages of tiny tags take up to 150).
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
    monkeypatch.delenv("INSPECTOR_KIT_MAX_HTML_MB", raising=False)
    limits = Limits.from_env()
    assert limits.max_bytes == 20 * MB
    assert limits.max_html_bytes == 5 * MB
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
    import docx  # noqa: F401  imported before measuring: python-docx's own import is ~6 MB, not the bomb's

    path = BAD / "documents" / name
    _, peak = peak_while(lambda: pytest.raises(error, load_document, path))
    print(f"{name}: refused, peak {peak / MB:.1f} MB for a file that inflates to 40 MB")
    assert peak < 5 * MB


# --- web pages: their own, lower limit ------------------------------------------------------------
# Parsing HTML takes 30 to 150 times the page's size (a 20 MB page: 220 s and 1.9 GB), so a web page
# has its own limit, INSPECTOR_KIT_MAX_HTML_MB (default 5), below the 20 MB that holds for every file.

PARAGRAPH = b"<p>Year 10 pupils complete a week of work experience in July, with a named employer.</p>\n"
HTML_BOUND = 60  # peak resident memory while loading a page of ordinary paragraphs, as a multiple of its size

LOAD_AND_MEASURE = """
import json, re, sys
from inspector_kit.evidence import load_document
def peak_kb():  # VmHWM: the process's peak resident memory
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
with open("/proc/self/clear_refs", "w") as fh:  # forget the peak inherited from the parent at fork
    fh.write("5")
before = peak_kb()
doc = load_document(sys.argv[1])
print(json.dumps({"grew_kb": peak_kb() - before, "chars": len(doc.text)}))
"""


def write_html_page(path: Path, size: int) -> Path:
    """A web page of exactly ``size`` bytes: one main element full of paragraphs."""
    head, tail = b"<html><body><main>", b"</main></body></html>"
    body = PARAGRAPH * ((size - len(head) - len(tail)) // len(PARAGRAPH))
    with open(path, "wb") as fh:
        fh.write(head + body + b" " * (size - len(head) - len(body) - len(tail)) + tail)
    assert path.stat().st_size == size
    return path


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_a_web_page_over_its_limit_is_refused_before_it_is_parsed(tmp_path, default_limits, suffix):
    path = write_html_page(tmp_path / f"careers{suffix}", default_limits.max_html_bytes + 1)
    assert path.stat().st_size < default_limits.max_bytes  # allowed as a file, refused as a web page
    caught, peak = peak_while(lambda: pytest.raises(DocumentTooLargeError, load_document, path))
    assert caught.value.code == "document.too_large"
    assert caught.value.details["size"] == path.stat().st_size
    assert "INSPECTOR_KIT_MAX_HTML_MB" in str(caught.value) and path.name in str(caught.value)
    assert peak < MB


def test_the_web_page_limit_is_read_from_the_environment(tmp_path, monkeypatch):
    path = write_html_page(tmp_path / "careers.html", 2 * MB)
    monkeypatch.setenv("INSPECTOR_KIT_MAX_HTML_MB", "1")
    with pytest.raises(DocumentTooLargeError, match="over the 1 MB limit for web pages"):
        load_document(path)
    monkeypatch.setenv("INSPECTOR_KIT_MAX_HTML_MB", "3")
    assert load_document(path).text.startswith("Year 10 pupils")


def test_the_web_page_limit_leaves_other_formats_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_KIT_MAX_HTML_MB", "1")
    path = write_text_file(tmp_path / "plan.md", 2 * MB)
    assert load_document(path).text


@pytest.mark.slow
def test_the_largest_allowed_web_page_loads_within_sixty_times_its_size(tmp_path, default_limits):
    """Measured in a fresh process (resident memory: the parse tree is many small objects), so what
    this test process already holds does not count."""
    import json
    import os
    import subprocess
    import sys

    from reliability_support import ROOT

    path = write_html_page(tmp_path / "careers.html", default_limits.max_html_bytes)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("INSPECTOR_KIT_MAX_HTML_MB", None)
    done = subprocess.run([sys.executable, "-c", LOAD_AND_MEASURE, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    grew = result["grew_kb"] * 1024
    print(f"{path.name}: {path.stat().st_size / MB:.1f} MB loaded, resident memory grew {grew / MB:.0f} MB "
          f"(bound {HTML_BOUND * path.stat().st_size / MB:.0f} MB)")
    assert result["chars"] > path.stat().st_size // 2
    assert grew < HTML_BOUND * path.stat().st_size
