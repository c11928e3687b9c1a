"""No network at run time, for the dashboards: each notebook runs in a kernel that cannot reach the network.

The notebooks are executed with nbclient in a kernel started with part 1's socket guard on its
PYTHONPATH (``netguard/sitecustomize.py``: every non-loopback connect, datagram and name lookup is
refused and recorded), with the fixture bundles and a review database and result cache in tmp. One cell
is added at the end that waits until the dashboard has finished loading its first school (or the
thematic review), as a person would, and reports what the page shows. The kernel's own channels to this
process are ZeroMQ over 127.0.0.1, which the guard allows; unlike the CLI test the kernel cannot run in
its own network namespace, since those channels would then not reach it.

Servers bind 127.0.0.1: ``make dashboard`` passes ``--Voila.ip=127.0.0.1`` and the tests' Voilà server
(``tests/support.voila_server``) does the same; the package itself starts no server, so it has no host or
ip setting to get wrong.
"""
from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest

from reliability_support import COUNTS, ROOT, SCHOOLS

pytestmark = pytest.mark.reliability

GUARD = Path(__file__).resolve().parent / "netguard"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
LOAD_TIMEOUT = 300

#: when each dashboard has finished loading (a Python expression over ``dashboard``)
READY = {
    "thematic.ipynb": "dashboard.loaded or 'could not' in dashboard.status.message",
}
READY_SCHOOL = "not dashboard.loading and 'still loading' not in dashboard.status.message"

REPORT_CELL = """
import asyncio, json, os, time
deadline = time.monotonic() + {timeout}
while not ({ready}) and time.monotonic() < deadline:
    await asyncio.sleep(0.2)
print("REPORT " + json.dumps({{"ready": bool({ready}), "status": dashboard.status.message,
                              "problems": dashboard.errors.problems, "guard": os.environ.get("NETGUARD_ACTIVE")}},
                             default=str))
"""


def run_notebook(name: str, tmp_path: Path) -> tuple[dict, list[dict]]:
    """Execute ``notebooks/<name>`` under the guard; return the added cell's report and the attempts."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL.format(timeout=LOAD_TIMEOUT,
                                                                 ready=READY.get(name, READY_SCHOOL))))
    log = tmp_path / "netguard.jsonl"
    env = {**os.environ, "NETGUARD_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "INSPECTOR_KIT_BUNDLES": str(SCHOOLS), "INSPECTOR_KIT_REVIEW_DB": str(tmp_path / "reviews.sqlite"),
           "INSPECTOR_KIT_THEMATIC_BUNDLES": str(SCHOOLS),
           "INSPECTOR_KIT_THEMATIC_CACHE": str(tmp_path / "thematic-cache.sqlite"),
           "QUERY_STRING": "urn=104712" if name == "briefing.ipynb" else ""}  # Riverside: PDF plan, sixth form
    env.pop("NETGUARD_ACTIVE", None)
    client = NotebookClient(nb, timeout=LOAD_TIMEOUT + 60, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute(env=env)  # a cell that raises fails the test here, with the traceback
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    report = json.loads(printed.split("REPORT ", 1)[1])
    attempts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return report, attempts


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_runs_offline_and_tries_no_connection(name, tmp_path):
    report, attempts = run_notebook(name, tmp_path)
    COUNTS["notebooks run offline"][name] += 1
    assert report["guard"] == "1", "the network guard did not load in the kernel"
    assert report["ready"], f"{name} did not finish loading: {report['status']}"
    assert report["problems"] == []
    assert attempts == [], f"{name} tried to reach the network"


def test_the_notebooks_include_the_three_dashboards():
    assert {"briefing.ipynb", "focus_groups.ipynb"} <= set(NOTEBOOKS)


def make_dashboard_command() -> list[str]:
    """The Voilà command of the Makefile's ``dashboard`` target, as arguments."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("dashboard:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().rstrip("\\"))
    return shlex.split(" ".join(recipe))


def test_make_dashboard_serves_on_loopback_only():
    command = make_dashboard_command()
    assert any(arg.endswith("/voila") for arg in command)
    assert [a for a in command if a.startswith(("--Voila.ip", "--ip"))] == ["--Voila.ip=127.0.0.1"]


def test_the_test_voila_server_binds_loopback():
    """The tests' ``voila_server`` (tests/support.py, formerly tests/conftest.py), read as source."""
    import ast

    bodies = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        bodies += [ast.get_source_segment(source, node) for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.FunctionDef) and node.name == "voila_server"]
    assert len(bodies) == 1
    assert re.findall(r"--Voila\.ip=[\w.:]+", bodies[0]) == ["--Voila.ip=127.0.0.1"]
    assert "0.0.0.0" not in bodies[0]


def test_the_package_has_no_server_address_setting_that_could_bind_every_interface():
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "inspector_kit").rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"0\.0\.0\.0|\.bind\(|--(?:Voila\.)?ip\b|INADDR_ANY", line)]
    assert hits == []
