"""Evidence: the typed model of what inspectors receive, and the one way to load it.

>>> from inspector_kit.evidence import load_bundle, load_document
"""
from inspector_kit.evidence.bundle import discover_bundles, load_bundle, summary
from inspector_kit.evidence.documents import load_document
from inspector_kit.evidence.model import (
    CareersPlan,
    Document,
    EvidenceBundle,
    FocusGroupNote,
    School,
    SourceSpan,
)
from inspector_kit.evidence.notes import split_notes

__all__ = ["CareersPlan", "Document", "EvidenceBundle", "FocusGroupNote", "School", "SourceSpan",
           "discover_bundles", "load_bundle", "load_document", "split_notes", "summary"]
