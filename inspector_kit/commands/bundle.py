"""``inspector-kit bundle``: look at a school's evidence as the toolkit reads it.

``bundle show DIR`` prints the loaded evidence summary; ``bundle list ROOT`` one line per school;
``bundle text FILE`` the extracted text that every quotation's offsets refer to.
"""
from __future__ import annotations

import json

from inspector_kit.errors import InspectorKitError
from inspector_kit.evidence import discover_bundles, load_bundle, load_document, summary


def register(subparsers) -> None:
    """Add ``bundle show|list|text``: what a bundle loads as, before anything is analysed."""
    parser = subparsers.add_parser("bundle", help="show a school's evidence bundle as loaded")
    sub = parser.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="school, plan source and length, notes by year group, problems")
    show.add_argument("folder")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=run_show)
    listing = sub.add_parser("list", help="one line per bundle under a folder")
    listing.add_argument("root")
    listing.set_defaults(func=run_list)
    text = sub.add_parser("text", help="print a document's extracted text (what offsets refer to)")
    text.add_argument("file")
    text.set_defaults(func=run_text)


def run_show(args) -> int:
    """One bundle as loaded: school, plan, notes by year group and the problems met."""
    info = summary(load_bundle(args.folder))
    if args.format == "json":
        print(json.dumps(info, indent=2))
        return 0
    s = info["school"]
    print(f"{s['name']} (URN {s['urn']}, LAESTAB {s['laestab'] or '-'})")
    print(f"  {s['type'] or s['phase']}, ages {s['ages']}, {s['local_authority']}, {s['region']}"
          f"{', sixth form' if s['sixth_form'] else ''}{', FE provider' if s['fe_provider'] else ''}")
    print("Plan:")
    for d in info["plan"] or [{"file": "(none loaded)", "format": "-", "characters": 0, "words": 0, "warnings": []}]:
        print(f"  {d['file']} [{d['format']}] {d['words']} words, {d['characters']} characters")
        for w in d["warnings"]:
            print(f"    warning: {w}")
    print("Focus-group notes:")
    if not info["notes"]:
        print("  (none)")
    for n in info["notes"]:
        years = ", ".join(f"Y{y}" for y in n["year_groups"])
        pupils = f", {n['pupils']} pupils" if n["pupils"] else ""
        print(f"  {years:<14} {n['label']}{pupils}: {n['words']} words ({n['file']} line {n['line']})")
    print(f"Destination data: {info['destinations_file'] or '(none named)'}")
    if info["problems"]:
        print("Problems:")
        for p in info["problems"]:
            print(f"  [{p['code']}] {p['path']}: {p['message']}")
    return 0


def run_list(args) -> int:
    """Every bundle under a folder, one line each; a bundle that cannot load is a line too."""
    for folder in discover_bundles(args.root):
        try:
            b = load_bundle(folder)
            print(f"{b.school.urn}  {b.school.name:<42} plan docs: {len(b.plan.documents) if b.plan else 0}  "
                  f"notes: {len(b.notes)}  problems: {len(b.problems)}")
        except InspectorKitError as exc:  # one broken bundle must not hide the others
            print(f"------  {folder.name:<42} cannot load: {exc}")
    return 0


def run_text(args) -> int:
    """The text a document loads as: the text every offset, line and page refers to."""
    print(load_document(args.file).text, end="")
    return 0
