"""A second run analyses only what changed: one edited document, or the rules its results depend on."""
import shutil

import pytest

from inspector_kit.thematic import engine
from inspector_kit.thematic.batch import analyse_corpus
from inspector_kit.thematic.cache import ResultCache
from inspector_kit.thematic.sources import list_folder

BUNDLES = ("westbrook-academy", "meadow-centre", "brook-house")  # Markdown and text: quick to load


@pytest.fixture
def corpus(tmp_path, schools_dir):
    root = tmp_path / "bundles"
    for slug in BUNDLES:
        shutil.copytree(schools_dir / slug, root / slug)
    return root


@pytest.fixture(autouse=True)
def fresh_fingerprints():
    engine.current_fingerprints.cache_clear()
    yield
    engine.current_fingerprints.cache_clear()


def run(root, cache_path, workers=1):
    with ResultCache(cache_path) as cache:
        return analyse_corpus(list_folder(root), cache, workers=workers, progress=False).report


def analysed(report) -> set[tuple[str, str, tuple]]:
    return set(report.analysed)


def every_unit(root) -> set[tuple[str, str, tuple]]:
    units = set()
    for source in list_folder(root).sources:
        if source.plan_files:
            units.add((source.label, "plan", source.plan_files))
        units |= {(source.label, "notes", (f,)) for f in source.notes_files}
    return units


def test_a_second_run_reads_everything_from_the_cache_file(corpus, tmp_path):
    first = run(corpus, tmp_path / "cache.sqlite")
    assert analysed(first) == every_unit(corpus)
    second = run(corpus, tmp_path / "cache.sqlite")
    assert second.analysed == [] and second.cached_units == second.units == len(every_unit(corpus))


def test_editing_one_notes_file_reanalyses_that_file_only(corpus, tmp_path):
    run(corpus, tmp_path / "cache.sqlite")
    notes = corpus / "meadow-centre" / "notes" / "focus-groups.txt"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nAdded later: one pupil mentioned an apprenticeship.\n",
                     encoding="utf-8")
    again = run(corpus, tmp_path / "cache.sqlite")
    assert analysed(again) == {("meadow-centre", "notes", ("notes/focus-groups.txt",))}


def test_changing_a_rule_file_reanalyses_every_result_that_depends_on_it(corpus, tmp_path, monkeypatch):
    run(corpus, tmp_path / "cache.sqlite")
    real = engine.rule_files()
    name = next(n for n in real if n.startswith("signals/"))
    edited = dict(real, **{name: real[name] + b'\n// a reviewer\'s edit\n'})
    monkeypatch.setattr(engine, "rule_files", lambda: edited)
    engine.current_fingerprints.cache_clear()
    again = run(corpus, tmp_path / "cache.sqlite")
    # the engine does not say which rule files a result used, so every result depends on every file
    assert analysed(again) == every_unit(corpus)
    assert run(corpus, tmp_path / "cache.sqlite").analysed == []


def test_two_workers_give_the_same_results_as_one(corpus, tmp_path):
    one = ResultCache(tmp_path / "one.sqlite")
    two = ResultCache(tmp_path / "two.sqlite")
    a = analyse_corpus(list_folder(corpus), one, workers=1, progress=False, chunk_bundles=1)
    b = analyse_corpus(list_folder(corpus), two, workers=2, progress=False, chunk_bundles=1)
    assert a.summaries == b.summaries
    key = next(iter(a.summaries))
    assert one.result(key) == two.result(key)


def test_an_unchanged_file_is_not_read_again_and_a_touched_one_is_not_reanalysed(corpus, tmp_path, monkeypatch):
    from pathlib import Path

    run(corpus, tmp_path / "cache.sqlite")
    notes = corpus / "westbrook-academy" / "notes" / "focus-groups.md"
    notes.write_bytes(notes.read_bytes())  # same bytes, new modification time
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    again = run(corpus, tmp_path / "cache.sqlite")
    assert read == ["focus-groups.md"]          # only the touched file was hashed again
    assert again.analysed == []                 # and its content had not changed


def test_rehash_reads_every_file_again(corpus, tmp_path, monkeypatch):
    from pathlib import Path

    from inspector_kit.thematic import run_review

    run_review(corpus, cache=tmp_path / "cache.sqlite", progress=False)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    review = run_review(corpus, cache=tmp_path / "cache.sqlite", progress=False, rehash=True)
    assert len(read) == sum(len(u.files) for us in review.corpus.units for u in us)
    assert review.corpus.report.analysed == []


def test_a_change_to_the_engines_code_changes_every_fingerprint():
    files = engine.rule_files()
    before = engine.fingerprints(files, code="engine-1")
    after = engine.fingerprints(files, code="engine-2")
    assert all(before[kind] != after[kind] for kind in engine.KINDS)
    assert engine.fingerprints(files, code="engine-1") == before
