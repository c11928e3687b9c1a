"""Context triggers (NegEx/ConText): negation, hypothetical, uncertain, limited, online; scopes end at the clause."""
import pytest

from nlp.context import CATEGORIES, ContextRule, load_context_rules
from nlp.errors import RuleFileError

RULES = load_context_rules()


@pytest.mark.parametrize(
    "rule, example",
    [(r, e) for r in RULES if r.attribute for e in r.examples],
    ids=lambda v: v.id if isinstance(v, ContextRule) else v[:40],
)
def test_each_trigger_modifies_a_signal_in_its_examples(rule, example, find):
    kind = "notes" if "notes" in rule.kinds else "plan"
    found = find(example, kind=kind)
    assert any(any(m["rule"] == rule.id for m in s.modifiers) for s in found), (example, found)


def flags(signal):
    return {name for name in ("negated", "hypothetical", "uncertain", "limited", "online") if getattr(signal, name)}


@pytest.mark.parametrize(
    "text, kind, code, expected",
    [
        # negation
        ("none of the Y10 pupils had heard of T levels", "notes", "pathway.technical", {"negated"}),
        ("nobody had heard of T levels", "notes", "pathway.technical", {"negated"}),
        ("Couldn't remember any employer visits.", "notes", "activity.employer_encounter", {"negated"}),
        ("No-one mentioned apprenticeships.", "notes", "pathway.technical", {"negated"}),
        ("Pupils never have work experience.", "plan", "activity.workplace_experience", {"negated"}),
        ("Pupils rarely meet employers.", "plan", "activity.employer_encounter", {"negated"}),
        ("Bilal couldnt remember any employer talks", "notes", "activity.employer_encounter", {"negated"}),
        ("Ben hadn't heard of T levels.", "notes", "pathway.technical", {"negated"}),
        ("Work experience is not offered.", "plan", "activity.workplace_experience", {"negated"}),
        ("Wex? No.", "notes", "activity.workplace_experience", {"negated"}),
        ("Careers interview - none of them had one", "notes", "activity.personal_guidance", {"negated"}),
        ("Destinations are not tracked after pupils leave.", "plan", "outcome.destinations", {"negated"}),
        # hypothetical
        ("We will introduce work experience for Year 10.", "plan", "activity.workplace_experience", {"hypothetical"}),
        ("We plan to offer mock interviews.", "plan", "activity.employer_encounter", {"hypothetical"}),
        ("We intend to appoint a careers adviser.", "plan", "activity.personal_guidance", {"hypothetical"}),
        ("We aim to give every pupil a guidance interview.", "plan", "activity.personal_guidance", {"hypothetical"}),
        ("We hope to run a careers fair.", "plan", "activity.employer_encounter", {"hypothetical"}),
        ("A proposed careers fair for Year 9.", "plan", "activity.employer_encounter", {"hypothetical"}),
        ("From next year, Year 10 pupils do work experience.", "plan", "activity.workplace_experience", {"hypothetical"}),
        ("Work experience is planned for Year 10.", "plan", "activity.workplace_experience", {"hypothetical"}),
        ("Careers fair in spring - they know it's coming", "notes", "activity.employer_encounter", {"hypothetical"}),
        # uncertain
        ("There might be a careers fair in the summer.", "notes", "activity.employer_encounter", {"uncertain"}),
        ("Maybe a college talk in Y8?", "notes", "activity.provider_encounter", {"uncertain"}),
        ("not sure if they had a careers interview", "notes", "activity.personal_guidance", {"uncertain"}),
        # limited and online
        ("Careers interviews are available on request.", "plan", "activity.personal_guidance", {"limited"}),
        ("Pupils can book a careers interview.", "plan", "activity.personal_guidance", {"limited"}),
        ("Pupils watch online employer talks each half term.", "plan", "activity.employer_encounter", {"online"}),
        # delivered despite the wording
        ("We will continue to run employer talks every term.", "plan", "activity.employer_encounter", set()),
        ("No pupil leaves without a careers interview.", "plan", "activity.personal_guidance", set()),
        ("Pupils not only meet employers but visit workplaces.", "plan", "activity.employer_encounter", set()),
        ("In May, Year 10 pupils do work experience.", "plan", "activity.workplace_experience", set()),
        ("Sian hopes to get an apprenticeship at BAE", "notes", "pathway.technical", set()),
        ("Pupils may be referred to the careers adviser.", "plan", "activity.personal_guidance", {"limited"}),
    ],
)
def test_context_flags(text, kind, code, expected, find):
    found = find(text, kind=kind, code=code)
    assert found, f"no {code} in {text!r}"
    assert flags(found[0]) == expected


@pytest.mark.parametrize(
    "text, negated_code, kept_code",
    [
        ("None had done work experience but all had met employers at the fair.",
         "activity.workplace_experience", "activity.employer_encounter"),
        ("No employer talks; Unifrog used in tutor time.", "activity.employer_encounter", "resource.online"),
        ("no wex - careers fair in Y9 was good", "activity.workplace_experience", "activity.employer_encounter"),
        ("Students rarely meet an employer during their A level courses.",
         "activity.employer_encounter", "pathway.academic"),
    ],
)
def test_scope_ends_at_the_clause(text, negated_code, kept_code, find):
    assert all(s.negated for s in find(text, kind="notes", code=negated_code))
    assert not any(s.negated for s in find(text, kind="notes", code=kept_code))


def test_a_review_date_is_never_hypothetical(find):
    found = find("This information will next be reviewed in March 2027.", code="governance.review_date")
    assert found and not found[0].hypothetical


def test_pupils_hopes_are_routes_presented_but_a_plans_hopes_are_not_provision(find):
    assert not find("Kofi hopes to do an apprenticeship.", kind="notes", code="pathway.technical")[0].hypothetical
    assert find("We hope to promote apprenticeships.", kind="plan", code="pathway.technical")[0].hypothetical


def test_every_modifier_names_its_trigger_and_offsets(find):
    text = "Pupils do not meet employers."
    signal = find(text, code="activity.employer_encounter")[0]
    (modifier,) = signal.modifiers
    assert modifier["category"] == "NEGATED_EXISTENCE"
    assert text[modifier["start"]:modifier["end"]] == modifier["trigger"] == "not"


def test_categories_are_the_context_table():
    assert set(CATEGORIES) == {"NEGATED_EXISTENCE", "HYPOTHETICAL", "UNCERTAIN", "LIMITED", "REMOTE",
                               "PSEUDO", "TERMINATE"}


@pytest.mark.parametrize(
    "record, message",
    [
        ({"label": "NEGATED", "pattern": "no", "id": "negation/no", "direction": "forward"}, "not a context category"),
        ({"label": "NEGATED_EXISTENCE", "pattern": "no", "id": "negation/no", "direction": "sideways"},
         "direction must be one of forward, backward, bidirectional"),
        ({"label": "PSEUDO", "pattern": "not only", "id": "pseudo/x", "direction": "forward"}, "take no direction"),
        ({"label": "TERMINATE", "pattern": "but", "id": "terminate/x", "direction": "up"}, "the scopes it ends"),
        ({"label": "NEGATED_EXISTENCE", "pattern": "no", "id": "negation/no", "direction": "forward", "scope": 3},
         "unknown key(s) scope"),
        ({"label": "NEGATED_EXISTENCE", "pattern": "no", "id": "negation/no", "direction": "forward",
          "max_scope": 500}, "max_scope must be"),
        ({"label": "HYPOTHETICAL", "pattern": "will", "id": "h/will", "direction": "forward", "kinds": ["essay"]},
         "kinds must name"),
    ],
)
def test_a_malformed_trigger_is_refused(record, message):
    with pytest.raises(RuleFileError) as err:
        ContextRule.from_dict(record, where="ctx.jsonl:3")
    assert message in str(err.value) and "ctx.jsonl:3" in str(err.value)
