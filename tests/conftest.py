"""Shared pytest fixtures; plain helpers live in ``support.py``."""
import os
import tempfile
from pathlib import Path

import pytest

from support import FIXTURES, SCHOOLS

# dashboards served by the tests (and their kernels) keep first views here, not in the user's cache
os.environ.setdefault("INSPECTOR_KIT_VIEW_CACHE", tempfile.mkdtemp(prefix="inspector-kit-test-views-"))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def schools_dir() -> Path:
    return SCHOOLS



def pytest_configure(config):
    """The compiled-rule cache of the whole run (this process and the CLIs and kernels it starts) in a
    temporary folder, set before any test module is imported, so tests never touch the user's own cache."""
    import os
    import tempfile

    config._ik_rule_cache = tempfile.mkdtemp(prefix="ik-rule-cache-")
    config._ik_rule_cache_before = os.environ.get("INSPECTOR_KIT_CACHE_DIR")
    os.environ["INSPECTOR_KIT_CACHE_DIR"] = config._ik_rule_cache


def pytest_unconfigure(config):
    import os
    import shutil

    folder = getattr(config, "_ik_rule_cache", None)
    if folder is None:
        return
    if config._ik_rule_cache_before is None:
        os.environ.pop("INSPECTOR_KIT_CACHE_DIR", None)
    else:
        os.environ["INSPECTOR_KIT_CACHE_DIR"] = config._ik_rule_cache_before
    shutil.rmtree(folder, ignore_errors=True)
