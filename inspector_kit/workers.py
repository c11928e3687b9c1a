"""Batch work on every core: chunks of documents analysed by a pool of processes, results in input order.

``inspector-kit analyse`` on many files or ``--jsonl``, and ``inspector-kit thematic``, hand their work
to :func:`map_in_order` in chunks. Each worker builds the engine's pipeline once (``nlp.get_pipeline()``)
and analyses chunk after chunk; the caller gets each chunk's results back in the order the chunks were
given, whatever order the workers finish in, so the output of ``--jobs 2`` is byte for byte that of
``--jobs 1``. A few chunks are in flight at a time, so memory stays bounded on a corpus of any size.

Failures stay with the document they belong to. The function a chunk runs is expected to turn a bad
document into an error record of its own; if a chunk fails anyway (an unexpected exception, or the
worker process dying: killed, out of memory, a crash in native code), its documents are tried again one
at a time in a fresh pool, and only the one that still fails is reported
(:class:`~inspector_kit.errors.BatchItemError`, :class:`~inspector_kit.errors.WorkerCrashedError`).

Start method: ``forkserver`` (``spawn`` where there is none). Forking the caller itself copies whatever
threads hold (a progress bar's monitor, a Jupyter kernel's I/O threads, the thematic review's
destinations thread, SQLite connections). The fork server is a clean single-threaded process started
once per run: it imports the engine and builds its pipeline (:mod:`inspector_kit._worker_pipeline`),
and every worker of every pool is forked from it with the pipeline already built, sharing its pages
until written. ``INSPECTOR_KIT_START_METHOD`` (``fork``, ``forkserver``, ``spawn``) overrides the
choice, for measuring. Measured by ``benchmarks/bench_workers.py`` (time from the first chunk handed
over to the first result, and a whole batch, for each start method beside the same batch in one
process) and ``benchmarks/bench_thematic.py`` (one process against two on the same schools).
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, Sequence

import nlp

from inspector_kit.errors import BatchItemError, WorkerCrashedError

#: What the fork server imports before forking workers: the document loaders, and the engine's pipeline
#: built once (that module's import builds it).
PRELOAD = ["inspector_kit.evidence", "inspector_kit._worker_pipeline"]
METHODS = ("fork", "forkserver", "spawn")


def default_jobs() -> int:
    """One process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """``forkserver`` where the platform has it, else ``spawn`` (see the module docstring)."""
    available = multiprocessing.get_all_start_methods()
    chosen = os.environ.get("INSPECTOR_KIT_START_METHOD", "")
    if chosen in METHODS and chosen in available:
        return chosen
    return "forkserver" if "forkserver" in available else "spawn"


def start_worker() -> None:
    """Runs once in each worker: build the engine's pipeline before the first chunk arrives."""
    nlp.get_pipeline()


def _module_of(func) -> str | None:
    target = getattr(func, "func", func)  # a functools.partial
    name = getattr(target, "__module__", None)
    return name if name and name != "__main__" else None


def make_pool(jobs: int, method: str | None = None, initializer: Callable[[], None] | None = start_worker,
              func=None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers; with the fork server, ``func``'s module is imported there too, so a
    worker does not import it again (the first pool of a process decides what the server holds)."""
    method = method or start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(PRELOAD + [m for m in [_module_of(func)] if m])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer)


def map_in_order(func: Callable[[list], list], chunks: Iterable[list], jobs: int, *,
                 describe: Callable[[object], str] = str, in_flight: int | None = None,
                 method: str | None = None, initializer: Callable[[], None] | None = start_worker,
                 ) -> Iterator[tuple[list, list]]:
    """``(chunk, results)`` for each chunk, in the order given; ``results`` has one entry per item.

    ``func`` is a module-level function (it is sent to the workers by name) that takes a chunk (a list
    of picklable items) and returns one result per item. ``jobs == 1``, or work that fits in one chunk,
    runs here in this process: a pool only pays when there is more than one chunk to share out. An item
    whose chunk failed and that fails again on its own comes back as a
    :class:`~inspector_kit.errors.BatchItemError` in its place, its message naming ``describe(item)``.
    """
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if jobs > 1 else None
    if second is None:
        yield first, _in_process(func, first, describe)
        for chunk in chunks:
            yield chunk, _in_process(func, chunk, describe)
        return
    yield from _pooled(func, _chained(first, second, chunks), jobs, describe, in_flight or 4 * jobs,
                       method, initializer)


def _chained(first, second, rest):
    yield first
    yield second
    yield from rest


def _in_process(func, chunk: list, describe) -> list:
    try:
        return list(func(chunk))
    except Exception:
        return [_one_in_process(func, item, describe) for item in chunk]


def _one_in_process(func, item, describe):
    try:
        return func([item])[0]
    except Exception as exc:
        return BatchItemError(f"{describe(item)}: could not be analysed ({exc.__class__.__name__}: {exc})")


def _pooled(func, chunks: Iterator[list], jobs: int, describe, in_flight: int, method, initializer):
    pool = make_pool(jobs, method, initializer, func)
    pending: deque = deque()   # (chunk, future), in input order
    waiting: deque = deque()   # chunks to submit again after a pool broke

    def submit_more() -> None:
        while len(pending) < in_flight:
            chunk = waiting.popleft() if waiting else next(chunks, None)
            if chunk is None:
                return
            pending.append((chunk, pool.submit(func, chunk)))

    try:
        submit_more()
        while pending:
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except Exception as exc:
                if isinstance(exc, BrokenProcessPool):
                    # every chunk in flight is lost with the pool: start again, this chunk item by item
                    waiting.extendleft(reversed([c for c, _ in pending]))
                    pending.clear()
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = make_pool(jobs, method, initializer, func)
                results, pool = _one_by_one(func, chunk, pool, jobs, method, initializer, describe)
            yield chunk, list(results)
            submit_more()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(func, chunk: Sequence, pool, jobs, method, initializer, describe):
    """Each item of a failed chunk on its own, so the failure is pinned on the document that causes it."""
    results = []
    for item in chunk:
        try:
            results.append(pool.submit(func, [item]).result()[0])
        except BrokenProcessPool:
            results.append(WorkerCrashedError(f"{describe(item)}: the worker process analysing it ended "
                                              "abruptly (killed, out of memory or crashed); the rest of the "
                                              "batch was analysed"))
            pool.shutdown(wait=True, cancel_futures=True)
            pool = make_pool(jobs, method, initializer, func)
        except Exception as exc:
            results.append(BatchItemError(f"{describe(item)}: could not be analysed "
                                          f"({exc.__class__.__name__}: {exc})"))
    return results, pool
