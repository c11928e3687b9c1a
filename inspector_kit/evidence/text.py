"""Turning the bytes of a text file into text, the way schools' and DfE's files actually arrive.

The one decoder of the toolkit: documents (``evidence.documents``), destination files
(``destinations.loader``) and labour market tables (``labour_market.loader``) all read their bytes with
:func:`decode_text` and turn its two errors into their own problem records.

Schools' files come as UTF-8, UTF-8 with a byte-order mark (Notepad, Excel exports), UTF-16 with a BOM
(some Word "Unicode text" saves), UTF-32 with a BOM or Windows-1252 (older Office on Windows). We try them in that order and
never guess further: anything else, or binary junk with a text extension, is refused with EncodingError.
Line endings are kept as they are, so offsets into the text are offsets into the decoded file.
"""
from __future__ import annotations

import codecs

from inspector_kit.errors import EmptyDocumentError, EncodingError

_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# bytes that never appear in a real text file (NUL and most C0 controls other than tab/newline/CR/FF)
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file, or raise a toolkit error naming ``path``."""
    if not data.strip():
        raise EmptyDocumentError("the file is empty", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                   f"(byte {exc.start})", path, exc) from exc
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL)
    if b"\x00" in sample or controls > max(8, len(sample) // 100):
        raise EncodingError("looks like binary data, not text (control bytes found); is the extension wrong?",
                            path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise _undecodable(f"is neither UTF-8 (invalid byte at {utf8_error.start}) nor Windows-1252 "
                               f"(undefined byte at {exc.start})", path, exc) from exc


def _undecodable(message: str, path: str, exc: UnicodeDecodeError) -> EncodingError:
    error = EncodingError(message, path=path)
    error.span = (exc.start, exc.end)
    return error
