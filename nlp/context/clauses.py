"""Where a fronted subordinate clause ends: the first comma of a sentence that opens with "After",
"Although", "When" and the like (``resources/clauses.json``). That comma ends every context scope on
either side, so "After a college complained that it had been turned away, the school published a
statement" does not deny the statement.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from nlp.rulefiles import check_keys, expect, read_json, string_tuple

PACKAGE = "nlp.context"
NAME = "clauses.json"


@lru_cache(maxsize=1)
def fronted_subordinators() -> frozenset[str]:
    """The words that open a fronted subordinate clause (lower case)."""
    where = f"{PACKAGE}/resources/{NAME}"
    data = read_json(PACKAGE, NAME)
    check_keys(data, ("fronted_subordinators",), ("why", "examples"), where)
    words = string_tuple(data["fronted_subordinators"], "fronted_subordinators", where)
    expect(all(w == w.lower() and " " not in w for w in words), "subordinators are single lower-case words", where)
    return frozenset(words)


def examples() -> list[tuple[str, str]]:
    """``(text, code)`` pairs: the code must stay affirmed in the text (tests check them)."""
    return [tuple(e) for e in read_json(PACKAGE, NAME).get("examples", [])]


def fronted_clause_ends(doc: Doc, table, bounds: list[int]) -> list[tuple[int, int, str]]:
    """A bidirectional terminator ``(start, end, "bidirectional")`` at the first comma of each sentence
    that opens with a subordinator, in the shape of the TERMINATE matches."""
    words = fronted_subordinators()
    out = []
    n = len(doc)
    for k, start in enumerate(bounds):
        end = bounds[k + 1] if k + 1 < len(bounds) else n
        if start >= end or doc[start].lower_ not in words:
            continue
        for i in range(start + 1, min(end, start + 40)):
            if doc[i].text == ",":
                out.append((i, i + 1, "bidirectional"))
                break
    return out
