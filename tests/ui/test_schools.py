"""The picker's list: every bundle's school from school.toml, searchable by name, URN, LA or region."""
import pytest

from inspector_kit.ui.schools import SchoolIndex


@pytest.fixture(scope="module")
def index(schools_dir):
    return SchoolIndex.from_folder(schools_dir)


def test_every_fixture_school_is_listed_by_name(index):
    assert len(index.schools) == 14 and index.problems == []
    names = [s.name for s in index.schools]
    assert names == sorted(names, key=lambda n: n.lower().replace("'", ""))


@pytest.mark.parametrize("query, expected", [
    ("101934", ["101934"]),
    ("hillside", ["101934"]),
    ("Kings", ["136455"]),           # apostrophe ignored: The King's Grammar School
    ("king's grammar", ["136455"]),
    ("riverside high", ["104712"]),
    ("ealing", ["101934"]),           # local authority
    ("north east academy", ["148201"]),  # region and name words together
    ("no such school", []),
    ("", None),                       # blank: everything
])
def test_search_matches_every_word_of_the_query(index, query, expected):
    found = [s.urn for s in index.search(query)]
    assert found == (expected if expected is not None else [s.urn for s in index.schools])


def test_a_broken_school_toml_is_a_problem_and_the_others_still_list(tmp_path, schools_dir):
    import shutil
    shutil.copytree(schools_dir / "hillside-community", tmp_path / "hillside-community")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "school.toml").write_text("[school]\nurn = \n")
    index = SchoolIndex.from_folder(tmp_path)
    assert [s.urn for s in index.schools] == ["101934"]
    assert [(p["code"], p["path"].endswith("broken/school.toml")) for p in index.problems] == [("bundle.metadata", True)]


def test_a_missing_folder_is_a_problem_not_an_exception(tmp_path):
    index = SchoolIndex.from_folder(tmp_path / "nowhere")
    assert index.schools == [] and index.problems[0]["code"] == "bundle.not_found"
