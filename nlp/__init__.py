"""The careers-guidance analysis engine (spaCy, rule-based): signals, context, year groups, findings.

Public entry points (imported lazily, so ``import nlp.yeargroups`` stays cheap and spaCy-free):

- ``analyse(text, kind="plan"|"notes", phase=None, year_groups=None) -> Analysis``
- ``analyse_many(texts, kind=..., phase=..., year_groups=..., batch_size=64, n_process=1)``
- ``Analysis``, ``Signal``, ``Finding``, ``Evidence`` (results, each with ``as_dict()``)
- ``Stance`` (how a text holds a signal: affirmed, negated, limited, planned, wished, uncertain)
- ``render_html(text, analysis) -> str`` (displaCy-style highlighting)
- ``person_names(text) -> list`` (names for redaction; a statistical model when installed)

This package never imports ``inspector_kit``.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "analyse": "nlp.pipeline",
    "analyse_many": "nlp.pipeline",
    "build_pipeline": "nlp.pipeline",
    "get_pipeline": "nlp.pipeline",
    "Analysis": "nlp.results",
    "Signal": "nlp.results",
    "Finding": "nlp.results",
    "Evidence": "nlp.results",
    "Stance": "nlp.stance",
    "render_html": "nlp.render",
    "person_names": "nlp.names",
    "CODEBOOK": "nlp.signals.codebook",
    "SIGNAL_CODES": "nlp.signals.codebook",
    "FINDING_CODES": "nlp.findings.rules",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
