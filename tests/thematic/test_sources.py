"""Listing what a run reads without reading it: bundle folders and manifest CSVs."""
from pathlib import Path

import pytest

from inspector_kit.errors import ManifestError
from inspector_kit.evidence import load_bundle
from inspector_kit.thematic.sources import bundle_source, list_folder, list_manifest


def test_every_fixture_bundle_lists_the_files_load_bundle_loads(schools_dir):
    for folder in sorted(p for p in schools_dir.iterdir() if (p / "school.toml").is_file()):
        source = bundle_source(folder)
        bundle = load_bundle(folder)
        loaded_plan = [Path(d.path).name for d in bundle.plan.documents] if bundle.plan else []
        assert [Path(f).name for f in source.plan_files] == loaded_plan, folder.name
        loaded_notes = sorted({Path(n.source.file).name for n in bundle.notes})
        assert sorted(Path(f).name for f in source.notes_files) == loaded_notes, folder.name
        assert source.destinations_file == bundle.destinations_file
        assert source.school == bundle.school


def test_a_broken_school_toml_is_reported_and_the_other_bundles_still_list(tmp_path, schools_dir):
    good = tmp_path / "good"
    good.mkdir()
    (good / "school.toml").write_text((schools_dir / "westbrook-academy" / "school.toml").read_text())
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "school.toml").write_text("[school\nurn = 1")
    found = list_folder(tmp_path)
    assert [s.label for s in found.sources] == ["good"]
    assert found.unreadable[0]["bundle"] == "bad" and found.unreadable[0]["code"] == "bundle.metadata"


def _manifest(tmp_path, text: str) -> Path:
    (tmp_path / "plans").mkdir(exist_ok=True)
    (tmp_path / "plans" / "a.md").write_text("# Careers\n\nWe offer work experience.\n")
    (tmp_path / "notes.md").write_text("## Y10 group\n\n- all had work experience\n")
    path = tmp_path / "manifest.csv"
    path.write_text(text)
    return path


def test_a_manifest_groups_documents_by_school_with_fields_from_any_line(tmp_path):
    path = _manifest(tmp_path, "urn,kind,path,name,region,age_low,age_high,fe_provider\n"
                               "123456,plan,plans/a.md,Alder School,London,11,16,false\n"
                               "123456,notes,notes.md,,,,,\n")
    found = list_manifest(path)
    (source,) = found.sources
    assert source.plan_files == ("plans/a.md",) and source.notes_files == ("notes.md",)
    assert (source.school.name, source.school.region, source.school.age_range) == ("Alder School", "London", "11-16")
    assert source.school.fe_provider is False


@pytest.mark.parametrize("text, message", [
    ("urn,path\n1,a\n", "lacks column"),
    ("urn,kind,path,colour\n1,plan,plans/a.md,red\n", "unknown column"),
    ("urn,kind,path\n123456,policy,plans/a.md\n", "kind should be plan or notes"),
    ("urn,kind,path\nABC,plan,plans/a.md\n", "urn should be digits"),
    ("urn,kind,path,name\n123456,plan,plans/a.md,Alder\n123456,notes,notes.md,Elder\n", "'Elder' here but 'Alder'"),
])
def test_a_bad_manifest_says_which_line_and_what_is_wrong(tmp_path, text, message):
    with pytest.raises(ManifestError, match=message):
        list_manifest(_manifest(tmp_path, text))


def test_a_document_missing_from_disk_is_a_problem_of_its_school_not_an_error(tmp_path):
    path = _manifest(tmp_path, "urn,kind,path\n123456,plan,plans/a.md\n123456,notes,gone.md\n")
    (source,) = list_manifest(path).sources
    assert source.notes_files == ()
    assert source.problems[0]["code"] == "bundle.missing_file"
