"""The real-text yardstick: the scorer follows the corpus rules, the real-style gold is well formed, and the
engine stays clearly ahead of the plain keyword list on passages no rule was written against."""
import json
import sys
from pathlib import Path

import pytest

import nlp
from nlp.signals.codebook import SIGNAL_CODES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import real_text  # noqa: E402

REAL_STYLE = ROOT / "fixtures" / "gold" / "real_style.jsonl"
#: Every real-style set, each written by someone who had not read the rules, each with a held-out split.
REAL_STYLE_SETS = sorted((ROOT / "fixtures" / "gold").glob("real_style*.jsonl"))


class Fixed:
    """An engine stand-in that reports the codes it is given, as signals that are not negated."""

    def __init__(self, codes):
        self.signals = [type("S", (), {"code": c, "negated": False, "hypothetical": False})() for c in codes]


def test_the_scorer_counts_as_the_corpus_readme_says():
    row = {"id": "x", "kind": "notes", "text": "", "required": ["activity.lmi"], "optional": ["pathway.academic"],
           "negated": ["activity.workplace_experience"]}
    score = real_text.PassageScore()
    score.add(row, real_text.engine_codes(Fixed(["activity.lmi", "pathway.academic",
                                                  "activity.workplace_experience"])))
    assert (score.tp, score.fp, score.fn, score.leaks) == (1, 1, 0, 1)
    score.add(row, set())
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_the_keyword_list_is_plain_words_with_no_context():
    keywords = real_text.KeywordBaseline()
    assert set(keywords.patterns) == {c for c in SIGNAL_CODES if not c.startswith("context.")}
    assert set(keywords.patterns) == real_text.SCORED_CODES
    assert keywords.codes("Pupils did not get work experience.") == {"activity.workplace_experience"}


def rows(path=REAL_STYLE):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", REAL_STYLE_SETS, ids=lambda p: p.stem)
def test_real_style_gold_is_well_formed(path):
    found = rows(path)
    assert len({r["id"] for r in found}) == len(found) >= 100
    for r in found:
        assert r["split"] in ("dev", "test") and r["kind"] in ("careers_plan", "notes")
        for key in ("required", "optional", "negated"):
            assert set(r[key]) <= set(real_text.SCORED_CODES), (r["id"], key)
        assert not (set(r["required"]) & set(r["optional"]) or set(r["required"]) & set(r["negated"])
                    or set(r["optional"]) & set(r["negated"])), (r["id"], "a code in two lists")
    assert sum(r["split"] == "test" for r in found) >= 40


def test_there_are_several_independently_written_sets():
    assert len(REAL_STYLE_SETS) >= 5


@pytest.mark.parametrize("path", REAL_STYLE_SETS, ids=lambda p: p.stem)
def test_the_engine_beats_the_keyword_list_on_each_held_out_split(path):
    held_out = [r for r in rows(path) if r["split"] == "test"]
    engine, keywords = real_text.score(held_out, nlp.analyse_many)
    assert engine.prf()[2] >= keywords.prf()[2] + 0.10
    assert engine.leaks < keywords.leaks


def test_on_all_held_out_passages_together_the_engine_is_well_ahead_and_leaks_a_third_as_often():
    held_out = [r for path in REAL_STYLE_SETS for r in rows(path) if r["split"] == "test"]
    engine, keywords = real_text.score(held_out, nlp.analyse_many)
    assert engine.prf()[2] >= keywords.prf()[2] + 0.15
    assert 3 * engine.leaks <= keywords.leaks


def test_every_real_style_set_passes_its_own_checker(capsys):
    sys.path.insert(0, str(ROOT / "fixtures" / "gold"))
    import check_real_style

    assert check_real_style.main([]) == 0, capsys.readouterr().out
    assert {ROOT / "fixtures" / "gold" / g.file for g in check_real_style.SETS.values()} <= set(REAL_STYLE_SETS)
