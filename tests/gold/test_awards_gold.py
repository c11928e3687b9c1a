"""The quality-award gold (fixtures/gold/awards.jsonl) is well formed, and on its held-out split the
engine reads awards (name, status, year) well ahead of the keyword list."""
import json
import sys
from pathlib import Path

import nlp
from nlp.rulefiles import read_json

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import awards_eval  # noqa: E402

STATUSES = {"held", "working_towards", "reassessed", "expired", "not_held"}


def test_awards_gold_is_well_formed_with_a_held_out_split_and_near_misses():
    rows = awards_eval.read_gold()
    names = {a["name"] for a in read_json("nlp.signals", "award_status.json")["awards"].values()}
    assert len({r["id"] for r in rows}) == len(rows) >= 40
    for r in rows:
        assert r["split"] in ("dev", "test") and r["kind"] == "careers_plan" and r["text"].strip()
        for a in r["awards"]:
            assert a["award"] in names and a["status"] in STATUSES, r["id"]
            assert a["year"] is None or 2000 < a["year"] < 2100, r["id"]
    test = [r for r in rows if r["split"] == "test"]
    assert len(test) >= 10 and sum(not r["awards"] for r in rows) >= 8
    assert {a["status"] for r in test for a in r["awards"]} >= {"held", "working_towards", "expired", "reassessed"}


def test_the_scorer_counts_names_and_triples_apart():
    score = awards_eval.AwardScore()
    row = {"id": "x", "awards": [{"award": "Quality in Careers Standard", "status": "held", "year": 2024}]}
    score.add(row, {("Quality in Careers Standard", "working_towards", 2024)})
    assert score.detection == [1, 0, 0] and score.full == [0, 1, 1] and score.status_right == 0


def test_the_engine_beats_the_keyword_list_on_the_held_out_split():
    engine, keywords = awards_eval.score(awards_eval.read_gold("test"), nlp.analyse_many)
    assert engine.figures()["full_f1"] >= keywords.figures()["full_f1"] + 0.3
    assert engine.figures()["detection_f1"] >= 0.9
