"""`make dashboard` serves the briefing dashboard: the page (fetched without a browser) has its title,
its widget and no source code or traceback. What the widgets show is checked in tests/browser/."""
import pytest

from support import SCHOOLS, fetch, voila_server

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("notebook, title", [
    ("briefing.ipynb", "Careers guidance: pre-inspection briefing"),
    ("focus_groups.ipynb", "Careers guidance: focus-group notes"),
])
def test_each_dashboard_page_is_served_without_its_source(notebook, title, tmp_path):
    env = {"INSPECTOR_KIT_BUNDLES": str(SCHOOLS), "INSPECTOR_KIT_REVIEW_DB": str(tmp_path / "reviews.sqlite")}
    with voila_server(notebook, env=env) as url:
        page = fetch(url)
    assert title in page
    assert "application/vnd.jupyter.widget-view+json" in page  # the dashboard widget was displayed
    assert "import " not in page and "DashboardSettings" not in page  # source code is not shown to the user
    assert "Traceback" not in page
