"""The kept bundled figures are the figures the DfE files give, and a damaged or stale file is rebuilt."""
import logging

import pandas as pd
import pytest

from inspector_kit.destinations import reference, reference_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(reference_cache.ENV_DIR, str(folder))
    reference._bundled.cache_clear()
    yield folder
    reference._bundled.cache_clear()


@pytest.fixture(scope="module")
def read():
    return reference._read_bundled()


def same(kept, read) -> None:
    pd.testing.assert_frame_equal(kept.england, read.england, check_exact=True)
    pd.testing.assert_frame_equal(kept.la, read.la, check_exact=True)
    assert kept.notes == read.notes


def test_the_kept_figures_are_the_figures_read_from_the_files(cache, read):
    first = reference._bundled()
    assert list(cache.glob("reference-*.bin"))
    reference._bundled.cache_clear()
    second = reference._bundled()  # from the cache this time
    same(first, read)
    same(second, read)
    key = ("ks4", "202122", "Revised", "State-funded mainstream schools", "Total", "Total", "Total")
    (rows, version, note), (rows_read, version_read, note_read) = (second.england_positions(*key),
                                                                  read.england_positions(*key))
    assert list(rows) == list(rows_read) and (version, note) == (version_read, note_read)


def test_a_truncated_cache_file_is_rebuilt_without_an_error(cache, read, caplog):
    reference._bundled()
    (path,) = cache.glob("reference-*.bin")
    path.write_bytes(path.read_bytes()[:1000])
    reference._bundled.cache_clear()
    with caplog.at_level(logging.INFO, logger=reference_cache.__name__):
        rebuilt = reference._bundled()
    assert "damaged or truncated" in caplog.text
    same(rebuilt, read)
    assert path.stat().st_size > 1000


def test_the_key_follows_the_package_files(monkeypatch):
    before = reference_cache.cache_key()
    monkeypatch.setattr(reference_cache, "FORMAT", reference_cache.FORMAT + 1)
    assert reference_cache.cache_key() != before
