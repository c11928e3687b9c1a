"""Bundles: school.toml, plan documents and notes load into one EvidenceBundle; problems never hide the rest."""
import shutil
from pathlib import Path

import pytest

from inspector_kit import errors
from inspector_kit.evidence import load_bundle, load_document, split_notes

DOCS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"

SCHOOL_TOML = """
[school]
urn = "199001"
laestab = "8051999"
name = "Lowfield School"
phase = "Secondary"
type = "Academy converter"
age_low = 11
age_high = 16
local_authority = "Hartlepool"
la_code = "E06000001"
old_la_code = "805"
region = "North East"

[plan]
files = ["careers.html", "provider-access.pdf"]
"""


@pytest.fixture
def bundle_dir(tmp_path) -> Path:
    folder = tmp_path / "lowfield"
    (folder / "notes").mkdir(parents=True)
    (folder / "school.toml").write_text(SCHOOL_TOML, encoding="utf-8")
    shutil.copy(DOCS / "pass" / "page.html", folder / "careers.html")
    shutil.copy(DOCS / "pass" / "plan.pdf", folder / "provider-access.pdf")
    shutil.copy(DOCS / "pass" / "notes.md", folder / "notes" / "day1.md")
    return folder


def test_notes_split_into_one_note_per_year_group_heading():
    notes = split_notes(load_document(DOCS / "pass" / "notes.md"))
    assert [(n.label, n.year_groups, n.pupil_count) for n in notes] == [
        ("Y8 group", (8,), 5), ("Year 10", (10,), 4)]
    assert notes[0].pupil_names == ("Amira", "Josh", "Kacper", "Lily", "Mo")
    assert "Visit day 1" not in notes[0].text  # the preamble is not a note


def test_a_note_source_span_slices_its_text_out_of_the_file():
    doc = load_document(DOCS / "pass" / "notes.md")
    for note in split_notes(doc):
        assert doc.text[note.source.start:note.source.end] == note.text
        assert doc.text.splitlines()[note.source.line - 1] in note.text


def test_notes_without_year_group_headings_are_refused_with_the_file_named():
    with pytest.raises(errors.NotesStructureError) as caught:
        split_notes(load_document(DOCS / "fail" / "no-headings.md"))
    assert caught.value.code == "notes.no_year_groups" and "no-headings.md" in str(caught.value)


def test_a_bundle_loads_school_plan_documents_and_notes(bundle_dir):
    bundle = load_bundle(bundle_dir)
    assert bundle.school.urn == "199001" and bundle.school.year_groups == (7, 8, 9, 10, 11)
    assert [d.format for d in bundle.plan.documents] == ["html", "pdf"]
    assert bundle.note_year_groups == (8, 10)
    assert bundle.pupil_names == ("Amira", "Ellie", "Jess", "Josh", "Kacper", "Lily", "Mo", "Tom", "Zainab")
    assert bundle.problems == ()


def test_an_unreadable_plan_file_is_a_problem_not_a_crash(bundle_dir):
    shutil.copy(DOCS / "fail" / "scanned.pdf", bundle_dir / "provider-access.pdf")
    bundle = load_bundle(bundle_dir)
    assert [d.format for d in bundle.plan.documents] == ["html"]
    assert [p["code"] for p in bundle.problems] == ["document.scanned"]
    assert bundle.notes  # the rest still loads


def test_files_named_in_school_toml_but_absent_are_reported(bundle_dir):
    (bundle_dir / "provider-access.pdf").unlink()
    text = (bundle_dir / "school.toml").read_text() + '\n[destinations]\nfile = "../nowhere.csv"\n'
    (bundle_dir / "school.toml").write_text(text)
    bundle = load_bundle(bundle_dir)
    assert [p["code"] for p in bundle.problems] == ["bundle.missing_file", "bundle.missing_file"]
    assert bundle.destinations_file is None


@pytest.mark.parametrize("toml_text, message", [
    ("[school\nurn = 1", "not valid TOML"),
    ("[plan]\nfiles = []", r"no \[school\] table"),
    ('[school]\nname = "X"', "lacks urn"),
    ('[school]\nurn = "12ab"\nname = "X"', "digits"),
    ('[school]\nurn = "100000"\nname = "X"\nage_low = "eleven"', "should be int"),
    ('[school]\nurn = "100000"\nname = "X"\nheadteacher = "Y"', "unknown keys"),
    ('[school]\nurn = "100000"\nname = "X"\nage_low = 16\nage_high = 11', "not a range"),
])
def test_invalid_school_toml_stops_the_load_with_a_reason(tmp_path, toml_text, message):
    (tmp_path / "school.toml").write_text(toml_text)
    with pytest.raises(errors.SchoolMetadataError, match=message) as caught:
        load_bundle(tmp_path)
    assert "school.toml" in str(caught.value)


def test_a_folder_without_school_toml_is_not_a_bundle(tmp_path):
    with pytest.raises(errors.BundleNotFoundError, match="no school.toml"):
        load_bundle(tmp_path)
    with pytest.raises(errors.BundleNotFoundError, match="no such folder"):
        load_bundle(tmp_path / "missing")


@pytest.mark.parametrize("ages, years", [((11, 16), (7, 8, 9, 10, 11)), ((11, 18), tuple(range(7, 14))),
                                         ((14, 19), (10, 11, 12, 13)), ((16, 19), (12, 13))])
def test_year_groups_served_follow_the_age_range(ages, years):
    from inspector_kit.evidence import School
    assert School(urn="1", name="x", age_low=ages[0], age_high=ages[1]).year_groups == years


@pytest.mark.parametrize("plan_table, message", [
    ('files = ["../../secrets.txt"]', "inside the bundle folder"),
    ('url = 42', r"\[plan\].url should be text"),
])
def test_plan_files_stay_inside_the_bundle_and_plan_fields_have_the_right_kind(bundle_dir, plan_table, message):
    text = (bundle_dir / "school.toml").read_text().replace('files = ["careers.html", "provider-access.pdf"]',
                                                              plan_table)
    (bundle_dir / "school.toml").write_text(text)
    with pytest.raises(errors.SchoolMetadataError, match=message):
        load_bundle(bundle_dir)


def test_utf32_text_with_a_bom_is_read_as_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("Careers – Year 10 work experience".encode("utf-32"))
    doc = load_document(path)
    assert doc.text == "Careers – Year 10 work experience" and doc.encoding == "utf-32"


def test_a_utf16_meta_declaration_on_plain_bytes_is_ignored(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><head><meta charset='utf-16'></head><body><main><p>Year 10 work experience</p>"
                     b"</main></body></html>")
    assert "Year 10 work experience" in load_document(path).text
