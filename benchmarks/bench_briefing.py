"""How long one school's briefing takes, warm (pipeline built, reference data cached), per fixture.

Prints, for each bundle: load (the baseline: reading the files alone, measured in the same run),
analyse (engine + destination comparison), build, and each renderer. Target: a briefing under 2 s warm.
Run: .venv/bin/python benchmarks/bench_briefing.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector_kit.analysis import analyse_bundle  # noqa: E402
from inspector_kit.briefing import render  # noqa: E402
from inspector_kit.briefing.build import build_briefing  # noqa: E402
from inspector_kit.evidence import discover_bundles, load_bundle  # noqa: E402


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def main() -> None:
    folders = discover_bundles(ROOT / "fixtures" / "schools")
    t0 = time.perf_counter()
    briefing = build_briefing(analyse_bundle(load_bundle(folders[0])))   # warm-up: pipeline, reference, altair
    for fmt in ("html", "docx"):
        render(briefing, fmt)
    print(f"cold start (first briefing, all caches empty): {time.perf_counter() - t0:.2f} s")
    print(f"{'bundle':<22}{'load':>7}{'analyse':>9}{'build':>7}{'html':>7}{'docx':>7}{'md':>6}{'json':>6}{'total':>7}")
    totals = []
    for folder in folders:
        bundle, t_load = timed(load_bundle, folder)
        analysis, t_an = timed(analyse_bundle, bundle)
        briefing, t_build = timed(build_briefing, analysis)
        times = [timed(render, briefing, fmt)[1] for fmt in ("html", "docx", "md", "json")]
        total = t_load + t_an + t_build + max(times[0], times[1])
        totals.append(total)
        print(f"{folder.name:<22}{t_load:7.2f}{t_an:9.2f}{t_build:7.2f}" + "".join(f"{t:7.2f}" for t in times[:2])
              + "".join(f"{t:6.2f}" for t in times[2:]) + f"{total:7.2f}")
    print(f"warm briefing (load+analyse+build+html or docx): median {statistics.median(totals):.2f} s, "
          f"max {max(totals):.2f} s; target < 2 s")


if __name__ == "__main__":
    main()
