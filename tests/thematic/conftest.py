"""Shared fixtures for the thematic review's tests.

``planted_corpus`` is a 60-school synthetic corpus (fixed seed) analysed once per session; tests read
its frames, aggregates, drill-downs and exports and compare them with the generator's answer key.
``fake_corpus`` builds a corpus from hand-written summaries, so frame and aggregate rules are tested
without the engine.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from inspector_kit.evidence.model import School
from inspector_kit.thematic.batch import CorpusAnalysis, RunReport, Unit
from inspector_kit.thematic.cache import ResultCache
from inspector_kit.thematic.sources import BundleSource

PLANTED_N = 60
PLANTED_SEED = 7


@pytest.fixture(scope="session")
def planted_corpus(tmp_path_factory):
    from fixtures.synth.national_corpus import generate_corpus

    root = tmp_path_factory.mktemp("planted")
    return generate_corpus(root, n=PLANTED_N, seed=PLANTED_SEED)


@pytest.fixture(scope="session")
def planted_review(planted_corpus):
    from inspector_kit.thematic import run_review

    cache = planted_corpus.root / "cache.sqlite"
    return run_review(planted_corpus.bundles, cache=cache, progress=False)


@pytest.fixture(scope="session")
def planted_export(planted_review, tmp_path_factory):
    from inspector_kit.thematic import export_review

    out = tmp_path_factory.mktemp("export")
    return out, export_review(planted_review, out)


def piece(findings: dict | None = None, signals: dict | None = None, year_groups=(), label="Careers plan"):
    """A summary of one analysed text, as the cache stores it."""
    return {"label": label, "year_groups": list(year_groups), "pupils": None, "words": 100, "file": "plan.md",
            "line": 1, "findings": findings or {}, "signals": signals or {}}


def school(urn: str, *, region="London", la="Camden", ages=(11, 16), fe=False, type_="Academy converter",
           phase="Secondary") -> School:
    return School(urn=urn, name=f"School {urn}", region=region, local_authority=la, age_low=ages[0],
                  age_high=ages[1], fe_provider=fe, type=type_, phase=phase)


def make_corpus(entries: list[tuple[School, list[dict] | None, list[dict] | None]]) -> CorpusAnalysis:
    """A corpus from ``(school, plan pieces or None, notes pieces or None)``: None means no such evidence."""
    sources, units, summaries = [], [], {}
    for index, (s, plan, notes) in enumerate(entries):
        sources.append(BundleSource(Path(f"/nowhere/{s.urn}"), s, ("plan.md",) if plan is not None else (),
                                    ("notes/n.md",) if notes is not None else (), label=f"b{s.urn}"))
        us = []
        for kind, pieces in (("plan", plan), ("notes", notes)):
            if pieces is None:
                continue
            key = f"{kind}-{s.urn}"
            us.append(Unit(index, kind, ("x",), key, 1))
            summaries[key] = {"kind": kind, "files": ["x"], "problems": [], "pieces": pieces}
        units.append(us)
    return CorpusAnalysis(sources, units, summaries, ResultCache(":memory:"), {}, RunReport())


@pytest.fixture
def fake_corpus():
    return make_corpus
