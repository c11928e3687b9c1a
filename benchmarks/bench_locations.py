"""How often quotations are located in their files (file, page, line) for one school's briefing.

Each analysed span is located once, when the evidence is analysed (``inspector_kit.analysis.EvidenceSpan``);
the triangulation and the briefing then quote those records. Printed per fixture bundle:

- signals: analysed spans; distinct: distinct places the briefing quotes;
- located at analysis / while building / while rendering: ``Document.span`` calls counted in each step;
- baseline, in the same run: the locations the briefing would compute if every quotation were located
  where it is made (one per quotation shown, as before: 401 for 169 places on ashgrove-academy), and
  the time those calls take against the time of locating every span once at analysis.

Run: .venv/bin/python benchmarks/bench_locations.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector_kit.analysis import analyse_bundle  # noqa: E402
from inspector_kit.briefing import render  # noqa: E402
from inspector_kit.briefing.build import build_briefing  # noqa: E402
from inspector_kit.evidence import discover_bundles, load_bundle  # noqa: E402
from inspector_kit.evidence.model import Document  # noqa: E402

CALLS: list[tuple[str, int, int]] = []
_span = Document.span


def _counting_span(self, start, end):
    CALLS.append((self.path, start, end))
    return _span(self, start, end)


def counted(fn, *args, **kwargs):
    CALLS.clear()
    out = fn(*args, **kwargs)
    return out, len(CALLS), set(CALLS)


def on_demand(analysis, briefing) -> list[tuple[object, int, int]]:
    """(piece, start, end) of every quotation as each would be located where it is made (the baseline)."""
    pieces = {id(p): p for p in ([analysis.plan] if analysis.plan else []) + analysis.notes}
    by_signal = {id(s.signal): p for p in pieces.values() for s in p.spans}
    out = []
    for t in briefing.triangulation:
        for e in t.plan + t.pupils:
            out.append((by_signal[id(e.signal)].piece, e.signal.start, e.signal.end))
    for piece in pieces.values():
        for f in piece.findings:
            seen = set()
            for item in f.evidence:
                s = item.signal
                if s is not None and (s.sentence_start, s.sentence_end) not in seen and len(seen) < 8:
                    seen.add((s.sentence_start, s.sentence_end))
                    out.append((piece.piece, s.sentence_start, s.sentence_end))
    return out


def main() -> None:
    Document.span = _counting_span
    folders = discover_bundles(ROOT / "fixtures" / "schools")
    build_briefing(analyse_bundle(load_bundle(folders[0])))  # warm-up
    print(f"{'bundle':<20}{'signals':>8}{'distinct':>9}{'analysis':>9}{'build':>7}{'render':>7}"
          f"{'baseline':>9}{'t once ms':>10}{'t base ms':>10}")
    for folder in folders:
        bundle = load_bundle(folder)
        analysis, at_analysis, _ = counted(analyse_bundle, bundle)
        briefing, at_build, _ = counted(build_briefing, analysis)
        rendered = 0
        for fmt in ("html", "md", "json"):
            rendered += counted(render, briefing, fmt)[1]
        pieces = ([analysis.plan] if analysis.plan else []) + analysis.notes
        signals = sum(len(p.signals) for p in pieces)
        baseline = on_demand(analysis, briefing)
        distinct = len({(id(p), s, e) for p, s, e in baseline})
        t = time.perf_counter()
        for p in pieces:
            for s in p.signals:
                p.piece.locate(s.start, s.end), p.piece.locate(s.sentence_start, s.sentence_end)
        t_once = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        for piece, start, end in baseline:
            piece.locate(start, end)
        t_base = (time.perf_counter() - t) * 1000
        print(f"{folder.name:<20}{signals:>8}{distinct:>9}{at_analysis:>9}{at_build:>7}{rendered:>7}"
              f"{len(baseline):>9}{t_once:>10.2f}{t_base:>10.2f}")
    print("analysis: 2 per signal (its words and its sentence), once; build: only what is not a signal "
          "(website checklist lines, award sentences, industries named); baseline: one per quotation shown")


if __name__ == "__main__":
    main()
