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
