"""A thematic review where one school's plan is 3 million characters: it completes, and that school counts."""
import shutil

import pandas as pd

from inspector_kit.cli import main

BUNDLES = ("westbrook-academy", "meadow-centre")


def test_a_3_million_character_plan_is_analysed_and_its_school_is_in_the_outputs(tmp_path, schools_dir, capsys):
    root = tmp_path / "bundles"
    for slug in BUNDLES:
        shutil.copytree(schools_dir / slug, root / slug)
    big = root / "westbrook-academy"
    plan = (big / "careers-plan.md").read_text(encoding="utf-8")
    copies = 3_000_000 // len(plan) + 1
    text = "\n\n".join(f"# Copy {i + 1}\n\n{plan}" for i in range(copies))
    (big / "careers-plan.md").write_text(text, encoding="utf-8")
    assert (big / "careers-plan.md").stat().st_size >= 3_000_000
    out = tmp_path / "out"
    assert main(["thematic", str(root), "--out", str(out), "--formats", "csv", "--quiet", "--workers", "1"]) == 0
    assert "2 schools" in capsys.readouterr().out
    schools = pd.read_csv(out / "csv" / "schools.csv")
    assert sorted(schools["bundle"]) == sorted(BUNDLES)
    row = schools.set_index("bundle").loc["westbrook-academy"]
    assert bool(row["plan_loaded"]) and row["plan_words"] == len(text.split())
    from inspector_kit.thematic import run_review

    corpus = run_review(root, cache=out / "thematic-cache.sqlite", progress=False).corpus
    assert corpus.report.cached_units == corpus.report.units  # the long plan's result was stored
    index = next(i for i, s in enumerate(corpus.sources) if s.root.name == "westbrook-academy")
    (plan,) = [u for u in corpus.units[index] if u.kind == "plan"]
    (piece,) = corpus.summaries[plan.key]["pieces"]
    assert sum(sum(counts) for counts in piece["signals"].values()) > 10_000
