"""``inspector-kit analyse``: run the analysis engine on plans or focus-group notes.

    inspector-kit analyse fixtures/schools/ashgrove-academy/careers-programme.html --phase 11-16
    inspector-kit analyse fixtures/schools/riverside-high/notes/day1-focus-groups.md --format text
    inspector-kit analyse plan.pdf --html plan.html      # also write the highlighted text
    inspector-kit analyse fixtures/schools/*/careers*.*  # several files: JSON Lines, one object per file
    inspector-kit analyse --jsonl passages.jsonl --out scored.jsonl

PATH may be any document the toolkit reads (HTML, PDF, DOCX, Markdown, text). ``--kind`` defaults to
``notes`` for files inside a ``notes`` folder and ``plan`` otherwise. JSON output for one file is
``{"source", "kind", "phase", "year_groups", "heard_year_groups", "words", "signals", "findings"}``,
indented; for several files it is JSON Lines, the same object for each file on one line, so a corpus
can be read back line by line. Offsets are into the document text printed by ``inspector-kit bundle
text PATH``.

``--jsonl FILE`` (``-`` for standard input) scores a corpus of passages in one process: each line is
``{"id", "kind", "text"}`` (``kind`` is ``plan`` or ``notes``; ``careers_plan`` is read as ``plan``;
other keys, such as a corpus's labels, are ignored) and each output line is
``{"id", "kind", "signals", "findings"}``, in input order. A line that cannot be scored (not JSON, no
text, an unknown kind, or a file that cannot be read among several) is reported on standard error as one
line naming the line number or file; the others are still scored, and the exit status is 1.

Several files and ``--jsonl`` are shared out over one process per core (``--jobs N``; ``--jobs 1``
analyses in this process), in chunks, with the output in input order and identical whatever ``--jobs``
(:mod:`inspector_kit.workers`). A progress bar is drawn on standard error when it is a terminal
(``--quiet`` hides it), never into a pipe or a log.
"""
from __future__ import annotations

import json
import sys
from functools import partial
from itertools import islice
from pathlib import Path

import nlp
from nlp.errors import NlpError

from inspector_kit.errors import AnalysisRequestError, DocumentNotFoundError, InspectorKitError
from inspector_kit.evidence import load_document
from inspector_kit.progress import progress_bar, shows_progress

KIND_SPELLINGS = {"plan": "plan", "notes": "notes", "careers_plan": "plan"}
CHUNK = 256  # passages per analyse_many call: memory stays bounded on a corpus of any length
POOL_CHUNK = 64  # passages per chunk sent to a worker: small enough to keep every core busy
FILES_PER_CHUNK = 4


def register(subparsers) -> None:
    """Add ``analyse``: signals and weak spots in one or more plan or notes files, or passages in JSONL."""
    parser = subparsers.add_parser("analyse", help="find signals and weak spots in careers plans or notes")
    parser.add_argument("path", nargs="*", help="plan or notes files (.html .htm .pdf .docx .md .txt)")
    parser.add_argument("--jsonl", metavar="FILE",
                        help='score passages, one {"id", "kind", "text"} per line ("-" for standard input)')
    parser.add_argument("--out", metavar="FILE", help="write the output here instead of standard output")
    parser.add_argument("--kind", choices=("plan", "notes"),
                        help="default: notes inside a notes/ folder, else plan; for --jsonl, lines without kind")
    parser.add_argument("--phase", help="the provider's age range, e.g. 11-16, 11-18, 14-19, 16-19")
    parser.add_argument("--year-groups", help="default year groups for the whole text, e.g. 8 or 10,11")
    parser.add_argument("--format", choices=("json", "text"), default="json",
                        help="json (one file: indented; several: JSON Lines) or text")
    parser.add_argument("--html", metavar="FILE", help="also write the text with signals highlighted (one file)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="processes for several files or --jsonl (default: one per core; 1 = this process)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar (it is only drawn on a terminal)")
    parser.set_defaults(func=run)


def _jobs(args) -> int:
    from inspector_kit.workers import default_jobs

    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise AnalysisRequestError(f"--jobs must be 1 or more, got {jobs}")
    return default_jobs() if jobs is None else jobs


def _bar(args, total, desc: str):
    return progress_bar(total, desc, unit="doc" if desc.endswith("files") else "passage",
                        quiet=getattr(args, "quiet", False))


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
    """Analyse the files or the JSONL passages given, in input order whatever ``--jobs``."""
    if args.jsonl and args.path:
        raise AnalysisRequestError("give files or --jsonl FILE, not both")
    if not args.jsonl and not args.path:
        raise AnalysisRequestError("give a file to analyse, several files, or --jsonl FILE")
    if args.html and (args.jsonl or len(args.path) > 1):
        raise AnalysisRequestError("--html writes one page: use it with one file")
    if args.jsonl and args.format != "json":
        raise AnalysisRequestError("--jsonl writes JSON Lines; --format text is for files")
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        if args.jsonl:
            return run_jsonl(args, out)
        if len(args.path) == 1:
            return run_one(args, Path(args.path[0]), out)
        return run_files(args, [Path(p) for p in args.path], out)
    finally:
        if args.out:
            out.close()
            print(f"wrote {args.out}", file=sys.stderr)


def run_one(args, path: Path, out) -> int:
    """One document in this process: JSON, text or a highlighted HTML page."""
    document = load_document(path)
    kind = args.kind or default_kind(path)
    try:
        result = nlp.analyse(document.text, kind=kind, phase=args.phase, year_groups=_year_groups(args.year_groups))
    except NlpError as exc:
        raise AnalysisRequestError(str(exc), path=path) from exc
    if args.html:
        Path(args.html).write_text(nlp.render_html(document.text, result, title=path.name), encoding="utf-8")
    output = _file_record(path, kind, args.phase, result)
    if args.format == "json":
        print(json.dumps(output, indent=2, ensure_ascii=False), file=out)
    else:
        print(as_text(output, document), file=out)
    return 0


def run_files(args, paths: list[Path], out) -> int:
    """Several files, :data:`FILES_PER_CHUNK` at a time, each chunk loaded and analysed by a worker
    (``nlp.analyse_many`` inside); a file that cannot be read or analysed is reported and skipped, the
    others are still analysed, and the output is in the order the files were given."""
    from inspector_kit.workers import map_in_order

    years = _year_groups(args.year_groups)
    _check_defaults(args.phase, years)
    items = [(str(path), args.kind or default_kind(path)) for path in paths]
    chunks = (items[i:i + FILES_PER_CHUNK] for i in range(0, len(items), FILES_PER_CHUNK))
    work = partial(analyse_files, phase=args.phase, years=years, fmt=args.format)
    failed = printed = 0
    bar = _bar(args, len(items), "Analysing files")
    try:
        for chunk, results in map_in_order(work, chunks, _jobs(args), describe=lambda item: item[0]):
            for outcome in results:
                if isinstance(outcome, str):
                    print(outcome if args.format == "json" or not printed else "\n" + outcome, file=out)
                    printed += 1
                else:
                    failed += 1
                    _report(*_error_of(outcome))
            bar.update(len(chunk))
    finally:
        bar.close()
    return 1 if failed else 0


def analyse_files(chunk: list[tuple[str, str]], phase, years, fmt: str) -> list:
    """Load and analyse ``(path, kind)`` items in one engine batch (runs in a worker process): the output
    text of each, or ``(code, message)`` for one that cannot be read or analysed."""
    outcomes: list = [None] * len(chunk)
    loaded = []
    for index, (name, kind) in enumerate(chunk):
        try:
            loaded.append((index, Path(name), load_document(Path(name)), kind))
        except InspectorKitError as exc:
            outcomes[index] = (exc.code, str(exc))
    try:
        results = list(nlp.analyse_many([{"text": d.text, "kind": k} for _, _, d, k in loaded],
                                        phase=phase, year_groups=years))
    except NlpError:  # one text the engine refuses: the chunk again one file at a time, to name it
        results = []
        for _, path, document, kind in loaded:
            try:
                results.append(nlp.analyse(document.text, kind=kind, phase=phase, year_groups=years))
            except NlpError as exc:
                results.append(AnalysisRequestError(str(exc), path=path))
    for (index, path, document, kind), result in zip(loaded, results):
        if isinstance(result, InspectorKitError):
            outcomes[index] = (result.code, str(result))
            continue
        record = _file_record(path, kind, phase, result)
        outcomes[index] = json.dumps(record, ensure_ascii=False) if fmt == "json" else as_text(record, document)
    return outcomes


def _error_of(outcome) -> tuple[str, str]:
    """``(code, message)`` of a worker's error record or of an error from :mod:`inspector_kit.workers`."""
    if isinstance(outcome, InspectorKitError):
        return outcome.code, str(outcome)
    return outcome[0], outcome[1]


def _file_record(path: Path, kind: str, phase: str | None, result) -> dict:
    data = result.as_dict()
    return {"source": str(path), "kind": kind, "phase": phase, "year_groups": data["year_groups"],
            "heard_year_groups": data["heard_year_groups"], "words": data["words"],
            "signals": data["signals"], "findings": data["findings"]}


def run_jsonl(args, out) -> int:
    """Score every passage of a JSON Lines corpus in chunks, writing results in input order."""
    from inspector_kit.workers import map_in_order

    source = sys.stdin.buffer if args.jsonl == "-" else _open_input(args.jsonl)
    name = "<stdin>" if args.jsonl == "-" else args.jsonl
    years = _year_groups(args.year_groups)
    _check_defaults(args.phase, years)
    jobs = _jobs(args)
    failed = 0

    counted = args.jsonl != "-" and not args.quiet and shows_progress()
    bar = _bar(args, _count_lines(args.jsonl) if counted else None, "Scoring passages")

    def good_chunks():
        nonlocal failed
        records = passages(source, name, args.kind)
        while chunk := list(islice(records, CHUNK if jobs == 1 else POOL_CHUNK)):
            good = []
            for item in chunk:
                if isinstance(item, InspectorKitError):
                    failed += 1
                    _report(item.code, str(item))
                    bar.update(1)
                else:
                    good.append(item)
            if good:
                yield good

    work = partial(score_passages, phase=args.phase, years=years, name=name)
    try:
        for chunk, results in map_in_order(work, good_chunks(), jobs,
                                           describe=lambda item: f"{name} line {item[0]}"):
            for outcome in results:
                if isinstance(outcome, str):
                    print(outcome, file=out)
                else:
                    failed += 1
                    _report(*_error_of(outcome))
            bar.update(len(chunk))
    finally:
        bar.close()
        if source is not sys.stdin.buffer:
            source.close()
    return 1 if failed else 0


def score_passages(good: list, phase, years, name: str) -> list:
    """The output line of each ``(line_no, record)`` passage, or ``(code, message)`` for one the engine
    refuses (runs in a worker process)."""
    out = []
    for line_no, record, outcome in _score(good, phase, years, name):
        if isinstance(outcome, Exception):
            out.append((outcome.code, str(outcome)))
            continue
        data = outcome.as_dict()
        out.append(json.dumps({"id": record["id"], "kind": record["kind"], "signals": data["signals"],
                               "findings": data["findings"]}, ensure_ascii=False))
    return out


def _count_lines(path: str) -> int | None:
    """Lines in a corpus file, for the progress bar's total (read in blocks: cheap beside the scoring)."""
    try:
        with open(path, "rb") as f:
            return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return None


def _check_defaults(phase, years) -> None:
    """Refuse a bad ``--phase`` or ``--year-groups`` once, before any passage, not once per line."""
    try:
        nlp.analyse("", phase=phase, year_groups=years)
    except NlpError as exc:
        raise AnalysisRequestError(str(exc)) from exc


def _open_input(path: str):
    """The corpus as bytes: each line is decoded on its own, so one bad byte costs one line, not the run."""
    try:
        return open(path, "rb")
    except FileNotFoundError as exc:
        raise DocumentNotFoundError("no such file", path=path) from exc
    except OSError as exc:
        raise InspectorKitError(f"cannot read: {exc.strerror}", path=path) from exc


class PassageError(InspectorKitError):
    """A line of a ``--jsonl`` corpus that cannot be scored; the message names the file and line."""

    code = "analyse.jsonl"


def passages(lines, name: str, default_kind: str | None):
    """``(line_no, {"id", "kind", "text"})`` for each usable line of ``lines`` (bytes), or a :class:`PassageError` in its place.

    Blank lines are skipped; keys other than id, kind and text are ignored, so a labelled corpus can be
    scored as it is.
    """
    for line_no, raw in enumerate(lines, 1):
        where = f"{name} line {line_no}"
        try:
            line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield PassageError(f"{where}: not UTF-8 (byte {exc.start + 1})")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield PassageError(f"{where}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield PassageError(f"{where}: expected an object {{\"id\", \"kind\", \"text\"}}, "
                               f"got {type(record).__name__}")
            continue
        missing = [k for k in ("id", "text") if k not in record]
        if missing:
            yield PassageError(f"{where}: no " + " or ".join(f'"{k}"' for k in missing))
            continue
        if not isinstance(record["text"], str):
            yield PassageError(f"{where}: \"text\" must be a string, got {type(record['text']).__name__}")
            continue
        raw_kind = record.get("kind", default_kind)
        kind = KIND_SPELLINGS.get(raw_kind) if isinstance(raw_kind, str) else None
        if kind is None:
            got = "none, and no --kind given" if raw_kind is None else repr(raw_kind)
            yield PassageError(f"{where}: \"kind\" must be one of {', '.join(KIND_SPELLINGS)}, got {got}")
            continue
        yield line_no, {"id": record["id"], "kind": kind, "text": record["text"]}


def _score(good: list, phase, years, name: str):
    """``(line_no, record, Analysis or error)`` for each passage: one ``analyse_many`` call for the chunk;
    if the engine refuses something in it, the chunk again one passage at a time to name the line."""
    items = [{"text": r["text"], "kind": r["kind"]} for _, r in good]
    try:
        results = list(nlp.analyse_many(items, phase=phase, year_groups=years))
    except NlpError:
        results = []
        for line_no, record in good:
            try:
                results.append(nlp.analyse(record["text"], kind=record["kind"], phase=phase, year_groups=years))
            except NlpError as exc:
                results.append(PassageError(f"{name} line {line_no}: {exc}"))
    for (line_no, record), result in zip(good, results):
        yield line_no, record, result


def _report(code: str, message: str) -> None:
    print(f"inspector-kit: error [{code}]: {message}", file=sys.stderr)


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
