"""Cases: load, analyse and brief through the loaders; pasted notes and decisions in the review
database (never in the bundle), kept across restarts, and in the exported briefing."""
import hashlib
import io
import shutil

import pytest

from inspector_kit.errors import NotesStructureError, UnsupportedFormatError
from inspector_kit.ui.cases import Cases, note_from_text, read_upload
from inspector_kit.ui.settings import DashboardSettings

HILLSIDE = "101934"


@pytest.fixture
def settings(schools_dir, tmp_path):
    return DashboardSettings(bundles=schools_dir, review_db=tmp_path / "reviews.sqlite")


def folder_digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p).encode() + p.read_bytes())
    return h.hexdigest()


def test_a_school_is_analysed_first_then_compared_with_destination_data(settings):
    cases = Cases(settings)
    case = cases.case(HILLSIDE)
    assert case.analysis is not None and not case.destinations_done and case.analysis.destinations is None
    assert any(f.code == "website_only" for piece in case.pieces for f in piece.findings)
    assert cases.complete(HILLSIDE).destinations_done and case.analysis.destinations is not None


def test_an_unknown_urn_gives_an_empty_case_with_a_problem(settings):
    case = Cases(settings).case("999999")
    assert case.analysis is None and case.problems[0]["code"] == "dashboard.unknown_urn"


def test_a_pasted_note_is_stored_analysed_and_never_written_into_the_bundle(settings, schools_dir):
    before = folder_digest(schools_dir / "hillside-community")
    cases = Cases(settings)
    case = cases.add_note(HILLSIDE, "Y7 group, 4 pupils", "Nobody had met an employer.", "AH")
    pasted = [a for a in case.analysis.notes if a.note.source.file.startswith("pasted-note-")]
    assert [a.year_groups for a in pasted] == [(7,)]
    assert folder_digest(schools_dir / "hillside-community") == before
    assert cases.store.notes(HILLSIDE)[0]["author"] == "AH"


@pytest.mark.parametrize("label, text", [
    ("", "Nobody had met an employer."),        # no year group anywhere
    ("some pupils", "Nobody had met an employer."),
    ("Y9 group", "   "),                       # nothing to analyse
])
def test_a_note_without_a_year_group_or_text_is_refused_before_storing(settings, label, text):
    cases = Cases(settings)
    with pytest.raises(NotesStructureError):
        cases.add_note(HILLSIDE, label, text, "AH")
    assert cases.store.notes(HILLSIDE) == []


def test_headings_inside_pasted_text_start_new_notes():
    notes = note_from_text("", "Y8 group\nno employer visits\n\nY10 - 5 pupils\nwork experience in July", "p.txt")
    assert [n.year_groups for n in notes] == [(8,), (10,)]


def test_decisions_and_notes_survive_a_restart(settings):
    first = Cases(settings)
    fid = next(a.finding_id(f) for a in first.case(HILLSIDE).pieces for f in a.findings if f.code == "website_only")
    first.decide(HILLSIDE, fid, "dismissed", reason="offer seen in lessons", reviewer="RM")
    first.add_note(HILLSIDE, "Y7 group", "Nobody had met an employer.", "AH")
    first.store.close()
    again = Cases(settings)  # a new server process would open the same file
    assert again.decisions(HILLSIDE)[fid].reason == "offer seen in lessons"
    assert any(a.label == "Y7 group" for a in again.case(HILLSIDE).analysis.notes)


def test_the_briefing_is_rebuilt_when_a_decision_is_recorded(settings):
    cases = Cases(settings)
    before = cases.briefing(HILLSIDE)
    assert cases.briefing(HILLSIDE) is before  # cached while nothing changes
    spot = next(w for w in before.weak_spots if w.code == "website_only")
    cases.decide(HILLSIDE, spot.id, "accepted", reason="matches Y11 voice", reviewer="RM")
    after = cases.briefing(HILLSIDE)
    assert after is not before
    assert next(w for w in after.weak_spots if w.id == spot.id).decision["decision"] == "accepted"


def test_the_word_export_has_the_decision_and_no_pupil_names(settings):
    import docx

    cases = Cases(settings)
    spot = next(w for w in cases.briefing(HILLSIDE).weak_spots if w.code == "website_only")
    cases.decide(HILLSIDE, spot.id, "dismissed", reason="links are backed by interviews", reviewer="RM")
    name, data = cases.export(HILLSIDE, "docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert name == "briefing-101934-hillside-community-school.docx"
    assert "links are backed by interviews" in text
    bundle = cases.case(HILLSIDE).bundle
    assert bundle.pupil_names and not any(f"{n} " in text or f"{n}:" in text for n in bundle.pupil_names)


def test_the_html_export_is_self_contained(settings):
    name, data = Cases(settings).export(HILLSIDE, "html")
    page = data.decode("utf-8")
    assert name.endswith(".html") and "<svg" in page and "<script" not in page and "http://" not in page.split("<svg")[0]


def test_a_broken_plan_file_is_a_problem_and_the_notes_still_load(tmp_path, schools_dir):
    bundles = tmp_path / "schools"
    shutil.copytree(schools_dir / "hillside-community", bundles / "hillside-community")
    (bundles / "hillside-community" / "careers.htm").write_bytes(b"")
    cases = Cases(DashboardSettings(bundles=bundles, review_db=tmp_path / "r.sqlite"))
    case = cases.complete(HILLSIDE)
    codes = {p["code"] for p in case.problems}
    assert "document.empty" in codes and "bundle.missing_file" in codes  # plan empty; data file not beside it
    assert case.analysis.plan is None and len(case.analysis.notes) == 4


def test_an_unwritable_review_database_is_a_problem_not_a_crash(tmp_path, schools_dir):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cases = Cases(DashboardSettings(bundles=schools_dir, review_db=blocker / "reviews.sqlite"))
    assert cases.store is None and cases.problems[-1]["code"] == "review_store.error"
    assert cases.case(HILLSIDE).analysis is not None  # the evidence is still shown


def test_an_uploaded_text_file_is_read_by_the_loaders():
    assert read_upload("day2.txt", "Y9 group\nCafé visit".encode("cp1252")) == "Y9 group\nCafé visit"


def test_an_upload_of_another_kind_is_refused():
    with pytest.raises(UnsupportedFormatError):
        read_upload("notes.pdf", b"%PDF-1.4")
