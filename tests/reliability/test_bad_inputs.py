"""Every bad input in fixtures/bad/ gives its own typed error naming the file, and never a traceback.

The table in fixtures/bad/README.md is the specification; this file only runs it: the right loader per
line, the error code, the file named in the message, the page or line and column where the table gives
one. Anything but an InspectorKitError escaping a loader fails the test with the exception shown.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from inspector_kit.errors import InspectorKitError
from reliability_support import BAD, COUNTS, read_table, run_cli

pytestmark = pytest.mark.reliability

ROWS = read_table()


def _params(rows):
    return [pytest.param(r, id=r.file, marks=pytest.mark.xfail(strict=True, reason=f"known gap: {r.wrong}"))
            if r.known_gap else pytest.param(r, id=r.file) for r in rows]


def _load_destinations(path):
    destinations = pytest.importorskip("inspector_kit.destinations",
                                       reason="the destinations loader (issue 3) is not written yet")
    return destinations.load_destinations(path)


def _split_notes(path):
    from inspector_kit.evidence import load_document, split_notes
    return split_notes(load_document(path))


def _load_document(path):
    from inspector_kit.evidence import load_document
    return load_document(path)


def _load_bundle(path):
    from inspector_kit.evidence import load_bundle
    return load_bundle(path)


LOADERS = {"document": _load_document, "notes": _split_notes, "bundle": _load_bundle,
           "bundle problem": _load_bundle, "destinations": _load_destinations}


def _path(row, request) -> Path:
    if row.file.startswith("generated/"):
        return request.getfixturevalue("generated_bad_inputs")[row.file]
    return BAD / row.file


def _attempt(row, path):
    """(result, error): the loader's result, or the InspectorKitError it raised; anything else fails."""
    try:
        return LOADERS[row.loader](path), None
    except InspectorKitError as exc:
        return None, exc
    except pytest.skip.Exception:
        raise
    except Exception as exc:  # a bug: the user would see a traceback
        pytest.fail(f"{row.file}: {type(exc).__name__} escaped the {row.loader} loader (not an "
                    f"InspectorKitError): {exc}")


def test_the_table_covers_every_committed_bad_input_and_at_least_40():
    listed = {r.file for r in ROWS}
    committed = {str(p.relative_to(BAD)) for p in BAD.glob("*/*") if p.parent.name != "__pycache__"}
    committed = {c for c in committed if not c.startswith(("generated/",))}
    assert committed - listed == set(), "files in fixtures/bad/ without a line in its README"
    assert {f for f in listed if not f.startswith("generated/")} - committed == set(), "README lines without a file"
    assert len(ROWS) >= 40


def test_no_committed_bad_input_is_over_a_megabyte():
    big = [str(p) for p in BAD.rglob("*") if p.is_file() and p.stat().st_size > 1024 * 1024]
    assert big == []


@pytest.mark.parametrize("row", _params(ROWS))
def test_each_bad_input_gives_its_own_typed_error_naming_the_file(row, request):
    path = _path(row, request)
    result, error = _attempt(row, path)
    if error is not None:
        COUNTS["bad inputs"][error.code] += 1
    elif row.loader == "bundle problem":
        COUNTS["bad inputs"].update(f"{p['code']} (bundle problem)" for p in result.problems)
    else:
        COUNTS["bad inputs"]["loaded"] += 1
    if row.error == "loads":
        assert error is None, f"{row.file} should load, gave {error.code}: {error}"
        return
    if row.loader == "bundle problem":
        assert error is None, f"{row.file}: a bad evidence file must not stop the bundle ({error})"
        matching = [p for p in result.problems if p["code"] == row.error]
        assert matching, f"{row.file}: problems {[p['code'] for p in result.problems]} lack {row.error}"
        if row.names_file:
            assert any(Path(p["path"]).name == row.names_file for p in matching)
        return
    assert error is not None, f"{row.file} loaded without error; expected {row.error}"
    assert error.code == row.error, f"{row.file}: {error.code} ({error}); expected {row.error}"
    assert path.name in str(error), f"the message does not name the file: {error}"
    if row.page is not None:
        assert error.details.get("page") == row.page
    if row.check is not None:
        problems = error.problems
        assert problems is not None and len(problems), f"{row.file}: no problems table"
        found = problems[problems["check"] == row.check]
        assert len(found), f"{row.file}: checks {sorted(set(problems['check']))} lack {row.check}"
        if row.line is not None:
            assert row.line in set(found["row"].dropna().astype(int)), \
                f"{row.file}: {row.check} reported at lines {list(found['row'])}, expected {row.line}"
        if row.column is not None:
            assert row.column in set(found["column"]), \
                f"{row.file}: {row.check} reported in columns {list(found['column'])}, expected {row.column}"


# --- the same files through the command line: one line naming the error, exit code 2 ------------------

CLI_ROWS = [r for r in ROWS if r.loader in ("document", "bundle", "bundle problem", "destinations")
            or (r.loader == "notes" and r.error.startswith("document."))]


def _cli_argv(row, path) -> list[str]:
    if row.loader.startswith("bundle"):
        return ["bundle", "show", str(path)]
    if row.loader == "destinations":
        from reliability_support import cli_commands
        if "destinations" not in cli_commands():
            pytest.skip("the destinations command (issue 3) is not written yet")
        return ["destinations", "199001", "--data", str(path)]
    return ["bundle", "text", str(path)]


@pytest.mark.parametrize("row", _params(CLI_ROWS))
def test_the_cli_reports_each_bad_input_in_one_line_without_a_traceback(row, request):
    path = _path(row, request)
    result = run_cli(_cli_argv(row, path))
    assert "Traceback" not in result.out + result.err
    if row.error == "loads":
        assert result.code == 0, result.err
        return
    if row.loader == "bundle problem":
        assert result.code == 0 and f"[{row.error}]" in result.out
        return
    assert result.code == 2, f"exit code {result.code}; stderr {result.err!r}"
    lines = result.err.strip().splitlines()
    if row.loader == "destinations":  # the problems table comes first, then the one-line error
        assert row.check in result.out + result.err, f"{row.check} not shown: {result.err}"
    else:
        assert len(lines) == 1
    assert lines[-1].startswith(f"inspector-kit: error [{row.error}]") and path.name in lines[-1]


# --- destination files that must load: what they load as ------------------------------------------

def _dest(name):
    return _load_destinations(BAD / "destinations" / name)


def test_an_all_suppressed_file_loads_with_every_value_suppressed_and_none_zero():
    frame = _dest("all-suppressed.csv").frame
    assert len(frame) == 10  # ten measures for the one school: suppressed, never dropped
    assert set(frame["status"]) == {"suppressed"}
    assert not any(v == 0 for v in frame["count"]) and all(math.isnan(v) for v in frame["count"])
    assert not any(v == 0 for v in frame["percentage"])


def test_windows_1252_and_bom_files_read_the_same_figures_with_names_intact():
    cp1252, bom = _dest("windows-1252.csv").frame, _dest("bom.csv").frame
    assert set(cp1252["school_name"]) == {"St Aidan’s Café School"}
    assert set(bom["time_period"]) == {"202223"} and "\ufeff" not in "".join(map(str, bom.columns))
    assert list(cp1252["count"]) == list(bom["count"])


def test_the_long_layout_gives_the_same_figures_as_the_wide_one():
    wide = _dest("bom.csv").frame
    long = _dest("long-layout.csv").frame
    as_pairs = lambda f: {(m, c) for m, c in zip(f["measure"], f["count"]) if not math.isnan(c)}  # noqa: E731
    assert as_pairs(long) <= as_pairs(wide)
    assert {m for m, _ in as_pairs(long)} >= {"overall", "education", "appren", "all_work", "all_notsust"}


BUNDLE_ROWS = [r for r in ROWS if r.loader.startswith("bundle")]


@pytest.mark.parametrize("row", _params(BUNDLE_ROWS))
def test_the_briefing_refuses_a_broken_bundle_or_names_the_unreadable_evidence(row, tmp_path):
    from reliability_support import cli_commands
    if "brief" not in cli_commands():
        pytest.skip("the brief command (issue 5) is not written yet")
    out = tmp_path / "brief.md"
    result = run_cli(["brief", str(BAD / row.file), "--format", "md", "--out", str(out)])
    assert "Traceback" not in result.out + result.err
    if row.loader == "bundle problem":
        assert result.code == 0, result.err
        assert f"[{row.error}]" in out.read_text(encoding="utf-8")
    else:
        assert result.code == 2 and result.err.strip().startswith(f"inspector-kit: error [{row.error}]")
