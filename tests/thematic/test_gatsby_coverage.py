"""A thematic review judges each school's Gatsby coverage with the same function as a briefing, so a
benchmark is 'evidenced' in both when the plan claims it and pupils confirm it."""
from inspector_kit.analysis import GATSBY_STATUSES, gatsby_coverage
from inspector_kit.thematic.frames import build_frames, subset
from nlp.stance import Stance
from .conftest import piece, school


def gb_status(frames, index, benchmark):
    g = frames.gatsby
    return str(g[(g["school"] == index) & (g["benchmark"] == benchmark)]["status"].iloc[0])


def test_each_school_has_one_status_per_benchmark(fake_corpus):
    corpus = fake_corpus([(school("1"), [piece(signals={"activity.employer_encounter": (1, 0)})], None),
                          (school("2"), None, None)])
    frames = build_frames(corpus)
    assert len(frames.gatsby) == 2 * 8
    assert set(frames.gatsby["status"].astype(str)) <= set(GATSBY_STATUSES)


def test_claimed_and_confirmed_is_evidenced_claimed_and_denied_is_not(fake_corpus):
    code = "activity.employer_encounter"
    corpus = fake_corpus([
        (school("1"), [piece(signals={code: (1, 0)})], [piece(signals={code: (2, 0)}, year_groups=(9,))]),
        (school("2"), [piece(signals={code: (1, 0)})], [piece(signals={code: (0, 1)}, year_groups=(9,))]),
        (school("3"), None, [piece(signals={code: (0, 2)}, year_groups=(9,))]),
    ])
    frames = build_frames(corpus)
    assert gb_status(frames, 0, "GB5") == "evidenced"
    assert gb_status(frames, 1, "GB5") == "claimed only"
    assert gb_status(frames, 2, "GB5") == "weak"
    assert gb_status(frames, 2, "GB1") == "no evidence"


def test_the_review_agrees_with_the_briefings_function_on_the_same_mentions(fake_corpus):
    code = "activity.workplace_experience"
    corpus = fake_corpus([(school("1"), [piece(signals={code: (1, 1)})], [piece(signals={code: (1, 0)})])])
    frames = build_frames(corpus)
    direct = gatsby_coverage([(code, Stance.AFFIRMED), (code, Stance.NEGATED)], [(code, Stance.AFFIRMED)])
    assert [gb_status(frames, 0, row["benchmark"]) for row in direct] == [row["status"] for row in direct]


def test_a_subset_keeps_only_its_schools_coverage(fake_corpus):
    corpus = fake_corpus([(school("1", region="London"), [piece()], None),
                          (school("2", region="North East"), [piece()], None)])
    frames = build_frames(corpus)
    part = subset(frames, region="London")
    assert set(part.gatsby["school"]) == {0}
