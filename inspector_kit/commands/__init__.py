"""The CLI's subcommands, one module each (see :mod:`inspector_kit.cli`)."""
from __future__ import annotations

from typing import Iterable, Iterator


def once(messages: Iterable[str]) -> Iterator[str]:
    """Each message the first time it comes, in order.

    Two cross-tabulations on the same measure, or the same problem found in several rows, give the same
    words; an inspector reading the terminal needs them once.

    >>> list(once(["too few schools", "p = 0.03", "too few schools"]))
    ['too few schools', 'p = 0.03']
    """
    seen: set[str] = set()
    for message in messages:
        if message not in seen:
            seen.add(message)
            yield message
