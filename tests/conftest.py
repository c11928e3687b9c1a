"""Shared pytest fixtures; plain helpers live in ``support.py``."""
from pathlib import Path

import pytest

from support import FIXTURES, SCHOOLS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def schools_dir() -> Path:
    return SCHOOLS


@pytest.fixture(scope="session", autouse=True)
def rule_cache_dir(tmp_path_factory) -> Path:
    """The compiled-rule cache of the whole run (this process and the CLIs and kernels it starts) in a
    temporary folder, so tests never read or write the user's own cache."""
    import os

    folder = tmp_path_factory.mktemp("rule-cache")
    previous = os.environ.get("INSPECTOR_KIT_CACHE_DIR")
    os.environ["INSPECTOR_KIT_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("INSPECTOR_KIT_CACHE_DIR", None)
    else:
        os.environ["INSPECTOR_KIT_CACHE_DIR"] = previous
