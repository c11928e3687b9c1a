"""Long documents: any length is analysed in sections, and the sections say what the whole says."""
from pathlib import Path

import pytest

import nlp
from nlp import chunking
from nlp.chunking import carry_headings, chunk_bounds, count_words

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FORMATS = (".html", ".htm", ".pdf", ".docx", ".md", ".txt")


def fixture_texts() -> list[tuple[str, str]]:
    """(name, text) of every fixture plan and notes file and gold document, as the loaders read them."""
    from inspector_kit.evidence import load_document

    paths = (sorted(FIXTURES.glob("schools/*/*")) + sorted(FIXTURES.glob("schools/*/notes/*"))
             + sorted(FIXTURES.glob("gold/documents/*")))
    return [(str(p.relative_to(FIXTURES)), load_document(p).text) for p in paths if p.suffix.lower() in FORMATS]


def long_text(characters: int) -> tuple[str, list[tuple[int, str]]]:
    """Fixture documents, each under its own top-level heading, joined until ``characters`` long.

    Returns the text and (offset, part) for each part, so a test can analyse the parts one by one.
    """
    texts = [t for _, t in fixture_texts()]
    parts, offset, i = [], 0, 0
    while offset < characters:
        part = f"# Part {i + 1}\n\n{texts[i % len(texts)]}"
        parts.append((offset, part))
        offset += len(part) + 2
        i += 1
    return "\n\n".join(p for _, p in parts), parts


@pytest.fixture
def small_sections(monkeypatch):
    """Sections of about 600 characters, so that short fixture documents are cut many times."""
    monkeypatch.setattr(chunking, "TARGET_CHARS", 600)
    monkeypatch.setattr(chunking, "MAX_CHARS", 2400)


def whole(text, **kwargs):
    """The analysis of ``text`` as a single Doc (sections as long as the text)."""
    saved = chunking.TARGET_CHARS, chunking.MAX_CHARS
    chunking.TARGET_CHARS = chunking.MAX_CHARS = max(len(text), 2)
    try:
        return nlp.analyse(text, **kwargs)
    finally:
        chunking.TARGET_CHARS, chunking.MAX_CHARS = saved


@pytest.mark.parametrize("text", [
    "",
    "short",
    "Pupils meet employers.\n\n" * 500,
    "- wex in July, all did it\n" * 500,
    "Pupils meet employers at the fair. " * 500,   # one runaway line: cut at sentences
    "careers " * 2000,                             # no sentence end: cut at spaces
    "x" * 10_001,                                  # no whitespace at all: a hard cut
])
def test_sections_cover_the_text_exactly_in_order_and_none_is_over_the_limit(text):
    bounds = chunk_bounds(text, target=1000, limit=4000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= 4000 for start, end in bounds) or text == ""


@pytest.mark.parametrize("text, cut", [
    # a blank line wins over a line end and a sentence end nearer the target
    ("A" * 60 + ".\n\n" + "B" * 30 + ". Then more.\nC" + "c" * 100, 63),
    # a line end after closing punctuation, when there is no blank line
    ("A" * 60 + ".\n" + "B" * 100, 62),
    # not before a line that continues in lower case, nor before a table row
    ("A" * 60 + ".\ncontinued here " + "b" * 40 + ". Next sentence " + "c" * 60, 119),
    ("A" * 60 + ".\n| Year | Event |\n" + "B" * 40 + ".\nNext " + "c" * 60, 121),
    # a sentence end inside a runaway line
    ("word " * 14 + "end. Next " + "x" * 100, 75),
])
def test_cuts_fall_where_the_segmenter_starts_a_fresh_sentence(text, cut):
    assert chunk_bounds(text, target=100, limit=400)[0][1] == cut


def test_notes_are_cut_at_any_line_a_plan_only_after_closing_punctuation():
    text = "- wex in July\n" * 20
    assert chunk_bounds(text, target=100, limit=400, kind="notes")[0][1] == 98
    assert chunk_bounds("Careers fair in July\n" * 20, target=100, limit=400)[0][1] % 21 != 0


def test_the_headings_in_force_carry_over_as_the_year_scope_does():
    headings = [{"level": 2, "year_groups": [9], "text": "Year 9"},
                {"level": 3, "year_groups": [], "text": "Autumn"}]
    assert carry_headings((), headings) == ((2, (9,), "Year 9"), (3, (), "Autumn"))
    after = carry_headings(carry_headings((), headings), [{"level": 2, "year_groups": [], "text": "Fairs"}])
    assert after == ((2, (), "Fairs"),)
    assert carry_headings(after, [{"level": 0, "year_groups": [10], "text": "Y10 group"}]) == ((0, (10,), "Y10 group"),)


@pytest.mark.parametrize("text", ["", "one", " two  words ", "a\nb\tc  d", "word " * 300_000 + "end"])
def test_words_are_counted_without_building_the_list(text):
    assert count_words(text) == len(text.split())


def test_every_fixture_document_reads_the_same_in_small_sections(small_sections):
    compared = 0
    for name, text in fixture_texts():
        for kind in ("plan", "notes"):
            expected = whole(text, kind=kind, phase="11-18").as_dict()
            assert nlp.analyse(text, kind=kind, phase="11-18").as_dict() == expected, (name, kind)
            compared += len(chunk_bounds(text, kind=kind)) - 1
    assert compared > 100  # the cuts really happened


def test_a_heading_scopes_the_paragraphs_below_it_across_cuts(small_sections):
    paragraph = "Pupils take part in a careers fair with local employers.\n\n"
    text = ("## Year 9\n\n" + paragraph * 40 + "### Autumn term\n\n" + paragraph * 40
            + "## Enrichment\n\n" + paragraph * 40)
    result = nlp.analyse(text, kind="plan", phase="11-16")
    assert len(chunk_bounds(text)) > 10
    assert result.as_dict() == whole(text, kind="plan", phase="11-16").as_dict()
    by_section = {}
    for s in result.signals:
        heading = "Enrichment" if s.start > text.index("## Enrichment") else "Year 9"
        by_section.setdefault(heading, set()).add((s.year_groups, s.year_group_source))
    assert by_section["Year 9"] == {((9,), "heading")}
    assert by_section["Enrichment"] == {((), None)}
    assert [s["heading"] for s in result.sections] == ["", "Year 9", "Autumn term", "Enrichment"]


def test_a_5_million_character_text_gives_the_signals_of_its_sections_one_by_one():
    text, parts = long_text(5_000_000)
    assert len(text) >= 5_000_000
    result = nlp.analyse(text, kind="plan", phase="11-18")
    alone = {}
    expected = []
    for offset, part in parts:
        if part not in alone:
            alone[part] = whole(part, kind="plan", phase="11-18").signals
        for s in alone[part]:
            record = s.as_dict()
            for key in ("start", "end", "sentence_start", "sentence_end"):
                record[key] += offset
            for modifier in record["modifiers"]:
                modifier["start"] += offset
                modifier["end"] += offset
            expected.append(record)
    got = [s.as_dict() for s in result.signals]
    assert len(got) == len(expected) > 50_000
    assert got == expected
    assert all(text[s.start:s.end] == s.text and text[s.sentence_start:s.sentence_end] == s.sentence
               for s in result.signals[::97])
    assert result.words == len(text.split())


def test_a_runaway_line_of_2_million_characters_is_analysed_with_true_offsets():
    sentences = " ".join(t for _, t in fixture_texts()).split()
    line = " ".join(sentences)
    line = (line + " ") * (2_000_000 // len(line) + 1)
    assert "\n" not in line and len(line) > 2_000_000
    result = nlp.analyse(line, kind="plan")
    assert len(result.signals) > 10_000
    assert all(line[s.start:s.end] == s.text and line[s.sentence_start:s.sentence_end] == s.sentence
               for s in result.signals[::53])
