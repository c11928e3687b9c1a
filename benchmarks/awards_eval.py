"""Score the engine's reading of quality awards (``fixtures/gold/awards.jsonl``) beside a keyword baseline.

Each passage is labelled with the awards it names and, for each, the status (held, working_towards,
reassessed, expired, not_held) and the year of that status where stated (``null`` otherwise). Per
passage the engine's awards (``nlp.signals.awards.current_awards``) are compared with the labels:
*detection* counts the award names, *full* counts (award, status, year) triples, and the status and year
agreement is given on the awards both found. The keyword list (``award_baseline.json``) reports an award
when one of its words occurs, always as held, with the first year in the passage: what a search for the
award's name gives an inspector.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from real_text import read_passages

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent / "fixtures" / "gold" / "awards.jsonl"
FIRST_YEAR = re.compile(r"\b(20\d\d)\b")


def read_gold(split: str | None = None, path: Path = GOLD) -> list[dict]:
    return read_passages(path, split)


class KeywordAwards:
    """The naive reading: any of an award's words means it is held, in the first year the passage names."""

    def __init__(self, path: Path = HERE / "award_baseline.json"):
        data = json.loads(path.read_text(encoding="utf-8"))["awards"]
        self.patterns = {name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.I)
                         for name, words in data.items()}

    def read(self, text: str) -> set[tuple]:
        year = FIRST_YEAR.search(text)
        return {(name, "held", int(year.group(1)) if year else None)
                for name, rx in self.patterns.items() if rx.search(text)}


def engine_awards(analysis) -> set[tuple]:
    from nlp.signals.awards import award_claims, current_awards
    return {(c.award, c.status, c.year) for c in current_awards(award_claims(analysis.signals))}


@dataclass
class AwardScore:
    detection: list = field(default_factory=lambda: [0, 0, 0])   # tp, fp, fn on award names
    full: list = field(default_factory=lambda: [0, 0, 0])        # tp, fp, fn on (award, status, year)
    status_right: int = 0
    year_right: int = 0
    matched: int = 0
    passages: int = 0
    errors: list = field(default_factory=list)

    def add(self, row: dict, predicted: set[tuple]) -> None:
        gold = {(a["award"], a["status"], a["year"]) for a in row["awards"]}
        self.passages += 1
        g_names, p_names = {g[0]: g for g in gold}, {p[0]: p for p in predicted}
        self.detection[0] += len(g_names.keys() & p_names.keys())
        self.detection[1] += len(p_names.keys() - g_names.keys())
        self.detection[2] += len(g_names.keys() - p_names.keys())
        self.full[0] += len(gold & predicted)
        self.full[1] += len(predicted - gold)
        self.full[2] += len(gold - predicted)
        for name in g_names.keys() & p_names.keys():
            self.matched += 1
            self.status_right += g_names[name][1] == p_names[name][1]
            self.year_right += g_names[name][2] == p_names[name][2]
        if gold != predicted:
            self.errors.append((row["id"], sorted(gold, key=str), sorted(predicted, key=str)))

    @staticmethod
    def f1(tp: int, fp: int, fn: int) -> float:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict:
        return {"detection_f1": self.f1(*self.detection), "full_f1": self.f1(*self.full),
                "status_agreement": self.status_right / max(1, self.matched),
                "year_agreement": self.year_right / max(1, self.matched), "passages": self.passages}


def score(rows: list[dict], analyse_many) -> tuple[AwardScore, AwardScore]:
    """(engine, keyword list) on the same passages."""
    engine, baseline, keywords = AwardScore(), AwardScore(), KeywordAwards()
    analyses = analyse_many([{"text": r["text"], "kind": "plan" if r["kind"] == "careers_plan" else "notes"}
                             for r in rows])
    for row, analysis in zip(rows, analyses):
        engine.add(row, engine_awards(analysis))
        baseline.add(row, keywords.read(row["text"]))
    return engine, baseline


def report(title: str, engine: AwardScore, baseline: AwardScore, show_errors: bool = False) -> dict:
    e, b = engine.figures(), baseline.figures()
    print(f"\n=== quality awards: {title} ({engine.passages} passages) ===")
    print(f"  {'':<14} {'names F1':>9} {'full F1':>8} {'status':>7} {'year':>6}   (status, year: agreement on awards both found)")
    for name, f in (("engine", e), ("keyword list", b)):
        print(f"  {name:<14} {f['detection_f1']:9.2f} {f['full_f1']:8.2f} {f['status_agreement']:7.2f} "
              f"{f['year_agreement']:6.2f}")
    print(f"  margin (engine - keyword list) full F1 {e['full_f1'] - b['full_f1']:+.2f}")
    if show_errors:
        for err in engine.errors:
            print("    ", *err)
    return {"engine": e, "keywords": b, "margin_full_f1": e["full_f1"] - b["full_f1"]}
