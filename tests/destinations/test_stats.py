"""The statistics on hand-computed cases (each worked in the comment beside it)."""
import math

import numpy as np
import pytest

from inspector_kit.destinations import stats


def exact_two_sided(k: int, n: int, p0: float) -> float:
    """Oracle written independently of scipy: sum the binomial pmf with math.comb."""
    pmf = [math.comb(n, i) * p0 ** i * (1 - p0) ** (n - i) for i in range(n + 1)]
    return min(1.0, 2 * min(sum(pmf[: k + 1]), sum(pmf[k:])))


def test_zero_apprenticeships_in_200_against_3_2_percent():
    # P(X = 0) = 0.968 ** 200 = exp(200 * ln 0.968) = exp(-6.50452) = 0.0014965; two-sided p = 0.0029930
    assert stats.binomial_p_value(0, 200, 0.032) == pytest.approx(0.0029930, rel=1e-4)


def test_zero_apprenticeships_in_50_is_not_significant():
    # 0.968 ** 50 = 0.19668; p = 0.39336
    assert stats.binomial_p_value(0, 50, 0.032) == pytest.approx(0.39336, rel=1e-4)


@pytest.mark.parametrize("k, n, p0", [(170, 200, 0.922), (3, 20, 0.055), (12, 12, 0.9), (40, 90, 0.5), (1, 6, 0.2)])
def test_p_values_match_the_pmf_sum(k, n, p0):
    assert stats.binomial_p_value(k, n, p0) == pytest.approx(exact_two_sided(k, n, p0), rel=1e-9)


def test_p_value_is_vectorised_and_nan_where_inputs_are_missing():
    out = stats.binomial_p_value([0, np.nan, 5], [200, 50, 0], [0.032, 0.5, 0.5])
    assert out[0] == pytest.approx(0.0029930, rel=1e-4)
    assert np.isnan(out[1]) and np.isnan(out[2])


def test_wilson_interval_for_zero_successes_has_the_closed_form_upper_bound():
    # k = 0: upper = z^2 / (n + z^2) = 3.84146 / 203.84146 = 0.018845
    low, high = stats.wilson_interval(0, 200)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(0.018845, rel=1e-4)


def test_wilson_interval_for_half_is_symmetric():
    # centre 0.5; half = 1.96 * sqrt(0.25/20 + 3.8415/1600) / (1 + 3.8415/20) = 0.2007
    low, high = stats.wilson_interval(10, 20)
    assert low == pytest.approx(0.2993, abs=1e-3) and high == pytest.approx(0.7007, abs=1e-3)


def test_cohens_h_for_the_documented_examples():
    # 2 asin(sqrt .008) - 2 asin(sqrt .032) = 0.17914 - 0.35971 = -0.1806
    assert stats.cohens_h(0.008, 0.032) == pytest.approx(-0.1806, abs=1e-3)
    assert stats.cohens_h(0.0, 0.032) == pytest.approx(-0.3597, abs=1e-3)
    assert stats.cohens_h(0.85, 0.922) == pytest.approx(-0.2297, abs=1e-3)


@pytest.mark.parametrize("p, h, band", [
    (0.20, -0.5, "close"),        # not significant: close to average, however large the gap looks
    (0.01, -0.10, "below"),       # significant, small effect
    (0.01, -0.36, "well_below"),  # significant, |h| >= 0.2
    (0.01, 0.10, "above"),
    (0.001, 0.25, "well_above"),
    (0.049, -0.2, "well_below"),  # thresholds are inclusive of h = 0.2, exclusive of p = 0.05
    (0.05, -0.9, "close"),
    (np.nan, 0.3, "not_reported"),
])
def test_band_table(p, h, band):
    assert stats.band([p], [h])[0] == band


def test_arrow_up_when_the_gap_to_england_widens_beyond_noise():
    # year 1: 50/100 vs 50% (diff 0); year 2: 80/100 vs 50% (diff +30 pp)
    # Agresti-Coull: (52/104)(52/104)/104 = 0.0024038; (82/104)(22/104)/104 = 0.0016038; se = 6.33 pp; 30 > 12.4
    assert stats.arrow(30.0, 0.0, 80, 100, 50, 100) == "up"
    assert stats.arrow(-30.0, 0.0, 20, 100, 50, 100) == "down"


def test_arrow_level_when_the_change_is_within_noise():
    assert stats.arrow(5.0, 0.0, 55, 100, 50, 100) == "level"


def test_no_arrow_without_a_previous_year():
    assert stats.arrow(5.0, None, 55, 100, 50, 100) is None


def test_gap_test_on_a_hand_worked_case():
    # disadvantaged 30/50 = 60%, other 140/150 = 93.3%: gap 33.3 pp; England gap 10 pp; excess 23.3 pp
    # variances (AC): 0.59259*0.40741/54 = 0.0044708 and 0.92208*0.07792/154 = 0.00046655; se = 7.027 pp
    gap, excess, z, p = stats.gap_test(30, 50, 140, 150, 10.0)
    assert gap == pytest.approx(33.333, abs=1e-3)
    assert excess == pytest.approx(23.333, abs=1e-3)
    assert z == pytest.approx(3.3207, abs=1e-3)
    assert p == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(3.3207 / math.sqrt(2)))), rel=1e-3)


def test_band_thresholds_come_from_the_data_file():
    cfg = stats.band_config()
    assert (cfg["min_cohort"], cfg["alpha"], cfg["well_effect_h"]) == (6, 0.05, 0.2)
    assert set(cfg["labels"]) == {"well_below", "below", "close", "above", "well_above", "not_reported"}
