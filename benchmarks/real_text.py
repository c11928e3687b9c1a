"""Score the engine on real passages (labels: required / optional / negated) beside a plain keyword list.

The corpus rules (``../shared/corpus/README.md``): per passage, the codes the engine reports as
affirmed (a signal that is not negated and not hypothetical) are compared with the passage's labels; a
code in ``required`` is a true positive, one in neither ``required`` nor ``optional`` a false positive
(one in ``negated`` is also a *negation leak*: a denial read as provision), a ``required`` code not
reported is a false negative. Micro-averaged over passages. The keyword list is scored the same way on
the same passages in the same run, so the engine is judged by its margin over it.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_CORPUS = HERE.parents[1] / "shared" / "corpus" / "real_passages_dev.jsonl"
KINDS = {"careers_plan": "plan", "plan": "plan", "notes": "notes"}


def read_passages(path: Path, split: str | None = None) -> list[dict]:
    """Passages of a labelled JSONL file (optionally one split only)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split", "dev") == split]


class KeywordBaseline:
    """The naive list in ``keyword_baseline.json``: a code is reported when any of its words occurs."""

    def __init__(self, path: Path = HERE / "keyword_baseline.json"):
        data = json.loads(path.read_text(encoding="utf-8"))["keywords"]
        self.patterns = {code: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.I)
                         for code, words in data.items()}

    def codes(self, text: str) -> set[str]:
        return {code for code, rx in self.patterns.items() if rx.search(text)}


#: The codes the real-text gold labels (the corpus README's codebook). Signal families added later, such as
#: quality awards or industries, are context, not provision, and are not scored here.
SCORED_CODES = frozenset(json.loads((HERE / "keyword_baseline.json").read_text(encoding="utf-8"))["keywords"])


def engine_codes(analysis) -> set[str]:
    """Codes the engine reports as affirmed in one analysis (the corpus README's reading)."""
    return {s.code for s in analysis.signals
            if s.code in SCORED_CODES and not s.negated and not s.hypothetical}


@dataclass
class PassageScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    leaks: int = 0
    negated_total: int = 0
    passages: int = 0
    per_code: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def add(self, row: dict, reported: set[str]) -> None:
        required, optional, negated = set(row["required"]), set(row.get("optional", ())), set(row.get("negated", ()))
        self.passages += 1
        self.negated_total += len(negated - required)
        for code in sorted(reported):
            if code in required:
                self.tp += 1
                self.per_code[(code, "tp")] += 1
            elif code not in optional:
                self.fp += 1
                self.per_code[(code, "fp")] += 1
                leak = code in negated
                self.leaks += leak
                self.errors.append((row["id"], "leak" if leak else "fp", code))
        for code in sorted(required - reported):
            self.fn += 1
            self.per_code[(code, "fn")] += 1
            self.errors.append((row["id"], "fn", code))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[dict], analyse_many) -> tuple[PassageScore, PassageScore]:
    """(engine, keyword list) scores on the same passages; ``analyse_many`` is ``nlp.analyse_many``."""
    engine, baseline, keywords = PassageScore(), PassageScore(), KeywordBaseline()
    items = [{"text": r["text"], "kind": KINDS[r["kind"]]} for r in rows]
    for row, analysis in zip(rows, analyse_many(items)):
        engine.add(row, engine_codes(analysis))
        baseline.add(row, keywords.codes(row["text"]))
    return engine, baseline


def report(title: str, engine: PassageScore, baseline: PassageScore, show_errors: bool = False) -> dict:
    """Print engine and keyword list side by side, with the margin; return the figures."""
    (ep, er, ef), (bp, br, bf) = engine.prf(), baseline.prf()
    print(f"\n=== real text: {title} ({engine.passages} passages) ===")
    print(f"  {'':<14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  negated read as affirmed")
    for name, s, (p, r, f) in (("engine", engine, (ep, er, ef)), ("keyword list", baseline, (bp, br, bf))):
        print(f"  {name:<14} {p:6.2f} {r:6.2f} {f:6.2f} {s.tp:4d} {s.fp:4d} {s.fn:4d}  "
              f"{s.leaks} of {s.negated_total}")
    print(f"  margin (engine - keyword list) F1 {ef - bf:+.2f}; leaks per 50 passages "
          f"{50 * engine.leaks / max(1, engine.passages):.1f}")
    if show_errors:
        for e in engine.errors:
            print("    ", *e)
    return {"engine": {"p": ep, "r": er, "f1": ef, "leaks": engine.leaks, "negated": engine.negated_total},
            "keywords": {"p": bp, "r": br, "f1": bf, "leaks": baseline.leaks},
            "margin": ef - bf, "passages": engine.passages}


def second_labels(path: Path) -> dict[str, dict]:
    """A blind second labelling (``fixtures/gold/second_labeller.jsonl``): labels by passage id, no text."""
    return {r["id"]: r for r in read_passages(path)}


def relabelled(rows: list[dict], labels: dict[str, dict]) -> list[dict]:
    """The passages that the second labeller labelled, carrying the second labeller's labels."""
    return [dict(labels[r["id"]], text=r["text"], kind=r["kind"]) for r in rows if r["id"] in labels]


def consensus(rows: list[dict], labels: dict[str, dict]) -> list[dict]:
    """Labels both labellers would accept: required where both say required, optional where either said
    required or optional but not both required, negated where both say negated (and nothing else)."""
    out = []
    for r in rows:
        s = labels.get(r["id"])
        if s is None:
            continue
        req = set(r["required"]) & set(s["required"])
        opt = (set(r["required"]) | set(s["required"]) | set(r.get("optional", ())) | set(s.get("optional", ()))) - req
        neg = (set(r.get("negated", ())) & set(s.get("negated", ()))) - req - opt
        out.append({"id": r["id"], "text": r["text"], "kind": r["kind"],
                    "required": sorted(req), "optional": sorted(opt), "negated": sorted(neg)})
    return out


def labeller_score(reporter: list[dict], gold: list[dict]) -> PassageScore:
    """One labeller's ``required`` codes scored as if they were an engine's output against another's labels."""
    said = {r["id"]: set(r["required"]) for r in reporter}
    s = PassageScore()
    for row in gold:
        if row["id"] in said:
            s.add(row, said[row["id"]])
    return s


def agreement_report(first: list[dict], labels: dict[str, dict], analyse_many) -> dict:
    """How far two labellers agree on the same passages (the ceiling for any engine), and the engine and the
    keyword list scored against the second labeller and against what both accept."""
    second = relabelled(first, labels)
    ids = {r["id"] for r in second}
    first = [r for r in first if r["id"] in ids]
    print(f"\n=== two labellers on the held-out passages ({len(first)} passages, second labelling blind) ===")
    out = {}
    for name, reporter, gold in (("second labeller against the first", second, first),
                                 ("first labeller against the second", first, second)):
        p, r, f = labeller_score(reporter, gold).prf()
        out[name] = {"p": p, "r": r, "f1": f}
        print(f"  {name:<36} P {p:.2f} R {r:.2f} F1 {f:.2f}")
    for title, gold in (("against the second labeller", second), ("against what both labellers accept", consensus(first, labels))):
        engine, baseline = score(gold, analyse_many)
        out[title] = report(f"held out, {title}", engine, baseline)
    return out
