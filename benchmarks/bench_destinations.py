"""Benchmark: a real-size institution-level destination file, loaded and compared for every school.

    .venv/bin/python benchmarks/bench_destinations.py [--schools 4000] [--reuse] [--tracemalloc]

Generates (or with --reuse, re-reads) ``benchmarks/output/institutions_ks4_bench.csv``: about 4,000
schools x 3 years x 2 versions x 3 breakdowns x (numbers + percentages) in DfE's EES wide layout, about the
size of the real file (38 MB). Then, in this one process, times:

* baseline: ``pandas.read_csv`` of the same file (default types, and ``dtype=str``), the floor any loader
  pays before checking anything;
* ``load_destinations``: decode, pandera checks, tidy frame (the figure with the 3 s target);
* ``compare_all``: every school against its LA and England with bands, trends, gaps and findings (5 s);
* ``compare_school`` for a sample of schools, one at a time (as the dashboard does);

wall and CPU seconds (CPU time is less disturbed by other work on a shared machine), and
peak memory: the process's resident set size sampled every 5 ms during each phase (psutil), and
with --tracemalloc also the Python-allocation peak of each phase (slower; run separately). Targets are
printed beside the figures, never asserted: machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import gc
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "benchmarks" / "output"
TARGETS = {"load_destinations": 3.0, "compare_all": 5.0}
PEAK_TARGET_MB = 1024


class RssSampler:
    """Peak resident memory of this process while a phase runs (sampled in a thread)."""

    def __init__(self, interval: float = 0.005):
        import psutil
        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def phase(name, fn, results, *, trace=False):
    gc.collect()
    if trace:
        tracemalloc.start()
    with RssSampler() as rss:
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    results.append((name, elapsed, rss.peak, traced, cpu))
    return value


def generate(path: Path, schools: int, seed: int) -> float:
    from fixtures.synth.institutions import generate_institutions, synthetic_institutions, write_ees_csv
    start = time.perf_counter()
    specs = synthetic_institutions(schools, stage="ks4", seed=seed)
    frame = generate_institutions(specs, stage="ks4", years=["201920", "202021", "202122"], seed=seed)
    write_ees_csv(frame, path)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sample", type=int, default=200, help="schools compared one at a time")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated file if it exists")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations per phase (slower)")
    args = parser.parse_args(argv)

    import pandas as pd
    import psutil
    from inspector_kit.destinations import ReferenceData, compare_all, compare_school, load_destinations

    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "institutions_ks4_bench.csv"
    if not (args.reuse and path.exists()):
        took = generate(path, args.schools, args.seed)
        print(f"generated {path.relative_to(ROOT)} in {took:.1f} s")
    size_mb = path.stat().st_size / 1e6
    with path.open("rb") as fh:
        rows = sum(1 for _ in fh) - 1
    print(f"file: {size_mb:.1f} MB, {rows:,} rows, {args.schools:,} schools x 3 years x 2 versions x 3 breakdowns")
    load_avg = ", ".join(f"{x:.1f}" for x in psutil.getloadavg())
    print(f"machine: {psutil.cpu_count()} cores, load average {load_avg}; Python {sys.version.split()[0]}; "
          f"pandas {pd.__version__}")

    results: list = []
    trace = args.tracemalloc
    phase("one-off: bundled England + LA reference", ReferenceData.bundled, results, trace=trace)
    phase("baseline: pandas.read_csv (default types)", lambda: pd.read_csv(path), results, trace=trace)
    phase("baseline: pandas.read_csv(dtype=str)", lambda: pd.read_csv(path, dtype=str, keep_default_na=False),
          results, trace=trace)
    table = phase("load_destinations", lambda: load_destinations(path), results, trace=trace)
    comparisons = phase("compare_all", lambda: compare_all(table), results, trace=trace)
    urns = table.urns()[: args.sample]
    phase(f"compare_school x {len(urns)}", lambda: [compare_school(table, u) for u in urns], results, trace=trace)

    print()
    header = f"{'phase':44s} {'wall (s)':>9s} {'cpu (s)':>8s} {'target':>8s} {'peak RSS (MB)':>14s}"
    if trace:
        header += f" {'py peak (MB)':>13s}"
    print(header)
    print("-" * len(header))
    for name, elapsed, rss, traced, cpu in results:
        target = TARGETS.get(name)
        line = f"{name:44s} {elapsed:9.2f} {cpu:8.2f} {('< %.0f' % target) if target else '':>8s} {rss / 1e6:14.0f}"
        if trace:
            line += f" {traced / 1e6:13.0f}"
        print(line)
    peak = max(r[2] for r in results)
    found = sum(len(c.findings) for c in comparisons)
    by_band = pd.Series([m.band for c in comparisons for m in c.measures]).value_counts()
    print("-" * len(header))
    print(f"tidy frame: {len(table.frame):,} values, {table.frame.memory_usage(deep=True).sum() / 1e6:.0f} MB")
    print(f"comparisons: {len(comparisons):,} schools, {found:,} findings; bands: "
          + ", ".join(f"{k} {v:,}" for k, v in by_band.items()))
    per_school = results[-1][1] / max(1, len(urns))
    print(f"compare_school: {1000 * per_school:.0f} ms a school on a {size_mb:.0f} MB table")
    print(f"process peak RSS: {peak / 1e6:.0f} MB (target < {PEAK_TARGET_MB} MB)")
    load = next(r[1] for r in results if r[0] == "load_destinations")
    base = next(r[1] for r in results if r[0].startswith("baseline: pandas.read_csv(dtype=str)"))
    print(f"load_destinations / read_csv(dtype=str): {load / base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
