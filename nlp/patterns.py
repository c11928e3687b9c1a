"""Match many spaCy-shaped rules quickly: the rules stay in spaCy's pattern shape, the matching is compiled.

spaCy's ``Matcher`` evaluates ``{"IN": [...]}`` sets in Python for every token and every live pattern,
which made a few hundred careers rules run at a few thousand words a second. Most rules are really
lists of phrases ("employer" | "business" ... followed by "talk" | "visit" ...), so :class:`RuleMatcher`

1. expands phrase and set-only token patterns (attributes NORM/LOWER/ORTH, operators none or "?") into
   every phrase they can match, kept in a phrase table per attribute: a trie of attribute hashes, which
   reads what spaCy's ``PhraseMatcher`` would (the same hashes) without a ``Doc`` per phrase (about
   150,000 of them: building those Docs was most of the engine's start-up);
2. matches the remaining patterns (wildcards, ``{0,3}``, ``IS_TITLE`` ...) outward from an *anchor*: a
   required token of the pattern with a value set, itself found in a phrase table; the pattern's other
   tokens are checked against the Doc's attribute table (``nlp._tokens``), so no Python-level
   ``Matcher`` predicate runs on every token of the document;
3. runs patterns with no usable anchor (e.g. ``[{"LIKE_URL": true}]``) as one vectorised test, or with
   one ordinary ``Matcher``.

Compiling (:func:`compile_patterns`) gives plain data (ints, strings, lists, dicts), which
``nlp.rulecache`` keeps on disk so that later starts read it instead of compiling again.

Matches are returned as spaCy returns them: ``(match_id, start, end)``, without duplicates. Results are
identical to adding every pattern to one ``Matcher`` (a test checks this on the shipped rules).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
import weakref
from operator import itemgetter

import numpy as np
from spacy.attrs import (IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_QUOTE, IS_SPACE, IS_STOP, IS_TITLE,
                         IS_UPPER, LIKE_EMAIL, LIKE_NUM, LIKE_URL, LOWER, NORM, ORTH, SPACY)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher
from spacy.tokens import Doc

from nlp import _tokens as tokens_module
from nlp._fanout import Fanout, partner_within
from nlp._tokens import also_read, tokens

MAX_EXPANSION = 20000
_OPEN_ENDED = 12  # tokens a "*", "+" or "{n,}" may span when sizing a window
_TEXT_ATTRS = ("NORM", "LOWER", "ORTH")


def _values(token: dict) -> tuple[str, list[str]] | None:
    """(attribute group, values) when a token is a plain value or value set on one text attribute."""
    attrs = [k for k in token if k != "OP"]
    if len(attrs) != 1 or attrs[0] not in _TEXT_ATTRS:
        return None
    attr, spec = attrs[0], token[attrs[0]]
    if isinstance(spec, str):
        values = [spec]
    elif isinstance(spec, dict) and set(spec) == {"IN"} and isinstance(spec["IN"], list):
        values = [v for v in spec["IN"] if isinstance(v, str)]
    else:
        return None
    if not values or any(" " in v or not v for v in values):
        return None
    if attr == "ORTH":
        # punctuation and digits read the same in every attribute; letters in ORTH mean case matters
        group = "ORTH" if any(re.search(r"[A-Za-z]", v) for v in values) else "ANY"
        return group, values
    return "NORM", [v.lower() for v in values]


def _max_repeat(token: dict) -> int:
    op = token.get("OP")
    if op in (None, "?", "!", "1"):
        return 1
    if op in ("*", "+"):
        return _OPEN_ENDED
    m = re.fullmatch(r"\{(\d*),?(\d*)\}", op or "")
    if m:
        if "," in op:
            return int(m.group(2)) if m.group(2) else _OPEN_ENDED
        return int(m.group(1))
    return _OPEN_ENDED


# Words too frequent in careers documents to anchor a pattern on.
_DOMAIN_COMMON = {"careers", "career", "pupils", "students", "year", "school", "jobs", "job", "work", "the"}


def _commonness(values) -> tuple[int, int]:
    """How often an anchor's values will occur: stop words and punctuation first, then set size."""
    common = sum(1 for v in values if v.lower() in STOP_WORDS or v.lower() in _DOMAIN_COMMON
                 or not any(c.isalnum() for c in v))
    return common, len(values)


_COLUMNS = {
    "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM, "LOWER": LOWER, "IS_ALPHA": IS_ALPHA, "IS_DIGIT": IS_DIGIT,
    "IS_LOWER": IS_LOWER, "IS_UPPER": IS_UPPER, "IS_TITLE": IS_TITLE, "IS_PUNCT": IS_PUNCT,
    "IS_SPACE": IS_SPACE, "IS_STOP": IS_STOP, "IS_QUOTE": IS_QUOTE, "LIKE_NUM": LIKE_NUM,
    "LIKE_URL": LIKE_URL, "LIKE_EMAIL": LIKE_EMAIL, "SPACY": SPACY,
}


class _Unsupported(Exception):
    pass


def _columns_of(pattern) -> set[int]:
    """The attribute ids a token pattern reads (raises _Unsupported for attributes it cannot read)."""
    used = set()
    for token in pattern:
        for key in token:
            if key == "OP":
                continue
            if key not in _COLUMNS:
                raise _Unsupported(key)
            used.add(_COLUMNS[key])
    return used


def _compile_token(token: dict, strings, column_index: dict[int, int]):
    """(test, min, max): ``test(columns, i) -> bool`` for token ``i``, and repeat bounds.

    ``columns`` is the attribute table as one list per column (Python ints): reading ``columns[c][i]``
    needs no row object per token, and a Doc's table costs a list per column, not one per token."""
    checks = []
    for key, spec in token.items():
        if key == "OP":
            continue
        if key not in _COLUMNS:
            raise _Unsupported(key)
        col = column_index[_COLUMNS[key]]
        if key in ("ORTH", "TEXT", "NORM", "LOWER"):
            if isinstance(spec, str):
                value = strings.add(spec if key in ("ORTH", "TEXT") else spec.lower() if key == "LOWER" else spec)
                checks.append(lambda cols, i, c=col, v=value: cols[c][i] == v)
            elif isinstance(spec, dict) and set(spec) <= {"IN", "NOT_IN"}:
                if "IN" in spec:
                    values = frozenset(strings.add(v) for v in spec["IN"])
                    checks.append(lambda cols, i, c=col, vs=values: cols[c][i] in vs)
                if "NOT_IN" in spec:
                    values = frozenset(strings.add(v) for v in spec["NOT_IN"])
                    checks.append(lambda cols, i, c=col, vs=values: cols[c][i] not in vs)
            else:
                raise _Unsupported(f"{key}: {spec!r}")
        elif isinstance(spec, bool):
            checks.append(lambda cols, i, c=col, v=int(spec): cols[c][i] == v)
        else:
            raise _Unsupported(f"{key}: {spec!r}")
    op = token.get("OP")
    if op in (None, "1"):
        low, high = 1, 1
    elif op == "?":
        low, high = 0, 1
    elif op == "*":
        low, high = 0, _OPEN_ENDED
    elif op == "+":
        low, high = 1, _OPEN_ENDED
    elif op == "!":
        cs = tuple(checks)
        return (lambda cols, i: not all(c(cols, i) for c in cs)), 1, 1
    else:
        m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
        if not m:
            raise _Unsupported(op)
        low = int(m.group(1) or 0)
        high = low if not m.group(2) else (int(m.group(3)) if m.group(3) else _OPEN_ENDED)
    if len(checks) == 1:
        return checks[0], low, high
    cs = tuple(checks)

    def test(cols, i):
        for c in cs:
            if not c(cols, i):
                return False
        return True
    return test, low, high


def _vector_tests(token: dict, strings, column_index: dict[int, int]):
    """[(column, allowed values)] for a token of flags and plain value sets, or None."""
    tests = []
    for key, spec in token.items():
        if key == "OP":
            continue
        if key not in _COLUMNS:
            return None
        column = column_index[_COLUMNS[key]]
        if isinstance(spec, bool):
            tests.append((column, np.array([int(spec)], dtype=np.uint64)))
        elif key in ("ORTH", "TEXT", "NORM", "LOWER"):
            if isinstance(spec, str):
                values = [spec]
            elif isinstance(spec, dict) and set(spec) == {"IN"}:
                values = spec["IN"]
            else:
                return None
            if key == "LOWER":
                values = [v.lower() for v in values]
            tests.append((column, np.array([strings.add(v) for v in values], dtype=np.uint64)))
        else:
            return None
    return tests or None


class _Anchored:
    """One token pattern matched outward from an anchor token (see the module docstring)."""

    def __init__(self, pattern, anchor: int, strings, column_index: dict[int, int]):
        self.tokens = [_compile_token(t, strings, column_index) for t in pattern]
        self.anchor = anchor

    def _right(self, cols, position: int) -> set:
        """Ends of matches of the tokens after the anchor, starting at token ``position``."""
        n = len(cols[0])
        current = {position}
        for test, low, high in self.tokens[self.anchor + 1:]:
            following = set()
            for i in current:
                if low == 0:
                    following.add(i)
                k = 0
                while k < high and i + k < n and test(cols, i + k):
                    k += 1
                    if k >= low:
                        following.add(i + k)
            if not following:
                return following
            current = following
        return current

    def _left(self, cols, position: int) -> set:
        """Starts of matches of the tokens before the anchor, ending just before token ``position``."""
        current = {position}
        for test, low, high in reversed(self.tokens[:self.anchor]):
            preceding = set()
            for i in current:
                if low == 0:
                    preceding.add(i)
                k = 0
                while k < high and i - k - 1 >= 0 and test(cols, i - k - 1):
                    k += 1
                    if k >= low:
                        preceding.add(i - k)
            if not preceding:
                return preceding
            current = preceding
        return current

    def at(self, cols, position: int) -> list[tuple[int, int]]:
        if not self.tokens[self.anchor][0](cols, position):
            return []
        ends = self._right(cols, position + 1)
        if not ends:
            return []
        starts = self._left(cols, position)
        return [(s, e) for s in starts for e in ends if e > s]


def expand(pattern) -> tuple[str, list[list[str]]] | None:
    """Every token sequence a set-only pattern can match, with its attribute ("NORM" or "ORTH"), or None."""
    options, groups = [], set()
    for token in pattern:
        if token.get("OP") not in (None, "?"):
            return None
        found = _values(token)
        if found is None:
            return None
        group, values = found
        if group != "ANY":
            groups.add(group)
        options.append(values + ([None] if token.get("OP") == "?" else []))
    if len(groups) > 1:
        return None
    size = 1
    for o in options:
        size *= len(o)
    if size > MAX_EXPANSION:
        return None
    attr = groups.pop() if groups else "NORM"
    phrases = []
    for combo in itertools.product(*options):
        words = [w for w in combo if w is not None]
        if words:
            phrases.append(words)
    return attr, phrases


# Phrase tables: one trie per attribute, nested dicts from a token's attribute hash to the next node; the
# key TERMINAL holds the number of the group of codes (slot * 4 + role) of what ends there. Plain ints,
# dicts and lists only, so a compiled matcher can be stored by ``nlp.rulecache`` (marshal) and read back
# without building a Doc.
TERMINAL = -1  # never an attribute hash (those are unsigned)
DIRECT, ANCHOR, PARTNER = 0, 1, 2
STATE_FORMAT = 1


def pattern_digest(pattern) -> str:
    """A short stable digest of one pattern, so a stored compiled matcher is used only for the same rules."""
    text = pattern if isinstance(pattern, str) else json.dumps(list(pattern), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def _validate(vocab, key: str, pattern) -> None:
    """Let spaCy validate a token pattern (raises ValueError/KeyError as ``Matcher.add`` does)."""
    if not isinstance(pattern, str):
        Matcher(vocab, validate=True).add(key, [list(pattern)])


def _insert(trie: dict, sequence: list[int], code: int) -> None:
    node = trie
    for value in sequence:
        node = node.setdefault(value, {})
    ends = node.setdefault(TERMINAL, [])
    if code not in ends:
        ends.append(code)


def _share(trie: dict, groups: dict[tuple, int]) -> dict:
    """The same trie with each node's codes numbered as a group (``groups``: codes -> number) and identical
    sub-tries made one object (a word-set pattern expanded into thousands of phrases repeats its tails):
    matching is unchanged, and marshal writes each shared node once."""
    seen: dict[tuple, dict] = {}

    def canonical(node: dict) -> dict:
        for value, child in node.items():
            if value == TERMINAL:
                node[value] = groups.setdefault(tuple(sorted(child)), len(groups))
            else:
                node[value] = canonical(child)
        signature = tuple(sorted((value, child if value == TERMINAL else id(child)) for value, child in node.items()))
        return seen.setdefault(signature, node)

    return canonical(trie)


def compile_patterns(vocab, make_doc, patterns) -> dict:
    """The compiled form of ``patterns`` (a list, one slot each): phrase tables and the anchored, vectorised
    and plain patterns, as plain data (see :class:`RuleMatcher`). The costly part of building a matcher."""
    tries: dict[str, dict] = {"NORM": {}, "ORTH": {}}
    lexeme_norms: dict[str, int] = {}

    def value(attr: str, word: str) -> int:
        # what spaCy's PhraseMatcher reads from a pattern Doc made with Doc(vocab, words=...)
        if attr == "ORTH":
            return vocab.strings.add(word)
        found = lexeme_norms.get(word)
        if found is None:
            found = lexeme_norms[word] = vocab[word].norm
        return found

    anchored, flags, plain, columns = [], [], [], set()
    counts = {"phrase": 0, "expanded": 0, "anchored": 0, "flags": 0, "plain": 0}
    for slot, pattern in enumerate(patterns):
        if isinstance(pattern, str):
            sequence = [t.norm for t in make_doc(pattern)]
            if sequence:
                _insert(tries["NORM"], sequence, slot * 4 + DIRECT)
            counts["phrase"] += 1
            continue
        pattern = [dict(t) for t in pattern]
        expanded = expand(pattern)
        if expanded is not None:
            attr, phrases = expanded
            for words in phrases:
                _insert(tries[attr], [value(attr, w) for w in words], slot * 4 + DIRECT)
            counts["expanded"] += 1
            continue
        candidates = []
        for index, token in enumerate(pattern):
            if token.get("OP") not in (None, "1"):
                continue
            found = _values({k: v for k, v in token.items() if k in _TEXT_ATTRS})
            if found is not None:
                candidates.append((_commonness(found[1]), -index, index, found))
        try:
            used = _columns_of(pattern)
        except _Unsupported:
            used = None
        if len(pattern) == 1 and pattern[0].get("OP") in (None, "1") and used is not None and all(
                isinstance(v, bool) or (k in ("ORTH", "TEXT", "NORM", "LOWER") and (
                    isinstance(v, str) or (isinstance(v, dict) and set(v) == {"IN"})))
                for k, v in pattern[0].items() if k != "OP"):
            # one token of flags and value sets (LIKE_URL; a dash followed by a space): one vectorised
            # test over the Doc's attribute array
            flags.append([slot, pattern[0]])
            columns |= used
            counts["flags"] += 1
            continue
        if candidates and used is not None:
            candidates.sort()
            _, _, index, (group, values) = candidates[0]
            attr = "ORTH" if group == "ORTH" else "NORM"
            for v in values:
                _insert(tries[attr], [value(attr, v)], slot * 4 + ANCHOR)
            partner = None
            if len(candidates) > 1:
                # a second required token: the pattern is only tried where it, too, occurs within reach
                _, _, p_index, (p_group, p_values) = candidates[1]
                p_attr = "ORTH" if p_group == "ORTH" else "NORM"
                for v in p_values:
                    _insert(tries[p_attr], [value(p_attr, v)], slot * 4 + PARTNER)
                if p_index > index:
                    partner = [1, sum(_max_repeat(t) for t in pattern[index + 1:p_index + 1])]
                else:
                    partner = [-sum(_max_repeat(t) for t in pattern[p_index:index]), -1]
            anchored.append([slot, pattern, index, partner])
            columns |= used
            counts["anchored"] += 1
            continue
        plain.append(slot)
        counts["plain"] += 1
    groups: dict[tuple, int] = {}
    shared = {attr: _share(trie, groups) for attr, trie in tries.items() if trie}
    return {"format": STATE_FORMAT, "digests": [pattern_digest(p) for p in patterns],
            "tries": shared, "ends": [list(codes) for codes in groups], "anchored": anchored,
            "flags": flags, "plain": plain, "columns": sorted(columns), "counts": counts}


_BY_POSITION = itemgetter(1, 2, 0)  # (match_id, start, end) in spaCy's order: start, end, id
_MIX = 0x9E3779B97F4A7C15  # an odd 64-bit multiplier: (first * _MIX + second) mod 2**64 hashes a token pair


def _first_tokens(trie: dict, no_group: int) -> tuple:
    """For one phrase table: (trie, its first-token values sorted, the group ending at each, the sorted
    hashes of every first-two-token pair that continues), so the first token is matched vectorised."""
    starts = sorted(v for v in trie if v != TERMINAL)
    first = np.array([trie[v].get(TERMINAL, no_group) for v in starts], dtype=np.int64)
    mask = (1 << 64) - 1
    pairs = sorted({(v * _MIX + w) & mask for v in starts for w in trie[v] if w != TERMINAL})
    return trie, np.array(starts, dtype=np.uint64), first, np.array(pairs, dtype=np.uint64)


class RuleMatcher:
    """Many patterns (phrases or token lists in spaCy's shape), matched fast; see the module docstring.

    ``compiled`` is a compiled form stored earlier (:meth:`compiled_state`, kept by ``nlp.rulecache``):
    when the patterns added are the ones it was compiled from (checked pattern by pattern, by digest),
    it is used as it is and nothing is validated or expanded again; otherwise the patterns are compiled.
    ``source`` then says which: ``"cache"`` or ``"rules"``.
    """

    def __init__(self, vocab, make_doc, compiled: dict | None = None):
        self.vocab = vocab
        self.make_doc = make_doc
        self.keys: list[str] = []
        self.patterns: list = []
        self._preloaded = compiled if isinstance(compiled, dict) and compiled.get("format") == STATE_FORMAT else None
        self._state: dict | None = None
        self._compiled = False
        self.source: str | None = None
        self.counts = {"phrase": 0, "expanded": 0, "anchored": 0, "flags": 0, "plain": 0}

    def add(self, key: str, pattern) -> None:
        """Add one pattern under ``key``; raises ValueError (from spaCy) for an invalid token pattern."""
        if not isinstance(pattern, str):
            pattern = tuple(pattern)
        pre = self._preloaded
        n = len(self.patterns)
        if pre is not None and (n >= len(pre["digests"]) or pre["digests"][n] != pattern_digest(pattern)):
            pre = self._preloaded = None
        if pre is None:
            _validate(self.vocab, key, pattern)  # a stored form holds only patterns spaCy accepted
        self.keys.append(key)
        self.patterns.append(pattern)
        self._compiled = False

    def compile(self) -> None:
        """Compile the patterns added so far (or take the stored form made from the same patterns)."""
        pre = self._preloaded
        if pre is not None and len(pre["digests"]) == len(self.patterns):
            state, self.source = pre, "cache"
        else:
            state, self.source = compile_patterns(self.vocab, self.make_doc, self.patterns), "rules"
        self._state = state
        strings = self.vocab.strings
        self._ids = [strings.add(k) for k in self.keys]
        # the attribute table is the Doc's TokenTable array (nlp._tokens), asked to hold these columns too
        also_read(sorted(set(state["columns"]) | {NORM, ORTH}))
        self._column_order = tokens_module._COLUMNS + tuple(tokens_module._EXTRA)
        index = {attr: i for i, attr in enumerate(self._column_order)}
        # each group of codes split once into (match ids found, anchors to try, partners to note)
        self._ends = [(tuple(self._ids[c >> 2] for c in codes if c & 3 == DIRECT),
                       tuple(c >> 2 for c in codes if c & 3 == ANCHOR),
                       tuple(c >> 2 for c in codes if c & 3 == PARTNER)) for codes in state["ends"]]
        self._direct = Fanout([direct for direct, _, _ in self._ends], dtype=np.uint64)
        self._anchor = Fanout([anchor_slots for _, anchor_slots, _ in self._ends])
        self._partner = Fanout([partner_slots for _, _, partner_slots in self._ends])
        # each anchored slot's partner window (offsets from the anchor), "no partner" as an empty flag
        slots = len(self.keys)
        self._window_low = np.zeros(slots, dtype=np.int64)
        self._window_high = np.zeros(slots, dtype=np.int64)
        self._partnered = np.zeros(slots, dtype=bool)
        for slot, _, _, partner in state["anchored"]:
            if partner is not None:
                self._window_low[slot], self._window_high[slot] = partner
                self._partnered[slot] = True
        self._reach = int(max(np.abs(self._window_low).max(initial=0), np.abs(self._window_high).max(initial=0)))
        self._norm_column = index[NORM]
        self._trie_columns = [(index[NORM if attr == "NORM" else ORTH],) + _first_tokens(trie, len(self._ends))
                              for attr, trie in state["tries"].items()]
        self.windowed = {slot: (_Anchored(pattern, anchor, strings, index), partner)
                         for slot, pattern, anchor, partner in state["anchored"]}
        self.flag_rules = [(self._ids[slot], _vector_tests(token, strings, index)) for slot, token in state["flags"]]
        self.plain = Matcher(self.vocab)
        for slot in state["plain"]:
            self.plain.add(self.keys[slot], [list(self.patterns[slot])])
        self._plain_used = bool(state["plain"])
        self.counts = dict(state["counts"])
        self._compiled = True

    def compiled_state(self) -> dict:
        """The compiled form as plain data (ints, strings, lists, dicts), for ``nlp.rulecache``."""
        if not self._compiled:
            self.compile()
        return self._state

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._compiled:
            self.compile()
        n = len(doc)
        if not n:
            return sorted(self.plain(doc), key=_BY_POSITION) if self._plain_used else []
        token_table = tokens(doc)
        table = token_table.array  # columns only ever added at the end: this matcher's indices hold
        ids, windowed, groups = self._ids, self.windowed, self._ends
        found = set()
        anchor_at, anchor_group, partner_at, partner_group = [], [], [], []
        for column, root, starts, first, pairs in self._trie_columns:
            values = table[:, column]
            # the first token of every phrase at once: where one starts, and the group of codes it ends
            at = np.searchsorted(starts, values)
            np.minimum(at, len(starts) - 1, out=at)
            positions = np.flatnonzero(starts[at] == values)
            if not len(positions):
                continue
            first_groups = first[at[positions]]
            direct = self._direct.has[first_groups]
            at_direct, match_ids = self._direct.expand(positions[direct], first_groups[direct])
            if len(at_direct):
                at_direct = at_direct.tolist()
                found.update(zip(match_ids.tolist(), at_direct, [i + 1 for i in at_direct]))
            anchored = self._anchor.has[first_groups]
            anchor_at.append(positions[anchored])
            anchor_group.append(first_groups[anchored])
            partnered = self._partner.has[first_groups]
            partner_at.append(positions[partnered])
            partner_group.append(first_groups[partnered])
            # longer phrases: only where the first two tokens are the start of one (a hashed pair, then
            # the trie itself, which is exact); anchors and partners are single tokens, so only match ids
            going_on = positions[positions < n - 1]
            if not len(going_on) or not len(pairs):
                continue
            pair = values[going_on] * _MIX + values[going_on + 1]
            k = np.searchsorted(pairs, pair)
            np.minimum(k, len(pairs) - 1, out=k)
            sequence = None
            for i in going_on[pairs[k] == pair].tolist():
                if sequence is None:  # the NORM column is a list already
                    sequence = token_table.norm if column == self._norm_column else values.tolist()
                node = root[sequence[i]].get(sequence[i + 1])
                end = i + 2
                while node is not None:
                    group = node.get(TERMINAL)
                    if group is not None:
                        for match_id in groups[group][0]:
                            found.add((match_id, i, end))
                    if end >= n:
                        break
                    node = node.get(sequence[end])
                    end += 1
        if anchor_at:
            # every (slot, anchor position); a slot with a partner is tried only where its partner, too,
            # occurs within reach of the anchor
            tried_at, tried_slot = self._anchor.expand(np.concatenate(anchor_at), np.concatenate(anchor_group))
            if len(tried_at):
                partnered = self._partnered[tried_slot]
                if partnered.any():
                    noted_at, noted_slot = self._partner.expand(np.concatenate(partner_at),
                                                                np.concatenate(partner_group))
                    keep = ~partnered
                    keep[partnered] = partner_within(tried_at[partnered], tried_slot[partnered], noted_at,
                                                     noted_slot, self._window_low, self._window_high,
                                                     self._reach, n)
                    tried_at, tried_slot = tried_at[keep], tried_slot[keep]
                cols = token_table.lists  # a list per column (see _compile_token)
                for slot, position in zip(tried_slot.tolist(), tried_at.tolist()):
                    match_id = ids[slot]
                    for s, e in windowed[slot][0].at(cols, position):
                        found.add((match_id, s, e))
        for match_id, tests in self.flag_rules:
            mask = np.ones(n, dtype=bool)
            for column, values in tests:
                col = table[:, column]
                if len(values) <= 4:  # a few comparisons beat np.isin's set-up on short docs
                    hit = col == values[0]
                    for v in values[1:]:
                        hit |= col == v
                    mask &= hit
                else:
                    mask &= np.isin(col, values)
            found.update((match_id, int(i), int(i) + 1) for i in np.flatnonzero(mask))
        if self._plain_used:
            found.update(self.plain(doc))
        return sorted(found, key=_BY_POSITION)


class SharedRuleMatcher:
    """One :class:`RuleMatcher` serving several components of a pipeline (signals and context triggers):
    the Doc is matched once and the matches are kept for the Doc's lifetime (a weak reference), so the
    phrase matchers and attribute tables run once per Doc instead of once per component."""

    def __init__(self, vocab, make_doc, compiled: dict | None = None):
        self.matcher = RuleMatcher(vocab, make_doc, compiled)
        self._cache: "weakref.WeakKeyDictionary[Doc, list]" = weakref.WeakKeyDictionary()

    def add(self, key: str, pattern) -> None:
        """Add a pattern; results cached for earlier docs are dropped."""
        self.matcher.add(key, pattern)
        self._cache = weakref.WeakKeyDictionary()

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        found = self._cache.get(doc)
        if found is None or found[0] != len(doc):
            found = self._cache[doc] = (len(doc), self.matcher(doc))
        return found[1]


def shared_matcher(nlp, compiled: dict | None = None) -> SharedRuleMatcher:
    """The matcher shared by the components of pipeline ``nlp`` (each adds its rules under its own keys).

    ``compiled``: a stored compiled form for the rules the components will add (``nlp.rulecache``),
    taken only by the call that creates the matcher."""
    shared = getattr(nlp, "_ik_shared_matcher", None)
    if shared is None:
        shared = SharedRuleMatcher(nlp.vocab, nlp.make_doc, compiled)
        nlp._ik_shared_matcher = shared
    return shared
