"""wijkdata.remote against local HTTP servers: a trickling answer ends at the deadline, 503s are retried."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from wijkdata.cbs.cache import read_manifest
from wijkdata.cbs.client import CbsClient
from wijkdata.cbs.sync import sync
from wijkdata.config import Settings
from wijkdata.errors import CbsUnavailable
from wijkdata.remote import DeadlineExceeded, DeadlineSession, split_credentials


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server wants
        self.server.hits.append((self.path, self.headers.get("Authorization")))
        if self.server.failures > 0:
            self.server.failures -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"value": []}' + b" " * 10_000
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self.server.trickle:
            self.wfile.write(body)
            return
        try:
            for byte in body:  # one byte every 0.2 s: every read succeeds, the answer never ends in time
                if self.server.stop.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, trickle: bool, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.trickle, self.failures = trickle, failures
        self.hits: list[tuple[str, str | None]] = []
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _serve(trickle: bool = False, failures: int = 0) -> Iterator[_Server]:
    server = _Server(trickle, failures)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def trickling() -> Iterator[_Server]:
    yield from _serve(trickle=True)


@pytest.fixture
def flaky() -> Iterator[_Server]:
    yield from _serve(failures=2)


def test_a_trickling_answer_ends_at_the_deadline(trickling):
    start = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        DeadlineSession(1.0).get(trickling.url + "/x", timeout=1.0)
    assert time.monotonic() - start < 2.5


def test_sync_against_a_trickling_cbs_ends_in_time_with_a_dutch_message_and_the_cache_intact(settings, trickling):
    sync(settings, "GM0999", [2024])
    before = {p: p.read_bytes() for p in sorted(settings.cbs_dir.rglob("*")) if p.is_file()}
    slow = Settings(data_dir=settings.data_dir, cbs_url=trickling.url, timeout=2.0)

    start = time.monotonic()
    with pytest.raises(CbsUnavailable) as err:
        sync(slow, "GM0999", [2024])
    took = time.monotonic() - start

    assert took < 7, f"sync ran {took:.1f} s against a trickling server with WIJKDATA_TIMEOUT=2"
    assert "niet binnen 2 seconden" in str(err.value)
    assert "De eerdere cache van 2024 is onveranderd." in str(err.value)
    assert {p: p.read_bytes() for p in sorted(settings.cbs_dir.rglob("*")) if p.is_file()} == before
    assert [e.year for e in read_manifest(settings)] == [2024]


def test_a_server_answering_503_twice_then_200_succeeds(flaky):
    response = DeadlineSession(5.0).get(flaky.url + "/x", timeout=5.0)

    assert response.status_code == 200
    assert response.json() == {"value": []}
    assert len(flaky.hits) == 3


def test_the_cbs_client_retries_503(flaky):
    client = CbsClient(Settings(cbs_url=flaky.url, timeout=5.0))

    assert client.registry() == []
    assert len(flaky.hits) == 3


def test_persistent_503_gives_up_with_the_status(tmp_path):
    for server in _serve(failures=100):
        with pytest.raises(CbsUnavailable, match="HTTP 503"):
            CbsClient(Settings(data_dir=tmp_path, cbs_url=server.url, timeout=5.0)).registry()
        assert len(server.hits) == 4  # the first try and three retries


def test_credentials_leave_the_url_and_go_as_basic_auth(flaky):
    url = flaky.url.replace("http://", "http://wim:ge%40heim@")
    assert split_credentials(url) == (flaky.url, ("wim", "ge@heim"))

    response = DeadlineSession(5.0).get(url + "/x")

    assert response.status_code == 200
    assert flaky.hits[-1][1] == requests.auth._basic_auth_str("wim", "ge@heim")
    assert "ge%40heim" not in response.url


def test_a_client_without_retries_asks_once(tmp_path):
    """The app's background fetch of the gemeente list: one try, so it never holds the cbsodata lock through back-off."""
    for server in _serve(failures=100):
        with pytest.raises(CbsUnavailable, match="HTTP 503"):
            CbsClient(Settings(data_dir=tmp_path, cbs_url=server.url, timeout=5.0), retries=0).registry()
        assert len(server.hits) == 1
