"""``inspector-kit brief BUNDLE_DIR [--data FILE] [--framework renewed-2025|eif-2019] [--inspection-date
YYYY-MM-DD] --format html|docx|md|json --out FILE``."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from inspector_kit.briefing import FORMATS, brief, render
from inspector_kit.evidence.bundle import read_school
from inspector_kit.framework import FRAMEWORKS
from inspector_kit.review_store import ReviewStore


def register(subparsers) -> None:
    """Add ``brief``: the pre-inspection briefing for one school, in one of the four formats."""
    p = subparsers.add_parser("brief", help="write the pre-inspection briefing for one school")
    p.add_argument("bundle", help="the school's evidence folder")
    p.add_argument("--data", help="destination data file (default: the one named in school.toml)")
    p.add_argument("--format", choices=FORMATS, default="html")
    p.add_argument("--out", help="output file (default: standard output; required for docx)")
    p.add_argument("--reviews", help="review database whose decisions to include")
    p.add_argument("--framework", choices=FRAMEWORKS,
                   help="group weak spots and lines of enquiry by this framework's evaluation areas (default: "
                        "the renewed framework, or eif-2019 for an inspection date before 10 November 2025)")
    p.add_argument("--inspection-date", type=_date, metavar="YYYY-MM-DD",
                   help="date of the inspection; decides the framework when --framework is not given")
    p.set_defaults(func=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(args) -> int:
    """Write the briefing, with reviewers' decisions from ``--reviews`` when given."""
    decisions = None
    if args.reviews:
        urn = read_school(Path(args.bundle) / "school.toml")[0].urn
        decisions = ReviewStore(args.reviews).current(urn)
    out = render(brief(args.bundle, args.data, decisions=decisions, framework=args.framework,
                       inspection_date=args.inspection_date), args.format)
    if args.out:
        Path(args.out).write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
        print(f"wrote {args.out}", file=sys.stderr)
    elif isinstance(out, bytes):
        print("inspector-kit: --out FILE is needed for docx", file=sys.stderr)
        return 2
    else:
        sys.stdout.write(out)
    return 0
