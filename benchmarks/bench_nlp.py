"""Throughput of the analysis engine beside spaCy's tokeniser alone, on the same corpus in the same run.

    .venv/bin/python benchmarks/bench_nlp.py                 # ~1M words, one process, plus n_process=2
    .venv/bin/python benchmarks/bench_nlp.py --words 200000 --repeats 3 --json out.json

The corpus is built from the fixture plans and notes (and the gold documents): each document is repeated
and recombined (paragraphs shuffled with a fixed seed, kinds kept) until it holds ``--words`` words.
"Full analysis" is ``nlp.analyse_many`` (segmenter, signals, context, year groups, findings, results as
Python objects). Words per second are reported on CPU time of this process (the machines are shared
and noisy; wall-clock is printed too). Targets: at least 150,000 words/s and at least 0.35 of the
tokeniser-only rate. ``n_process=2`` is measured on wall-clock time, since its work is in child
processes.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

import nlp  # noqa: E402

TARGET_WORDS_PER_SECOND = 150_000
TARGET_RATIO = 0.35


def source_texts() -> list[tuple[str, str]]:
    """(text, kind) for every fixture plan and notes file the engine can read."""
    texts: list[tuple[str, str]] = []
    try:
        from inspector_kit.evidence import load_document
    except ImportError:  # the engine can be benchmarked without the application
        load_document = None
    for path in sorted((ROOT / "fixtures" / "schools").glob("*/*")) + sorted(
            (ROOT / "fixtures" / "schools").glob("*/notes/*")):
        if path.suffix.lower() not in (".html", ".htm", ".pdf", ".docx", ".md", ".txt"):
            continue
        kind = "notes" if path.parent.name == "notes" else "plan"
        if load_document is not None:
            texts.append((load_document(path).text, kind))
        elif path.suffix in (".md", ".txt"):
            texts.append((path.read_text(encoding="utf-8"), kind))
    for path in sorted((ROOT / "fixtures" / "gold" / "documents").glob("*")):
        kind = "notes" if "Focus group" in path.read_text(encoding="utf-8")[:300] or path.suffix == ".txt" else "plan"
        texts.append((path.read_text(encoding="utf-8"), kind))
    return texts


def build_corpus(words: int, seed: int = 7) -> list[tuple[str, str]]:
    """Repeat and recombine the sources (shuffled paragraphs within each kind) to about ``words`` words."""
    rng = random.Random(seed)
    sources = source_texts()
    corpus, total = [], 0
    while total < words:
        for text, kind in sources:
            paragraphs = text.split("\n\n")
            if rng.random() < 0.5 and len(paragraphs) > 2:
                head, rest = paragraphs[0], paragraphs[1:]
                rng.shuffle(rest)
                text = "\n\n".join([head] + rest)
            corpus.append((text, kind))
            total += len(text.split())
            if total >= words:
                break
    return corpus


def timed(fn) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement; the best is kept")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--skip-multiprocess", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    corpus = build_corpus(args.words)
    words = sum(len(t.split()) for t, _ in corpus)
    texts = [t for t, _ in corpus]
    items = [{"text": t, "kind": k} for t, k in corpus]
    print(f"corpus: {len(corpus)} documents, {words:,} words "
          f"({sum(1 for _, k in corpus if k == 'notes')} notes, {sum(1 for _, k in corpus if k == 'plan')} plans)")

    blank = spacy.blank("en")
    nlp.get_pipeline()
    list(nlp.analyse_many(items[:20]))  # warm up: rule files read, matchers built

    def tokenise():
        for _ in blank.pipe(texts, batch_size=args.batch_size):
            pass

    def analyse():
        for _ in nlp.analyse_many(items, batch_size=args.batch_size):
            pass

    best = {"tokeniser": (1e9, 1e9), "full": (1e9, 1e9)}
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        for name, fn in (("tokeniser", tokenise), ("full", analyse)):
            cpu, wall = timed(fn)
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))
    rate = {name: words / cpu for name, (cpu, _) in best.items()}
    wall_rate = {name: words / wall for name, (_, wall) in best.items()}
    ratio = rate["full"] / rate["tokeniser"]
    print(f"spacy.blank('en') tokenisation: {rate['tokeniser']:>10,.0f} words/s CPU ({wall_rate['tokeniser']:,.0f} wall)")
    print(f"full analysis, one process:     {rate['full']:>10,.0f} words/s CPU ({wall_rate['full']:,.0f} wall)")
    print(f"ratio full / tokeniser:         {ratio:10.2f}")
    print(f"targets: >= {TARGET_WORDS_PER_SECOND:,} words/s -> {'met' if rate['full'] >= TARGET_WORDS_PER_SECOND else 'NOT met'};"
          f" >= {TARGET_RATIO} of tokeniser -> {'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    report = {"documents": len(corpus), "words": words, "tokeniser_words_per_s": rate["tokeniser"],
              "full_words_per_s": rate["full"], "ratio": ratio, "tokeniser_wall_words_per_s": wall_rate["tokeniser"],
              "full_wall_words_per_s": wall_rate["full"]}
    if not args.skip_multiprocess:
        _, wall = timed(lambda: [None for _ in nlp.analyse_many(items, batch_size=args.batch_size, n_process=2)])
        report["full_n_process_2_wall_words_per_s"] = words / wall
        print(f"full analysis, n_process=2:     {words / wall:>10,.0f} words/s wall "
              f"({words / wall / wall_rate['full']:.2f}x one process, wall-clock)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
