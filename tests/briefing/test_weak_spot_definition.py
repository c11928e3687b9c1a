"""A weak spot is defined once: every finding the engine can report has one title, its criteria come
from its rule, and the briefing, the dashboards and thematic reviews name it the same way."""
from nlp.findings.engine import cached_rules
from nlp.findings.rules import FINDING_CODES

from inspector_kit import weak_spots
from inspector_kit.briefing.build import FINDING_TITLES
from inspector_kit.framework import criteria as all_criteria
from inspector_kit.ui.views import finding_title


def test_every_weak_spot_has_a_title_and_no_title_names_an_unknown_code():
    assert set(weak_spots.titles()) == set(weak_spots.codes())
    assert set(FINDING_CODES) <= set(weak_spots.codes())


def test_every_reader_takes_the_same_title():
    for code in weak_spots.codes():
        assert finding_title(code) == weak_spots.title(code)
        if code in FINDING_CODES:
            assert FINDING_TITLES[code] == weak_spots.title(code)


def test_the_criteria_of_a_weak_spot_are_its_rules_and_each_is_defined():
    defined = set(all_criteria())
    rules = {r.code: r for r in cached_rules()}
    for code in weak_spots.codes():
        named = weak_spots.criteria(code)
        assert named and set(named) <= defined, code
        if code in rules:
            assert named == tuple(rules[code].criteria)


def test_silence_is_not_weakness():
    quoted = {"evidence": [{"kind": "signal", "start": 10, "end": 20}]}
    silent = {"evidence": [{"kind": "absence", "searched": ["activity.lmi"]}]}
    assert weak_spots.finding_status(quoted) == "weak"
    assert weak_spots.finding_status(silent) == "not_mentioned"
