"""Renderers: the same blocks as self-contained HTML, Word (DOCX) and Markdown.

HTML has no external requests (styles inline, charts as inline SVG) and prints on A4. DOCX uses Word's
own heading, list and table styles, quotations as indented italics, charts as PNG images. Markdown is for
pasting into notes. Output depends only on the blocks: no timestamps, so the same input gives the same file.
"""
from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import datetime
from functools import lru_cache

from inspector_kit.briefing.blocks import Block, BulletList, Chart, Heading, Paragraph, Quote, Table

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #1b1b1b;
       max-width: 190mm; margin: 0 auto; padding: 1em; }
h1 { font-size: 20pt; margin: 0 0 .3em; } h2 { font-size: 15pt; border-bottom: 2px solid #1d4e89;
  padding-bottom: 2px; margin-top: 1.4em; page-break-after: avoid; } h3 { font-size: 12.5pt; page-break-after: avoid; }
p.lead { font-size: 12pt; } p.note { color: #444; font-size: 10pt; } p.warning { border-left: 4px solid #b35900;
  padding-left: .6em; }
blockquote { margin: .4em 0 .6em 1em; padding: .2em .8em; border-left: 4px solid #1d4e89; background: #f3f6fa;
  page-break-inside: avoid; }
blockquote .src { display: block; font-size: 9pt; color: #333; font-style: normal; }
blockquote .tag { font-weight: bold; font-style: normal; text-transform: uppercase; font-size: 8.5pt; }
blockquote.negated { border-left-style: dashed; } blockquote.planned { border-left-style: dotted; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 10pt; page-break-inside: auto; }
th, td { border: 1px solid #9aa5b1; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #e6ecf3; } caption { text-align: left; font-weight: bold; padding: 2px 0; }
tr { page-break-inside: avoid; } figure { margin: .5em 0; page-break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; color: #333; }
"""


def _svg(chart: Chart) -> str:
    return _svg_of(json.dumps(chart.spec, sort_keys=True))


def _png(chart: Chart) -> bytes:
    return _png_of(json.dumps(chart.spec, sort_keys=True))


@lru_cache(maxsize=64)
def _svg_of(spec: str) -> str:
    """SVG for a chart spec; cached because the dashboard and each export draw the same charts."""
    import vl_convert as vlc

    return re.sub(r"<\?xml[^>]*>\s*", "", vlc.vegalite_to_svg(json.loads(spec)))


@lru_cache(maxsize=64)
def _png_of(spec: str) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(json.loads(spec), scale=2)


def to_html(blocks: list[Block], title: str) -> str:
    """A single self-contained HTML page (no scripts, no links to fetch)."""
    esc = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'><title>{esc(title)}</title>"
             f"<style>{CSS}</style></head><body>"]
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(f"<h{b.level}>{esc(b.text)}</h{b.level}>")
        elif isinstance(b, Paragraph):
            cls = f" class='{b.style}'" if b.style else ""
            parts.append(f"<p{cls}>{esc(b.text)}</p>")
        elif isinstance(b, Quote):
            tag = f"<span class='tag'>{esc(b.tag)}</span> " if b.tag else ""
            parts.append(f"<blockquote class='{esc(b.tag)}'><em>{esc(b.text)}</em>"
                         f"<span class='src'>{tag}{esc(b.source)}</span></blockquote>")
        elif isinstance(b, BulletList):
            tag = "ol" if b.ordered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{esc(i)}</li>" for i in b.items) + f"</{tag}>")
        elif isinstance(b, Table):
            cap = f"<caption>{esc(b.caption)}</caption>" if b.caption else ""
            head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in b.header)
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in b.rows)
            parts.append(f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(b, Chart):
            svg = _svg(b)
            svg = svg.replace("<svg", f"<svg role='img' aria-label='{esc(b.alt, quote=True)}'", 1)
            parts.append(f"<figure>{svg}<figcaption>{esc(b.title)}</figcaption></figure>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def to_markdown(blocks: list[Block], title: str) -> str:
    """The blocks as Markdown, with table cells escaped and charts given as their text description."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"{'#' * b.level} {b.text}\n")
        elif isinstance(b, Paragraph):
            out.append(f"{'*' if b.style == 'note' else ''}{b.text}{'*' if b.style == 'note' else ''}\n")
        elif isinstance(b, Quote):
            tag = f"[{b.tag}] " if b.tag else ""
            out.append(f"> {b.text}\n>\n> — {tag}{b.source}\n")
        elif isinstance(b, BulletList):
            out.append("\n".join(f"{n}. {i}" if b.ordered else f"- {i}" for n, i in enumerate(b.items, 1)) + "\n")
        elif isinstance(b, Table):
            lines = []
            if b.caption:
                lines.append(f"**{b.caption}**\n")
            lines.append("| " + " | ".join(cell(h) for h in b.header) + " |")
            lines.append("|" + "---|" * len(b.header))
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines) + "\n")
        elif isinstance(b, Chart):
            out.append(f"*Chart: {b.title}. {b.alt}*\n")
    return "\n".join(out)


def to_docx(blocks: list[Block], title: str) -> bytes:
    """A Word document: headings, tables and quotations in Word's own styles, charts as images."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    core = document.core_properties
    core.title, core.author, core.comments = title, "inspector-kit", ""
    core.created = core.modified = datetime(2000, 1, 1)  # deterministic output
    core.last_modified_by, core.revision = "inspector-kit", 1
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    for b in blocks:
        if isinstance(b, Heading):
            document.add_heading(b.text, level=max(0, min(b.level - 1, 4)))
        elif isinstance(b, Paragraph):
            p = document.add_paragraph(b.text)
            if b.style == "note":
                for run in p.runs:
                    run.font.size = Pt(9)
        elif isinstance(b, Quote):
            p = document.add_paragraph(style="Quote")
            p.add_run(b.text).italic = True
            src = document.add_paragraph()
            src.paragraph_format.left_indent = Cm(1)
            run = src.add_run(f"{'[' + b.tag + '] ' if b.tag else ''}{b.source}")
            run.font.size = Pt(8.5)
        elif isinstance(b, BulletList):
            for item in b.items:
                document.add_paragraph(item, style="List Number" if b.ordered else "List Bullet")
        elif isinstance(b, Table):
            if b.caption:
                document.add_paragraph(b.caption).runs[0].bold = True
            table = document.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.header):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in b.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
        elif isinstance(b, Chart):
            document.add_picture(io.BytesIO(_png(b)), width=Cm(16))
            document.add_paragraph(b.title).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_dates(buffer.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    """Re-pack a DOCX with fixed member dates, so the same briefing gives byte-identical files."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_text(data: bytes) -> list[str]:
    """Every non-empty paragraph and table cell of a DOCX, in order: for checking it against the HTML."""
    import docx
    from docx.table import Table as DocxTable

    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            for row in block.rows:
                out.extend(c.text for c in row.cells if c.text)
        elif block.text:
            out.append(block.text)
    return out
