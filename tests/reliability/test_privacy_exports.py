"""Privacy: pupils' names seeded into focus-group notes reach no export; the redaction is logged by count.

A copy of Westbrook Academy's bundle gets two more focus groups (below): names listed in their headings
(some in ``inspector_kit/privacy/first_names.txt``, some not) and names only in the text. Every export
is then made from it: the briefing as HTML, Word (read back with python-docx and as raw XML), Markdown
and JSON, and the thematic review's CSV files and Excel workbook (run on a root holding only this
bundle). Each seeded sentence is evidence the exports quote, so a control run with redaction off shows
every name in every export: the check below cannot pass by the name simply never being quoted.

What the redactor misses (an expected failure, strict, so a fix turns it into an ordinary pass). The
rules redact names listed in a heading anywhere; any capitalised word before a speaking verb ("Zofia
said"); and a name from ``first_names.txt`` when a cue marks it as a person ("- Lily ...", "asked Lily",
"Freya's form"). No statistical model is installed here. Missed:
- a name that is only in the text, not in ``first_names.txt``, with no cue ("not even for Marek who asked").
Inspectors avoid it by listing every pupil in the group's heading, which the notes template asks for;
an optional spaCy model (``pip install -e '.[model]'``) narrows the gap but is not required.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from reliability_support import COUNTS, FIXTURES, SCHOOLS

pytestmark = pytest.mark.reliability

SCHOOL = "westbrook-academy"

SEEDED_GROUPS = """
## Y9 group (3 pupils: Kacper, Thandiwe, Oisin)

- Lily and Zofia (new this term) joined the group late.
- Thandiwe said she has never had a careers interview with an adviser.
- Zofia said she has not had a careers interview with an adviser.
- Kacper: "I've never had a careers interview, nobody has asked me what I want to do".
- Oisin has not had a guidance interview with the careers adviser.

## Y10 group B (2 pupils: Priya, Ngozi)

- Lily said she has never had a one-to-one careers interview.
- Priya said no careers adviser has ever had a guidance interview with her.
- Ngozi "we haven't had any careers interviews, not one".
- No guidance interview for Freya's form either, not even for Marek who asked for one in Y9.
"""

REDACTOR_GAP = "only in the text, not listed in a heading, and no rule marks it as a pupil's name: {}"

#: (name, how it is seeded, why the redactor misses it or None)
SEEDED_NAMES = [
    ("Kacper", "listed in a heading; in first_names.txt", None),
    ("Priya", "listed in a second group's heading; in first_names.txt", None),
    ("Thandiwe", "listed in a heading; not in first_names.txt", None),
    ("Oisin", "listed in a heading; not in first_names.txt", None),
    ("Ngozi", "listed in a heading; not in first_names.txt", None),
    ("Lily", "only in the text, as a speaker ('Lily said'); in first_names.txt", None),
    ("Zofia", "only in the text, as a speaker ('Zofia said'); not in first_names.txt", None),
    ("Marek", "only in the text, no cue ('not even for Marek who')",
     REDACTOR_GAP.format("not in first_names.txt and no cue")),
    ("Freya", "only in the text, possessive ('Freya's form'); in first_names.txt", None),
]

EXPORTS = ["briefing.html", "briefing.docx", "briefing.md", "briefing.json", "thematic.csv", "thematic.xlsx"]


def mentions(name: str, text: str) -> int:
    return len(re.findall(rf"\b{re.escape(name)}\b", text))


@pytest.fixture(scope="module")
def seeded_bundle(tmp_path_factory) -> Path:
    """A copy of the bundle (under ``<tmp>/schools/``) whose notes carry the seeded groups."""
    root = tmp_path_factory.mktemp("privacy")
    bundle = root / "schools" / SCHOOL
    shutil.copytree(SCHOOLS / SCHOOL, bundle)
    (root / "destinations").symlink_to(FIXTURES / "destinations")  # school.toml names ../../destinations/...
    notes = sorted((bundle / "notes").glob("*.md"))
    assert len(notes) == 1
    notes[0].write_text(notes[0].read_text(encoding="utf-8").rstrip() + "\n" + SEEDED_GROUPS, encoding="utf-8")
    return bundle


@pytest.fixture(scope="module")
def bundle_analysis(seeded_bundle):
    from inspector_kit.analysis import analyse_bundle
    from inspector_kit.evidence import load_bundle

    analysis = analyse_bundle(load_bundle(seeded_bundle))
    listed = set(analysis.bundle.pupil_names)
    assert {"Kacper", "Priya", "Thandiwe", "Oisin", "Ngozi"} <= listed
    assert not {"Lily", "Zofia", "Marek", "Freya"} & listed
    return analysis


@pytest.fixture(scope="module")
def review(seeded_bundle):
    from inspector_kit.thematic import run_review

    return run_review(seeded_bundle.parent, progress=False, workers=1)


def docx_text(data: bytes) -> str:
    """Everything a reader of the Word file could see: python-docx's text, and every XML part raw."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.author or "", props.comments or "",
              props.keywords or ""]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
    return "\n".join(parts)


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    finally:
        book.close()


def make_export(export: str, bundle_analysis, review, out: Path, redact: bool = True) -> str:
    """One export as the text a reader could find in it."""
    family, fmt = export.split(".")
    if family == "briefing":
        from inspector_kit.briefing import render
        from inspector_kit.briefing.build import build_briefing

        rendered = render(build_briefing(bundle_analysis, redact=redact), fmt)
        return docx_text(rendered) if fmt == "docx" else rendered
    from inspector_kit.thematic import drilldown, export_review

    if not redact:  # the control: quotations exactly as the engine found them
        saved, drilldown.Redactor = drilldown.Redactor, _NoRedaction
    try:
        written = export_review(review, out, formats=(fmt,))
    finally:
        if not redact:
            drilldown.Redactor = saved
    if fmt == "csv":
        return "\n".join(p.read_text(encoding="utf-8") for k, p in sorted(written.items()) if k.startswith("csv:"))
    return xlsx_text(written["xlsx"])


class _NoRedaction:
    def __init__(self, *args, **kwargs):
        self.count, self.pseudonyms = 0, {}

    def redact(self, text):
        return text

    def log_summary(self):
        pass


@pytest.fixture(scope="module")
def unredacted(bundle_analysis, review, tmp_path_factory):
    out = tmp_path_factory.mktemp("unredacted")
    return {e: make_export(e, bundle_analysis, review, out / e, redact=False) for e in EXPORTS}


@pytest.fixture(scope="module")
def exported(bundle_analysis, review, tmp_path_factory):
    """Each export, with what the ``inspector_kit.privacy`` logger said while it was made."""
    out = tmp_path_factory.mktemp("exports")
    logger = logging.getLogger("inspector_kit.privacy")
    made = {}
    for export in EXPORTS:
        records: list[logging.LogRecord] = []
        handler = logging.Handler(logging.DEBUG)
        handler.emit = records.append
        logger.addHandler(handler)
        previous = logger.level
        logger.setLevel(logging.DEBUG)
        try:
            text = make_export(export, bundle_analysis, review, out / export)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(previous)
        made[export] = (text, [r.getMessage() for r in records])
    return made


@pytest.mark.parametrize("name, how, _", SEEDED_NAMES, ids=[n for n, *_ in SEEDED_NAMES])
def test_every_seeded_name_reaches_every_export_when_redaction_is_off(unredacted, name, how, _):
    """The control: without it, a name missing from an export could just be a sentence not quoted."""
    assert [e for e in EXPORTS if not mentions(name, unredacted[e])] == []


@pytest.mark.parametrize("name, how", [
    pytest.param(name, how, marks=[pytest.mark.xfail(strict=True, reason=missed)] if missed else [], id=name)
    for name, how, missed in SEEDED_NAMES])
def test_no_seeded_pupil_name_is_in_any_export(exported, name, how):
    leaked = {e: mentions(name, exported[e][0]) for e in EXPORTS if mentions(name, exported[e][0])}
    COUNTS["exports checked for names"][name] += len(EXPORTS)
    assert leaked == {}, f"{name} ({how}) is in these exports (mentions): {leaked}"


def test_no_name_listed_in_any_heading_of_the_bundle_is_in_any_export(bundle_analysis, exported):
    """The fixture's own pupils too (Alfie, Hollie, Will...), wherever they are quoted."""
    names = sorted(bundle_analysis.bundle.pupil_names)
    assert len(names) > 20
    leaked = {e: [n for n in names if mentions(n, exported[e][0])] for e in EXPORTS}
    assert {e: found for e, found in leaked.items() if found} == {}


@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_shows_pseudonyms_where_the_names_were(exported, export):
    assert re.search(r"\[Pupil [A-Z]+\]", exported[export][0])


@pytest.mark.parametrize("export", EXPORTS)
def test_each_export_logs_its_redactions_by_count_not_by_name(exported, bundle_analysis, export):
    text, messages = exported[export]
    counted = [m for m in (re.search(r"redacted (\d+) mention\(s\) of (\d+) pupil\(s\)", msg) for msg in messages) if m]
    assert counted, f"nothing logged on inspector_kit.privacy while making {export}: {messages}"
    shown = set(re.findall(r"\[Pupil [A-Z]+\]", text))  # a quotation may be shown twice: count pupils
    assert all(int(m.group(1)) > 0 for m in counted)
    assert sum(int(m.group(2)) for m in counted) >= len(shown) > 0
    every_name = set(bundle_analysis.bundle.pupil_names) | {n for n, *_ in SEEDED_NAMES}
    assert [n for n in sorted(every_name) if any(mentions(n, msg) for msg in messages)] == []


def test_the_redaction_log_goes_through_caplog_as_a_count(bundle_analysis, caplog):
    """The same, as a user's logging configuration sees it (pytest's caplog on the privacy logger)."""
    from inspector_kit.briefing import render
    from inspector_kit.briefing.build import build_briefing

    with caplog.at_level(logging.INFO, logger="inspector_kit.privacy"):
        render(build_briefing(bundle_analysis), "md")
    assert re.search(r"redacted [1-9]\d* mention\(s\) of [1-9]\d* pupil\(s\)", caplog.text)
    assert not any(mentions(n, caplog.text) for n, *_ in SEEDED_NAMES)
