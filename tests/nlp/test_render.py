"""The HTML view: a string, signals highlighted, context shown by shape and words, not colour alone."""
import re

import nlp
from nlp.render import render_html

TEXT = "Pupils do not meet employers. We will introduce work experience. Maybe a careers fair? <b>Unifrog</b>"


def test_render_returns_html_with_one_mark_per_signal_cluster():
    result = nlp.analyse(TEXT)
    html = render_html(TEXT, result)
    assert isinstance(html, str) and html.count("<mark") == len(result.signals)


def test_negated_hypothetical_and_uncertain_are_marked_by_class_and_label():
    html = render_html(TEXT, nlp.analyse(TEXT))
    assert re.search(r'class="ik-signal ik-negated"[^>]*>.*?activity.employer_encounter · not', html)
    assert re.search(r'class="ik-signal ik-hypothetical"[^>]*>.*?· planned', html)
    assert re.search(r'class="ik-signal ik-uncertain"[^>]*>.*?· unsure', html)
    assert "text-decoration: line-through" in html and "dashed" in html and "dotted" in html


def test_text_is_escaped_and_offsets_kept_in_data_attributes():
    result = nlp.analyse(TEXT)
    html = render_html(TEXT, result)
    assert "<b>Unifrog</b>" not in html and "&lt;b&gt;" in html
    starts = [int(x) for x in re.findall(r'data-start="(\d+)"', html)]
    assert starts == sorted(s.start for s in result.signals)


def test_findings_are_listed_and_a_full_page_can_be_asked_for():
    result = nlp.analyse("We will introduce employer talks. We plan to offer work experience. We intend to run "
                         "college visits. We hope to offer guidance interviews.", phase="11-16")
    page = render_html("x", result, title="Plan", page=True)
    assert page.startswith("<!doctype html>") and 'data-code="aspirational_only"' in page
