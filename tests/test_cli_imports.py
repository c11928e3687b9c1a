"""Each command imports what it needs: a one-sentence ``analyse`` does not pay for charts, Word, PDF or
pandas, and ``brief --format html`` does not pay for altair or Word (issue 14: start-up time).

Each case runs in a fresh interpreter, since this test session has imported everything already.
"""
import json
import os
import subprocess
import sys

import pytest

from support import ROOT, SCHOOLS

HEAVY = ("altair", "pandas", "docx", "pypdf", "vl_convert", "scipy", "pandera", "bs4", "openpyxl",
         "ipywidgets", "anywidget", "voila", "jsonschema")

SCRIPT = """
import json, sys
from inspector_kit.cli import main
status = main(json.loads(sys.argv[1]))
print(json.dumps({"status": status, "modules": sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)}),
      file=sys.stderr)
"""


def imported(argv: list[str]) -> list[str]:
    """Which of ``HEAVY`` are in ``sys.modules`` after ``inspector-kit ARGV`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(argv), json.dumps(HEAVY)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return report["modules"]


def test_help_imports_nothing_heavy_not_even_spacy():
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom inspector_kit.cli import build_parser\n"
                           "build_parser().format_help()\nprint(sorted(m for m in ('spacy', 'nlp.pipeline') "
                           "if m in sys.modules))"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_analyse_on_a_text_file_imports_no_charts_word_pdf_or_pandas(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Year 10 pupils meet employers every term.\n", encoding="utf-8")
    assert imported(["analyse", str(path)]) == []


@pytest.mark.slow
def test_an_html_briefing_imports_neither_altair_nor_word(tmp_path):
    modules = imported(["brief", str(SCHOOLS / "riverside-high"), "--format", "html", "--out",
                        str(tmp_path / "brief.html")])
    assert not {"altair", "docx", "ipywidgets", "anywidget", "voila", "jsonschema", "openpyxl"} & set(modules)
