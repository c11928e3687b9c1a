"""The result cache is a real SQLite file: it survives restarts, and deleting it only means a cold run."""
import sqlite3

import pytest

from inspector_kit.errors import ResultCacheError
from inspector_kit.thematic.cache import ResultCache

ROW = ("key1", "rules-a", "plan", 120, {"pieces": [{"findings": {"academic_bias": "weak"}}]},
       {"pieces": [{"signals": [{"code": "pathway.academic", "text": "A levels"}]}]})


def test_results_survive_closing_and_reopening(tmp_path):
    path = tmp_path / "cache.sqlite"
    with ResultCache(path) as cache:
        cache.put_many([ROW])
    with ResultCache(path) as cache:
        assert dict(cache.summaries(["key1"], {"plan": "rules-a"})) == {"key1": ROW[4]}
        assert cache.result("key1", {"plan": "rules-a"}) == ROW[5]


def test_a_result_made_under_other_rules_does_not_match(tmp_path):
    with ResultCache(tmp_path / "c.sqlite") as cache:
        cache.put_many([ROW])
        assert dict(cache.summaries(["key1"], {"plan": "rules-b"})) == {}
        assert cache.result("key1", {"plan": "rules-b"}) is None
        assert cache.prune({"plan": "rules-b"}) == 1 and len(cache) == 0


def test_a_deleted_cache_is_simply_empty(tmp_path):
    path = tmp_path / "c.sqlite"
    with ResultCache(path) as cache:
        cache.put_many([ROW])
    for f in tmp_path.iterdir():
        f.unlink()
    with ResultCache(path) as cache:
        assert len(cache) == 0


def test_a_file_that_is_not_a_cache_is_refused_with_advice(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ResultCacheError, match="delete it"):
        ResultCache(path)


def test_a_cache_from_another_schema_is_refused_with_advice(tmp_path):
    path = tmp_path / "c.sqlite"
    ResultCache(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'schema'")
    with pytest.raises(ResultCacheError, match="schema 0"):
        ResultCache(path)


def test_destination_summaries_are_kept_by_key(tmp_path):
    with ResultCache(tmp_path / "c.sqlite") as cache:
        cache.put_destinations([("file:123", {"stages": {}})])
        assert cache.destination_summaries(["file:123", "file:999"]) == {"file:123": {"stages": {}}}
