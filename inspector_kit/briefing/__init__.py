"""The pre-inspection briefing: build it from an analysed bundle, render it to HTML, DOCX, Markdown or JSON.

>>> from inspector_kit.briefing import brief, render
>>> b = brief("fixtures/schools/riverside-high")            # doctest: +SKIP
>>> open("riverside.html", "w").write(render(b, "html"))    # doctest: +SKIP
"""
from __future__ import annotations

import json
from pathlib import Path

from inspector_kit.analysis import analyse_bundle
from inspector_kit.briefing import renderers as r
from inspector_kit.briefing.build import Briefing, build_briefing
from inspector_kit.evidence import load_bundle

FORMATS = ("html", "docx", "md", "json")


def brief(bundle_dir: str | Path, data_file: str | None = None, decisions: dict | None = None,
          redact: bool = True, framework: str | None = None, inspection_date=None) -> Briefing:
    """Load, analyse and brief one school: the whole path in one call. ``framework`` (``renewed-2025``,
    ``eif-2019``) and ``inspection_date`` choose the evaluation areas, as in :func:`build_briefing`."""
    return build_briefing(analyse_bundle(load_bundle(bundle_dir), data_file), decisions=decisions, redact=redact,
                          framework=framework, inspection_date=inspection_date)


def render(briefing: Briefing, fmt: str) -> str | bytes:
    """The briefing as ``html``/``md``/``json`` text or ``docx`` bytes; pupils' names already redacted."""
    if fmt == "json":
        out = json.dumps(briefing.as_dict(), indent=2, ensure_ascii=False, default=str) + "\n"
    elif fmt == "html":
        out = r.to_html(briefing.blocks(), briefing.title)
    elif fmt == "md":
        out = r.to_markdown(briefing.blocks(), briefing.title)
    elif fmt == "docx":
        out = r.to_docx(briefing.blocks(), briefing.title)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
    if briefing.redactor is not None:
        briefing.redactor.log_summary()
    return out


__all__ = ["Briefing", "FORMATS", "brief", "build_briefing", "render"]
