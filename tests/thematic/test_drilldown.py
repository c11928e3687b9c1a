"""From a cell of an aggregate to its schools and quotations, with offsets that find the words again."""
import re

import pytest

from inspector_kit.errors import AggregateError
from inspector_kit.evidence import load_document

# staff names a school publishes ("Ms Sarah Ahmed") are kept; a pupil may share a first name with one
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? (?:[A-Z][a-z]+ )?[A-Z][a-zA-Z'-]+")


@pytest.fixture(scope="module")
def london_bias(planted_review):
    table = planted_review.prevalence("region")
    return table, planted_review.drill_down("academic_bias", dimension="region", group="London", aggregate=table)


def test_a_cell_opens_on_exactly_the_schools_it_counts(planted_review, london_bias):
    table, cell = london_bias
    row = table[(table["code"] == "academic_bias") & (table["group"] == "London")].iloc[0]
    assert len(cell.schools) == row["weak"] + row["not_mentioned"]
    assert set(cell.schools["region"]) == {"London"}
    assert set(cell.schools["status"]) <= {"weak", "not_mentioned"}
    assert not cell.suppressed


def test_each_quotation_points_at_its_words_in_the_document(planted_review, london_bias):
    _, cell = london_bias
    quotes = cell.quotations[cell.quotations["evidence"] == "quote"]
    assert len(quotes) > 0 and set(quotes["code"]) == {"academic_bias"}
    roots = planted_review.schools.set_index("school")["bundle"]
    bundles = planted_review.corpus.sources[0].root.parent
    checked = 0
    for q in quotes.itertuples():
        assert q.file and q.end > q.start and q.line >= 1
        if "[Pupil" in q.quote:
            continue
        text = load_document(bundles / roots[q.school] / q.file).text
        assert text[q.start:q.end] == q.quote
        checked += 1
    assert checked > 0


def test_quotations_never_carry_pupils_names(planted_review):
    schools = planted_review.schools[planted_review.schools["notes_heard"] > 0]["school"].tolist()
    quotes = planted_review.drill_down("thin_employer_contact", source="notes").quotations
    assert len(quotes) > 0
    for school in schools:
        names = set()
        for key, kind in planted_review.frames.pieces[school]:
            for piece in planted_review.corpus.full_result(key)["pieces"]:
                names.update(piece.get("pupil_names", []))
        mine = _TITLED.sub("", " ".join(quotes.loc[quotes["school"] == school, "quote"].tolist()))
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", mine), name


def test_a_suppressed_cell_opens_but_says_it_is_not_for_quoting(planted_review):
    table = planted_review.prevalence("local_authority")
    row = table[(table["suppressed"] != "") & (table["flagged"].isna()) & (table["assessed"] > 0)].iloc[0]
    cell = planted_review.drill_down(row["code"], dimension="local_authority", group=row["group"], aggregate=table)
    assert cell.suppressed and "not for quoting" in cell.note


def test_a_signal_cell_lists_the_mentions_in_that_state(planted_review):
    signals = planted_review.frames.signals
    weak = signals[(signals["source"] == "any") & (signals["status"] == "weak")]
    code = weak["code"].astype(str).value_counts().index[0]
    cell = planted_review.drill_down(code, items="signals", statuses=("weak",))
    assert len(cell.schools) == weak["code"].astype(str).eq(code).sum()
    assert len(cell.quotations) > 0 and set(cell.quotations["code"]) == {code}
    assert set(cell.quotations["status"]) == {"weak"}
    qualified = cell.quotations[["negated", "hypothetical", "uncertain", "limited"]].astype("boolean").fillna(False)
    assert qualified.any(axis=1).all()


@pytest.mark.parametrize("cell, message", [
    ({"code": "academic_bais"}, "unknown code"),
    ({"code": "academic_bias", "dimension": "county", "group": "Kent"}, "unknown dimension"),
    ({"code": "academic_bias", "dimension": "region", "group": "Atlantis"}, "no region called"),
    ({"code": "academic_bias", "statuses": ("dreadful",)}, "unknown status"),
])
def test_a_cell_that_does_not_exist_is_an_error_naming_the_choices(planted_review, cell, message):
    code = cell.pop("code")
    with pytest.raises(AggregateError, match=message):
        planted_review.drill_down(code, **cell)
