"""wijkdata.storage: a full disk mid-write leaves the old file and no temporary file; a held lock is a Dutch message."""

from __future__ import annotations

import errno
import time

import pandas as pd
import pytest

from wijkdata import storage
from wijkdata.errors import CacheError


def _full_disk(monkeypatch, after: int) -> None:
    """Make ``os.fsync`` (and so every atomic write) fail with ENOSPC, as a full disk does, after ``after`` calls."""
    real = storage.os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(storage.os, "fsync", fsync)


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "cache" / "info.json"
    storage.atomic_write(target, b'{"oud": 1}')
    _full_disk(monkeypatch, after=0)

    with pytest.raises(OSError) as err:
        storage.atomic_write(target, b'{"nieuw": 2}' * 10_000)

    assert err.value.errno == errno.ENOSPC
    assert target.read_bytes() == b'{"oud": 1}'
    assert sorted(p.name for p in target.parent.iterdir()) == ["info.json"]


def test_a_disk_filling_up_while_parquet_is_written_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "GM0999.parquet"
    storage.atomic_parquet(pd.DataFrame({"code": ["GM0999"], "waarde": [1.5]}), target)
    old = target.read_bytes()

    def no_space(self, path, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PAR1 half")  # part of the file reached the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", no_space)
    with pytest.raises(OSError):
        storage.atomic_parquet(pd.DataFrame({"code": ["GM0999"], "waarde": [2.5]}), target)

    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["GM0999.parquet"]


def test_a_held_lock_ends_with_a_dutch_message(tmp_path):
    with storage.locked(tmp_path):
        start = time.monotonic()
        with pytest.raises(CacheError, match="is bezet door een ander proces"), storage.locked(tmp_path, timeout=0.3):
            pass
    assert time.monotonic() - start < 3
