"""The evidence overview: every school in a bundles folder with what was loaded for it.

Rendered as one HTML string (escaped, no scripts) so it shows in Voilà, JupyterLab and tests alike.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from inspector_kit.config import FIXTURES
from inspector_kit.errors import InspectorKitError
from inspector_kit.evidence import discover_bundles, load_bundle, summary


def bundles_root(default: str | Path | None = None) -> Path:
    """The bundles folder: ``INSPECTOR_KIT_BUNDLES`` if set, else the given default, else the fixtures."""
    return Path(os.environ.get("INSPECTOR_KIT_BUNDLES") or default or FIXTURES / "schools")


def overview_html(root: str | Path) -> str:
    """A table of schools (URN, name, type, ages, LA, plan files and words, notes by year group, problems)."""
    rows, errors = [], []
    for folder in discover_bundles(root):
        try:
            info = summary(load_bundle(folder))
        except InspectorKitError as exc:
            errors.append(f"<li><strong>{html.escape(folder.name)}</strong>: {html.escape(str(exc))}</li>")
            continue
        s = info["school"]
        plan = "<br>".join(f"{html.escape(d['file'])} ({d['format']}, {d['words']:,} words)" for d in info["plan"]) \
            or "<em>no plan loaded</em>"
        notes = "<br>".join(f"{html.escape(n['label'])}: {n['words']} words" for n in info["notes"]) or "<em>none</em>"
        problems = "<br>".join(html.escape(f"{Path(p['path'] or '').name}: {p['message']}") for p in info["problems"])
        rows.append(
            f"<tr><td>{s['urn']}</td><td>{html.escape(s['name'])}</td><td>{html.escape(s['type'] or s['phase'])}</td>"
            f"<td>{s['ages']}</td><td>{html.escape(s['local_authority'])}</td><td>{plan}</td><td>{notes}</td>"
            f"<td>{problems or 'none'}</td></tr>")
    head = ("<tr><th scope='col'>URN</th><th scope='col'>School</th><th scope='col'>Type</th>"
            "<th scope='col'>Ages</th><th scope='col'>Local authority</th><th scope='col'>Careers plan</th>"
            "<th scope='col'>Focus-group notes</th><th scope='col'>Problems</th></tr>")
    out = [f"<h2>Evidence loaded from {html.escape(str(root))}</h2>",
           f"<p>{len(rows)} school(s) loaded.</p>",
           f"<table class='ik-overview'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"]
    if errors:
        out.append(f"<h3>Bundles that could not be loaded</h3><ul>{''.join(errors)}</ul>")
    return "\n".join(out)
