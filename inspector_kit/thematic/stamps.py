"""Remember what was read from a file while its size and modification time stay the same.

A warm run over 4,000 bundles would otherwise re-read every ``school.toml`` and hash every document
(seconds of work to learn that nothing changed). A stamp is the file's modification time in nanoseconds,
its size and its inode; a folder's stamp changes when files are added, removed or renamed in it. Cached
results stay keyed by the *content* hash: the stamp only saves re-computing a hash that cannot have
changed. ``trust=False`` (the CLI's ``--rehash``) ignores stamps and reads everything again.
"""
from __future__ import annotations

import json
import os

from inspector_kit.thematic.cache import ResultCache


def stamp_of(path) -> str | None:
    """A file's size and modification time as one string (None when it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"


class Stamps:
    """Values remembered per path and stamp, stored in the result cache's ``stamps`` table."""

    def __init__(self, cache: ResultCache | None = None, *, trust: bool = True):
        self.cache = cache
        self.trust = trust and cache is not None
        self.known = cache.stamps() if self.trust else {}
        self.new: list[tuple[str, str, str]] = []

    def get(self, key: str, stamp: str | None):
        """The value stored for a key when the file's stamp is unchanged (and stamps are trusted), else None."""
        if not self.trust or stamp is None:
            return None
        held = self.known.get(key)
        if held and held[0] == stamp:
            return json.loads(held[1])
        return None

    def put(self, key: str, stamp: str | None, value) -> None:
        """Remember a value under the file's stamp; written with the next ``flush``."""
        if stamp is None or self.cache is None:
            return
        text = json.dumps(value, separators=(",", ":"))
        self.known[key] = (stamp, text)
        self.new.append((key, stamp, text))

    def flush(self) -> None:
        """Write the stamps gathered since the last flush in one transaction."""
        if self.cache is not None and self.new:
            self.cache.put_stamps(self.new)
        self.new = []
