"""Thematic: share of schools whose offer names the area's main industries, by LSIP area."""
import pandas as pd
import pytest

from inspector_kit.thematic import run_review
from inspector_kit.thematic.aggregate import ALL

LINKED = "# Careers\n\n- Year 10 pupils hear from nurses and care workers at our careers fair.\n"
NOT_LINKED = "# Careers\n\n- Year 10 pupils visit a local farm with employers.\n- The NHS is a big employer here.\n"


def write_school(root, n: int, la_code: str, plan: str):
    folder = root / f"school-{n:02d}"
    folder.mkdir()
    (folder / "school.toml").write_text(f'[school]\nurn = "{900100 + n}"\nname = "School {n}"\nla_code = "{la_code}"\n'
                                        'age_low = 11\nage_high = 16\n', encoding="utf-8")
    (folder / "careers.md").write_text(plan, encoding="utf-8")


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    root = tmp_path_factory.mktemp("lmi-schools")
    plans = [LINKED] * 4 + [NOT_LINKED] * 3
    for n, plan in enumerate(plans):                      # seven schools in Liverpool City Region districts
        write_school(root, n, ["E08000012", "E08000011", "E08000015"][n % 3], plan)
    write_school(root, 10, "E08000021", LINKED)            # North of Tyne: no table
    return run_review(root, progress=False, workers=1)


def test_the_share_is_taken_over_the_areas_schools_whose_plan_was_read(review):
    table = review.labour_market_by_area().set_index("area_name")
    lcr = table.loc["Liverpool City Region"]
    assert (lcr["schools"], lcr["plans_read"], lcr["names_main"]) == (7, 7, 4)
    assert lcr["share_names_main"] == pytest.approx(4 / 7, abs=0.001)
    assert "Health and social work" in lcr["main_industries"]


def test_an_area_without_a_table_is_listed_as_such_never_as_zero(review):
    row = review.labour_market_by_area().set_index("area_name").loc["North of Tyne"]
    assert row["suppressed"] == "no local labour market table" and pd.isna(row["share_names_main"])
    assert row["plans_read"] == 0


def test_a_mention_outside_the_offers_activities_does_not_count(review):
    from inspector_kit.thematic.labour_market import school_offers

    offers = school_offers(review.frames, review.corpus)
    not_linked = offers[offers["urn"].isin([str(900100 + n) for n in (4, 5, 6)])]
    assert not not_linked["names_main"].astype(bool).any()
    assert set(not_linked["industries_in_offer"]) == {"Agriculture"}


def test_a_small_area_is_suppressed_and_so_is_the_one_that_would_reveal_it(tmp_path):
    for n in range(6):
        write_school(tmp_path, n, "E08000012", LINKED)
    for n in (7, 8):
        write_school(tmp_path, n, "E06000001", NOT_LINKED)   # Tees Valley: two schools
    table = run_review(tmp_path, progress=False, workers=1).labour_market_by_area().set_index("area_name")
    assert table.loc["Tees Valley", "suppressed"] == "primary"
    assert table.loc["Liverpool City Region", "suppressed"] == "secondary"
    assert pd.isna(table.loc["Tees Valley", "names_main"]) and table.loc[ALL, "names_main"] == 6
