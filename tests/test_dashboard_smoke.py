"""`make dashboard` serves a page that lists the fixture schools with their loaded evidence."""
import pytest

from support import SCHOOLS, fetch, voila_server
from inspector_kit.evidence import discover_bundles, load_bundle

pytestmark = pytest.mark.timeout(180)


def test_the_briefing_dashboard_lists_every_fixture_school_with_its_evidence():
    schools = [load_bundle(folder).school for folder in discover_bundles(SCHOOLS)]
    assert len(schools) >= 12
    with voila_server("briefing.ipynb", env={"INSPECTOR_KIT_BUNDLES": str(SCHOOLS)}) as url:
        page = fetch(url)
    for school in schools:
        assert school.urn in page
    assert "words" in page  # plan and notes lengths, i.e. real loaded evidence
    assert "import " not in page  # source code is not shown to the user
