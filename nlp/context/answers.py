"""Questions in notes take the stance of their answers.

Inspectors' notes write "Q: heard of T Levels? Blank." or "asked where last year's leavers went, none
knew". The topic named in the question is what was asked about, not what happens: a signal inside the
question is negated (or planned) when the answer denies it, and left as the question says otherwise.
Which words open a denying answer is data (``resources/answers.json``); the answer's own negation and
plan triggers come from the context rules, so "There was meant to be a fair" answers in the negative
without a list of its own. Each change is recorded as a modifier naming the answer rule and its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp._extensions import CONTEXT_ATTRIBUTES
from nlp.rulefiles import check_keys, expect, read_json, string_tuple

PACKAGE = "nlp.context"
NAME = "answers.json"
_SENTENCE_END = ".!?\n"
_OPENERS = " \t'\"‘’“”-–—:,"


@dataclass(frozen=True)
class AnswerRule:
    """Words that open an answer with a stance, or (``stance == "from_trigger"``) the context categories
    whose triggers in the answer's first clause give the question their stance."""

    id: str
    stance: str
    starts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    examples: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AnswerRules:
    """The question shapes and answer rules of ``answers.json``."""

    question_mark_id: str
    asked_id: str
    asked: re.Pattern
    rules: tuple[AnswerRule, ...]
    affirming: re.Pattern

    def opening(self, answer: str) -> tuple[AnswerRule, str] | None:
        """The rule whose words open ``answer`` (lower-cased) and those words, if any."""
        for rule in self.rules:
            for words in rule.starts:
                if answer.startswith(words) and not answer[len(words):len(words) + 1].isalnum():
                    return rule, words
        return None


def _words_regex(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def load_answer_rules() -> AnswerRules:
    """Read and check ``resources/answers.json``."""
    where = f"{PACKAGE}/resources/{NAME}"
    data = read_json(PACKAGE, NAME)
    check_keys(data, ("questions", "answers", "affirming_starts"), ("why",), where)
    questions = {q.get("id"): q for q in data["questions"]}
    expect(set(questions) == {"question/question-mark", "question/asked-about"},
           "questions must be 'question/question-mark' and 'question/asked-about'", where)
    asked = questions["question/asked-about"]
    check_keys(asked, ("id", "lead_words", "wh_words"), ("description",), f"{where} [question/asked-about]")
    lead = string_tuple(asked["lead_words"], "lead_words", where)
    wh = string_tuple(asked["wh_words"], "wh_words", where)
    # the question ends at the next comma, colon, semicolon, question mark or spaced dash ("asked about LMI - blank")
    asked_re = re.compile(rf"\b(?:{_words_regex(lead)})\s+(?:{_words_regex(wh)})\b[^,:;?\n]*?(?:[,:;?]|\s[-–—](?=\s))",
                          re.I)
    rules = []
    for record in data["answers"]:
        rw = f"{where} [{record.get('id')}]"
        check_keys(record, ("id", "stance"), ("starts", "categories", "description", "examples"), rw)
        stance = record["stance"]
        categories = string_tuple(record.get("categories", []), "categories", rw)
        expect(stance in ("negated", "from_trigger"), "stance must be 'negated' or 'from_trigger'", rw)
        expect(all(c in CONTEXT_ATTRIBUTES for c in categories), f"categories must be among {list(CONTEXT_ATTRIBUTES)}", rw)
        expect((stance == "from_trigger") == bool(categories), "'from_trigger' rules, and only they, name categories", rw)
        examples = record.get("examples", [])
        expect(all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in examples),
               "examples must be [text, code] pairs", rw)
        starts = tuple(w.lower() for w in string_tuple(record.get("starts", []), "starts", rw))
        rules.append(AnswerRule(record["id"], stance, tuple(sorted(starts, key=len, reverse=True)), categories,
                                tuple(tuple(e) for e in examples)))
    affirming = string_tuple(data["affirming_starts"], "affirming_starts", where)
    return AnswerRules("question/question-mark", "question/asked-about", asked_re, tuple(rules),
                       re.compile(rf"(?:{_words_regex(affirming)}|\d*[1-9]\d*)\b", re.I))


def questions(text: str, rules: AnswerRules) -> list[tuple[int, int, int, str]]:
    """``(question_start, question_end, answer_start, question_rule_id)`` for each question in ``text``,
    by character offsets; the answer starts after the question and any quotes or dashes."""
    found = []
    for match in rules.asked.finditer(text):
        found.append((match.start(), match.end() - 1, match.end(), rules.asked_id))
    p = text.find("?")
    while p != -1:
        start = max(text.rfind(c, 0, p) for c in _SENTENCE_END) + 1
        found.append((start, p, p + 1, rules.question_mark_id))
        p = text.find("?", p + 1)
    out = []
    for q_start, q_end, a_start, rule_id in sorted(found):
        while a_start < len(text) and text[a_start] in _OPENERS:
            a_start += 1
        if out and q_start < out[-1][1]:  # an embedded question inside a '?' question: keep the first
            continue
        out.append((q_start, q_end, a_start, rule_id))
    return out


def answer_end(text: str, a_start: int) -> int:
    """The end of an answer's first sentence."""
    ends = [i for i in (text.find(c, a_start) for c in _SENTENCE_END) if i != -1]
    return min(ends) if ends else len(text)
