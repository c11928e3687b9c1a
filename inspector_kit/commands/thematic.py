"""``inspector-kit thematic ROOT --out DIR``: a thematic review of every bundle under ROOT.

Analyses what the cache (``DIR/thematic-cache.sqlite`` unless ``--cache``) does not already hold, then
writes the aggregates, cross-tabulations, schools and quotations as CSV and Excel, and charts as SVG and
PNG, into DIR. A second run on unchanged evidence reads everything from the cache.
"""
from __future__ import annotations

import sys
from pathlib import Path

from inspector_kit.commands import once
from inspector_kit.errors import InspectorKitError


def register(subparsers) -> None:
    """Add ``thematic``: a review of many schools with an incremental cache and exports."""
    parser = subparsers.add_parser(
        "thematic", help="thematic review of many schools: prevalence, cross-tabs, drill-down, exports",
        description="Analyse every bundle under ROOT (and/or the documents of a manifest CSV), with an "
                    "incremental cache, and export aggregates, schools and quotations.")
    parser.add_argument("root", nargs="?", help="folder of bundles (each with a school.toml)")
    parser.add_argument("--out", required=True, help="folder for the exports (created if needed)")
    parser.add_argument("--jobs", "--workers", dest="jobs", type=int, default=None, metavar="N",
                        help="processes analysing evidence (default: one per core; 1 = this process)")
    parser.add_argument("--manifest", help="CSV of documents: urn, kind (plan|notes), path, school fields")
    parser.add_argument("--data", action="append", default=None, metavar="FILE",
                        help="destination measures file(s) for every school (default: each bundle's own)")
    parser.add_argument("--cache", help="result cache file (default: OUT/thematic-cache.sqlite; "
                                        "deleting it only makes the next run a cold one)")
    parser.add_argument("--formats", default="csv,xlsx,svg,png",
                        help="what to write, comma-separated from csv, xlsx, svg, png (default: all)")
    parser.add_argument("--no-quotations", action="store_true", help="leave out the quotations sheet")
    parser.add_argument("--rehash", action="store_true",
                        help="read and hash every file again instead of trusting unchanged sizes and times")
    parser.add_argument("--quiet", action="store_true", help="no progress bar (it is only drawn on a terminal)")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Run the review over the bundles and manifest given and write its exports."""
    from inspector_kit.thematic import export_review, run_review
    from inspector_kit.thematic.aggregate import ALL

    if not args.root and not args.manifest:
        raise InspectorKitError("give a folder of bundles (ROOT), a --manifest CSV, or both")
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = sorted(set(formats) - {"csv", "xlsx", "svg", "png"})
    if unknown:
        raise InspectorKitError(f"unknown format(s) {', '.join(unknown)}; choose from csv, xlsx, svg, png")
    if args.jobs is not None and args.jobs < 1:
        raise InspectorKitError(f"--jobs must be 1 or more, got {args.jobs}")
    out = Path(args.out)
    cache = args.cache or str(out / "thematic-cache.sqlite")
    review = run_review(args.root, manifest=args.manifest, cache=cache, workers=args.jobs,
                        data_files=args.data, progress=not args.quiet, rehash=args.rehash)
    report = review.corpus.report
    print(f"{report.schools:,} schools, {report.units:,} pieces of evidence: {report.cached_units:,} from the "
          f"cache, {len(report.analysed):,} analysed ({report.words_analysed:,} words) in {report.seconds:.1f} s "
          f"with {report.workers} worker(s)")
    for line in once(f"  not read: {p.get('bundle')}: {p.get('message')}" for p in review.corpus.unreadable):
        print(line, file=sys.stderr)
    for line in once(f"  destination data: {p.get('path')}: {p.get('message')}" for p in review.destinations.problems):
        print(line, file=sys.stderr)
    national = review.prevalence("region")
    national = national[national["group"] == ALL]
    print("Weak spots, all schools (% of schools assessed: weak + not mentioned = flagged):")
    for row in national.itertuples():
        if row.assessed == 0:
            continue
        flagged = "c" if row.suppressed else f"{row.flagged_pct:5.1f}%"
        weak = "c" if row.suppressed else f"{row.weak_pct:.1f}%"
        silent = "c" if row.suppressed else f"{row.not_mentioned_pct:.1f}%"
        print(f"  {row.code:<24} {flagged}  (weak {weak}, not mentioned {silent}; {row.assessed:,} assessed)")
    for sentence in once(cross.sentence for cross in review.default_crosstabs()):
        print(f"- {sentence}")
    written = export_review(review, out, formats=formats, quotations=not args.no_quotations)
    print(f"Wrote {len(written)} files to {out}" + (f" (workbook {written['xlsx'].name})" if "xlsx" in written else ""))
    return 0
