"""No network at run time: the CLI commands work with every outbound socket refused, and try none.

Inspectors work on laptops on school Wi-Fi or none, and evidence must not leave the machine. The commands
run in a subprocess whose Python refuses every non-loopback connect, datagram and name lookup
(``netguard/sitecustomize.py``, on PYTHONPATH) and records each attempt; where the machine allows it the
subprocess also runs in its own network namespace with only loopback up, so code below Python (the chart
renderer, C libraries) cannot reach the network either. The control test shows the guard really refuses.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reliability_support import ROOT, SCHOOLS, cli_commands, evidence_files

pytestmark = pytest.mark.reliability

GUARD = Path(__file__).resolve().parent / "netguard"

DRIVER = """
import contextlib, io, json, os, sys
assert os.environ.get("NETGUARD_ACTIVE") == "1", "the network guard did not load"
from inspector_kit.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException as exc:
            code = f"{type(exc).__name__}: {exc}"
    results.append({"argv": argv, "code": code, "stderr": err.getvalue()[-400:]})
print(json.dumps(results))
"""

CONTROL = """
import json, socket, urllib.request
seen = {}
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
socket.create_connection(server.getsockname(), timeout=2).close()
seen["loopback"] = "connected"
for key, attempt in (("address", lambda: socket.socket().connect(("192.0.2.1", 80))),
                     ("name", lambda: urllib.request.urlopen("http://example.com/", timeout=2))):
    try:
        attempt()
        seen[key] = "connected"
    except OSError as exc:
        seen[key] = type(exc).__name__
print(json.dumps(seen))
"""


@functools.cache
def namespace_prefix() -> list[str]:
    """``unshare`` into a network namespace with only loopback, when this machine permits it."""
    probe = ["unshare", "-rn", "true"]
    try:
        if subprocess.run(probe, capture_output=True, timeout=10).returncode == 0:
            return ["unshare", "-rn", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh"]
    except (OSError, subprocess.TimeoutExpired):
        pass
    return []


def run_guarded(code: str, args: list[str], tmp_path: Path, isolate: bool, timeout: float = 900):
    """Run ``python -c code args`` under the guard; return (completed process, recorded attempts)."""
    log = tmp_path / "netguard.jsonl"
    env = {**os.environ, "NETGUARD_LOG": str(log), "INSPECTOR_KIT_REVIEW_DB": str(tmp_path / "reviews.sqlite"),
           "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("NETGUARD_ACTIVE", None)
    command = (namespace_prefix() if isolate else []) + [sys.executable, "-c", code, *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    attempts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return done, attempts


def test_the_guard_refuses_outbound_connections_and_allows_loopback(tmp_path):
    done, attempts = run_guarded(CONTROL, [], tmp_path, isolate=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"loopback": "connected", "address": "ConnectionRefusedError",
                                       "name": "URLError"}
    assert [a["kind"] for a in attempts] == ["connect", "getaddrinfo"]


def offline_commands(out: Path) -> list[list[str]]:
    """Each command the CLI has, on bundles that cover every plan format (HTML, PDF, Word, Markdown)."""
    available = cli_commands()
    bundles = [SCHOOLS / n for n in ("riverside-high", "kings-grammar", "hillside-community", "westbrook-academy")]
    commands = [["bundle", "list", str(SCHOOLS)]]
    for bundle in bundles:
        commands.append(["bundle", "show", str(bundle), "--format", "json"])
        for path in evidence_files(bundle):
            commands.append(["bundle", "text", str(path)])
            if "analyse" in available:
                kind = "notes" if path.parent.name == "notes" else "plan"
                commands.append(["analyse", str(path), "--kind", kind, "--format", "json"])
    if "brief" in available:
        from inspector_kit.briefing import FORMATS

        commands += [["brief", str(bundles[0]), "--format", f, "--out", str(out / f"brief.{f}")] for f in FORMATS]
    if "destinations" in available:
        commands.append(["destinations", "104712", "--data",
                         str(ROOT / "fixtures" / "destinations" / "institutions_ks4_fixture.csv")])
    if "thematic" in available:  # every export format, charts included
        commands.append(["thematic", str(SCHOOLS), "--out", str(out / "thematic"), "--workers", "1", "--quiet"])
    return commands


@pytest.mark.slow
def test_every_cli_command_works_offline_and_tries_no_connection(tmp_path):
    commands = offline_commands(tmp_path)
    done, attempts = run_guarded(DRIVER, [json.dumps(commands)], tmp_path, isolate=True)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{len(results)} commands offline ({'network namespace + ' if namespace_prefix() else ''}socket guard): "
          + ", ".join(sorted({r['argv'][0] for r in results})))
    assert [r for r in results if r["code"] != 0] == []
    assert attempts == [], "commands tried to reach the network"
