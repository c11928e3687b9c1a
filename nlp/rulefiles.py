"""Reading rule files shipped inside the package, and checking each rule's keys.

Every rule file is JSON Lines (one rule a line, spaCy's ``{"label", "pattern", "id"}`` shape plus keys
the reading class declares) or JSON, read with :mod:`importlib.resources` so it works from a wheel.
A rule with a key its class does not know is refused with a message that lists the allowed keys: a typo
in a data file must not silently switch a rule off.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any, Iterable, Iterator

from nlp.errors import RuleFileError


def resource_names(package: str, suffix: str = ".jsonl") -> list[str]:
    """The names of the rule files in ``package``'s ``resources`` folder, sorted."""
    folder = resources.files(package).joinpath("resources")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(suffix))


def read_jsonl(package: str, name: str) -> Iterator[tuple[str, dict]]:
    """Yield ``(where, record)`` for each non-blank, non-comment line of ``resources/name``."""
    text = resources.files(package).joinpath("resources").joinpath(name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        where = f"{package}/resources/{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleFileError(f"not valid JSON ({exc.msg} at column {exc.colno})", where=where) from exc
        if not isinstance(record, dict):
            raise RuleFileError(f"expected a JSON object, got {type(record).__name__}", where=where)
        yield where, record


def read_json(package: str, name: str) -> Any:
    """The parsed content of ``resources/name`` (a JSON document)."""
    text = resources.files(package).joinpath("resources").joinpath(name).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleFileError(f"not valid JSON ({exc.msg} at line {exc.lineno})",
                            where=f"{package}/resources/{name}") from exc


def check_keys(record: dict, required: Iterable[str], optional: Iterable[str], where: str) -> None:
    """Refuse a record with missing or unknown keys, naming what is allowed."""
    required, optional = tuple(required), tuple(optional)
    missing = [k for k in required if k not in record]
    unknown = sorted(set(record) - set(required) - set(optional))
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown key(s) {', '.join(unknown)}")
        allowed = ", ".join(required + tuple(sorted(optional)))
        raise RuleFileError(f"{'; '.join(parts)} (allowed keys: {allowed})", where=where)


def expect(condition: bool, message: str, where: str) -> None:
    """Raise :class:`RuleFileError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise RuleFileError(message, where=where)


def string_tuple(value: Any, key: str, where: str) -> tuple[str, ...]:
    """A list of strings from a rule, as a tuple (a copy: callers never share mutable rule lists)."""
    expect(isinstance(value, list) and all(isinstance(v, str) for v in value),
           f"'{key}' must be a list of strings, got {value!r}", where)
    return tuple(value)
