"""The fixture document builder turns Markdown sources into real PDF, Word and HTML files.

The loaders and the analysis are tested on these files, so the text must survive the round trip through
each format's own reader, and rebuilding must not churn the committed binaries.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import docx
import pypdf
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_documents", ROOT / "fixtures" / "build_documents.py")
build_documents = sys.modules["build_documents"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_documents)

SOURCE = """# Careers at Test School

Our careers leader is **Ms Jo Bloggs** (jo.bloggs@test-school.example, 01234 567890).

## Year 7

- Every Year 7 pupil meets an employer at the **World of Work** day.
- Pupils use Unifrog from the spring term.

## Year 10

1. One week of work experience in July.
2. A guidance interview with a Level 6 careers adviser.

| Year | Activity |
|---|---|
| 8 | Visit to Tyne College |
| 9 | Apprenticeship provider assembly |

""" + "\n\n".join(f"Paragraph {i} about the programme and how we review it each year." * 6 for i in range(40))

NOTES = """Visit day 1, HMI initials RB

## Y8 group (3 pupils: Amira, Josh, Lily)

- Josh: "we just get told to look on Unifrog"
"""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture()
def bundle(tmp_path):
    """A one-school fixture tree (sources + school.toml) and an output root, all under tmp_path."""
    sources, schools, out = tmp_path / "_sources", tmp_path / "schools", tmp_path / "out"
    (sources / "test-school" / "notes").mkdir(parents=True)
    (schools / "test-school").mkdir(parents=True)
    (sources / "test-school" / "plan.md").write_text(SOURCE, encoding="utf-8")
    (sources / "test-school" / "notes" / "day1.md").write_text(NOTES, encoding="utf-8")
    (schools / "test-school" / "school.toml").write_text(
        '[school]\nname = "Test School"\nlocal_authority = "Leeds"\n\n'
        '[plan]\nfiles = ["careers.pdf", "careers.docx", "careers.html", "extra.md"]\n', encoding="utf-8")

    def build():
        return build_documents.build_bundle("test-school", out, sources_root=sources, schools_root=schools)

    return build, out / "test-school"


def test_builds_each_buildable_plan_file_and_word_notes(bundle):
    build, out = bundle
    written = build()
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "careers.docx", "careers.html", "careers.pdf", "notes/day1.docx"]


def test_pdf_has_a_text_layer_with_headings_lists_tables_and_page_numbers(bundle):
    build, out = bundle
    build()
    reader = pypdf.PdfReader(out / "careers.pdf")
    text = _plain(" ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 3
    assert reader.metadata.title == "Careers at Test School"
    for expected in ("Our careers leader is Ms Jo Bloggs", "Every Year 7 pupil meets an employer",
                     "One week of work experience in July.", "Visit to Tyne College", "Page 2"):
        assert expected in text


def test_docx_uses_real_heading_list_and_table_structures(bundle):
    build, out = bundle
    build()
    document = docx.Document(out / "careers.docx")
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Heading 1", "Year 7") in styles
    assert ("List Bullet", "Pupils use Unifrog from the spring term.") in styles
    assert ("List Number", "One week of work experience in July.") in styles
    assert document.tables[0].cell(1, 1).text == "Visit to Tyne College"
    assert document.sections[0].header.paragraphs[0].text == "Test School | Careers at Test School"
    assert any(run.bold and run.text == "Ms Jo Bloggs" for p in document.paragraphs for run in p.runs)


def test_html_is_a_saved_school_page_with_the_plan_inside_main(bundle):
    build, out = bundle
    build()
    soup = BeautifulSoup((out / "careers.html").read_text(encoding="utf-8"), "html.parser")
    main_text = _plain(soup.find("main").get_text(" "))
    assert "Every Year 7 pupil meets an employer" in main_text
    assert "We use cookies" not in main_text
    assert "We use cookies" in soup.find(id="cookie-banner").get_text()
    assert [a.get_text() for a in soup.find("nav").find_all("a")][:6] == [
        "Home", "About us", "Admissions", "Curriculum", "Careers", "News & events"]
    assert soup.find("script", src=True) and soup.find("footer")


def test_notes_docx_keeps_year_group_headings_and_pupils_words(bundle):
    build, out = bundle
    build()
    paragraphs = [(p.style.name, p.text) for p in docx.Document(out / "notes" / "day1.docx").paragraphs]
    assert ("Heading 1", "Y8 group (3 pupils: Amira, Josh, Lily)") in paragraphs
    assert ("List Bullet", 'Josh: "we just get told to look on Unifrog"') in paragraphs


def test_rebuilding_gives_byte_identical_files(bundle):
    build, out = bundle
    first = {p: p.read_bytes() for p in build()}
    second = {p: p.read_bytes() for p in build()}
    assert first == second


@pytest.mark.parametrize("markdown, expected", [
    ("# Title\n\nA **bold** word.", "Title\nA bold word."),
    ("- one\n- two\n\n1. first", "one\ntwo\nfirst"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2"),
    ("line one\nline two", "line one line two"),
])
def test_plain_text_is_what_a_reader_sees(markdown, expected):
    assert build_documents.plain_text(markdown) == expected


def _bundles_with_built_documents() -> list[str]:
    """Bundles whose school.toml names a PDF, Word or HTML plan, or that have Word notes sources."""
    import tomllib
    slugs = []
    for toml in sorted((ROOT / "fixtures" / "schools").glob("*/school.toml")):
        files = tomllib.loads(toml.read_text(encoding="utf-8")).get("plan", {}).get("files", [])
        slug = toml.parent.name
        if any(Path(f).suffix.lower() in build_documents.BUILDABLE for f in files) or any(
                (ROOT / "fixtures" / "_sources" / slug / "notes").glob("*.md")):
            slugs.append(slug)
    return slugs


@pytest.mark.parametrize("slug", _bundles_with_built_documents())
def test_committed_fixture_documents_match_a_fresh_build(slug, tmp_path):
    """A committed PDF/DOCX/HTML that differs from its source's build means someone forgot to rebuild."""
    for built in build_documents.build_bundle(slug, tmp_path):
        committed = ROOT / "fixtures" / "schools" / built.relative_to(tmp_path)
        assert committed.exists(), f"{committed} is not built: run fixtures/build_documents.py {slug}"
        assert committed.read_bytes() == built.read_bytes(), (
            f"{committed} is out of date: run fixtures/build_documents.py {slug}")


def test_a_real_bundle_plan_keeps_its_text_through_the_pdf(tmp_path):
    """Riverside High's plan, built to PDF, still says what its source says, in order."""
    source = (ROOT / "fixtures" / "_sources" / "riverside-high" / "plan.md").read_text(encoding="utf-8")
    (pdf,) = build_documents.build_bundle("riverside-high", tmp_path)
    text = _plain(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    for line in build_documents.plain_text(source).splitlines():
        assert _plain(line) in text
