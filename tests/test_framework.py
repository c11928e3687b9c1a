"""The framework data: every criterion is well formed, and every id used anywhere in the product exists."""
import re
from pathlib import Path

import pytest

from inspector_kit.errors import FrameworkError
from inspector_kit.framework import criteria, criterion, gatsby_benchmarks

ROOT = Path(__file__).resolve().parents[1]
ID_PATTERN = re.compile(r"(?<![\w-])(GB\d+|SG-[A-Z0-9]+(?:-[A-Z0-9]+)*|OF\d\d-[A-Z]+(?:-[A-Z]+)*|OF-EIF-[A-Z]+(?:-[A-Z]+)*)(?![\w-])")
SCANNED = [ROOT / "inspector_kit", ROOT / "nlp"]


def test_the_eight_gatsby_benchmarks_are_there_in_order():
    assert [c.id for c in gatsby_benchmarks()] == [f"GB{i}" for i in range(1, 9)]
    assert criterion("GB8").title == "Personal guidance"


def test_every_criterion_has_a_title_summary_source_and_versions():
    for c in criteria().values():
        assert c.title and len(c.summary) > 40 and c.source and c.versions, c.id


@pytest.mark.parametrize("required", ["SG-PUBLISH-LEADER", "SG-PAL-8-9", "SG-IMPARTIAL", "SG-YEAR7", "OF23-KS3"])
def test_statutory_and_ofsted_ids_named_in_the_design_exist(required):
    assert criterion(required).id == required


def test_an_unknown_id_is_an_error_that_lists_the_known_ones():
    with pytest.raises(FrameworkError, match="GB9.*known ids: GB1"):
        criterion("GB9")


def referenced_ids():
    for folder in SCANNED:
        for path in folder.rglob("*"):
            if path.suffix in {".py", ".toml", ".json", ".jsonl", ".yml", ".yaml"} and path.is_file():
                if path.name == "criteria.toml":
                    continue
                for match in ID_PATTERN.finditer(path.read_text(encoding="utf-8", errors="replace")):
                    yield path.relative_to(ROOT), match.group(1)


def test_every_criterion_id_referenced_in_code_or_rules_exists():
    known = set(criteria())
    unknown = sorted({(str(p), i) for p, i in referenced_ids() if i not in known})
    assert unknown == []
