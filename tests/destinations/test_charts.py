"""Charts: altair objects with inline data, rendered to SVG offline; unreported figures never drawn."""
import socket

import altair as alt
import pytest

from inspector_kit.destinations import compare_school
from inspector_kit.destinations.charts import (chart_to_svg, comparison_chart, comparison_frame, mix_chart, mix_frame,
                                               trend_chart, trend_frame)

RIVERSIDE, MEADOW, BROOK = "104712", "119718", "105986"


@pytest.fixture(scope="module")
def riverside(ks4_fixture):
    return compare_school(ks4_fixture, RIVERSIDE)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during a test that must run offline")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("make", [comparison_chart, mix_chart, trend_chart])
def test_each_chart_is_an_altair_chart_with_inline_data(riverside, make):
    chart = make(riverside)
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict()
    assert "datasets" in spec and "url" not in str(spec.get("data", ""))


@pytest.mark.parametrize("make", [comparison_chart, mix_chart, trend_chart])
def test_each_chart_renders_to_svg_with_the_network_blocked(riverside, make, no_network):
    svg = chart_to_svg(make(riverside))
    assert svg.lstrip().startswith("<svg") and "Riverside High School" in svg


def test_comparison_chart_has_school_la_and_england_with_the_school_interval(riverside):
    data = comparison_frame(riverside)
    appren = data[data["measure"] == "Apprenticeships"].set_index("series")
    assert set(appren.index) == {"School", "LA", "England"}
    assert appren.loc["School", "low"] == pytest.approx(0, abs=1e-9) and appren.loc["School", "high"] > 0
    assert appren.loc["England", "value"] == 3.2


def test_mix_adds_to_about_100_for_each_series(riverside):
    totals = mix_frame(riverside).groupby("series")["value"].sum()
    assert all(abs(v - 100) < 1.5 for v in totals)


def test_la_mix_shows_education_unsplit_because_the_district_file_has_no_split(riverside):
    la = mix_frame(riverside).query("series == 'LA'")
    assert "Education (not split)" in set(la["destination"]) and "Further education" not in set(la["destination"])


def test_trend_has_three_years_and_arrows(riverside):
    data = trend_frame(riverside, "appren")
    assert sorted(set(data["year"])) == ["2019/20", "2020/21", "2021/22"]
    assert set(data.loc[data["series"] == "School", "arrow"]) <= {"", "↑", "↓", "→"}


def test_suppressed_figures_are_left_out_not_drawn_as_zero(fixture_1618):
    c = compare_school(fixture_1618, BROOK, stage="16-18", year="201920")
    assert comparison_frame(c).query("series == 'School'").empty
    assert trend_frame(c).query("series == 'School'").empty
    chart_to_svg(comparison_chart(c))
