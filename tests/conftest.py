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
