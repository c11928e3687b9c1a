"""Per-Doc token attributes as plain Python lists, built once and shared by the components.

Creating spaCy ``Token`` and ``Span`` objects costs far more than reading a list, and the components
look at the same few attributes (offsets, NORM, a handful of flags) around every match. ``tokens(doc)``
reads them with one ``Doc.to_array`` call and caches the result for the Doc's lifetime (a weak
reference, so nothing is added to the Doc or to what it serialises).
"""
from __future__ import annotations

import weakref

import numpy as np
from spacy.attrs import IDS, IDX, IS_QUOTE, IS_SPACE, IS_STOP, IS_TITLE, LENGTH, LIKE_NUM, NORM, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

_COLUMNS = (IDX, LENGTH, NORM, IS_SPACE, IS_TITLE, IS_STOP, LIKE_NUM, IS_QUOTE)
# further attributes read by the rule matcher (``nlp.patterns``), taken in the same ``to_array`` call
_EXTRA: list[int] = []
_CACHE: "weakref.WeakKeyDictionary[Doc, TokenTable]" = weakref.WeakKeyDictionary()


def also_read(attrs) -> None:
    """Ask every later table to hold these attribute ids too (in :attr:`TokenTable.array`)."""
    for attr in attrs:
        if attr not in _COLUMNS and attr not in _EXTRA:
            _EXTRA.append(attr)


# Attributes that may differ between two tokens of the same word; the rest belong to the word (the
# lexeme) and are read once per distinct word: ``Doc.to_array`` pays about 80 ns a token for each flag.
_BY_TOKEN = frozenset({IDX, NORM, ORTH, SPACY, SENT_START})
_NAMES = {value: name for name, value in IDS.items()}
class _Lexicon:
    """The word-level attributes of every word seen so far, one row per word (grown as words arrive).

    Words are found by bisecting a sorted array of their ORTH hashes, one vectorised call per Doc (a
    dict lookup per token cost more than the attributes it saved); new words are merged in, in order."""

    def __init__(self, vocab, attrs: tuple[int, ...]):
        self.vocab, self.attrs = vocab, attrs
        self.keys = np.zeros(0, dtype=np.uint64)  # ORTH hashes, sorted
        self.at = np.zeros(0, dtype=np.intp)      # the row of each key
        self.matrix = np.zeros((4096, len(attrs)), dtype=np.uint64)

    def _add(self, orths: np.ndarray) -> None:
        """Rows for new words (``orths``: sorted, unique, none known yet)."""
        first = len(self.keys)
        while first + len(orths) > len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        for row, orth in enumerate(orths.tolist(), first):
            lex = self.vocab[orth]
            self.matrix[row] = [len(lex.orth_) if attr == LENGTH else int(getattr(lex, _NAMES[attr].lower()))
                                for attr in self.attrs]
        where = np.searchsorted(self.keys, orths)
        self.keys = np.insert(self.keys, where, orths)
        self.at = np.insert(self.at, where, np.arange(first, first + len(orths), dtype=np.intp))

    def rows(self, orths: np.ndarray) -> np.ndarray:
        k = np.searchsorted(self.keys, orths)
        known = k < len(self.keys)
        known[known] = self.keys[k[known]] == orths[known]
        if not known.all():
            self._add(np.unique(orths[~known]))
            k = np.searchsorted(self.keys, orths)
        return self.matrix[self.at[k]]


_LEXICONS: dict[int, _Lexicon] = {}  # id(vocab) -> its lexicon (which keeps the vocab alive: ids stay unique)


def attribute_table(doc: Doc, attrs) -> np.ndarray:
    """``doc.to_array(attrs)`` as a 2-D array, with each word's own attributes looked up once per word."""
    attrs = list(attrs)
    n = len(doc)
    lexical = tuple(a for a in attrs if a not in _BY_TOKEN)
    if not lexical:
        return doc.to_array(attrs).reshape(n, -1)
    per_token = [a for a in attrs if a in _BY_TOKEN]
    if ORTH not in per_token:
        per_token.append(ORTH)
    base = doc.to_array(per_token).reshape(n, -1)
    lexicon = _LEXICONS.get(id(doc.vocab))
    if lexicon is None or lexicon.vocab is not doc.vocab or lexicon.attrs != lexical:
        lexicon = _LEXICONS[id(doc.vocab)] = _Lexicon(doc.vocab, lexical)
    words = lexicon.rows(base[:, per_token.index(ORTH)])
    out = np.empty((n, len(attrs)), dtype=np.uint64)
    out[:, [attrs.index(a) for a in per_token if a in attrs]] = base[:, [k for k, a in enumerate(per_token) if a in attrs]]
    out[:, [attrs.index(a) for a in lexical]] = words
    return out


class TokenTable:
    """Offsets, NORM hashes and flags of every token; ``sent_starts`` once sentences are set.

    ``array`` is the one ``Doc.to_array`` result the lists come from (a row per token, the columns of
    ``attrs``), for code that tests attributes vectorised; ``lists`` is every column of it as a list,
    for code that reads a few tokens at a time (converted once, shared by the components)."""

    __slots__ = ("idx", "length", "norm", "is_space", "is_title", "is_stop", "like_num", "is_quote",
                 "_sent_starts", "doc_length", "array", "attrs", "lists", "__weakref__")

    def __init__(self, doc: Doc):
        self.doc_length = len(doc)
        self.attrs = _COLUMNS + tuple(_EXTRA)
        if len(doc):
            self.array = attribute_table(doc, self.attrs)
            self.lists = self.array.T.tolist()
        else:
            self.array = None
            self.lists = [[] for _ in self.attrs]
        (self.idx, self.length, self.norm, self.is_space, self.is_title, self.is_stop, self.like_num,
         self.is_quote) = self.lists[:len(_COLUMNS)]
        self._sent_starts = None

    def column(self, attr: int):
        """One attribute of every token, as a numpy array (a view of :attr:`array`)."""
        return self.array[:, self.attrs.index(attr)]

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
    if table is None or table.doc_length != len(doc) or len(table.attrs) != len(_COLUMNS) + len(_EXTRA):
        table = _CACHE[doc] = TokenTable(doc)
    return table


def forget(doc: Doc) -> None:
    """Drop the cached sentence starts (after they change); token attributes do not change with them."""
    table = _CACHE.get(doc)
    if table is not None:
        table._sent_starts = None


def set_sent_starts(doc: Doc, starts: list[int]) -> None:
    """Record the sentence starts just written to ``doc`` (sorted token indices, 0 first), so the table
    need not read them back with another ``Doc.to_array``."""
    table = _CACHE.get(doc)
    if table is not None and table.doc_length == len(doc):
        table._sent_starts = starts
