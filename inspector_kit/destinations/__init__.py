"""Destination measures: read DfE's files faithfully, compare a school as the IDSR would, chart it.

Public API (stable; the briefing, dashboards and CLI build on it)::

    load_destinations(path, *, stage=None) -> DestinationTable
    load_destinations_bytes(data, *, name="<upload>", stage=None) -> DestinationTable
    load_destinations_kept(path, *, stage=None) -> DestinationTable   # the same, kept between runs
    compare_school(table, urn, year=None, version=None, breakdown="Total", national=None, la=None, *,
                   stage=None, cohort_level_group="Total", reference=None) -> SchoolComparison
    compare_all(table, year=None, version=None, breakdown="Total", national=None, la=None, *,
                cohort_level_group="Total", reference=None) -> list[SchoolComparison]
    findings(comparison, rules=None) -> list[DestinationFinding]
    ReferenceData.bundled() -> ReferenceData          # England + LA figures shipped in data/
    charts: comparison_spec(c), mix_spec(c), trend_spec(c, measure="overall") -> Vega-Lite dict;
            comparison_chart(c), mix_chart(c), trend_chart(c, ...) -> the same as alt.Chart;
            chart_to_svg(spec_or_chart) -> str         # offline, via vl-convert

* :class:`DestinationTable` ``.frame`` is one tidy row per key and measure: level, stage, time_period,
  version, institution group/type, breakdown topic/breakdown, cohort level, URN, LA/district codes and
  names, school name, then measure, cohort, count, percentage, ``status`` (ok, suppressed,
  not_applicable, not_available, low, low_reliability), basis and source row. Suppressed values are
  never 0 and never dropped. ``.problems`` lists warnings; errors raise
  :class:`~inspector_kit.errors.DestinationDataError` whose ``problems`` table (file, row, column,
  check, severity, message, value) lists every problem at once, by stable check id.
* :class:`SchoolComparison` holds ``measures`` (:class:`MeasureComparison`: school/LA/England
  :class:`Figure`, differences in pp, exact binomial p-value, Wilson interval, band), ``trend`` (three
  years with arrows), ``gap`` (disadvantaged gap vs England's), ``findings`` and ``notes``;
  ``as_dict()`` is JSON-ready, ``to_text()`` prints as the CLI does.
* Bands: well below / below / close to / above / well above average, or "not reported" with the reason
  (cohort under 6, suppressed value, no England figure). Method: :mod:`.stats`; thresholds:
  ``bands.toml``. Finding rules: ``findings.toml``; loader checks: ``checks.toml``; columns, codes and
  labels: ``columns.toml``; reference files and their alignment: ``reference.toml``.

Example::

    from inspector_kit.destinations import load_destinations, compare_school
    table = load_destinations("fixtures/destinations/institutions_ks4_fixture.csv")
    c = compare_school(table, "104712")
    c.measure("appren").band          # 'well_below'
    [f.sentence for f in c.findings]
"""
from inspector_kit.destinations.compare import compare_all, compare_frame, compare_school
from inspector_kit.destinations.findings import finding_rules, findings
from inspector_kit.destinations.loader import (DestinationTable, SourceInfo, load_destinations,
                                               load_destinations_bytes)
from inspector_kit.destinations.model import (DestinationFinding, Figure, GapComparison, MeasureComparison,
                                              SchoolComparison, TrendPoint)
from inspector_kit.destinations.kept import load_destinations_kept
from inspector_kit.destinations.reference import ReferenceData, Unavailable, load_reference, period_label
from inspector_kit.destinations.schema import CHECKS, MEASURES, headline_measures


CHART_NAMES = ("comparison_spec", "mix_spec", "trend_spec", "comparison_chart", "mix_chart", "trend_chart",
               "chart_to_svg")


def __getattr__(name):
    """Charts are imported when asked for (and altair only for the ``*_chart`` forms)."""
    if name in CHART_NAMES:
        from inspector_kit.destinations import charts
        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "load_destinations", "load_destinations_bytes", "load_destinations_kept", "DestinationTable", "SourceInfo",
    "compare_school", "compare_all", "compare_frame", "findings", "finding_rules",
    "SchoolComparison", "MeasureComparison", "Figure", "TrendPoint", "GapComparison", "DestinationFinding",
    "ReferenceData", "Unavailable", "load_reference", "period_label", "MEASURES", "CHECKS", "headline_measures",
    *CHART_NAMES,
]
