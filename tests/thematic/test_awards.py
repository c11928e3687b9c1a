"""Thematic cross-tab of quality-award status: each school's plan counts by the award it claims, against
its weak spots and destinations; small groups are suppressed."""
import pandas as pd

import nlp
from inspector_kit.thematic.aggregate import award_crosstab
from inspector_kit.thematic.batch import summarise_piece
from inspector_kit.thematic.frames import build_frames
from tests.thematic.conftest import piece, school

HELD = [{"award": "Quality in Careers Standard", "status": "held", "year": 2024}]
TOWARDS = [{"award": "Quality in Careers Standard", "status": "working_towards", "year": None}]


def with_award(awards, findings):
    p = piece(findings=findings)
    p["awards"] = awards
    return p


def corpus(make):
    entries = []
    for i in range(7):  # held, two of them weak on academic bias
        entries.append((school(f"10{i}"), [with_award(HELD, {"academic_bias": "weak"} if i < 2 else {})], None))
    for i in range(7):  # no award named, five weak
        entries.append((school(f"20{i}"), [with_award([], {"academic_bias": "weak"} if i < 5 else {})], None))
    for i in range(3):  # working towards: a small group
        entries.append((school(f"30{i}"), [with_award(TOWARDS, {"academic_bias": "weak"})], None))
    entries.append((school("400"), None, None))  # no plan
    return make(entries)


def test_each_school_counts_by_the_award_status_its_plan_claims(fake_corpus):
    frames = build_frames(corpus(fake_corpus))
    counts = frames.schools["award_status"].value_counts().to_dict()
    assert counts == {"held": 7, "none_named": 7, "working_towards": 3, "no_plan": 1}
    held = frames.schools[frames.schools["award_status"] == "held"].iloc[0]
    assert (held["award"], held["award_year"]) == ("Quality in Careers Standard", 2024)


def test_the_cross_tab_sets_award_status_against_weak_spots_and_destinations(fake_corpus):
    frames = build_frames(corpus(fake_corpus))
    destinations = pd.DataFrame({"school": list(range(14)), "measure": "appren", "cohort": 100, "count": 5,
                                 "percentage": [8.0] * 7 + [2.0] * 7, "status": "ok"})
    table = award_crosstab(frames, destinations).set_index("award_status")
    assert table.loc["held", "schools"] == 7 and table.loc["held", "pct_academic_bias"] == round(100 * 2 / 7, 1)
    assert table.loc["none_named", "pct_academic_bias"] == round(100 * 5 / 7, 1)
    assert table.loc["held", "appren_median_pct"] == 8.0 and table.loc["none_named", "appren_median_pct"] == 2.0
    small = table.loc["working_towards"]
    assert small["schools"] == 3 and small["suppressed"] == "primary" and pd.isna(small["pct_academic_bias"])
    assert table.loc["All schools", "schools"] == 18


def test_the_summary_of_a_plan_keeps_the_awards_it_names():
    text = "We were reaccredited with the Quality in Careers Standard in 2025. Pupils meet employers."
    analysed = nlp.analyse(text).as_dict()
    summary = summarise_piece({"label": "plan", "year_groups": [], "pupils": None, "words": 12, "file": "p.md",
                               "line": 1, "signals": analysed["signals"], "findings": analysed["findings"]})
    assert summary["awards"] == [{"award": "Quality in Careers Standard", "status": "reassessed", "year": 2025}]
