"""One briefing model: the exported files and the dashboard show the same sections, in the same order,
under the same headings (the dashboard adds controls between them, not content)."""
import html
import re

import pytest

from inspector_kit.briefing import render
from inspector_kit.briefing.blocks import Heading
from inspector_kit.briefing.sections import sections
from inspector_kit.ui.briefing_dashboard import BriefingDashboard
from inspector_kit.ui.settings import DashboardSettings

HEADING = re.compile(r"<h([234])[^>]*>(.*?)</h\1>", re.S)


def headings(page: str, levels=("2", "3")) -> list[tuple[int, str]]:
    """(level, words) of each heading in a page, tags and symbols stripped."""
    out = []
    for level, inner in HEADING.findall(page):
        if level in levels:
            words = html.unescape(re.sub(r"<span aria-hidden='true'>.*?</span>|<[^>]+>", "", inner))
            out.append((int(level), " ".join(words.split())))
    return out


@pytest.fixture(scope="module")
def shown(schools_dir, tmp_path_factory):
    """Every school's briefing as the dashboard shows it and as its HTML export, same decisions."""
    tmp = tmp_path_factory.mktemp("model")
    d = BriefingDashboard(DashboardSettings(bundles=schools_dir, review_db=tmp / "r.sqlite"), prefetch=False).start()
    out = {}
    for entry in d.cases.index.schools:
        d.picker.urn = entry.urn
        assert d.shown_urn == entry.urn
        screen = "".join(c.value for c in d.children if any(k.startswith("ik-section-") for k in c._dom_classes))
        out[entry.urn] = (screen, render(d.cases.briefing(entry.urn), "html"), d)
    return out


def test_the_dashboard_has_one_widget_per_section_in_the_models_order(shown):
    d = next(iter(shown.values()))[2]
    widgets = [c for c in d.children if any(k.startswith("ik-section-") for k in c._dom_classes)]
    assert [next(k for k in c._dom_classes if k.startswith("ik-section-"))[len("ik-section-"):] for c in widgets] \
        == [s.id for s in sections()]
    # controls sit between sections, content does not: the review form follows the weak spots
    children = list(d.children)
    assert children.index(d.review) == children.index(d.weak_spots) + 1
    assert children[-1] is d.downloads


def test_the_html_export_and_the_dashboard_show_the_same_sections_in_the_same_order(shown):
    titles = [s.title for s in sections()]
    for urn, (screen, exported, _) in shown.items():
        file_h2 = [t for level, t in headings(exported) if level == 2]
        assert file_h2 == titles, urn
        assert [t for level, t in headings(screen) if level == 2] == titles, urn


def test_the_sub_headings_agree_too(shown):
    """Evaluation areas under weak spots and lines of enquiry, statuses under triangulation, findings."""
    for urn, (screen, exported, _) in shown.items():
        assert headings(screen, ("2", "3", "4")) == headings(exported, ("2", "3", "4")), urn


def test_every_file_format_lays_out_the_same_sections(shown):
    d = next(iter(shown.values()))[2]
    briefing = d.cases.briefing(d.shown_urn)
    blocks = [b.text for b in briefing.blocks() if isinstance(b, Heading) and b.level == 2]
    assert blocks == [s.title for s in sections()]
    md = render(briefing, "md")
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == blocks
