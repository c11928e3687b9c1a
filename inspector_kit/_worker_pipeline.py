"""Imported by the batch workers' fork server (:mod:`inspector_kit.workers`): builds the engine's
pipeline once, so every worker forked from the server starts with it built instead of building its own.

A pipeline that cannot be built is left to each worker to build again, where the error is raised and
reported; the fork server itself must stay up. Importing this module anywhere else only builds the
pipeline early (``nlp.get_pipeline()`` is cached).
"""
import nlp

try:
    nlp.get_pipeline()
except Exception:  # noqa: BLE001 - see the docstring
    pass
