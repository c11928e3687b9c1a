"""The briefing dashboard shows the labour market panel the exported briefing carries."""
from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.labour_market import labour_market_html
from inspector_kit.ui.settings import DashboardSettings

RIVERSIDE, NORTHGATE = "104712", "142987"


def test_the_dashboard_shows_the_areas_industries_and_says_plainly_when_there_is_no_table(schools_dir, tmp_path):
    settings = DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite", urn=RIVERSIDE)
    d = BriefingDashboard(settings, prefetch=False).start()
    panel = d.labour_market.value
    assert "id='ik-labour-market'" in panel and "Liverpool City Region" in panel
    assert panel.count("<svg role='img'") == 2 and "Accommodation and food" in panel
    assert "Health and social work" in panel[panel.index("ik-lmi-largest"):panel.index("ik-lmi-growing")]
    d.picker.urn = NORTHGATE
    assert "class='ik-no-table'" in d.labour_market.value and "North of Tyne" in d.labour_market.value


def test_the_fragment_escapes_quotations_from_the_evidence():
    data = {"has_table": False, "reason": "no table", "named": [
        {"name": "Media", "source": "plan", "local": "", "activity": "", "quote": "<script>x</script>", "where": "p l.1"}]}
    html = labour_market_html(data, [])
    assert "<script>" not in html and "&lt;script&gt;" in html
