"""``inspector-kit thematic ROOT --out DIR``: analyse, cache, aggregate and export from the command line."""
import shutil

import pandas as pd
import pytest

from inspector_kit.cli import main
from inspector_kit.thematic.sources import list_folder, list_manifest

BUNDLES = ("westbrook-academy", "meadow-centre", "brook-house")


@pytest.fixture
def root(tmp_path, schools_dir):
    folder = tmp_path / "bundles"
    for slug in BUNDLES:
        shutil.copytree(schools_dir / slug, folder / slug)
    return folder


def test_a_run_writes_the_workbook_and_csvs_and_the_next_run_uses_the_cache(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["thematic", str(root), "--out", str(out), "--formats", "csv,xlsx", "--quiet"]) == 0
    first = capsys.readouterr().out
    assert "3 schools" in first and "0 from the cache" in first
    assert (out / "thematic-review.xlsx").is_file() and (out / "thematic-cache.sqlite").is_file()
    schools = pd.read_csv(out / "csv" / "schools.csv")
    assert sorted(schools["bundle"]) == sorted(BUNDLES)
    assert main(["thematic", str(root), "--out", str(out), "--formats", "csv", "--quiet"]) == 0
    assert "0 analysed" in capsys.readouterr().out


@pytest.mark.parametrize("argv, code", [
    (["thematic", "--out", "OUT"], "inspector_kit.error"),
    (["thematic", "ROOT", "--out", "OUT", "--formats", "pdf"], "inspector_kit.error"),
    (["thematic", "--manifest", "MISSING.csv", "--out", "OUT"], "thematic.manifest"),
])
def test_a_bad_request_is_one_line_with_its_code_and_exit_status_2(root, tmp_path, capsys, argv, code):
    argv = [a.replace("ROOT", str(root)).replace("OUT", str(tmp_path / "o"))
            .replace("MISSING.csv", str(tmp_path / "missing.csv")) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "Traceback" not in err


def test_the_manifest_of_a_generated_corpus_lists_the_same_schools_as_its_folders(planted_corpus):
    by_folder = {s.school.urn: (s.school, [f.split("/")[-1] for f in s.files]) for s in
                 list_folder(planted_corpus.bundles).sources}
    by_manifest = {s.school.urn: (s.school, [f.split("/")[-1] for f in s.files]) for s in
                   list_manifest(planted_corpus.documents_csv).sources}
    assert by_folder.keys() == by_manifest.keys()
    for urn, (school, files) in by_folder.items():
        other, other_files = by_manifest[urn]
        assert files == other_files
        for field in ("name", "region", "local_authority", "la_code", "type", "age_low", "age_high", "fe_provider"):
            assert getattr(school, field) == getattr(other, field), (urn, field)


@pytest.mark.slow
def test_each_sentence_and_warning_is_printed_once(schools_dir, tmp_path, capsys):
    """Two cross-tabulations on one measure both say "Too few schools ..." in the same words."""
    assert main(["thematic", str(schools_dir), "--out", str(tmp_path / "out"), "--formats", "csv", "--quiet"]) == 0
    captured = capsys.readouterr()
    said = [line for line in captured.out.splitlines() + captured.err.splitlines() if line.strip()]
    assert any(line.startswith("- Too few schools") for line in said)
    assert len(said) == len(set(said)), [line for line in said if said.count(line) > 1]
