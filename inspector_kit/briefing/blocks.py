"""The briefing as a sequence of simple blocks, so every output format says exactly the same thing.

The briefing builder produces blocks; each renderer (HTML, DOCX, Markdown) only lays them out. That is
why a DOCX's text matches the HTML's: neither can add or drop a sentence the other does not have.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the briefing's title, 2 a section, 3 a part of one."""
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose; ``style`` marks the lead, a note or a warning in every format."""
    text: str
    style: str = ""  # "" | "lead" | "note" | "warning"


@dataclass(frozen=True)
class Quote:
    """A quotation from the evidence with its source label (file, page, line) and how it was read."""

    text: str
    source: str
    tag: str = ""  # e.g. "negated", "planned", "affirmed"


@dataclass(frozen=True)
class BulletList:
    """A list of short items, numbered when ``ordered``."""
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; every cell is text, so each format lays it out the same way."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec, rendered to inline SVG (HTML) or PNG (DOCX) by vl-convert; ``alt`` describes it."""

    spec: dict = field(hash=False, compare=False)
    alt: str = ""
    title: str = ""


Block = Heading | Paragraph | Quote | BulletList | Table | Chart


def plain_text(blocks: list[Block]) -> list[str]:
    """The text content of the blocks, one string per line of text, as every renderer must show it."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, (Heading, Paragraph)):
            out.append(b.text)
        elif isinstance(b, Quote):
            out.append(b.text)
            out.append(b.source)
        elif isinstance(b, BulletList):
            out.extend(b.items)
        elif isinstance(b, Table):
            if b.caption:
                out.append(b.caption)
            out.extend(b.header)
            for row in b.rows:
                out.extend(row)
        elif isinstance(b, Chart):
            out.append(b.title)
    return [t for t in out if t]
