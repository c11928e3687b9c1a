"""The industry gold set is well formed: unique ids, both splits, labels that are industry ids."""
import json

from nlp.industries import industry_names
from support import FIXTURES


def test_every_passage_is_labelled_with_known_industry_groups_in_a_dev_or_test_split():
    rows = [json.loads(line) for line in (FIXTURES / "gold" / "industries.jsonl").read_text("utf-8").splitlines()]
    ids = industry_names()
    assert len({r["id"] for r in rows}) == len(rows) >= 40
    assert {r["split"] for r in rows} == {"dev", "test"} and sum(r["split"] == "test" for r in rows) >= 20
    assert all(set(r["industries"]) <= set(ids) and r["text"].strip() for r in rows)
    assert sum(not r["industries"] for r in rows) >= 8  # near misses that name no industry
