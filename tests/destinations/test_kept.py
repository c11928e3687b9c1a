"""Figures kept between runs are the figures the DfE files give, and a damaged or stale file is rebuilt."""
import logging
from pathlib import Path

import pandas as pd
import pytest

from dest_helpers import INSTITUTIONS_1618, INSTITUTIONS_KS4
from inspector_kit.destinations import kept, load_destinations, load_destinations_kept, reference
from inspector_kit.errors import DestinationDataError


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(kept.ENV_DIR, str(folder))
    reference._bundled.cache_clear()
    yield folder
    reference._bundled.cache_clear()


@pytest.fixture(scope="module")
def read():
    return reference._read_bundled()


def same_reference(held, read) -> None:
    pd.testing.assert_frame_equal(held.england, read.england, check_exact=True)
    pd.testing.assert_frame_equal(held.la, read.la, check_exact=True)
    assert held.notes == read.notes


def same_table(held, read) -> None:
    pd.testing.assert_frame_equal(held.frame, read.frame, check_exact=True)
    pd.testing.assert_frame_equal(held.problems, read.problems, check_exact=True)
    assert held.sources == read.sources


def test_the_kept_reference_is_the_figures_read_from_the_files(cache, read):
    first = reference._bundled()
    assert list(cache.glob("reference-*.bin"))
    reference._bundled.cache_clear()
    second = reference._bundled()  # kept from the first this time
    same_reference(first, read)
    same_reference(second, read)
    key = ("ks4", "202122", "Revised", "State-funded mainstream schools", "Total", "Total", "Total")
    (rows, version, note), (rows_read, version_read, note_read) = (second.england_positions(*key),
                                                                  read.england_positions(*key))
    assert list(rows) == list(rows_read) and (version, note) == (version_read, note_read)


def test_a_truncated_reference_file_is_rebuilt_without_an_error(cache, read, caplog):
    reference._bundled()
    (path,) = cache.glob("reference-*.bin")
    path.write_bytes(path.read_bytes()[:1000])
    reference._bundled.cache_clear()
    with caplog.at_level(logging.INFO, logger=kept.__name__):
        rebuilt = reference._bundled()
    assert "damaged or truncated" in caplog.text
    same_reference(rebuilt, read)
    assert path.stat().st_size > 1000


@pytest.mark.parametrize("path", [INSTITUTIONS_KS4, INSTITUTIONS_1618], ids=["ks4", "16-18"])
def test_a_kept_destination_table_is_the_table_the_loader_gives(cache, path):
    read = load_destinations(path)
    first = load_destinations_kept(path)
    assert list(cache.glob("table-*.bin"))
    second = load_destinations_kept(path)
    same_table(first, read)
    same_table(second, read)


def test_every_loadable_fixture_file_is_kept_exactly(cache):
    files = sorted(Path(INSTITUTIONS_KS4).parent.rglob("*.csv"))
    checked = 0
    for path in files:
        try:
            read = load_destinations(path)
        except DestinationDataError:
            with pytest.raises(DestinationDataError):
                load_destinations_kept(path)
            continue
        load_destinations_kept(path)
        same_table(load_destinations_kept(path), read)
        checked += 1
    assert checked >= 4


def test_an_edited_data_file_is_read_again(cache, tmp_path):
    copy = tmp_path / "data.csv"
    copy.write_bytes(Path(INSTITUTIONS_KS4).read_bytes())
    before = load_destinations_kept(copy)
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")  # the first row gone
    after = load_destinations_kept(copy)
    same_table(after, load_destinations(copy))
    assert after.frame["source_row"].max() == before.frame["source_row"].max() - 1


def test_a_damaged_table_file_is_rebuilt(cache, caplog):
    load_destinations_kept(INSTITUTIONS_KS4)
    (path,) = cache.glob("table-*.bin")
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0xFF
    path.write_bytes(bytes(blob))
    with caplog.at_level(logging.INFO, logger=kept.__name__):
        again = load_destinations_kept(INSTITUTIONS_KS4)
    assert "damaged or truncated" in caplog.text
    same_table(again, load_destinations(INSTITUTIONS_KS4))


def test_the_key_follows_the_package_files(monkeypatch):
    before = kept.cache_key()
    monkeypatch.setattr(kept, "FORMAT", kept.FORMAT + 1)
    assert kept.cache_key() != before
