"""Per-Doc token attributes as plain Python lists, built once and shared by the components.

Creating spaCy ``Token`` and ``Span`` objects costs far more than reading a list, and the components
look at the same few attributes (offsets, NORM, a handful of flags) around every match. ``tokens(doc)``
reads them with one ``Doc.to_array`` call and caches the result for the Doc's lifetime (a weak
reference, so nothing is added to the Doc or to what it serialises).
"""
from __future__ import annotations

import weakref

import numpy as np
from spacy.attrs import IDX, IS_QUOTE, IS_SPACE, IS_STOP, IS_TITLE, LENGTH, LIKE_NUM, NORM, SENT_START
from spacy.tokens import Doc

_COLUMNS = (IDX, LENGTH, NORM, IS_SPACE, IS_TITLE, IS_STOP, LIKE_NUM, IS_QUOTE)
_CACHE: "weakref.WeakKeyDictionary[Doc, TokenTable]" = weakref.WeakKeyDictionary()


class TokenTable:
    """Offsets, NORM hashes and flags of every token; ``sent_starts`` once sentences are set."""

    __slots__ = ("idx", "length", "norm", "is_space", "is_title", "is_stop", "like_num", "is_quote",
                 "_sent_starts", "doc_length", "__weakref__")

    def __init__(self, doc: Doc):
        self.doc_length = len(doc)
        if len(doc):
            columns = doc.to_array(list(_COLUMNS)).reshape(len(doc), -1).T.tolist()
        else:
            columns = [[] for _ in _COLUMNS]
        (self.idx, self.length, self.norm, self.is_space, self.is_title, self.is_stop, self.like_num,
         self.is_quote) = columns
        self._sent_starts = None

    def start_char(self, i: int) -> int:
        return self.idx[i]

    def end_char(self, i: int) -> int:
        """End offset of the span ending before token ``i`` (exclusive token index)."""
        return self.idx[i - 1] + self.length[i - 1]

    def sent_starts(self, doc: Doc) -> list[int]:
        """Token indices where sentences start (always including 0)."""
        if self._sent_starts is None:
            if not len(doc):
                self._sent_starts = []
            else:
                starts = np.flatnonzero(doc.to_array(SENT_START).astype(np.int64) == 1).tolist()
                if not starts or starts[0] != 0:
                    starts = [0] + starts
                self._sent_starts = starts
        return self._sent_starts


def tokens(doc: Doc) -> TokenTable:
    """The Doc's :class:`TokenTable`, built on first use."""
    table = _CACHE.get(doc)
    if table is None or table.doc_length != len(doc):
        table = _CACHE[doc] = TokenTable(doc)
    return table


def forget(doc: Doc) -> None:
    """Drop the cached table (after sentence starts change)."""
    _CACHE.pop(doc, None)
