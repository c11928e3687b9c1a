"""Reliability tests: shared fixtures and the end-of-session counts."""
from __future__ import annotations

import pytest

from reliability_support import COUNTS, load_make_bad


@pytest.fixture(scope="session")
def make_bad():
    return load_make_bad()


@pytest.fixture(scope="session")
def generated_bad_inputs(make_bad, tmp_path_factory):
    """The bad inputs too big to commit (50 MB text, 21 MB PDF...), written once per session into tmp."""
    return make_bad.make_generated(tmp_path_factory.mktemp("generated-bad-inputs"))


def pytest_terminal_summary(terminalreporter):
    if not any(COUNTS.values()):
        return
    terminalreporter.section("reliability counts")
    for what, counter in COUNTS.items():
        if counter:
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items()))
            terminalreporter.write_line(f"{what}: {sum(counter.values())} ({detail})")
