"""load_document: every format gives text with true offsets; every bad file gives its own error naming it."""
from pathlib import Path

import pytest

from inspector_kit import errors
from inspector_kit.config import Limits
from inspector_kit.evidence import load_document

DOCS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PASS, FAIL = DOCS / "pass", DOCS / "fail"


@pytest.mark.parametrize("name, fmt, encoding, must_contain", [
    ("plan-utf8.txt", "txt", "utf-8", "Ms Farah Okafor"),
    ("plan-bom.txt", "txt", "utf-8-sig", "café “quotes”"),
    ("plan-cp1252.txt", "txt", "cp1252", "café “quotes” £5"),
    ("plan-utf16.txt", "txt", "utf-16", "Careers – café"),
    ("notes.md", "md", "utf-8", "none cd remember an employer visit"),
    ("page.html", "html", "utf-8", "- Every Year 7 pupil meets two employers in the autumn term."),
    ("plan.pdf", "pdf", None, "Year 10 pupils complete a week of work experience in July."),
    ("plan.docx", "docx", None, "Year 10 | A week of work experience in July"),
])
def test_each_format_loads_its_text(name, fmt, encoding, must_contain):
    doc = load_document(PASS / name)
    assert doc.format == fmt
    assert doc.encoding == encoding
    assert must_contain in doc.text
    assert doc.path.endswith(name)


def test_html_keeps_the_main_content_and_drops_page_furniture():
    text = load_document(PASS / "page.html").text
    assert "Careers at Lowfield School" in text
    assert "Year 8 | Apprenticeship provider assembly" in text
    for furniture in ("cookies", "dataLayer", "Admissions", "Copyright", "font:"):
        assert furniture not in text


def test_pdf_records_where_each_page_starts():
    doc = load_document(PASS / "plan.pdf")
    assert len(doc.page_starts) == 2
    offset = doc.text.index("Review date")
    assert doc.span(offset, offset + 11).page == 2
    assert doc.span(0, 5).page == 1


def test_text_offsets_are_offsets_into_the_decoded_file():
    path = PASS / "plan-cp1252.txt"
    doc = load_document(path)
    decoded = path.read_bytes().decode("cp1252")
    assert doc.text == decoded  # line endings kept, nothing normalised away
    start = doc.text.index("Year 10")
    span = doc.span(start, start + 7)
    assert decoded[span.start:span.end] == "Year 10"
    assert span.line == decoded[:start].count("\n") + 1


@pytest.mark.parametrize("name, error, code", [
    ("empty.txt", errors.EmptyDocumentError, "document.empty"),
    ("whitespace.md", errors.EmptyDocumentError, "document.empty"),
    ("binary-junk.txt", errors.EncodingError, "document.encoding"),
    ("not-cp1252.txt", errors.EncodingError, "document.encoding"),
    ("scripts-only.html", errors.EmptyDocumentError, "document.empty"),
    ("scanned.pdf", errors.ScannedDocumentError, "document.scanned"),
    ("encrypted.pdf", errors.EncryptedDocumentError, "document.encrypted"),
    ("truncated.pdf", errors.CorruptDocumentError, "document.corrupt"),
    ("not-a-pdf.pdf", errors.CorruptDocumentError, "document.corrupt"),
    ("corrupt.docx", errors.CorruptDocumentError, "document.corrupt"),
    ("plain-zip.docx", errors.CorruptDocumentError, "document.corrupt"),
    ("password.docx", errors.EncryptedDocumentError, "document.encrypted"),
    ("zip-bomb.docx", errors.DocumentTooLargeError, "document.too_large"),
    ("plan.rtf", errors.UnsupportedFormatError, "document.unsupported_format"),
])
def test_each_bad_file_gives_its_own_error_naming_the_file(name, error, code):
    with pytest.raises(error) as caught:
        load_document(FAIL / name)
    assert caught.value.code == code
    assert isinstance(caught.value, errors.InspectorKitError)
    assert name in str(caught.value)


def test_missing_file_and_folder_are_reported_as_not_found(tmp_path):
    with pytest.raises(errors.DocumentNotFoundError, match="no such file"):
        load_document(tmp_path / "gone.pdf")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(errors.DocumentNotFoundError, match="folder"):
        load_document(tmp_path / "dir.md")


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("careers " * 200_000)
    with pytest.raises(errors.DocumentTooLargeError) as caught:
        load_document(big, limits=Limits(max_bytes=1024 * 1024))
    assert caught.value.details["size"] == big.stat().st_size


def test_pdfs_over_the_page_limit_are_refused():
    with pytest.raises(errors.DocumentTooLargeError, match="2 pages"):
        load_document(PASS / "plan.pdf", limits=Limits(max_pages=1))


def test_loading_never_writes_to_the_input(tmp_path):
    import hashlib
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in PASS.iterdir()}
    for p in PASS.iterdir():
        if p.suffix != ".py":
            load_document(p)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in PASS.iterdir()}
    assert before == after


def test_markup_the_html_parser_rejects_is_reported_as_corrupt(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text("<![0")  # found by hypothesis: html.parser raises ParserRejectedMarkup
    with pytest.raises(errors.CorruptDocumentError, match="page.htm"):
        load_document(page)
