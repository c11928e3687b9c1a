"""Helpers for the engine's tests: tiny texts through the real pipeline (``spacy.blank("en")``)."""
import pytest

import nlp


def signals_of(text, kind="plan", code=None, **kwargs):
    """The signals ``nlp.analyse`` finds in ``text`` (optionally only one code)."""
    found = nlp.analyse(text, kind=kind, **kwargs).signals
    return [s for s in found if code is None or s.code == code]


@pytest.fixture
def find():
    return signals_of
