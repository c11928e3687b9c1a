"""One thematic review: every school's evidence analysed (or read from the cache), ready to slice.

>>> review = run_review("fixtures/schools", cache="out/thematic-cache.sqlite", progress=False)  # doctest: +SKIP
>>> review.prevalence("region")                      # findings by region, suppressed where small
>>> review.crosstab("academic_bias", "appren")       # against apprenticeship destinations
>>> review.drill_down("academic_bias", dimension="region", group="London").quotations
"""
from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from inspector_kit.thematic import aggregate, drilldown
from inspector_kit.thematic.batch import CorpusAnalysis, analyse_corpus
from inspector_kit.thematic.cache import ResultCache
from inspector_kit.thematic.frames import ThematicFrames, build_frames, schools_by_weak_spot
from inspector_kit.thematic.labour_market import offer_by_area
from inspector_kit.thematic.measures import DestinationData, school_measures
from inspector_kit.thematic.sources import SourceList, list_sources
from inspector_kit.thematic.stamps import Stamps


@lru_cache(maxsize=1)
def crosstab_settings() -> list[dict]:
    """The cross-tabulations an export includes (``crosstabs.toml``)."""
    text = resources.files(__package__).joinpath("crosstabs.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["crosstab"]


@dataclass
class ThematicReview:
    """The analysed corpus, its frames and destination figures, and the questions a reviewer asks."""

    corpus: CorpusAnalysis
    frames: ThematicFrames
    destinations: DestinationData
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def schools(self) -> pd.DataFrame:
        """One row per school (``frames.schools``)."""
        return self.frames.schools

    def prevalence(self, by: str = "region", *, items: str = "findings", source: str = "any",
                   codes: list[str] | None = None) -> pd.DataFrame:
        """How common each weak spot (or signal) is by a dimension, with suppression (``aggregate.prevalence``)."""
        return aggregate.prevalence(self.frames, by, items=items, source=source, codes=codes)

    def crosstab(self, finding: str = "academic_bias", measure: str = "appren", *, source: str = "any",
                 destination_finding: str | None = None, label: str | None = None) -> aggregate.CrossTab:
        """A weak spot against a destination measure, with suppression (``aggregate.crosstab``)."""
        return aggregate.crosstab(self.frames, self.destinations.measures, finding, measure, source=source,
                                  destination_finding=destination_finding,
                                  destination_findings=self.destinations.findings, measure_label=label)

    def default_crosstabs(self) -> list[aggregate.CrossTab]:
        """The cross-tabulations ``crosstabs.toml`` lists, for the findings this review has."""
        return [self.crosstab(c["finding"], c["measure"], destination_finding=c.get("destination_finding"),
                              label=c.get("label")) for c in crosstab_settings()
                if c["finding"] in self.frames.finding_codes]

    def award_crosstab(self, measure: str = "appren", *, source: str = "any") -> pd.DataFrame:
        """Schools by the quality-award status their plan claims, against weak spots and ``measure``."""
        return aggregate.award_crosstab(self.frames, self.destinations.measures, measure, source=source)

    def labour_market_by_area(self) -> pd.DataFrame:
        """Share of schools whose offer names their area's main industries, by LSIP area (suppressed where small)."""
        return offer_by_area(self.frames, self.corpus)

    def drill_down(self, code: str, **cell) -> drilldown.DrillDown:
        """The schools and quotations behind one cell of a table."""
        return drilldown.drill_down(self.frames, self.corpus, code, **cell)

    def schools_table(self, source: str = "any") -> pd.DataFrame:
        """One row per school: who it is, its evidence, each finding's status, its destination figures."""
        table = schools_by_weak_spot(self.frames, source)
        m = self.destinations.measures
        if not m.empty:
            wide = m.pivot_table(index="school", columns="measure", values="percentage", aggfunc="first")
            wide.columns = [f"dest_{c}_pct" for c in wide.columns]
            stage = m.drop_duplicates("school").set_index("school")[["stage", "time_period", "version"]]
            stage.columns = ["dest_stage", "dest_period", "dest_version"]
            table = table.join(stage, on="school").join(wide, on="school")
        f = self.destinations.findings
        if not f.empty:
            codes = f.groupby("school")["code"].agg(lambda s: ";".join(sorted(s)))
            table["dest_findings"] = table["school"].map(codes).fillna("")
        return table


def run_review(root: str | Path | None = None, *, manifest: str | Path | None = None,
               cache: ResultCache | str | Path | None = None, workers: int | None = None,
               data_files: list[str | Path] | None = None, progress: bool = True,
               sources: SourceList | None = None, rehash: bool = False) -> ThematicReview:
    """List, analyse (what the cache lacks), build frames and destination figures.

    ``rehash``: read and hash every file again instead of trusting unchanged sizes and times.
    The destination figures are compared in a thread while worker processes analyse the evidence (they
    need only the list of schools, and this process is then mostly waiting); otherwise after the frames.
    """
    timings = {}
    if not isinstance(cache, ResultCache):
        cache = ResultCache(cache if cache is not None else ":memory:")
    stamps = Stamps(cache, trust=not rehash)
    t = time.perf_counter()
    found = sources if sources is not None else list_sources(root, manifest=manifest, stamps=stamps)
    timings["list"] = time.perf_counter() - t

    def destinations() -> DestinationData:
        started = time.perf_counter()
        data = school_measures(found.sources, cache, data_files=data_files)
        timings["destinations"] = time.perf_counter() - started
        return data

    t = time.perf_counter()
    corpus = analyse_corpus(found, cache, workers=workers, progress=progress, stamps=stamps, alongside=destinations)
    timings["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    frames = build_frames(corpus)
    timings["frames"] = time.perf_counter() - t
    dest = corpus.alongside.result() if corpus.alongside is not None else destinations()
    return ThematicReview(corpus, frames, dest, timings)
