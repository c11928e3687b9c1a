"""The gold set (fixtures/gold/) is well formed, so an evaluation run on it measures the engine, not typos.

The codebook and finding codes are repeated here on purpose: they are the engine's public contract
(issue 4, .dev/GOLD_FORMAT.md), and the gold set must not borrow them from the code it is meant to test.
"""

from __future__ import annotations

import collections
import json
import re
import tomllib
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "gold"

SIGNAL_CODES = frozenset({
    "pathway.academic", "pathway.technical", "activity.employer_encounter", "activity.workplace_experience",
    "activity.provider_encounter", "activity.personal_guidance", "activity.lmi", "activity.curriculum_link",
    "resource.online", "support.tailored", "governance.careers_leader", "governance.evaluation",
    "governance.provider_access", "governance.review_date", "outcome.destinations",
})
FINDING_CODES = frozenset({
    "academic_bias", "thin_ks3", "website_only", "no_personal_guidance", "thin_employer_contact",
    "provider_access_gap", "missing_published_info", "no_evaluation", "needs_not_addressed", "aspirational_only",
})
PLAN_ONLY_FINDINGS = frozenset({
    "provider_access_gap", "missing_published_info", "no_evaluation", "needs_not_addressed", "aspirational_only",
})
EXAMPLE_REQUIRED = {"id", "split", "kind", "text", "signals"}
EXAMPLE_OPTIONAL = {"heading", "note"}
SIGNAL_REQUIRED = {"code", "text", "negated", "hypothetical", "year_groups"}
SIGNAL_OPTIONAL = {"uncertain"}
DOCUMENT_REQUIRED = {"id", "file", "kind", "phase", "year_groups", "split", "present", "absent"}
DOCUMENT_OPTIONAL = {"description"}
YEAR_GROUPS = range(7, 14)


def _examples() -> list[dict]:
    lines = (GOLD / "signals.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _documents() -> list[dict]:
    with (GOLD / "documents.toml").open("rb") as fh:
        return tomllib.load(fh)["document"]


EXAMPLES = _examples()
DOCUMENTS = _documents()
SIGNALS = [(ex["id"], sig) for ex in EXAMPLES for sig in ex.get("signals", [])]


def _offenders(items, bad) -> list:
    return [item for item in items if bad(item)]


def _valid_year_groups(value) -> bool:
    return (isinstance(value, list) and all(isinstance(y, int) and not isinstance(y, bool) for y in value)
            and all(y in YEAR_GROUPS for y in value) and value == sorted(set(value)))


# ------------------------------------------------------------------ signals.jsonl: schema

def test_every_example_has_the_required_fields_and_no_others():
    bad = _offenders(EXAMPLES, lambda ex: not EXAMPLE_REQUIRED <= set(ex)
                     or set(ex) - EXAMPLE_REQUIRED - EXAMPLE_OPTIONAL)
    assert not bad, [ex.get("id") for ex in bad]


def test_example_ids_are_unique_and_numbered():
    ids = [ex["id"] for ex in EXAMPLES]
    assert len(ids) == len(set(ids)), [i for i, n in collections.Counter(ids).items() if n > 1]
    assert all(re.fullmatch(r"g\d{4}", i) for i in ids)


@pytest.mark.parametrize(("field", "allowed"), [("kind", {"plan", "notes"}), ("split", {"dev", "test"})])
def test_example_enumerations(field, allowed):
    assert not _offenders(EXAMPLES, lambda ex: ex[field] not in allowed)


def test_example_text_and_heading_are_strings():
    bad = _offenders(EXAMPLES, lambda ex: not isinstance(ex["text"], str) or not ex["text"].strip()
                     or not isinstance(ex.get("heading", ""), str) or not isinstance(ex["signals"], list))
    assert not bad, [ex["id"] for ex in bad]


def test_every_signal_has_the_required_fields_and_no_others():
    bad = _offenders(SIGNALS, lambda s: not SIGNAL_REQUIRED <= set(s[1]) or set(s[1]) - SIGNAL_REQUIRED - SIGNAL_OPTIONAL)
    assert not bad, bad


def test_signal_codes_come_from_the_codebook():
    assert not _offenders(SIGNALS, lambda s: s[1]["code"] not in SIGNAL_CODES)


def test_context_flags_are_booleans():
    flags = ("negated", "hypothetical", "uncertain")
    assert not _offenders(SIGNALS, lambda s: any(not isinstance(s[1].get(f, False), bool) for f in flags))


def test_year_groups_are_sorted_unique_years_7_to_13():
    assert not _offenders(SIGNALS, lambda s: not _valid_year_groups(s[1]["year_groups"]))


# ------------------------------------------------------------------ signals.jsonl: spans

def test_every_signal_text_is_an_exact_substring_of_its_example():
    texts = {ex["id"]: ex["text"] for ex in EXAMPLES}
    bad = _offenders(SIGNALS, lambda s: not s[1]["text"].strip() or s[1]["text"] not in texts[s[0]])
    assert not bad, bad


def test_a_phrase_labelled_k_times_occurs_at_least_k_times():
    """The n-th signal with a given phrase is its n-th occurrence (README), so occurrences must suffice."""
    bad = []
    for ex in EXAMPLES:
        for phrase, k in collections.Counter(s["text"] for s in ex["signals"]).items():
            if ex["text"].count(phrase) < k:
                bad.append((ex["id"], phrase))
    assert not bad


# ------------------------------------------------------------------ signals.jsonl: split and coverage

def test_split_is_every_fourth_id():
    assert not _offenders(EXAMPLES, lambda ex: (ex["split"] == "test") != (int(ex["id"][1:]) % 4 == 0))


def test_about_three_quarters_are_dev():
    dev = sum(ex["split"] == "dev" for ex in EXAMPLES) / len(EXAMPLES)
    assert 0.70 <= dev <= 0.80


def test_there_are_at_least_260_examples():
    assert len(EXAMPLES) >= 260


@pytest.mark.parametrize("code", sorted(SIGNAL_CODES))
def test_each_code_has_at_least_8_examples_and_appears_in_test(code):
    with_code = [ex for ex in EXAMPLES if any(s["code"] == code for s in ex["signals"])]
    assert len(with_code) >= 8
    assert any(ex["split"] == "test" for ex in with_code)


@pytest.mark.parametrize(("what", "minimum", "has"), [
    ("negated", 20, lambda ex: any(s["negated"] for s in ex["signals"])),
    ("hypothetical", 20, lambda ex: any(s["hypothetical"] for s in ex["signals"])),
    ("uncertain", 3, lambda ex: any(s.get("uncertain", False) for s in ex["signals"])),
    ("year-group scope", 30, lambda ex: any(s["year_groups"] for s in ex["signals"])),
    ("near miss (no signal)", 20, lambda ex: not ex["signals"]),
    ("notes line", 60, lambda ex: ex["kind"] == "notes"),
])
def test_context_categories_are_covered(what, minimum, has):
    assert sum(map(has, EXAMPLES)) >= minimum, what


# ------------------------------------------------------------------ documents.toml

def test_every_document_has_the_required_fields_and_no_others():
    bad = _offenders(DOCUMENTS, lambda d: not DOCUMENT_REQUIRED <= set(d) or set(d) - DOCUMENT_REQUIRED - DOCUMENT_OPTIONAL)
    assert not bad, [d.get("id") for d in bad]


def test_at_least_14_documents_with_unique_ids():
    ids = [d["id"] for d in DOCUMENTS]
    assert len(ids) >= 14
    assert len(ids) == len(set(ids))


def test_every_document_file_exists_and_every_file_is_listed():
    listed = {d["file"] for d in DOCUMENTS}
    on_disk = {p.name for p in (GOLD / "documents").iterdir() if p.is_file()}
    assert listed == on_disk
    assert all(Path(f).suffix in {".md", ".txt"} for f in listed)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["id"])
def test_document_is_300_to_900_words(doc):
    words = len((GOLD / "documents" / doc["file"]).read_text(encoding="utf-8").split())
    assert 300 <= words <= 900, words


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["id"])
def test_every_finding_code_is_present_or_absent_exactly_once(doc):
    listed = list(doc["present"]) + list(doc["absent"])
    assert sorted(listed) == sorted(FINDING_CODES)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d["id"])
def test_document_fields_are_valid(doc):
    assert doc["kind"] in {"plan", "notes"}
    assert doc["split"] in {"dev", "test"}
    assert re.fullmatch(r"\d{1,2}-\d{1,2}", doc["phase"])
    assert _valid_year_groups(doc["year_groups"])


def test_three_or_four_documents_are_held_out_for_test():
    assert 3 <= sum(d["split"] == "test" for d in DOCUMENTS) <= 4


def test_both_kinds_are_in_test_and_dev():
    pairs = {(d["kind"], d["split"]) for d in DOCUMENTS}
    assert pairs == {("plan", "dev"), ("plan", "test"), ("notes", "dev"), ("notes", "test")}


def test_thin_ks3_never_expected_where_there_are_no_years_7_and_8():
    no_ks3 = [d for d in DOCUMENTS if int(d["phase"].split("-")[0]) >= 13]
    assert no_ks3, "the gold set should include providers without years 7-8"
    assert not _offenders(no_ks3, lambda d: "thin_ks3" in d["present"])


def test_plan_only_findings_are_absent_from_notes():
    notes = [d for d in DOCUMENTS if d["kind"] == "notes"]
    assert not _offenders(notes, lambda d: PLAN_ONLY_FINDINGS & set(d["present"]))


@pytest.mark.parametrize("code", sorted(FINDING_CODES))
def test_each_finding_is_expected_somewhere_and_ruled_out_somewhere(code):
    assert any(code in d["present"] for d in DOCUMENTS)
    assert any(code in d["absent"] for d in DOCUMENTS)
