"""Word families and word classes for rule patterns, resolved once when the rules are read.

Rules may say ``{"LEMMA": "stop"}`` (every form of the word: stop, stops, stopped, stopping) or
``{"CLASS": "organisation"}`` (any member of a named class of paraphrases in
``nlp/resources/word_classes.json``: "NHS", "firms", "the police" all stand for employers). Both are
rewritten into the ``NORM`` sets the matcher already compiles, so matching costs no more per token than
a plain word list and the pipeline needs no lemmatizer at run time.

Inflected forms come from spaCy's English lookup lemmatizer table (``spacy-lookups-data``), read in
reverse: every form whose lemma is the word. Words the table does not know keep their regular
inflections (``-s``, ``-ed``, ``-ing``) so a rule never silently loses its own word.

>>> sorted(forms("stop"))
['stop', 'stopped', 'stopping', 'stops']
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from nlp.errors import RuleFileError
from nlp.rulefiles import read_json

_TEXT_KEYS = ("NORM", "LOWER", "ORTH", "TEXT")


@lru_cache(maxsize=1)
def _lemma_index() -> dict[str, frozenset[str]]:
    """lemma -> its inflected forms, from spaCy's English lookup table (read once per process)."""
    try:
        raw = resources.files("spacy_lookups_data").joinpath("data", "en_lemma_lookup.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - a broken install
        return {}
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    index: dict[str, set[str]] = {}
    for form, lemma in table.items():
        if form.isascii() and " " not in form:
            index.setdefault(lemma.lower(), set()).add(form.lower())
    return {lemma: frozenset(found) for lemma, found in index.items()}


def _regular(word: str) -> set[str]:
    """Regular English inflections, for words the lookup table does not list."""
    if word.endswith("e"):
        return {word + "s", word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    if word.endswith(("s", "sh", "ch", "x")):
        return {word + "es", word + "ed", word + "ing"}
    return {word + "s", word + "ed", word + "ing"}


# lemma -> its forms, as worked out in this process or read from the rule cache (``nlp.rulecache``), so a
# warm start need not read the 100,000-word lookup table for the few hundred lemmas the rules name
_KNOWN: dict[str, frozenset[str]] = {}


def forms(lemma: str) -> frozenset[str]:
    """The word and every form whose lemma it is (lower case)."""
    lemma = lemma.lower()
    found = _KNOWN.get(lemma)
    if found is None:
        known = _lemma_index().get(lemma)
        found = _KNOWN[lemma] = frozenset({lemma} | (set(known) if known else _regular(lemma)))
    return found


def known_forms() -> dict[str, list[str]]:
    """Every lemma's forms worked out so far (plain lists, for the rule cache)."""
    return {lemma: sorted(found) for lemma, found in _KNOWN.items()}


def add_known_forms(table: dict) -> None:
    """Take forms stored by an earlier run (the rule cache is keyed by the lookup table's version)."""
    for lemma, found in table.items():
        _KNOWN.setdefault(lemma, frozenset(found))


@lru_cache(maxsize=1)
def word_classes() -> dict[str, tuple[str, ...]]:
    """The named classes of ``nlp/resources/word_classes.json``: class name -> its members (lower case).

    A member may itself be ``"@other"`` (every member of another class) or ``"~lemma"`` (every form
    of a word), so classes are built from each other without copying lists."""
    data = read_json("nlp", "word_classes.json")
    where = "nlp/resources/word_classes.json"
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict):
        raise RuleFileError("expected {\"classes\": {name: [words]}}", where=where)
    raw = data["classes"]
    resolved: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, trail: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        if name not in raw:
            raise RuleFileError(f"class {name!r} is not defined (classes: {', '.join(sorted(raw))})", where=where)
        if name in trail:
            raise RuleFileError(f"class {name!r} includes itself ({' -> '.join(trail + (name,))})", where=where)
        members = raw[name]
        if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
            raise RuleFileError(f"class {name!r} must be a list of words", where=where)
        out: list[str] = []
        for m in members:
            if m.startswith("@"):
                out.extend(resolve(m[1:], trail + (name,)))
            elif m.startswith("~"):
                out.extend(sorted(forms(m[1:])))
            else:
                out.append(m.lower())
        resolved[name] = tuple(dict.fromkeys(out))
        return resolved[name]

    for name in raw:
        resolve(name, ())
    return resolved


def expand_classes(words, where: str = "") -> list[str]:
    """A word list in which ``"@name"`` stands for every member of a class (lower case, one word each)."""
    out: list[str] = []
    classes = None
    for w in words:
        if w.startswith("@"):
            classes = classes or word_classes()
            if w[1:] not in classes:
                raise RuleFileError(f"class {w[1:]!r} is not in nlp/resources/word_classes.json "
                                    f"(classes: {', '.join(sorted(classes))})", where=where)
            out.extend(m for m in classes[w[1:]] if " " not in m)
        else:
            out.append(w.lower())
    return list(dict.fromkeys(out))


def _names(spec, key: str, where: str) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"} and isinstance(spec["IN"], list) \
            and all(isinstance(v, str) for v in spec["IN"]):
        return list(spec["IN"])
    raise RuleFileError(f"{key} must be a word or {{\"IN\": [words]}}, got {spec!r}", where=where)


def resolve_token(token: dict, where: str = "") -> dict:
    """One token pattern with ``LEMMA`` and ``CLASS`` rewritten as a ``NORM`` set (a new dict)."""
    if "LEMMA" not in token and "CLASS" not in token:
        return token
    if any(k in token for k in _TEXT_KEYS):
        raise RuleFileError(f"a token takes LEMMA/CLASS or a text attribute ({', '.join(_TEXT_KEYS)}), "
                            f"not both: {token!r}", where=where)
    words: list[str] = []
    if "LEMMA" in token:
        for lemma in _names(token["LEMMA"], "LEMMA", where):
            words.extend(sorted(forms(lemma)))
    if "CLASS" in token:
        classes = word_classes()
        for name in _names(token["CLASS"], "CLASS", where):
            if name not in classes:
                raise RuleFileError(f"CLASS {name!r} is not in nlp/resources/word_classes.json "
                                    f"(classes: {', '.join(sorted(classes))})", where=where)
            words.extend(classes[name])
    out = {k: v for k, v in token.items() if k not in ("LEMMA", "CLASS")}
    single = [w for w in dict.fromkeys(words) if " " not in w]
    out["NORM"] = {"IN": single}
    return out


def resolve_pattern(pattern, where: str = ""):
    """A rule pattern (phrase or token list) with every ``LEMMA``/``CLASS`` token resolved."""
    if isinstance(pattern, str):
        return pattern
    return tuple(resolve_token(t, where) for t in pattern)
