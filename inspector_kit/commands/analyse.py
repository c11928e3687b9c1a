"""``inspector-kit analyse PATH``: run the analysis engine on one plan or one set of notes.

    inspector-kit analyse fixtures/schools/ashgrove-academy/careers-programme.html --phase 11-16
    inspector-kit analyse fixtures/schools/riverside-high/notes/day1-focus-groups.md --format text
    inspector-kit analyse plan.pdf --html plan.html      # also write the highlighted text

PATH may be any document the toolkit reads (HTML, PDF, DOCX, Markdown, text). ``--kind`` defaults to
``notes`` for files inside a ``notes`` folder and ``plan`` otherwise. JSON output is
``{"source", "kind", "phase", "year_groups", "heard_year_groups", "words", "signals", "findings"}``;
offsets are into the document text printed by ``inspector-kit bundle text PATH``.
"""
from __future__ import annotations

import json
from pathlib import Path

import nlp
from nlp.errors import NlpError

from inspector_kit.errors import AnalysisRequestError
from inspector_kit.evidence import load_document


def register(subparsers) -> None:
    parser = subparsers.add_parser("analyse", help="find signals and weak spots in a careers plan or notes")
    parser.add_argument("path", help="a plan or notes file (.html .htm .pdf .docx .md .txt)")
    parser.add_argument("--kind", choices=("plan", "notes"), help="default: notes inside a notes/ folder, else plan")
    parser.add_argument("--phase", help="the provider's age range, e.g. 11-16, 11-18, 14-19, 16-19")
    parser.add_argument("--year-groups", help="default year groups for the whole text, e.g. 8 or 10,11")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument("--html", metavar="FILE", help="also write the text with signals highlighted")
    parser.set_defaults(func=run)


def default_kind(path: Path) -> str:
    """Notes live in a bundle's ``notes/`` folder; everything else is read as a plan."""
    return "notes" if "notes" in (p.lower() for p in path.parts[:-1]) else "plan"


def _year_groups(value: str | None):
    if not value:
        return None
    try:
        return [int(v) for v in value.replace(" ", "").split(",") if v]
    except ValueError as exc:
        raise AnalysisRequestError(f"--year-groups must be numbers such as 8 or 10,11, got {value!r}") from exc


def run(args) -> int:
    path = Path(args.path)
    document = load_document(path)
    kind = args.kind or default_kind(path)
    try:
        result = nlp.analyse(document.text, kind=kind, phase=args.phase, year_groups=_year_groups(args.year_groups))
    except NlpError as exc:
        raise AnalysisRequestError(str(exc), path=path) from exc
    if args.html:
        Path(args.html).write_text(nlp.render_html(document.text, result, title=path.name), encoding="utf-8")
    data = result.as_dict()
    output = {"source": str(path), "kind": kind, "phase": args.phase, "year_groups": data["year_groups"],
              "heard_year_groups": data["heard_year_groups"], "words": data["words"],
              "signals": data["signals"], "findings": data["findings"]}
    if args.format == "json":
        print(json.dumps(output, indent=2, ensure_ascii=False))
    else:
        print(as_text(output, document))
    return 0


def as_text(output: dict, document) -> str:
    """A short report for reading in a terminal: findings with their evidence, then signals by code."""
    lines = [f"{output['source']} ({output['kind']}, {output['words']} words"
             f"{', phase ' + output['phase'] if output['phase'] else ''})"]
    if output["heard_year_groups"]:
        lines.append("Year groups heard: " + ", ".join(f"Y{y}" for y in output["heard_year_groups"]))
    lines.append(f"Findings ({len(output['findings'])}):")
    for f in output["findings"]:
        years = f" [{', '.join(f'Y{y}' for y in f['year_groups'])}]" if f["year_groups"] else ""
        lines.append(f"  {f['code']}{years} ({f['severity']}; {', '.join(f['criteria'])})")
        lines.append(f"    {f['summary']}")
        for e in f["evidence"][:4]:
            if e["kind"] == "signal":
                lines.append(f"    - l.{document.line_of(e['start'])} \"{e['text']}\": {e['note']}")
            else:
                lines.append(f"    - {e['note']}")
    lines.append(f"Signals ({len(output['signals'])}):")
    by_code: dict[str, list[dict]] = {}
    for s in output["signals"]:
        by_code.setdefault(s["code"], []).append(s)
    for code, signals in sorted(by_code.items()):
        delivered = sum(1 for s in signals if s["delivered"])
        lines.append(f"  {code}: {len(signals)} ({delivered} delivered)")
        for s in signals[:6]:
            flags = [name for name in ("negated", "hypothetical", "uncertain", "limited", "online") if s[name]]
            years = ",".join(f"Y{y}" for y in s["year_groups"])
            lines.append(f"    l.{document.line_of(s['start'])} \"{s['text']}\""
                         f"{' ' + years if years else ''}{' (' + ', '.join(flags) + ')' if flags else ''}")
    return "\n".join(lines)
