"""Text from the files schools publish: web pages, PDFs, Word documents, Markdown and plain text.

``load_document(path)`` is the one way in. It reads the file once (never writes to it), refuses what it
cannot read with a specific error naming the file, and returns a :class:`Document` whose ``text`` is what
the analysis sees and whose offsets every quotation refers to.

What each format keeps:
- HTML: the main content (``<main>``, ``<article>``, ``#content`` ... else ``<body>``) without scripts,
  styles, navigation, headers, footers, forms or cookie banners; block elements become lines, list items
  start with "- ", table cells are joined with " | ".
- PDF: the text layer, page by page (``page_starts`` records where each page begins).
- DOCX: paragraphs and tables in document order, list items as "- ", table cells joined with " | ".
- Markdown and text: the decoded file unchanged, so offsets are offsets into the file itself.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from inspector_kit.config import Limits
from inspector_kit.errors import (
    CorruptDocumentError,
    DocumentNotFoundError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ScannedDocumentError,
    UnsupportedFormatError,
)
from inspector_kit.evidence.model import Document
from inspector_kit.evidence.text import decode_text

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".md": "md", ".txt": "txt"}


def document_format(path: str | Path) -> str:
    """The format a file is read as, from its extension; UnsupportedFormatError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormatError(
            f"cannot read '{suffix or 'no extension'}' files; use one of {', '.join(sorted(FORMATS))}",
            path=path)
    return FORMATS[suffix]


def load_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Read one evidence file into a :class:`Document`.

    >>> doc = load_document("fixtures/schools/westbrook-academy/careers-plan.md")  # doctest: +SKIP
    >>> doc.format, doc.words > 100
    ('md', True)
    """
    limits = limits or Limits.from_env()
    path = Path(path)
    if path.is_dir():
        raise DocumentNotFoundError("is a folder; give a file, or use `bundle`/`thematic` for a folder", path=path)
    fmt = document_format(path)
    if not path.is_file():
        raise DocumentNotFoundError("no such file", path=path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise DocumentTooLargeError(
            f"is {size / 1048576:.1f} MB, over the {limits.max_bytes / 1048576:.0f} MB limit "
            "(set INSPECTOR_KIT_MAX_MB to raise it)", path=path, size=size, limit=limits.max_bytes)
    if fmt == "html" and size > limits.max_html_bytes:
        raise DocumentTooLargeError(
            f"is a {size / 1048576:.1f} MB web page, over the {limits.max_html_bytes / 1048576:.0f} MB limit for "
            "web pages (set INSPECTOR_KIT_MAX_HTML_MB to raise it)", path=path, size=size,
            limit=limits.max_html_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the file is empty", path=path)
    reader = {"html": _read_html, "pdf": _read_pdf, "docx": _read_docx, "md": _read_text, "txt": _read_text}[fmt]
    try:
        doc = reader(data, str(path), limits)
    except RecursionError as exc:  # e.g. thousands of nested <div>s in a saved web page
        raise CorruptDocumentError("is nested too deeply to read; save it again from its editor",
                                   path=path) from exc
    check_text_length(len(doc.text), str(path), limits)
    if not doc.text.strip():
        raise EmptyDocumentError("has no readable text", path=path)
    return doc


def check_text_length(characters: int, path: str, limits: Limits) -> None:
    """Refuse a document whose extracted text is over ``limits.max_text_chars`` (INSPECTOR_KIT_MAX_TEXT_MB).

    Why: the engine analyses any length in bounded memory, but a few MB of compressed Word or PDF can
    extract to hundreds of MB of text; past the limit the error says so, naming the file and both sizes,
    and readers call this as text accumulates so they stop before holding it all.
    """
    if characters > limits.max_text_chars:
        raise DocumentTooLargeError(
            f"has {characters / 1048576:.1f} MB of text ({characters:,} characters), over the "
            f"{limits.max_text_chars / 1048576:.0f} MB limit for extracted text "
            "(set INSPECTOR_KIT_MAX_TEXT_MB to raise it)", path=path, characters=characters,
            limit=limits.max_text_chars)


# --- plain text and Markdown -----------------------------------------------------------------

def _read_text(data: bytes, path: str, limits: Limits) -> Document:
    text, encoding = decode_text(data, path)
    return Document(path=path, format=document_format(path), text=text, encoding=encoding)


# --- HTML --------------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "iframe",
              "svg", "button", "select", "aside")
_DROP_HINTS = re.compile(r"cookie|consent|gdpr|banner|navbar|\bnav\b|menu|breadcrumb|skip|social|share|"
                         r"search|popup|modal|newsletter", re.I)
_MAIN_SELECTORS = ("main", "[role=main]", "article", "#content", "#main", "#main-content", ".content",
                   ".main-content", ".page-content", ".entry-content")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3",
               "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "br", "hr", "figure", "figcaption"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def _read_html(data: bytes, path: str, limits: Limits) -> Document:
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    declared = _META_CHARSET.search(data[:4096])
    text = encoding = None
    if declared and declared.group(1).lower().startswith((b"utf-16", b"utf-32")) and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff")):
        declared = None  # as browsers do: a UTF-16 declaration without a BOM is wrong, the bytes decide
    if declared:
        try:
            text, encoding = data.decode(declared.group(1).decode("ascii")), declared.group(1).decode("ascii").lower()
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_text(data, path)
    try:
        soup = BeautifulSoup(text, "html.parser")
    except ParserRejectedMarkup as exc:  # e.g. a stray "<![" that the parser cannot tokenise
        raise CorruptDocumentError(f"is not readable HTML ({exc.__class__.__name__})", path=path) from exc
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if "_decomposed" in vars(tag):  # not tag.decomposed: bs4's __getattr__ searches the whole subtree
            continue
        hints = " ".join([tag.get("id") or "", " ".join(tag.get("class") or []), tag.get("role") or "",
                          tag.get("aria-label") or ""])
        if hints.strip() and _DROP_HINTS.search(hints) and tag.name not in ("body", "html", "main", "article"):
            tag.decompose()
    root = None
    for selector in _MAIN_SELECTORS:
        found = soup.select_one(selector)
        if found and found.get_text(strip=True):
            root = found
            break
    root = root or soup.body or soup
    lines: list[str] = []
    _html_lines(root, lines)
    body = "\n".join(line for line in (re.sub(r"[ \t\u00a0]+", " ", l).strip() for l in lines) if line)
    if not body.strip():
        raise EmptyDocumentError("has no main text once scripts, navigation and banners are removed", path=path)
    return Document(path=path, format="html", text=body + "\n", encoding=encoding)


def _html_lines(node, lines: list[str]) -> None:
    """Flatten an element into lines: one per block element, bullets for list items, ' | ' between cells."""
    from bs4 import NavigableString, Tag

    current: list[str] = []

    def flush():
        if current:
            lines.append("".join(current))
            current.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            current.append(str(child).replace("\n", " "))
        elif isinstance(child, Tag):
            if child.name == "tr":
                flush()
                cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"], recursive=False)]
                lines.append(" | ".join(c for c in cells))
            elif child.name == "li":
                flush()
                inner: list[str] = []
                _html_lines(child, inner)
                if inner:
                    lines.append("- " + inner[0].strip())
                    lines.extend(inner[1:])
            elif child.name in _BLOCK_TAGS:
                flush()
                _html_lines(child, lines)
            else:
                current.append(child.get_text(" "))
    flush()


# --- PDF ---------------------------------------------------------------------------------------

def _read_pdf(data: bytes, path: str, limits: Limits) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptDocumentError("is not a PDF (no %PDF header)", path=path)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise EncryptedDocumentError("is password-protected; ask the school for an unprotected copy",
                                                 path=path)
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise EncryptedDocumentError("is encrypted and cannot be opened without a password",
                                             path=path) from exc
        count = len(reader.pages)
    except EncryptedDocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise CorruptDocumentError(f"is not a readable PDF ({type(exc).__name__}: {exc})", path=path) from exc
    if count == 0:
        raise EmptyDocumentError("the PDF has no pages", path=path)
    if count > limits.max_pages:
        raise DocumentTooLargeError(f"has {count} pages, over the {limits.max_pages}-page limit "
                                    "(set INSPECTOR_KIT_MAX_PAGES to raise it)", path=path, pages=count)
    parts: list[str] = []
    starts: list[int] = []
    blank: list[int] = []
    offset = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            page_text = page.extract_text() or ""
        except (PdfReadError, Exception) as exc:  # one broken page should not lose the rest
            raise CorruptDocumentError(f"page {number} cannot be read ({type(exc).__name__}: {exc})",
                                       path=path, page=number) from exc
        page_text = _reflow(page_text.replace("\x00", "").strip())
        if not page_text:
            blank.append(number)
        starts.append(offset)
        chunk = page_text + "\n\n"
        parts.append(chunk)
        offset += len(chunk)
        check_text_length(offset, path, limits)
    if len(blank) == count:
        raise ScannedDocumentError(
            f"none of its {count} page(s) has a text layer (a scan or images of text); "
            "run OCR or ask the school for the original document", path=path, pages=count)
    warnings = (f"pages without text (scanned?): {', '.join(map(str, blank))}",) if blank else ()
    return Document(path=path, format="pdf", text="".join(parts), page_starts=tuple(starts), warnings=warnings)


_BULLET_START = re.compile(r"^\s*(?:[-•*▪◦–]|\d+[.)])\s")


def _reflow(page_text: str) -> str:
    """Join lines that a PDF wrapped mid-sentence, so a sentence reads (and is quoted) as one line.

    A line break is kept when the line ends a sentence, heading or list item; it becomes a space when the
    line runs on (long, no closing punctuation) or the next line plainly continues it (lower case start).
    """
    lines = page_text.split("\n")
    if len(lines) < 2:
        return page_text
    width = max(len(l) for l in lines)
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        stripped = line.strip()
        runs_on = prev.strip() and not prev.rstrip().endswith((".", ":", "!", "?", ";")) and \
            len(prev) >= 0.8 * width
        continues = stripped[:1].islower() or stripped[:1] in "(&"
        if prev.strip() and stripped and not _BULLET_START.match(line) and (runs_on or continues):
            out[-1] = prev.rstrip() + " " + stripped
        else:
            out.append(line)
    return "\n".join(out)


# --- DOCX --------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _repack(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> io.BytesIO:
    """The package re-zipped from its members read 1 MB at a time, so none inflates past its declared size.

    ``ZipFile.read`` inflates a member in one call whatever the directory says, so a zip that
    under-states a member's size (to pass the zip-bomb check in _read_docx) would otherwise inflate in full.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
        for info in infos:
            if not info.is_dir():
                with archive.open(info) as member:
                    repacked.writestr(info.filename, b"".join(iter(lambda: member.read(1 << 20), b"")))
    out.seek(0)
    return out


def _read_docx(data: bytes, path: str, limits: Limits) -> Document:
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedDocumentError("is a password-protected Word file; ask the school for an "
                                         "unprotected copy", path=path)
        raise CorruptDocumentError("is an old-style Word (.doc) file renamed .docx; save it as .docx",
                                   path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:  # e.g. "zip file version 6.4"
        raise CorruptDocumentError("is not a valid Word file (not a zip package)", path=path) from exc
    unzipped = sum(i.file_size for i in infos)
    if unzipped > limits.max_unzipped_bytes or (len(data) and unzipped / len(data) > 400):
        raise DocumentTooLargeError(f"would expand to {unzipped / 1048576:.0f} MB (a zip bomb?); refused",
                                    path=path, unzipped=unzipped)
    if "word/document.xml" not in archive.namelist():
        raise CorruptDocumentError("is a zip file but not a Word document (no word/document.xml)", path=path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(_repack(archive, infos))
        lines: list[str] = []
        characters, counted = 0, 0
        # style id -> name: python-docx looks a paragraph's style up in the styles part each time (the
        # default style by a scan of it), a tenth of a second per plan; a document's styles do not change
        style_names: dict[str | None, str] = {}
        for block in document.iter_inner_content():
            characters += sum(len(line) + 1 for line in lines[counted:])
            counted = len(lines)
            check_text_length(characters, path, limits)
            if isinstance(block, Paragraph):
                text = block.text.strip()
                if not text:
                    continue
                style_id = block._p.style
                if style_id not in style_names:
                    found = block.style
                    style_names[style_id] = (found.name if found is not None else "") or ""
                style = style_names[style_id]
                lines.append(("- " + text) if style.startswith("List") else text)
            elif isinstance(block, Table):
                for row in block.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        value = " ".join(cell.text.split())
                        if not cells or cells[-1] != value:  # merged cells repeat their text
                            cells.append(value)
                    if any(cells):
                        lines.append(" | ".join(cells))
    except DocumentTooLargeError:
        raise
    except Exception as exc:
        raise CorruptDocumentError(f"is not a readable Word document ({type(exc).__name__}: {exc})",
                                   path=path) from exc
    return Document(path=path, format="docx", text="\n".join(lines) + "\n")
