"""Thematic review at national scale: every school's evidence, analysed once, sliced many ways.

The path: list the bundles (:mod:`.sources`) → analyse what the cache lacks (:mod:`.batch`,
:mod:`.cache`) → tidy frames of each school's statuses (:mod:`.frames`) → destination figures
(:mod:`.measures`) → prevalence and cross-tabulations with suppression (:mod:`.aggregate`) →
drill-down to schools and quotations (:mod:`.drilldown`) → CSV, Excel and charts (:mod:`.export`).
``fixtures/synth/national_corpus.py`` (outside the package) writes a synthetic national corpus with planted
weak spots to check it all against.

>>> from inspector_kit.thematic import run_review, export_review
>>> review = run_review("benchmarks/output/corpus/bundles", cache="out/cache.sqlite")   # doctest: +SKIP
>>> review.prevalence("region")                                                          # doctest: +SKIP
>>> export_review(review, "out/thematic")                                                # doctest: +SKIP
"""
from inspector_kit.thematic.aggregate import ALL, DIMENSIONS, MIN_COUNT, CrossTab, crosstab, prevalence
from inspector_kit.thematic.batch import analyse_corpus
from inspector_kit.thematic.cache import ResultCache
from inspector_kit.thematic.drilldown import DrillDown, drill_down
from inspector_kit.thematic.export import export_review
from inspector_kit.thematic.review import ThematicReview, run_review
from inspector_kit.thematic.sources import list_folder, list_manifest, list_sources

__all__ = ["ALL", "DIMENSIONS", "MIN_COUNT", "CrossTab", "DrillDown", "ResultCache", "ThematicReview",
           "analyse_corpus", "crosstab", "drill_down", "export_review", "list_folder", "list_manifest",
           "list_sources", "prevalence", "run_review"]
