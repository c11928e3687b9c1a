"""``inspector-kit destinations URN --data FILE``: a school's destinations against its LA and England.

Prints the comparison (every headline measure with its band, three-year view, disadvantaged gap),
the findings with their criteria, and the notes on how figures were matched; ``--format json`` prints
``SchoolComparison.as_dict()`` instead; ``--charts DIR`` also writes the three charts as SVG.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from inspector_kit.commands import once
from inspector_kit.errors import DestinationDataError

STAGES = ("ks4", "16-18")


def register(subparsers) -> None:
    """Add ``destinations``: one school's destination measures against its LA and England."""
    parser = subparsers.add_parser(
        "destinations", help="compare a school's destination measures with its LA and England",
        description="Compare one school's DfE destination measures with its local authority and England, "
                    "in the IDSR's bands, and list the findings.")
    parser.add_argument("urn", help="the school's URN")
    parser.add_argument("--data", required=True, action="append", metavar="FILE",
                        help="institution-level destination measures CSV (repeat for a KS4 and a 16-18 file)")
    parser.add_argument("--year", help="academic year, e.g. 202122 or 2021/22 (default: latest with England figures)")
    parser.add_argument("--version", choices=["Revised", "Provisional"],
                        help="which release's figures (default: Revised where published)")
    parser.add_argument("--breakdown", default="Total",
                        help='"Total" (default), "Disadvantaged" or "Not disadvantaged"')
    parser.add_argument("--stage", choices=STAGES, help="key stage 4 or 16-18 (when the school has both)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    parser.add_argument("--charts", metavar="DIR", help="also write comparison, mix and trend charts as SVG here")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Load the files, compare the school and print the comparison (text or JSON, charts on request)."""
    from inspector_kit.destinations import DestinationTable, compare_school, load_destinations

    try:
        tables = [load_destinations(path) for path in args.data]
    except DestinationDataError as exc:
        _print_problems(exc.problems)
        raise
    table = tables[0] if len(tables) == 1 else DestinationTable.concat(tables)
    comparison = compare_school(table, args.urn, year=args.year, version=args.version, breakdown=args.breakdown,
                                stage=args.stage)
    warnings = table.problems[table.problems["severity"] == "warning"]
    written = _charts(comparison, Path(args.charts)) if args.charts else []
    if args.format == "json":
        record = comparison.as_dict()
        record["load_warnings"] = json.loads(warnings.to_json(orient="records")) if len(warnings) else []
        record["charts"] = [str(p) for p in written]
        print(json.dumps(record, indent=2, ensure_ascii=False))
    else:
        print(comparison.to_text())
        for p in written:
            print(f"chart: {p}")
        for line in once(_warning_line(w) for w in warnings.itertuples(index=False)):
            print(line, file=sys.stderr)
    return 0


def _warning_line(w) -> str:
    where = f" line {w.row}" if w.row is not None and w.row == w.row else ""
    return f"warning [{w.check}] {Path(w.file).name}{where}: {w.message}"


def _print_problems(problems) -> None:
    """Every problem found, as a table on stderr (the one-line error follows from the CLI)."""
    if problems is None or len(problems) == 0:
        return
    print(f"{len(problems)} problem(s) found:", file=sys.stderr)
    shown = problems[["row", "column", "check", "severity", "message", "value"]].astype(object).fillna("")
    print(shown.to_string(index=False), file=sys.stderr)


def _charts(comparison, folder: Path) -> list[Path]:
    from inspector_kit.destinations.charts import chart_to_svg, comparison_spec, mix_spec, trend_spec

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    stem = f"{comparison.urn}-{comparison.stage}-{comparison.time_period}"
    for name, chart in (("comparison", comparison_spec(comparison)), ("mix", mix_spec(comparison)),
                        ("trend", trend_spec(comparison))):
        path = folder / f"{stem}-{name}.svg"
        path.write_text(chart_to_svg(chart), encoding="utf-8")
        out.append(path)
    return out
