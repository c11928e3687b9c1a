"""The engine names industries (22 groups, words as data) and never counts them as provision."""
import csv
from pathlib import Path

import pytest

import nlp
from nlp.industries import find_industries, industry_groups, industry_names

TABLE = Path(__file__).resolve().parents[2] / "inspector_kit" / "labour_market" / "data" / \
    "lmi_employment_by_industry_lsip_2015-2035.csv"


@pytest.mark.parametrize("text, expected", [
    ("Pupils met nurses, a paramedic and two software developers.",
     [("health_social_work", "nurses"), ("health_social_work", "paramedic"), ("information_technology", "software developers")]),
    ("Year 10 visited a wind farm and the port.", [("electricity_gas", "wind farm"), ("transport_storage", "port")]),
    ("Civil engineering firms and the NHS spoke to Year 9.", [("construction", "Civil engineering"), ("health_social_work", "NHS")]),
    ("Talks from the police, the Army and a local hotel.",
     [("public_admin_defence", "police"), ("public_admin_defence", "Army"), ("accommodation_food", "hotel")]),
    ("IT support staff and an AI start-up", [("information_technology", "IT support"), ("information_technology", "AI")]),
    ("I want to be a teacher or an electrician", [("education", "be a teacher"), ("construction", "electrician")]),
])
def test_sector_words_and_job_titles_name_their_industry_group(text, expected):
    assert [(m.industry, m.text) for m in find_industries(text)] == expected


@pytest.mark.parametrize("text", [
    "We use social media and Unifrog, our digital platform.",
    "Students learn about higher education, further education and student finance.",
    "Mental health and wellbeing support; health and safety briefings.",
    "Support for pupils with an Education, Health and Care plan.",
    "Subject teachers link lessons to careers; form teachers run tutor time.",
    "It supports pupils and it is reviewed each year.",
    "The school council and sports day; a trip to the theatre trips fund.",
    "Transport is provided to the careers fair by public transport.",
])
def test_sector_words_in_set_phrases_name_no_industry(text):
    assert find_industries(text) == ()


def test_offsets_quote_the_text_exactly():
    text = "Our partners include Royal Mail, a construction firm and several law firms."
    for m in find_industries(text):
        assert text[m.start:m.end] == m.text and m.rule.startswith(f"industry.{m.industry}/")


def test_the_groups_are_the_22_of_the_labour_market_table_with_stable_ids():
    with open(TABLE, encoding="utf-8", newline="") as handle:
        in_table = {r["industry"] for r in csv.DictReader(handle)} - {"All industries"}
    assert set(industry_names().values()) == in_table and len(industry_groups()) == 22
    assert len({g.id for g in industry_groups()}) == 22


def test_every_phrase_of_the_data_file_finds_its_own_group():
    for group in industry_groups():
        for phrase in group.phrases:
            words = phrase.lstrip("=")
            found = find_industries(f"Pupils met {words} today.")
            assert [m.industry for m in found] == [group.id], (group.id, phrase, found)


def test_industry_words_are_not_provision_signals():
    text = "Construction. Retail. Nursing. Cyber security. Hospitality. Logistics."
    assert len(find_industries(text)) == 6
    assert nlp.analyse(text, kind="plan").signals == ()
