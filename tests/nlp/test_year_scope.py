"""Which year groups a signal applies to: its sentence, its table row, its heading, the caller's default."""
import pytest


@pytest.mark.parametrize(
    "text, kind, default, code, expected",
    [
        ("All Year 8 students attend a careers fair.", "plan", None, "activity.employer_encounter", (8,)),
        ("Mock interviews run in Year 11.", "plan", None, "activity.employer_encounter", (11,)),
        ("In Year 8 pupils visit a college, and in Year 10 they do work experience.", "plan", None,
         "activity.workplace_experience", (10,)),
        ("In Year 8 pupils visit a college, and in Year 10 they do work experience.", "plan", None,
         "activity.provider_encounter", (8,)),
        ("Guidance interviews for Years 10 and 11.", "plan", None, "activity.personal_guidance", (10, 11)),
        ("KS3 pupils use Unifrog.", "plan", None, "resource.online", (7, 8, 9)),
        ("Sixth form students have a guidance interview.", "plan", None, "activity.personal_guidance", (12, 13)),
        ("Most pupils go on to sixth form.", "plan", None, "pathway.academic", ()),
        ("6th form students have a guidance interview in Year 13.", "plan", None, "activity.personal_guidance", (13,)),
        ("Pupils meet employers every year.", "plan", None, "activity.employer_encounter", ()),
        ("## Year 9\nPupils meet two apprenticeship providers.", "plan", None, "activity.provider_encounter", (9,)),
        ("Key Stage 4\nWork experience takes place in July.", "plan", None, "activity.workplace_experience", (10, 11)),
        ("## Year 9\nText.\n## Provider access\nProviders visit pupils.", "plan", None,
         "activity.provider_encounter", ()),
        ("## Key Stage 4\n### Employers\nMock interviews with employers.", "plan", None,
         "activity.employer_encounter", (10, 11)),
        ("| Year | Employers |\n|---|---|\n| 10 | Mock interviews |", "plan", None, "activity.employer_encounter", (10,)),
        ("## Y10 group (5 pupils: Ali, Bo)\n- Y9 careers fair - all remembered", "notes", None,
         "activity.employer_encounter", (9,)),
        ("## Y10 group (5 pupils: Ali, Bo)\n- nobody had done wex", "notes", None,
         "activity.workplace_experience", (10,)),
        ("- nobody had done wex", "notes", [8], "activity.workplace_experience", (8,)),
        ("Careers interview - none of them had one, not in Y10", "notes", [11], "activity.personal_guidance", (11,)),
        ("Students in Years 12 to 14 are supported towards supported internships.", "plan", None,
         "pathway.technical", (12, 13)),
        ("From Year 7, pupils meet employers.", "plan", None, "activity.employer_encounter", (7, 8, 9, 10, 11, 12, 13)),
        ("## Y9 group\n- none could remember a provider coming in, this year or in Y8", "notes", None,
         "activity.provider_encounter", (9,)),
    ],
)
def test_year_groups_come_from_the_nearest_evidence(text, kind, default, code, expected, find):
    found = find(text, kind=kind, code=code, year_groups=default)
    assert found and found[0].year_groups == expected


def test_the_phase_clips_year_groups_and_gives_every_year_group_meaning(find):
    assert find("From Year 7, pupils meet employers.", phase="11-16",
                code="activity.employer_encounter")[0].year_groups == (7, 8, 9, 10, 11)
    assert find("Every year group meets employers.", code="activity.employer_encounter")[0].year_groups == ()
    assert find("Every year group meets employers.", phase="14-19",
                code="activity.employer_encounter")[0].year_groups == (10, 11, 12, 13)


def test_notes_record_the_year_groups_heard():
    import nlp

    a = nlp.analyse("Preamble\n## Y8 group\n- x\nYear 10 - 4 pupils - Ali, Bo\n- y", kind="notes")
    assert a.heard_year_groups == (8, 10)
    assert nlp.analyse("## Y8 group\n- x", kind="plan").heard_year_groups == ()


def test_every_signal_records_how_its_year_groups_were_found(find):
    (signal,) = find("## Year 9\nPupils meet employers.", code="activity.employer_encounter")
    assert signal.year_group_source == "heading" and signal.section_year_groups == (9,)
