"""Long documents: time and peak memory of analysing 1, 5 and 20 million characters, beside spaCy's tokeniser.

    .venv/bin/python benchmarks/bench_long_documents.py                  # 1M, 5M, 20M characters
    .venv/bin/python benchmarks/bench_long_documents.py --sizes 1e6,2e6 --json out.json

Each size runs in a fresh subprocess (so ``ru_maxrss`` is that size's peak alone), first as the full
analysis (``nlp.analyse`` of the whole text: sections, signals, context, year groups, findings), then as
the baseline measured in the same run: ``spacy.blank("en")``'s tokeniser alone over the same text, in
the same sections (one Doc of 20 million characters would not be a fair baseline: it is what the engine
avoids). The text is the fixture plans and notes, each under its own top-level heading, repeated.

Targets (from issue #17): time within 1.3 x of linear (seconds per million characters at each size at
most 1.3 times that at the smallest size) and peak RSS under 1 GB at 20 million characters. CPU time of
the child is reported beside wall-clock time, since the machines are shared.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_LINEARITY = 1.3
TARGET_RSS_MB = 1024
FORMATS = (".html", ".htm", ".pdf", ".docx", ".md", ".txt")


def long_text(characters: int) -> str:
    """The fixture plans and notes, each under its own top-level heading, until ``characters`` long."""
    from inspector_kit.evidence import load_document

    schools = ROOT / "fixtures" / "schools"
    paths = sorted(schools.glob("*/*")) + sorted(schools.glob("*/notes/*"))
    texts = [load_document(p).text for p in paths if p.suffix.lower() in FORMATS]
    parts, total, i = [], 0, 0
    while total < characters:
        part = f"# Part {i + 1}\n\n{texts[i % len(texts)]}"
        parts.append(part)
        total += len(part) + 2
        i += 1
    return "\n\n".join(parts)[:characters]


def child(characters: int, mode: str) -> dict:
    """Measure one size in this (fresh) process: build the text, then analyse or only tokenise it."""
    import nlp
    from nlp.chunking import chunk_bounds

    text = long_text(characters)
    pipeline = nlp.get_pipeline()
    nlp.analyse("Warm up: pupils meet employers.", kind="plan")
    cpu, wall = time.process_time(), time.perf_counter()
    if mode == "engine":
        result = nlp.analyse(text, kind="plan", phase="11-18")
        found = len(result.signals)
    else:
        found = 0
        for start, end in chunk_bounds(text):
            found += len(pipeline.tokenizer(text[start:end]))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"characters": len(text), "mode": mode, "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "count": found}


def run(characters: int, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(characters), "--mode", mode],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e6,5e6,2e7", help="characters, comma-separated")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.mode)))
        return 0
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rows = []
    print(f"{'characters':>12} {'engine cpu s':>12} {'wall s':>8} {'s/M chars':>10} {'linear x':>9} "
          f"{'peak RSS MB':>12} {'signals':>9} | {'tokeniser cpu s':>15} {'RSS MB':>8} {'engine/tok':>10}")
    base_rate = None
    for size in sizes:
        engine, tokeniser = run(size, "engine"), run(size, "tokenizer")
        rate = engine["cpu_s"] / (engine["characters"] / 1e6)
        base_rate = base_rate or rate
        row = {"engine": engine, "tokeniser": tokeniser, "cpu_s_per_million": round(rate, 3),
               "linearity": round(rate / base_rate, 3),
               "engine_over_tokeniser": round(engine["cpu_s"] / max(tokeniser["cpu_s"], 1e-9), 2)}
        rows.append(row)
        print(f"{engine['characters']:>12,} {engine['cpu_s']:>12.2f} {engine['wall_s']:>8.2f} {rate:>10.2f} "
              f"{row['linearity']:>9.2f} {engine['peak_rss_mb']:>12.0f} {engine['count']:>9,} | "
              f"{tokeniser['cpu_s']:>15.2f} {tokeniser['peak_rss_mb']:>8.0f} {row['engine_over_tokeniser']:>10.1f}")
    worst = max(r["linearity"] for r in rows)
    largest = rows[-1]["engine"]
    linear_ok = worst <= TARGET_LINEARITY
    rss_ok = largest["peak_rss_mb"] < TARGET_RSS_MB
    print(f"time within {TARGET_LINEARITY} x of linear: {'yes' if linear_ok else 'NO'} (worst {worst:.2f} x); "
          f"peak RSS at {largest['characters']:,} characters under {TARGET_RSS_MB} MB: "
          f"{'yes' if rss_ok else 'NO'} ({largest['peak_rss_mb']:.0f} MB)")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "linear_ok": linear_ok, "rss_ok": rss_ok}, indent=2))
    return 0 if linear_ok and rss_ok else 1


if __name__ == "__main__":
    sys.exit(main())
