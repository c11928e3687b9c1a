"""Benchmark: which process start method batch work should use, beside the same batch in one process.

Each configuration runs in a fresh Python process (as a command would), scoring the same passages (the
fixture bundles' plans and notes cut at paragraphs, repeated to ``--passages``) through
:func:`inspector_kit.workers.map_in_order` exactly as ``inspector-kit analyse --jsonl`` does, and
prints, from the first chunk handed over:

* the time to the first chunk's results (what starting workers costs: a pool's processes must start,
  import spaCy and build the pipeline before they can answer);
* the time for the whole batch, and its speed-up over one process (``--jobs 1``, the baseline, run in
  the same way in the same run);
* that every configuration's output is identical to the baseline's.

Usage::

    .venv/bin/python benchmarks/bench_workers.py [--passages 3000] [--jobs 2] [--repeats 2]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

METHODS = ("in-process", "fork", "forkserver", "spawn")


def passages(n: int) -> list[tuple[int, dict]]:
    from inspector_kit.evidence import load_document

    texts = []
    for path in sorted((ROOT / "fixtures" / "schools").rglob("*")):
        if path.suffix.lower() in {".md", ".txt", ".html", ".htm", ".pdf", ".docx"} and path.is_file():
            try:
                document = load_document(path)
            except Exception:
                continue
            kind = "notes" if "notes" in path.parts else "plan"
            texts += [(p, kind) for p in document.text.split("\n\n") if len(p.split()) > 5]
    out = []
    while len(out) < n:
        for text, kind in texts:
            out.append((len(out) + 1, {"id": len(out), "kind": kind, "text": text}))
            if len(out) >= n:
                break
    return out


def one(method: str, jobs: int, n: int) -> dict:
    from functools import partial

    from inspector_kit.commands.analyse import POOL_CHUNK, score_passages
    from inspector_kit.workers import map_in_order

    items = passages(n)
    chunks = [items[i:i + POOL_CHUNK] for i in range(0, len(items), POOL_CHUNK)]
    work = partial(score_passages, phase=None, years=None, name="bench")
    start = time.perf_counter()
    first, lines = None, []
    for _, results in map_in_order(work, chunks, 1 if method == "in-process" else jobs,
                                   method=None if method == "in-process" else method):
        first = first or time.perf_counter() - start
        lines += results
    total = time.perf_counter() - start
    import hashlib

    return {"first_s": first, "total_s": total, "output": hashlib.sha256("\n".join(lines).encode()).hexdigest()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.jobs, args.passages)))
        return 0
    print(f"{args.passages:,} passages, {args.jobs} workers, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; best of {args.repeats}, methods interleaved")
    runs: dict[str, list[dict]] = {m: [] for m in METHODS}
    for _ in range(args.repeats):
        for method in METHODS:
            done = subprocess.run([sys.executable, __file__, "--one", method, "--jobs", str(args.jobs),
                                   "--passages", str(args.passages)], cwd=ROOT, capture_output=True, text=True,
                                  check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            runs[method].append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = min(r["total_s"] for r in runs["in-process"])
    same = runs["in-process"][0]["output"]
    print(f"{'start method':<14}{'first result s':>16}{'whole batch s':>15}{'speed-up':>10}  output")
    for method, results in runs.items():
        first = min(r["first_s"] for r in results)
        total = min(r["total_s"] for r in results)
        identical = all(r["output"] == same for r in results)
        totals = ", ".join(f"{r['total_s']:.2f}" for r in results)
        print(f"{method:<14}{first:>16.2f}{total:>15.2f}{base / total:>9.2f}x  "
              f"{'identical' if identical else 'DIFFERENT'}   (all totals: {totals})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
