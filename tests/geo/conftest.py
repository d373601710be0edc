"""Fixtures of the boundary tests: an empty data folder with CBS and PDOK unreachable, and a local PDOK."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.pdok_server import PdokServer
from wijkdata.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A data folder in ``tmp_path``; CBS and PDOK on a port where nothing listens."""
    return Settings(data_dir=tmp_path / "data", cbs_url="http://127.0.0.1:9", pdok_url="http://127.0.0.1:9", timeout=2.0)


@pytest.fixture
def pdok() -> Iterator[PdokServer]:
    """A local PDOK with small pages (2 features), so paging is exercised."""
    with PdokServer(max_limit=2) as server:  # small pages, so paging is exercised
        yield server
