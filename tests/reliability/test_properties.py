"""Property-based tests: whatever text or bytes arrive, the loaders and the engine answer in their own terms.

- ``load_document`` on arbitrary text and arbitrary bytes (raw, and mutations of real files so the PDF,
  Word and HTML parsers are reached) in every supported extension: a Document or an InspectorKitError.
- ``split_notes`` on arbitrary text: notes whose spans slice the text, or NotesStructureError.
- ``nlp.analyse`` on arbitrary text: never raises; every signal's offsets slice the text to its text.

Example counts are modest (200 per property, no deadline) so the suite stays fast; the session summary
prints how many examples ran.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_kit.errors import InspectorKitError, NotesStructureError
from inspector_kit.evidence import Document, load_document, split_notes
from inspector_kit.evidence.documents import FORMATS
from reliability_support import COUNTS, FIXTURES, load_make_bad

pytestmark = pytest.mark.reliability

EXAMPLES = 200
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = sorted(FORMATS)
PASS = FIXTURES / "documents" / "pass"
YEARS = set(range(7, 14))


def _load(data: bytes, extension: str):
    """load_document on ``data`` saved with ``extension``: the Document, or None for a toolkit error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"evidence{extension}"
        path.write_bytes(data)
        try:
            return load_document(path)
        except InspectorKitError as exc:
            assert path.name in str(exc), f"the error does not name the file: {exc}"
            return None


# --- load_document ----------------------------------------------------------------------------------

@pytest.mark.parametrize("extension", EXTENSIONS)
@PROPERTY
@given(text=st.text(max_size=3000))
def test_arbitrary_text_in_any_format_loads_or_gives_a_toolkit_error(extension, text):
    COUNTS["hypothesis examples"][f"load_document(text{extension})"] += 1
    doc = _load(text.encode("utf-8"), extension)
    if doc is not None and doc.format in ("md", "txt") and doc.encoding == "utf-8":
        assert doc.text == text  # offsets into the text are offsets into the decoded file


def _samples(extension: str) -> list[bytes]:
    """Real files of this format to mutate, so fuzzing gets past the first byte of each parser."""
    make_bad = load_make_bad()
    fmt = FORMATS[extension]
    real = [p.read_bytes() for p in sorted(PASS.iterdir()) if FORMATS.get(p.suffix) == fmt]
    if fmt == "pdf":
        real.append(make_bad.simple_pdf())  # uncompressed content: mutations reach the text operators
    return real


def _mutated(extension: str):
    samples = _samples(extension)
    edits = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=12)
    cut = st.one_of(st.none(), st.integers(0, 1 << 20))

    @st.composite
    def mutate(draw):
        data = bytearray(draw(st.sampled_from(samples)))
        for position, value in draw(edits):
            data[position % len(data)] = value
        limit = draw(cut)
        return bytes(data[: limit % (len(data) + 1)] if limit is not None else data)

    return mutate()


def _docx_with_fuzzed_xml():
    """A real Word package whose document.xml has random edits, re-zipped so the zip itself is sound."""
    original = (PASS / "plan.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}

    @st.composite
    def build(draw):
        xml = bytearray(entries["word/document.xml"])
        for position, value in draw(st.lists(st.tuples(st.integers(0, len(xml) - 1), st.integers(0, 255)),
                                             min_size=1, max_size=6)):
            xml[position] = value
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in entries.items():
                z.writestr(name, bytes(xml) if name == "word/document.xml" else data)
        return out.getvalue()

    return build()


def _bytes_strategy(extension: str):
    strategies = [st.binary(max_size=4096), _mutated(extension)]
    if extension == ".pdf":
        strategies.append(st.binary(max_size=2048).map(lambda b: b"%PDF-1.4\n" + b))
    if extension == ".docx":
        strategies.append(_docx_with_fuzzed_xml())
    return st.one_of(strategies)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_arbitrary_bytes_in_any_format_load_or_give_a_toolkit_error(extension):
    @PROPERTY
    @given(data=_bytes_strategy(extension))
    def prop(data):
        COUNTS["hypothesis examples"][f"load_document(bytes{extension})"] += 1
        _load(data, extension)

    prop()


# --- split_notes ------------------------------------------------------------------------------------

HEADINGS = ["## Y8 group (6 pupils: Amira, Josh, Kacper)", "Year 10 - 5 pupils - Ellie, Tom", "Years 10-11",
            "Y12/13", "KS3", "6th form (Y12-13), 4 students: Hannah, Dev", "# Year 7", "Year 15", "## Group A",
            "- none had done work experience", ""]
NOTE_LINES = st.one_of(st.sampled_from(HEADINGS), st.text(max_size=80))
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@PROPERTY
@given(lines=st.lists(NOTE_LINES, max_size=30), end=LINE_ENDS)
def test_notes_split_into_spans_that_slice_the_text_or_are_refused(lines, end):
    text = end.join(lines)
    COUNTS["hypothesis examples"]["split_notes"] += 1
    doc = Document(path="notes.md", format="md", text=text, encoding="utf-8")
    try:
        notes = split_notes(doc)
    except NotesStructureError as exc:
        assert "notes.md" in str(exc)
        return
    assert notes
    for note in notes:
        assert doc.text[note.source.start:note.source.end] == note.text
        assert note.source.line == doc.line_of(note.source.start)
        assert note.year_groups and set(note.year_groups) <= YEARS


@PROPERTY
@given(text=st.text(max_size=3000))
def test_arbitrary_text_through_split_notes_gives_notes_or_notes_structure_error(text):
    COUNTS["hypothesis examples"]["split_notes(text)"] += 1
    doc = Document(path="notes.txt", format="txt", text=text, encoding="utf-8")
    try:
        notes = split_notes(doc)
    except NotesStructureError:
        return
    for note in notes:
        assert doc.text[note.source.start:note.source.end] == note.text


# --- the analysis engine ------------------------------------------------------------------------------

def _analyse():
    try:
        import nlp
        return nlp.analyse
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"nlp.analyse is not written yet (issue 4): {exc}")


PHRASES = ["T levels", "work experience", "None of the Y10 pupils had heard of apprenticeships.",
           "We will introduce", "careers adviser", "one-to-one guidance", "Unifrog", "university",
           "Our careers leader is Ms Okafor (f.okafor@school.example).", "Year 8", "KS3", "Years 10-11",
           "## Y9 group (4 pupils: Amy, Ben)", "- ", "\n", "\n\n", "not", "never", "employer talk",
           "provider access policy", "SEND", "destinations", "Compass+", "labour market information",
           "This policy will be reviewed in July 2027.", "é", "–", "\u00a0", "\t", "🙂"]
ENGINE_TEXT = st.one_of(
    st.text(max_size=1500),
    st.lists(st.one_of(st.sampled_from(PHRASES), st.sampled_from(PHRASES), st.text(max_size=30)),
             max_size=40).map(" ".join),
)


@PROPERTY
@given(text=ENGINE_TEXT, kind=st.sampled_from(["plan", "notes"]),
       phase=st.sampled_from([None, "11-16", "11-18", "16-19"]))
def test_the_engine_never_raises_and_signal_offsets_slice_the_text(text, kind, phase):
    analyse = _analyse()
    COUNTS["hypothesis examples"]["nlp.analyse"] += 1
    result = analyse(text, kind=kind, phase=phase)
    COUNTS["signals checked"]["nlp.analyse"] += len(result.signals)
    for signal in result.signals:
        assert text[signal.start:signal.end] == signal.text, signal
        assert set(signal.year_groups) <= YEARS
    for finding in result.findings:
        for evidence in finding.evidence:
            if evidence.signal is not None:
                assert text[evidence.signal.start:evidence.signal.end] == evidence.signal.text
