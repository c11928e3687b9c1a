"""Dashboards read their folder, database and first school from the environment and the page's link."""
from pathlib import Path

import pytest

from inspector_kit.ui.settings import DashboardSettings


@pytest.mark.parametrize("env, bundles, db, urn", [
    ({"INSPECTOR_KIT_BUNDLES": "/data/schools"}, "/data/schools", "/data/reviews.sqlite", None),
    ({"INSPECTOR_KIT_BUNDLES": "/data/schools", "INSPECTOR_KIT_REVIEW_DB": "/tmp/r.sqlite"},
     "/data/schools", "/tmp/r.sqlite", None),
    ({"INSPECTOR_KIT_BUNDLES": "/data/schools", "QUERY_STRING": "urn=101934"}, "/data/schools",
     "/data/reviews.sqlite", "101934"),
    ({"INSPECTOR_KIT_BUNDLES": "/data/schools", "QUERY_STRING": "urn=<script>"}, "/data/schools",
     "/data/reviews.sqlite", None),
    ({"INSPECTOR_KIT_BUNDLES": "/data/schools", "QUERY_STRING": "other=1&urn=%20148201%20"}, "/data/schools",
     "/data/reviews.sqlite", "148201"),
])
def test_settings_come_from_the_environment_and_the_link(env, bundles, db, urn):
    s = DashboardSettings.from_environment(env)
    assert (s.bundles, s.review_db, s.urn) == (Path(bundles), Path(db), urn)


def test_without_a_bundles_folder_the_fixtures_are_used(schools_dir):
    assert DashboardSettings.from_environment({}).bundles.resolve() == schools_dir.resolve()
