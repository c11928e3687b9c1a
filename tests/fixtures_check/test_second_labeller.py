"""The blind second labelling of the held-out passages is well formed.

Agreement between two labellers is only measurable if the second file uses the same 15 codes, gives
each passage once and never puts a code in two lists; the checker must catch each of these.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "check_second_labeller", ROOT / "fixtures" / "gold" / "check_second_labeller.py")
check = sys.modules["check_second_labeller"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

RECORDS = [json.loads(line) for line in check.LABELS.read_text(encoding="utf-8").splitlines()]


def test_the_committed_labels_have_no_problems():
    assert len(RECORDS) == 384
    assert check.problems(RECORDS) == []


def test_a_code_in_two_lists_is_reported():
    rec = {"id": "xx001", "required": ["activity.lmi"], "optional": [], "negated": ["activity.lmi"], "note": ""}
    assert check.problems([rec]) == ["line 1 (xx001): activity.lmi is in more than one list"]


def test_an_unknown_code_and_a_repeated_id_are_reported():
    good = {"id": "xx001", "required": [], "optional": [], "negated": [], "note": ""}
    bad = dict(good, optional=["activity.careers_fair"])
    found = check.problems([good, bad])
    assert "line 2: id xx001 repeated" in found
    assert "line 2 (xx001): unknown code 'activity.careers_fair' in optional" in found


def test_ids_must_match_the_texts_given_to_the_labeller():
    rec = {"id": "xx001", "required": [], "optional": [], "negated": [], "note": ""}
    found = check.problems([rec], texts=[{"id": "xx002"}])
    assert found == ["ids differ from the texts: missing ['xx002'], extra ['xx001']"]
