"""The compiled-rule cache serves the rules as they are now, survives damage and races, and changes nothing."""
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nlp
from nlp import pipeline, rulecache
from nlp.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

# Prints the signals of one sentence and where the matcher tables came from, in a fresh process.
CHILD = """
import json, sys
import nlp
from nlp.pipeline import get_pipeline
analysis = nlp.analyse(sys.argv[1], kind="plan")
print(json.dumps({"source": get_pipeline()._ik_shared_matcher.matcher.source, "package": nlp.__file__,
                  "signals": [[s.code, s.rule, s.text] for s in analysis.signals]}))
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(rulecache.ENV_DIR, str(folder))
    return folder


def source_of(pipe) -> str:
    return pipe._ik_shared_matcher.matcher.source


def run_child(sentence: str, package_root: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(package_root), rulecache.ENV_DIR: str(cache)}
    return subprocess.Popen([sys.executable, "-c", CHILD, sentence], env=env, cwd=package_root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(child: subprocess.Popen) -> dict:
    out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_the_first_start_writes_the_cache_and_the_next_one_reads_it(cache):
    first = build_pipeline()
    files = list(cache.glob("rules-*.bin"))
    assert source_of(first) == "rules" and len(files) == 1
    second = build_pipeline()
    assert source_of(second) == "cache"
    assert files[0] == rulecache.cache_path(rulecache.cache_key())


def test_a_warm_start_makes_no_doc_for_any_rule_and_validates_nothing_again(cache, monkeypatch):
    import spacy

    from nlp import patterns

    build_pipeline()
    stored = rulecache.load(rulecache.cache_key())

    def refuse(*args):
        raise AssertionError(f"compiled again: {args[-1]!r}")

    monkeypatch.setattr(patterns, "_validate", refuse)
    monkeypatch.setattr(patterns, "compile_patterns", refuse)
    pipe = spacy.blank("en")
    matcher = patterns.shared_matcher(pipe, compiled=stored["matcher"]).matcher
    matcher.make_doc = refuse  # the only way the matcher makes a Doc of a rule
    for name in pipeline.COMPONENTS:
        pipe.add_pipe(name)
    matcher.compile()
    assert matcher.source == "cache"
    doc = pipe("Year 10 pupils did not meet employers at our careers fair.")
    assert [r["code"] for r in doc.user_data["ik_signal_records"]] == ["activity.employer_encounter"]


def test_without_the_cache_nothing_is_read_or_written(cache):
    pipe = build_pipeline(use_cache=False)
    assert source_of(pipe) == "rules"
    assert not cache.exists()


def test_the_cache_folder_is_the_users_cache_unless_the_environment_names_one(monkeypatch, tmp_path):
    monkeypatch.setenv(rulecache.ENV_DIR, str(tmp_path / "elsewhere"))
    assert rulecache.cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv(rulecache.ENV_DIR)
    import platformdirs

    assert rulecache.cache_dir() == Path(platformdirs.user_cache_dir("inspector-kit", appauthor=False))


def test_editing_a_rule_file_changes_the_next_runs_result(tmp_path):
    package_root = tmp_path / "copy"
    shutil.copytree(ROOT / "nlp", package_root / "nlp", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    sentence = "Every pupil in Year 9 goes on a zorblax outing."

    before = finished(run_child(sentence, package_root, cache))
    assert before["package"].startswith(str(package_root))
    assert before["source"] == "rules" and before["signals"] == []
    assert finished(run_child(sentence, package_root, cache))["source"] == "cache"

    rule = {"label": "activity.workplace_experience", "pattern": [{"LOWER": "zorblax"}, {"LEMMA": "outing"}],
            "id": "activity.workplace_experience/zorblax-test"}
    with open(package_root / "nlp" / "signals" / "resources" / "encounters.jsonl", "a", encoding="utf-8") as f:
        f.write("\n" + json.dumps(rule) + "\n")

    after = finished(run_child(sentence, package_root, cache))
    assert after["source"] == "rules"  # a new key: the tables compiled before the edit are not used
    assert after["signals"] == [["activity.workplace_experience", rule["id"], "zorblax outing"]]
    assert len(list(cache.glob("rules-*.bin"))) == 2


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty", "not a cache file"])
def test_a_damaged_cache_file_is_rebuilt_without_error(cache, caplog, damage):
    build_pipeline()
    key = rulecache.cache_key()
    path = rulecache.cache_path(key)
    blob, stored = path.read_bytes(), rulecache.load(key)
    damaged = {
        "truncated": blob[: len(blob) // 2],
        "one byte changed": blob[:-100] + bytes([blob[-100] ^ 0xFF]) + blob[-99:],
        "empty": b"",
        "not a cache file": b"\x80\x04K\x01.",  # a pickle
    }[damage]
    path.write_bytes(damaged)

    with caplog.at_level(logging.INFO, logger="nlp.rulecache"):
        rebuilt = build_pipeline()
    assert source_of(rebuilt) == "rules"
    assert len([r for r in caplog.records if r.name == "nlp.rulecache"]) == 1
    assert rulecache.load(key) == stored  # replaced by a whole file again
    assert source_of(build_pipeline()) == "cache"
    assert nlp.analyse("Year 10 pupils did not meet employers at our careers fair.").signals[0].negated


def test_a_cache_file_under_the_wrong_name_is_not_used(cache, caplog):
    build_pipeline()
    path = rulecache.cache_path(rulecache.cache_key())
    other = rulecache.cache_path("0" * 32)
    shutil.copy(path, other)
    with caplog.at_level(logging.INFO, logger="nlp.rulecache"):
        assert rulecache.load("0" * 32) is None
    assert "does not hold" in caplog.text


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(rulecache.ENV_DIR, str(blocker / "cache"))
    pipe = build_pipeline()
    assert source_of(pipe) == "rules"
    assert [s.code for s in nlp.analyse("Year 10 pupils meet employers at a careers fair.").signals]


def test_two_processes_building_at_once_both_succeed(cache):
    sentence = "Year 10 pupils did not meet employers at our careers fair."
    children = [run_child(sentence, ROOT, cache) for _ in range(2)]  # both start with no cache
    results = [finished(child) for child in children]
    assert results[0]["signals"] == results[1]["signals"] != []
    key = rulecache.cache_key()  # this process reads the same rule files as the children
    assert [f.name for f in cache.iterdir()] == [f"rules-{key}.bin"]  # one whole file, no temporary left
    assert rulecache.load(key) is not None


# --- the cache changes no result ------------------------------------------------------------------

def _fixture_texts() -> list[dict]:
    from inspector_kit.evidence import load_document

    items = []
    for path in sorted((ROOT / "fixtures" / "schools").glob("*/*")) + sorted(
            (ROOT / "fixtures" / "schools").glob("*/notes/*")):
        if path.suffix.lower() in (".html", ".htm", ".pdf", ".docx", ".md", ".txt"):
            items.append({"text": load_document(path).text, "kind": "notes" if path.parent.name == "notes" else "plan"})
    return items


def _jsonl_texts(paths) -> list[dict]:
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                record = json.loads(line)
                if isinstance(record.get("text"), str):
                    items.append({"text": record["text"], "kind": "notes" if record.get("kind") == "notes" else "plan"})
    return items


def _gold_texts() -> list[dict]:
    gold = ROOT / "fixtures" / "gold"
    items = _jsonl_texts(sorted(gold.glob("*.jsonl")))
    for path in sorted(gold.glob("*documents/*")):
        if path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            items.append({"text": text, "kind": "notes" if path.suffix == ".txt" or "Focus group" in text[:300] else "plan"})
    return items


def _corpus_texts() -> list[dict]:
    if not CORPUS.is_dir():
        pytest.skip(f"no shared corpus at {CORPUS}")
    return _jsonl_texts(sorted(CORPUS.glob("*.jsonl")))


@pytest.mark.parametrize("texts", [_fixture_texts, _gold_texts, _corpus_texts],
                         ids=["fixture bundles", "gold files", "shared corpus"])
def test_detection_is_identical_with_and_without_the_cache(cache, monkeypatch, texts):
    items = texts()
    assert items
    without = build_pipeline(use_cache=False)
    build_pipeline()
    warm = build_pipeline()
    assert source_of(warm) == "cache"

    def results(pipe):
        monkeypatch.setattr(pipeline, "get_pipeline", lambda: pipe)
        return [a.as_dict() for a in pipeline.analyse_many(items)]

    expected, found = results(without), results(warm)
    assert sum(len(a["signals"]) for a in expected) > len(items) // 2  # the texts do say something
    assert found == expected
