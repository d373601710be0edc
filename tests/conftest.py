"""Shared fixtures: a local CBS OData server with the project's hand-made tables, and settings for it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cbs_server import FIXTURE_TABLES, FIXTURES, CbsServer
from wijkdata.cbs.client import CbsClient
from wijkdata.config import Settings

pytest_plugins = ["tests.support.records_fixtures"]


@pytest.fixture
def cbs_server() -> Iterator[CbsServer]:
    """A running CBS feed serving both fixture tables (page size as at CBS; tests may lower it)."""
    with CbsServer([FIXTURES / t for t in FIXTURE_TABLES.values()]) as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, cbs_server: CbsServer) -> Settings:
    """Settings with the data folder in ``tmp_path`` and CBS at the local server; short timeout."""
    return Settings(data_dir=tmp_path, cbs_url=cbs_server.url, timeout=2.0)


@pytest.fixture
def client(settings: Settings) -> CbsClient:
    """The product's CBS client, pointed at the local server."""
    return CbsClient(settings)


@pytest.fixture
def closed_port_url() -> str:
    """An ``http://127.0.0.1:<port>`` where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's environment without network: a fresh data dir, CBS and PDOK unreachable, default database.

    Returns the data dir.
    """
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("WIJKDATA_GEMEENTE", raising=False)
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
    return tmp_path / "data"
