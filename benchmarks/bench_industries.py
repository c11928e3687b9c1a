"""Industry matching speed (``nlp.industries.find_industries``) beside spaCy's tokeniser alone and the
whole engine, on the fixture bundles' plans and notes, in the same run (CPU time, best of three).

    .venv/bin/python benchmarks/bench_industries.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best(work, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    import spacy

    import nlp
    from inspector_kit.evidence import load_bundle
    from nlp.industries import _matchers, find_industries

    texts = []
    for folder in sorted((ROOT / "fixtures" / "schools").iterdir()):
        if (folder / "school.toml").is_file():
            bundle = load_bundle(folder)
            texts += [d.text for d in bundle.plan.documents] if bundle.plan else []
            texts += [n.text for n in bundle.notes]
    text = "\n\n".join(texts) * 5
    words = len(text.split())
    tokeniser = spacy.blank("en")
    _matchers()
    tokeniser.make_doc(text)
    nlp.analyse(text[:2000])
    t_tok = best(lambda: tokeniser.make_doc(text))
    t_ind = best(lambda: find_industries(text))
    t_eng = best(lambda: nlp.analyse(text), repeats=1)
    print(f"{words:,} words (fixture plans and notes x5), CPU time")
    print(f"  tokeniser alone   {words / t_tok:10,.0f} words/s")
    print(f"  industry matching {words / t_ind:10,.0f} words/s = {t_tok / t_ind:.2f} x the tokeniser")
    print(f"  whole engine      {words / t_eng:10,.0f} words/s; industry matching adds {t_ind / t_eng:.0%} of its time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
