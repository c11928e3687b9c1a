"""Session fixtures for the destination tests: the real and generated files, loaded once."""
import pytest

from dest_helpers import INSTITUTIONS_1618, INSTITUTIONS_KS4, NATIONAL_KS4
from inspector_kit.destinations import ReferenceData, load_destinations


@pytest.fixture(scope="session")
def national_ks4():
    return load_destinations(NATIONAL_KS4)


@pytest.fixture(scope="session")
def ks4_fixture():
    return load_destinations(INSTITUTIONS_KS4)


@pytest.fixture(scope="session")
def fixture_1618():
    return load_destinations(INSTITUTIONS_1618)


@pytest.fixture(scope="session")
def bundled():
    return ReferenceData.bundled()
