"""Vectorised bookkeeping for :class:`nlp.patterns.RuleMatcher`: groups of codes fanned out to positions.

Why: about three tokens in four start some phrase-table entry, and most of those entries are anchors or
partners of windowed patterns (common words such as "have", "of", "the"). Expanding each hit into its
slots and testing each anchor's partner window in Python loops cost more than the matching itself;
as whole-array operations the same pairs are found in a fraction of the time.
"""
from __future__ import annotations

import numpy as np

_EMPTY = np.zeros(0, dtype=np.int64)


class Fanout:
    """For each group number, a list of ints (slots, or match ids: ``dtype`` uint64), stored flat (CSR)."""

    __slots__ = ("offsets", "flat", "has")

    def __init__(self, lists: list[tuple[int, ...]], dtype=np.int64):
        counts = np.array([len(values) for values in lists] + [0], dtype=np.int64)  # last: "no group"
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.flat = np.array([v for values in lists for v in values], dtype=dtype)
        self.has = counts > 0

    def expand(self, positions: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position, value) for every value of every position's group, positions in the order given."""
        starts = self.offsets[groups]
        counts = self.offsets[groups + 1] - starts
        total = int(counts.sum())
        if not total:
            return _EMPTY, self.flat[:0]
        before = np.cumsum(counts) - counts  # where each position's run begins in the output
        index = np.repeat(starts - before, counts) + np.arange(total, dtype=np.int64)
        return np.repeat(positions, counts), self.flat[index]


def partner_within(anchor_at: np.ndarray, anchor_slot: np.ndarray, partner_at: np.ndarray,
                   partner_slot: np.ndarray, low: np.ndarray, high: np.ndarray, reach: int, n: int) -> np.ndarray:
    """For each anchor: whether a partner of the same slot lies in [at + low[slot], at + high[slot]].

    Each (slot, position) is one sorted int64 key, ``slot * width + position + reach`` (``reach`` bounds
    every window offset, so keys of different slots never overlap); one bisection answers each anchor.
    """
    if not len(partner_at):
        return np.zeros(len(anchor_at), dtype=bool)
    width = n + 2 * reach + 1
    keys = np.sort(partner_slot * width + partner_at + reach)
    base = anchor_slot * width + anchor_at + reach
    lo, hi = base + low[anchor_slot], base + high[anchor_slot]
    k = np.searchsorted(keys, lo)
    found = k < len(keys)
    return found & (keys[np.minimum(k, len(keys) - 1)] <= hi)
