"""Inputs are never modified: every file under fixtures/ hashes the same after every command has run.

An inspector's evidence folder is the school's record; a tool that rewrote a PDF, "fixed" a CSV's
encoding or left a cache beside the notes would change what the school sent. This runs every CLI
command that exists today on every fixture bundle (in-process, through ``inspector_kit.cli.main``) and
compares a SHA-256 of every file under fixtures/ before and after, including files that appeared.
"""
from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from reliability_support import BAD, FIXTURES, SCHOOLS, cli_commands, evidence_files, run_cli

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def fingerprint(root: Path = FIXTURES) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``root`` (bytecode caches aside)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def commands_for_every_bundle(out: Path) -> tuple[list[list[str]], list[list[str]]]:
    """(commands that must succeed on the fixture schools, commands on the bad bundles that may refuse)."""
    from inspector_kit.evidence import discover_bundles

    available = cli_commands()
    brief_formats = ()
    if "brief" in available:
        from inspector_kit.briefing import FORMATS as brief_formats
    good: list[list[str]] = [["bundle", "list", str(SCHOOLS)]]
    for i, bundle in enumerate(discover_bundles(SCHOOLS)):
        good += [["bundle", "show", str(bundle)], ["bundle", "show", str(bundle), "--format", "json"]]
        for path in evidence_files(bundle):
            good.append(["bundle", "text", str(path)])
            if "analyse" in available:
                kind = "notes" if path.parent.name == "notes" else "plan"
                good.append(["analyse", str(path), "--kind", kind, "--format", "json"])
        if brief_formats:  # every format, spread over the bundles: one brief per bundle keeps this quick
            fmt = brief_formats[i % len(brief_formats)]
            good.append(["brief", str(bundle), "--format", fmt, "--out", str(out / f"{bundle.name}.{fmt}")])
        if "destinations" in available:
            school = tomllib.loads((bundle / "school.toml").read_text(encoding="utf-8"))
            data = school.get("destinations", {}).get("file")
            if data:
                good.append(["destinations", str(school["school"]["urn"]), "--data", str((bundle / data).resolve())])
    if "thematic" in available:
        good.append(["thematic", str(SCHOOLS), "--out", str(out / "thematic"), "--workers", "1", "--quiet"])
    refused = [["bundle", "show", str(b)] for b in sorted((BAD / "bundles").iterdir())]
    refused += [["bundle", "text", str(p)] for p in sorted((BAD / "documents").iterdir())]
    return good, refused


def test_no_command_changes_any_file_under_fixtures(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_KIT_REVIEW_DB", str(tmp_path / "reviews.sqlite"))
    before = fingerprint()
    assert len(before) > 100  # the schools, documents and bad inputs are all there
    good, refused = commands_for_every_bundle(tmp_path)
    failed = [(r.argv, r.code, r.err[-300:]) for r in map(run_cli, good) if r.code != 0]
    assert failed == [], "commands failed on the fixture bundles"
    for argv in refused:
        result = run_cli(argv)
        assert result.code in (0, 2) and "Traceback" not in result.err
    after = fingerprint()
    assert sorted(set(after) - set(before)) == [], "files appeared under fixtures/"
    assert sorted(set(before) - set(after)) == [], "files disappeared from fixtures/"
    assert [p for p in before if before[p] != after[p]] == [], "files under fixtures/ changed"
