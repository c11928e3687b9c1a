"""The thematic dashboard in a real browser, offline: a 60-school synthetic corpus read from its cache,
filtered to one region, a group opened to its schools and quotations, and the Excel download checked
against the review's own figures."""
import io
import time

import pytest

from harness import ALLOWED_EXTERNAL, WAIT_MS, screenshot, unlabelled_controls
from support import voila_server  # tests/, put on the path by the harness

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from inspector_kit.thematic import run_review
    from fixtures.synth.national_corpus import generate_corpus

    root = tmp_path_factory.mktemp("thematic-browser")
    generated = generate_corpus(root, n=60, seed=7)
    cache = root / "thematic-cache.sqlite"
    review = run_review(generated.bundles, cache=cache, progress=False)  # the dashboard then reads the cache
    return generated, cache, review


def test_thematic_dashboard_filters_drills_down_and_downloads_offline(page, corpus):
    generated, cache, review = corpus
    london = review.prevalence("region", codes=["academic_bias"]).set_index("group").loc["London"]
    env = {"INSPECTOR_KIT_THEMATIC_BUNDLES": str(generated.bundles), "INSPECTOR_KIT_THEMATIC_CACHE": str(cache)}
    with voila_server("thematic.ipynb", env=env) as url:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("#ik-thematic-summary[data-schools='60']", timeout=WAIT_MS)
        print(f"dashboard shown after {time.perf_counter() - start:.1f} s")
        assert "from inspector_kit" not in page.content()  # source code is not shown
        page.locator("#ik-thematic-chart svg").first.wait_for()
        assert page.locator("#ik-thematic-table caption").inner_text().startswith("Bias towards academic routes")

        started = time.perf_counter()
        page.get_by_label("Region", exact=True).select_option(label="London")
        page.wait_for_selector(f"#ik-thematic-summary[data-schools='{london['schools']}']")
        print(f"filter and redraw seen in the browser after {1000 * (time.perf_counter() - started):.0f} ms")
        row = page.locator("#ik-thematic-table tbody tr", has_text="London").first
        assert f"{london['flagged_pct']:.1f}%" in row.inner_text()

        drill = page.get_by_label("Open a group", exact=True)
        option = drill.locator("option", has_text="London")
        option.first.wait_for(state="attached")
        drill.select_option(label=option.first.inner_text())
        schools = page.locator("#ik-thematic-schools[data-group='London']")
        schools.wait_for()
        assert int(schools.get_attribute("data-count")) == london["flagged"]
        page.locator("#ik-thematic-quotes .ik-thematic-quote").first.wait_for()
        assert "characters" in page.locator("#ik-thematic-quotes .ik-src").first.inner_text()
        assert unlabelled_controls(page) == []

        page.get_by_role("button", name="Prepare Excel workbook").click()
        link = page.locator("a.ik-download-xlsx")
        link.wait_for()
        with page.expect_download() as download:
            link.click()
        import pandas as pd
        from openpyxl import load_workbook
        data = download.value.path().read_bytes()
        book = load_workbook(io.BytesIO(data), read_only=True)
        assert {"About", "Findings by region", "Schools", "Quotations"} <= set(book.sheetnames)
        schools = pd.read_excel(io.BytesIO(data), sheet_name="Schools")
        assert len(schools) == london["schools"] and set(schools["region"]) == {"London"}
        regions = pd.read_excel(io.BytesIO(data), sheet_name="Findings by region", na_values=["c"])
        row = regions[(regions["code"] == "academic_bias") & (regions["group"] == "London")].iloc[0]
        assert row["flagged"] == london["flagged"]  # the download says what the screen says
        screenshot(page, "thematic-dashboard")

        external = page.requests.not_allowed()
        assert external == [], f"requests left 127.0.0.1: {external}; allowed: {ALLOWED_EXTERNAL}"
