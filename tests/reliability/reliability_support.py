"""Helpers shared by the reliability tests: the bad-input table, the CLI run in-process, the counts.

The counts (bad inputs tried, errors produced, hypothesis examples run, CLI commands run) are printed at
the end of the session by ``conftest.py``, so a CI log says how much was actually exercised.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
BAD = FIXTURES / "bad"
SCHOOLS = FIXTURES / "schools"

#: what the session exercised, printed by conftest.pytest_terminal_summary
COUNTS: dict[str, Counter] = {"bad inputs": Counter(), "hypothesis examples": Counter(), "cli commands": Counter(),
                               "signals checked": Counter(), "decisions checked after a kill": Counter(),
                               "concurrent decisions checked": Counter(), "exports checked for names": Counter(),
                               "notebooks run offline": Counter()}


@dataclass(frozen=True)
class BadInput:
    """One line of fixtures/bad/README.md's table."""

    file: str
    loader: str
    wrong: str
    error: str          # an error code, or "loads"
    known_gap: bool     # the loader does not give ``error`` yet
    check: str | None   # destination check id
    page: int | None
    line: int | None
    column: str | None
    names_file: str | None  # the file a bundle problem must name

    @property
    def id(self) -> str:
        return self.file


def read_table(readme: Path = BAD / "README.md") -> list[BadInput]:
    """Parse the table in fixtures/bad/README.md (the first Markdown table whose header starts with 'file')."""
    rows: list[BadInput] = []
    in_table = False
    for raw in readme.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("| file |"):
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            break
        if set(line) <= set("|- "):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 6:
            raise ValueError(f"README table line has {len(cells)} cells, expected 6: {raw}")
        file, loader, wrong, error, check, where = cells
        gap = error.startswith("known gap:")
        if gap:
            error = error.removeprefix("known gap:").split("(")[0].strip()
        page = re.search(r"page (\d+)", where)
        line_no = re.search(r"line (\d+)", where)
        column = re.search(r"column (\w+)", where)
        named = re.search(r"file (\S+)", where)
        rows.append(BadInput(file=file, loader=loader, wrong=wrong, error=error, known_gap=gap,
                             check=None if check == "-" else check,
                             page=int(page.group(1)) if page else None,
                             line=int(line_no.group(1)) if line_no else None,
                             column=column.group(1) if column else None,
                             names_file=named.group(1) if named else None))
    if not rows:
        raise ValueError(f"no table found in {readme}")
    return rows


def load_make_bad():
    """fixtures/bad/make_bad.py as a module (it is a script, not a package), without writing bytecode there."""
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    module = importlib.util.module_from_spec(spec)
    previous, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = previous
    return module


@dataclass
class CliResult:
    argv: list[str]
    code: int
    out: str
    err: str


def run_cli(argv: list[str]) -> CliResult:
    """``inspector_kit.cli.main(argv)`` in this process, capturing what it prints."""
    from inspector_kit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code if isinstance(exc.code, int) else 1
    COUNTS["cli commands"][argv[0]] += 1
    return CliResult(argv, code, out.getvalue(), err.getvalue())


def cli_commands() -> set[str]:
    """The subcommands the CLI has today (modules not written yet are simply absent)."""
    import argparse

    from inspector_kit.cli import build_parser

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def evidence_files(bundle: Path) -> list[Path]:
    """The plan and notes files of a bundle, as the loader would find them."""
    from inspector_kit.evidence.documents import FORMATS

    skip = {"school.toml", "expected.toml", "readme.md", "readme.txt"}
    found = [p for p in sorted(bundle.iterdir()) if p.is_file() and p.suffix.lower() in FORMATS
             and p.name.lower() not in skip]
    notes = bundle / "notes"
    if notes.is_dir():
        found += [p for p in sorted(notes.iterdir()) if p.is_file() and p.suffix.lower() in FORMATS]
    return found
