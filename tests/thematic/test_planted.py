"""The aggregates recover what the synthetic generator planted (60 schools, fixed seed).

The generator records every school's planted weak spots (from the fixtures' ``expected.toml``), its
region, and the planted association with apprenticeship destinations; these tests read the review's
aggregates and compare.
"""
import pandas as pd
import pytest

from inspector_kit.thematic.aggregate import ALL

from .conftest import PLANTED_N


@pytest.fixture(scope="module")
def planted(planted_corpus):
    return planted_corpus.planted.astype({"urn": str}).fillna("")


def planted_set(planted, column, code):
    return set(planted.loc[planted[column].str.split(";").apply(lambda codes: code in codes), "urn"])


def flagged_set(review, code, source):
    f = review.frames.findings
    rows = f[(f["code"] == code) & (f["source"] == source) & f["status"].isin(["weak", "not_mentioned"])]
    return set(review.frames.schools.set_index("school").loc[rows["school"], "urn"])


def assessed_set(review, code, source):
    f = review.frames.findings
    rows = f[(f["code"] == code) & (f["source"] == source) & f["status"].isin(["weak", "not_mentioned", "not_weak"])]
    return set(review.frames.schools.set_index("school").loc[rows["school"], "urn"])


def agreement(review, planted, source, column) -> float:
    agree = total = 0
    for code in review.frames.finding_codes:
        assessed = assessed_set(review, code, source)
        want, got = planted_set(planted, column, code) & assessed, flagged_set(review, code, source)
        total += len(assessed)
        agree += len(assessed) - len(want ^ got)
    return agree / total


def test_every_generated_school_is_analysed(planted_review):
    assert len(planted_review.schools) == PLANTED_N
    assert planted_review.corpus.unreadable == []
    assert planted_review.schools["plan_loaded"].all()


def test_schools_flagged_from_plans_are_the_schools_planted(planted_review, planted):
    assert agreement(planted_review, planted, "plan", "plan_planted") >= 0.97


def test_schools_flagged_from_focus_groups_are_mostly_the_schools_planted(planted_review, planted):
    # notes sections are recombined across fixtures; a section carries its fixture's notes findings
    # for those year groups, which is a coarser answer key than the plans'
    assert agreement(planted_review, planted, "notes", "notes_planted") >= 0.85


def test_national_prevalence_matches_the_planted_count(planted_review, planted):
    table = planted_review.prevalence("region", source="plan").set_index(["code", "group"])
    for code in planted_review.frames.finding_codes:
        want = len(planted_set(planted, "plan_planted", code) & assessed_set(planted_review, code, "plan"))
        got = table.loc[(code, ALL), "flagged"]
        assert abs(got - want) <= max(2, 0.3 * want), code


def test_the_planted_regional_pattern_shows_in_the_regional_aggregate(planted_review, planted):
    table = planted_review.prevalence("region", source="plan", codes=["academic_bias"]).set_index("group")
    london = table.loc["London"]
    assert london["suppressed"] == ""
    in_london = planted[planted["region"] == "London"]
    want = 100 * in_london["plan_planted"].str.contains("academic_bias").mean()
    assert london["flagged_pct"] == pytest.approx(want, abs=10)
    assert london["flagged_pct"] > table.loc[ALL, "flagged_pct"]


def test_the_planted_link_with_apprenticeships_is_found_and_said_plainly(planted_review):
    cross = planted_review.crosstab("academic_bias", "appren", destination_finding="destinations.low_apprenticeship")
    table = cross.table.set_index("group")
    assert table.loc["With academic_bias", "median_pct"] < table.loc["Without academic_bias", "median_pct"]
    assert cross.test["p"] < 0.05
    assert "lower" in cross.sentence and "not proof" in cross.sentence


def test_no_published_figure_comes_from_fewer_than_six_schools(planted_review):
    for by in ("region", "local_authority", "phase", "type", "sector"):
        for items in ("findings", "signals"):
            table = planted_review.prevalence(by, items=items)
            shown = table[(table["suppressed"] == "") & (table["assessed"] > 0)]
            assert (shown["assessed"] >= 6).all(), (by, items)
            small = table[(table["assessed"] > 0) & (table["assessed"] < 6)]
            assert small[[c for c in table.columns if c.endswith("_pct")]].isna().all().all()
