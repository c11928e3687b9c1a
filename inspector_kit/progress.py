"""A progress bar on standard error for batch work, shown only to a person watching a terminal.

When standard error is a pipe or a file (a script, CI, ``2> log``), nothing is drawn: a captured log
gets the command's own messages and no carriage returns or escape codes. ``--quiet`` hides it too.

>>> bar = progress_bar(total=3, desc="Analysing", unit="doc")   # a no-op unless stderr is a TTY
>>> bar.update(1); bar.close()
"""
from __future__ import annotations

import os
import sys


class _Silent:
    """Stands in for a bar that is not shown: same methods, no output."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, text: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def shows_progress(stream=None) -> bool:
    """Whether a bar would be drawn on ``stream`` (standard error by default): only on a terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def progress_bar(total: int | None, desc: str, unit: str = "doc", quiet: bool = False):
    """A tqdm bar on standard error when it is a terminal and not ``quiet``; otherwise a silent stand-in."""
    if quiet or not shows_progress():
        return _Silent()
    from tqdm import tqdm

    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        sized = size.columns > 0 and size.lines > 0
    except (AttributeError, ValueError, OSError):
        sized = False
    # a terminal that reports no size (a fresh pseudo-terminal) would get no bar at all from tqdm
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=sized,
                ncols=None if sized else 80, nrows=None if sized else 24, smoothing=0.1, leave=False)
