"""Errors the analysis engine raises on purpose (``nlp`` never imports ``inspector_kit``).

The application wraps these in its own hierarchy; each message says which file, line and key is wrong
and what was expected, so a rule author can fix a data file without reading the loader.
"""
from __future__ import annotations


class NlpError(Exception):
    """Base class for the analysis engine's own errors."""

    code = "nlp.error"


class RuleFileError(NlpError):
    """A rule file (signals, context triggers, findings) is malformed: unknown or missing keys, a bad value.

    The message names the file and line and lists the keys the rule may have.
    """

    code = "nlp.rule_file"

    def __init__(self, message: str, *, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class AnalysisRequestError(NlpError, ValueError):
    """``analyse`` was asked for something it cannot do: an unknown kind, an unreadable phase, bad year groups."""

    code = "nlp.request"
