"""Focus-group notes: one file of an inspector's typing, split into one note per group of pupils.

A section starts at a heading that names year groups ("## Y8 group (6 pupils: Amira, Josh)",
"Year 10 - 5 pupils - Ellie, Tom", "6th form (Y12-13)"); the heading grammar lives in
:mod:`nlp.yeargroups` so that the loader and the analysis read year groups the same way. Text before the
first heading (date, room, inspector) is a preamble, not a note.
"""
from __future__ import annotations

from nlp.yeargroups import heading_year_groups

from inspector_kit.errors import NotesStructureError
from inspector_kit.evidence.model import Document, FocusGroupNote


def split_notes(doc: Document) -> list[FocusGroupNote]:
    """The notes in ``doc``, one per year-group heading, each with its span in the file.

    Raises NotesStructureError when no line is a year-group heading: such notes cannot be attributed to
    a year group, and guessing would put pupils' words in the wrong place.
    """
    headings = []  # (heading start, body start, parsed heading)
    offset = 0
    for line in doc.text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= 160:
            parsed = heading_year_groups(stripped)
            if parsed and parsed.year_groups:
                headings.append((offset, offset + len(line), parsed))
        offset += len(line)
    if not headings:
        raise NotesStructureError(
            "has no year-group headings (e.g. '## Y8 group (5 pupils: ...)', 'Year 10', 'KS3', "
            "'6th form'); add one before each group's notes", path=doc.path)
    notes = []
    for i, (_, body_start, parsed) in enumerate(headings):
        end = headings[i + 1][0] if i + 1 < len(headings) else len(doc.text)
        body = doc.text[body_start:end]
        trimmed_end = body_start + len(body.rstrip())
        notes.append(FocusGroupNote(
            year_groups=tuple(parsed.year_groups),
            label=parsed.label,
            text=doc.text[body_start:trimmed_end],
            source=doc.span(body_start, trimmed_end),
            document=doc,
            pupil_count=parsed.pupil_count,
            pupil_names=tuple(parsed.pupil_names),
        ))
    return notes
