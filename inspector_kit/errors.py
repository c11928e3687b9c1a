"""One hierarchy for every error the toolkit raises on purpose.

Callers (CLI, dashboards) catch :class:`InspectorKitError` and show its message: each message names the
file and, where it applies, the row, column or page, so an inspector can fix the input without a
traceback. Anything else escaping is a bug.
"""
from __future__ import annotations

from pathlib import Path


class InspectorKitError(Exception):
    """Base class: an input or request the toolkit cannot use, explained in words.

    ``path`` is the file concerned (when there is one); ``code`` is a stable dotted id that tests and
    the dashboards' error panel use instead of the message wording.
    """

    code = "inspector_kit.error"

    def __init__(self, message: str, *, path: str | Path | None = None, **details):
        self.path = str(path) if path is not None else None
        self.details = details
        text = f"{self.path}: {message}" if self.path else message
        super().__init__(text)
        self.message = message

    def as_dict(self) -> dict:
        """A plain record for JSON output and error tables (see :func:`problem`)."""
        return problem(self.code, self.message, self.path, **self.details)


def problem(code: str, message: str, path: str | Path | None = None, **details) -> dict:
    """The one shape of a problem record (``code``, ``path``, ``message``): what bundles' ``problems``, the
    dashboards' error panels and the JSON outputs list for input that could not be used. A raised error
    becomes one by ``as_dict()``; a problem noticed without raising (a duplicate URN, a link to an unknown
    school) is made here, so both read the same everywhere they are shown."""
    return {"code": code, "path": str(path) if path is not None else None, "message": message, **details}


# --- documents -------------------------------------------------------------------------------

class DocumentError(InspectorKitError):
    """A document (plan or notes) could not be turned into text."""

    code = "document.error"


class DocumentNotFoundError(DocumentError):
    """The path does not exist, or is a folder where a file is expected (``bundle`` and ``thematic`` take folders)."""

    code = "document.not_found"


class EmptyDocumentError(DocumentError):
    """The file has no bytes, or no readable text once markup and whitespace are removed."""

    code = "document.empty"


class ScannedDocumentError(DocumentError):
    """A PDF has pages but no text layer (a scan or images of text): OCR it, or ask the school for the source file."""

    code = "document.scanned"


class EncryptedDocumentError(DocumentError):
    """A PDF or Word file is password-protected or encrypted, so its text cannot be read."""

    code = "document.encrypted"


class CorruptDocumentError(DocumentError):
    """The file claims a format (by its extension) but its bytes are not a valid file of that format."""

    code = "document.corrupt"


class UnsupportedFormatError(DocumentError):
    """The file's extension is not one the toolkit reads (.html, .htm, .pdf, .docx, .md, .txt)."""

    code = "document.unsupported_format"


class EncodingError(DocumentError):
    """A text file is neither UTF-8 (with or without BOM), UTF-16 with BOM, nor Windows-1252, or is binary.

    ``span`` is ``(start, end)`` of the first bytes that would not decode, when there are such bytes (not
    for binary data), so a loader of tables can name the line as well as the file.
    """

    code = "document.encoding"
    span: tuple[int, int] | None = None


class DocumentTooLargeError(DocumentError):
    """The file is over the configured size, page or extracted-text limit; refused before it can exhaust memory.

    ``details`` name the measure that is over (``size`` in bytes, ``pages``, ``characters`` of text) and
    the ``limit``.
    """

    code = "document.too_large"


# --- bundles ---------------------------------------------------------------------------------

class BundleError(InspectorKitError):
    """A school's evidence folder is not laid out as ``fixtures/README.md`` describes."""

    code = "bundle.error"


class BundleNotFoundError(BundleError):
    """The folder does not exist, or has no ``school.toml``."""

    code = "bundle.not_found"


class SchoolMetadataError(BundleError):
    """``school.toml`` is not valid TOML, lacks a required field, or has a value of the wrong kind."""

    code = "bundle.metadata"


class MissingEvidenceFileError(BundleError):
    """``school.toml`` names a plan, notes or data file that is not there."""

    code = "bundle.missing_file"


class NotesStructureError(BundleError):
    """A focus-group notes file has no year-group headings, so nothing can be attributed to a year group."""

    code = "notes.no_year_groups"


# --- data ------------------------------------------------------------------------------------

class DestinationDataError(InspectorKitError):
    """A destination measures file cannot be read as DfE publishes it.

    ``problems`` holds every problem found (file, row, column, check id, message), collected at once.
    """

    code = "destinations.error"

    def __init__(self, message: str, *, path=None, problems=None, **details):
        super().__init__(message, path=path, **details)
        self.problems = problems  # a pandas DataFrame or list of dicts, or None


class SchoolNotInDataError(DestinationDataError):
    """The school's URN does not appear in the destination file for the year asked."""

    code = "destinations.school_not_found"


class DestinationLayoutError(DestinationDataError):
    """The columns are neither DfE's wide nor long destination layout: most likely a different file."""

    code = "destinations.layout"


# --- framework and rules ---------------------------------------------------------------------

class FrameworkError(InspectorKitError):
    """A criteria or rule data file is malformed, or refers to an id that does not exist."""

    code = "framework.error"


class AnalysisRequestError(InspectorKitError):
    """The analysis engine was asked for something it cannot do (an unknown kind, an unreadable phase or
    year groups) or one of its rule files is malformed; the message says which."""

    code = "analysis.request"


# --- persistence -----------------------------------------------------------------------------

class ReviewStoreError(InspectorKitError):
    """The reviewers' decision database cannot be opened or written."""

    code = "review_store.error"


# --- thematic review -------------------------------------------------------------------------

class ManifestError(BundleError):
    """A thematic manifest CSV lacks a required column (urn, kind, path), names an unknown kind, or gives
    one school two different values for the same field; every problem is listed with its line."""

    code = "thematic.manifest"


class ResultCacheError(InspectorKitError):
    """The thematic result cache cannot be opened or written (deleting the file is always safe: the next
    run is simply a cold one)."""

    code = "thematic.cache"


class AggregateError(InspectorKitError):
    """An aggregate, cross-tabulation or drill-down was asked for a dimension, code or cell that does not
    exist; the message lists the ones that do."""

    code = "thematic.aggregate"


# --- batch work --------------------------------------------------------------------------------

class BatchItemError(InspectorKitError):
    """One document of a batch could not be analysed for a reason that is not the document's own (an
    unexpected error in a worker process); the message names the document, the rest of the batch goes on."""

    code = "batch.failed"


class WorkerCrashedError(BatchItemError):
    """The worker process analysing this document ended abruptly (killed, out of memory, a crash in
    native code); the document was tried again on its own before this was reported."""

    code = "batch.worker_crashed"


# --- local labour market ---------------------------------------------------------------------

class LabourMarketDataError(InspectorKitError):
    """A local labour market file (employment by industry and area, or the district-to-area lookup) is not
    in the shape the panel reads: a wrong header, a bad code or figure, a duplicate or missing row.

    ``problems`` lists every problem found at once, each with its file, line (the header is line 1),
    column and message.
    """

    code = "labour_market.data"

    def __init__(self, message: str, *, path=None, problems=None, **details):
        super().__init__(message, path=path, **details)
        self.problems = list(problems or [])
