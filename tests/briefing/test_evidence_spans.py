"""One typed evidence record: each analysed span is located in its file once, when the evidence is
analysed, and the triangulation and the briefing quote those records instead of locating again."""
import pytest

from support import SCHOOLS
from inspector_kit.analysis import EvidenceSpan, analyse_bundle
from inspector_kit.briefing.build import build_briefing
from inspector_kit.evidence import load_bundle
from inspector_kit.evidence.model import Document


@pytest.fixture(scope="module")
def analysis():
    return analyse_bundle(load_bundle(SCHOOLS / "riverside-high"), destinations=False)


def test_every_signal_has_one_record_with_its_code_stance_years_rule_and_place(analysis):
    for piece in [analysis.plan] + analysis.notes:
        assert len(piece.spans) == len(piece.signals)
        for record, signal in zip(piece.spans, piece.signals):
            assert isinstance(record, EvidenceSpan) and record.signal is signal
            assert (record.code, record.stance, record.year_groups, record.rule) == \
                (signal.code, signal.stance, tuple(signal.year_groups), signal.rule)
            assert record.source == piece.source(signal.start, signal.end)
            assert record.sentence_source == piece.source(signal.sentence_start, signal.sentence_end)
            document = next(d for d in piece.piece.documents if d.path == record.source.file)
            assert document.text[record.source.start:record.source.end] == signal.text


def test_building_the_briefing_locates_no_quotation_again(analysis, monkeypatch):
    calls = []
    original = Document.span
    monkeypatch.setattr(Document, "span", lambda self, s, e: calls.append((s, e)) or original(self, s, e))
    briefing = build_briefing(analysis)
    quoted = sum(len(w.quotes) for w in briefing.weak_spots) + \
        sum(len(t.plan) + len(t.pupils) for t in briefing.triangulation)
    assert quoted > 100
    # only what is not a signal: the website checklist's matched lines, the awards' sentences and the
    # industries the labour market panel finds
    assert len(calls) <= len(briefing.website) + len(briefing.awards) + len(briefing.labour_market.named)
