"""Quality awards: the award a plan names, read with its status and year; "quality" alone is no award."""
import pytest

import nlp
from nlp.signals.awards import award_claims, current_awards


def read(text):
    return [(c.award, c.status, c.year) for c in current_awards(award_claims(nlp.analyse(text, kind="plan").signals))]


@pytest.mark.parametrize("text, expected", [
    # the three plans of issue 16's "done when"
    ("Riverside holds the Quality in Careers Standard, which we were awarded in May 2024.",
     [("Quality in Careers Standard", "held", 2024)]),
    ("We are working towards the Quality in Careers Standard and plan to be assessed in 2027.",
     [("Quality in Careers Standard", "working_towards", 2027)]),
    ("Our Quality in Careers Standard lapsed in 2023 and has not yet been renewed.",
     [("Quality in Careers Standard", "expired", 2023)]),
    # re-assessed, licensed awards, periods and denials
    ("In 2025 the school was reaccredited with the Quality in Careers Standard.",
     [("Quality in Careers Standard", "reassessed", 2025)]),
    ("Investor in Careers: awarded 2019.", [("Investor in Careers", "held", 2019)]),
    ("We gained the Quality in Careers Standard, awarded through Investor in Careers, in 2022.",
     [("Quality in Careers Standard", "held", 2022)]),
    ("Having held the Quality in Careers Standard from 2018 to 2021, we did not renew it.",
     [("Quality in Careers Standard", "expired", 2021)]),
    ("We do not currently hold the Quality in Careers Standard.", [("Quality in Careers Standard", "not_held", None)]),
    ("Inspiring IAG award (2014), since expired.", [("Inspiring IAG", "expired", 2014)]),
])
def test_an_award_is_read_with_its_status_and_year(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "The quality of careers guidance is reviewed by governors every year.",
    "Every pupil receives high-quality, impartial advice.",
    "Careers provision is quality assured through Compass.",
    "We hold the Quality Mark for PSHE education (2022).",
    "Staff keep a career mark sheet for each pupil.",
])
def test_quality_alone_is_not_an_award(text):
    assert read(text) == []


def test_a_claim_keeps_its_sentence_and_offsets_for_the_briefing():
    text = "Careers at Hale Park.\n\nWe were awarded the Quality in Careers Standard in 2024."
    claim = award_claims(nlp.analyse(text).signals)[0]
    assert text[claim.start:claim.end] == "Quality in Careers Standard"
    assert text[claim.sentence_start:claim.sentence_end].strip() == claim.sentence
    assert claim.summary() == "Quality in Careers Standard: held (2024)"


def test_the_latest_statement_about_an_award_is_the_current_one():
    text = ("We first achieved the Quality in Careers Standard in 2017. "
            "We were reaccredited with the Quality in Careers Standard in 2023.")
    assert read(text) == [("Quality in Careers Standard", "reassessed", 2023)]
