"""Files that are never half-written: atomic writes, one folder lock, one manifest format.

Every cache (CBS figures under ``cbs/``, boundaries under ``grenzen/``) writes through here:

- :func:`atomic_write` and :func:`atomic_parquet` write to a temporary file in the target folder,
  flush and ``fsync`` it, and move it into place with ``os.replace``; on any error (a full disk
  included) the temporary file is removed and the old file stays as it was.
- :func:`locked` holds one cross-process lock per folder (:mod:`filelock`, so it works on Windows
  too), with a bounded wait.
- :func:`read_manifest` / :func:`write_manifest` read and write ``manifest.json``: ``{"version": 1,
  "entries": [...]}``, one dataclass instance per entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import filelock

from wijkdata.errors import CacheError

__all__ = ["LOCK_TIMEOUT", "atomic_parquet", "atomic_write", "locked", "read_manifest", "write_manifest"]

#: Seconds to wait for another process that holds a folder's lock before giving up.
LOCK_TIMEOUT = 60.0

T = TypeVar("T")


def _atomic(path: Path, write: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half of one."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)

    _atomic(Path(path), write)


def atomic_parquet(frame: Any, path: Path) -> None:
    """Write a (Geo)DataFrame to Parquet at ``path`` atomically (GeoParquet for a GeoDataFrame)."""
    _atomic(Path(path), lambda tmp: frame.to_parquet(tmp, index=False))


@contextlib.contextmanager
def locked(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of ``folder`` (one writer at a time across processes).

    Raises
    ------
    CacheError
        When another process keeps the lock longer than ``timeout`` seconds (default
        :data:`LOCK_TIMEOUT`).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(folder / ".lock"), timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise CacheError(
            f"De map {folder} is bezet door een ander proces (bijvoorbeeld een lopende sync); probeer het later opnieuw."
        ) from None
    try:
        yield
    finally:
        lock.release()


def read_manifest(path: Path, entry: Callable[..., T]) -> list[T]:
    """The entries of the manifest at ``path``, each built with ``entry(**fields)``; ``[]`` when absent.

    Unknown fields in an entry are ignored, so an older Wijkdata reads a newer manifest.

    Raises
    ------
    CacheError
        When the file exists but is not a readable manifest.
    """
    path = Path(path)
    if not path.exists():
        return []
    names = {f.name for f in dataclasses.fields(entry)} if dataclasses.is_dataclass(entry) else None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [entry(**{k: v for k, v in e.items() if names is None or k in names}) for e in raw.get("entries", [])]
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise CacheError(f"De cache-index {path} is onleesbaar ({type(exc).__name__}); haal de gegevens opnieuw op.") from None


def write_manifest(path: Path, entries: Sequence[Any]) -> None:
    """Write ``entries`` (dataclass instances) as the manifest at ``path``, atomically."""
    body = {"version": 1, "entries": [dataclasses.asdict(e) for e in entries]}
    atomic_write(Path(path), json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"))
