"""HTTP for every remote service (CBS, PDOK): one deadline per request, bounded retries, no credentials shown.

:class:`DeadlineSession` is a :class:`requests.Session` that

- gives each request one limit, ``timeout`` seconds for the whole answer (connecting, headers
  *and* body): the body is read as it arrives and the request is abandoned with
  :class:`DeadlineExceeded` (a :class:`requests.Timeout`) once the limit has passed, so a server
  that trickles a few bytes at a time cannot keep a download running forever;
- retries connection failures and HTTP 502/503/504 a few times with back-off
  (:data:`RETRIES`, :data:`BACKOFF`; a ``Retry-After`` header is not waited for), and never
  retries a request that ran out of time;
- takes a user name and password out of the URL and sends them as HTTP Basic authentication, so
  the URL that libraries log or put in messages carries no password.

A stalled read can overrun the deadline by at most one socket read, which is itself bounded by
the limit that remains; a whole request therefore ends within about ``timeout`` seconds (plus
the retries' back-off when the server fails outright).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

__all__ = ["BACKOFF", "RETRIES", "DeadlineExceeded", "DeadlineSession", "split_credentials"]

#: How often a failed connection or an HTTP 502/503/504 answer is tried again.
RETRIES = 3
#: Back-off factor between retries (seconds: 0.5, 1, 2).
BACKOFF = 0.5
_CHUNK = 64 * 1024


class DeadlineExceeded(requests.Timeout):
    """Raised when a whole answer did not arrive within the request's deadline."""


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without ``user:password@``, and the ``(user, password)`` taken out (``None`` when there were none)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)), (unquote(user), unquote(password))


def _socket_of(response: requests.Response) -> Any:
    """The socket under a streamed response, where urllib3 exposes it (else ``None``)."""
    connection = getattr(response.raw, "_connection", None)
    return getattr(connection, "sock", None)


class DeadlineSession(requests.Session):
    """A session whose every request ends within ``timeout`` seconds, body included (see the module)."""

    def __init__(self, timeout: float, *, retries: int = RETRIES, auth: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.deadline_seconds = float(timeout)
        self.auth = auth
        retry = Retry(
            total=retries,
            connect=retries,
            read=False,  # a read that timed out has used the deadline up: raised as it is
            status=retries,
            other=0,
            backoff_factor=BACKOFF,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        """As :meth:`requests.Session.request`, with credentials in ``url`` moved to Basic authentication."""
        if isinstance(url, str):
            url, auth = split_credentials(url)
            if auth and kwargs.get("auth") is None and self.auth is None:
                kwargs["auth"] = auth
        return super().request(method, url, *args, **kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send ``request`` and read its whole body within the deadline.

        Raises
        ------
        DeadlineExceeded
            When the answer is not complete within ``timeout`` seconds.
        """
        deadline = time.monotonic() + self.deadline_seconds
        limit = kwargs.get("timeout")
        if limit is None or isinstance(limit, int | float):
            limit = min(float(limit or self.deadline_seconds), self.deadline_seconds)
            kwargs["timeout"] = (limit, limit)
        kwargs["stream"] = True
        response = super().send(request, **kwargs)
        if response.raw is None or response._content_consumed:  # already read (e.g. redirects)
            return response
        chunks: list[bytes] = []
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise DeadlineExceeded(
                        f"Het antwoord van {urlsplit(response.url).netloc} was na {self.deadline_seconds:g} s niet compleet.",
                        request=request,
                        response=response,
                    )
                sock = _socket_of(response)
                if sock is not None:
                    sock.settimeout(max(remaining, 0.05))
                chunk = response.raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                chunks.append(chunk)
        except requests.Timeout:
            response.close()
            raise
        except Exception as exc:  # urllib3 and the socket raise several types when a read fails
            response.close()
            if isinstance(exc, ReadTimeoutError | TimeoutError) or time.monotonic() >= deadline:
                raise DeadlineExceeded(
                    f"Het antwoord van {urlsplit(response.url).netloc} was na {self.deadline_seconds:g} s niet compleet.",
                    request=request,
                ) from None
            raise requests.exceptions.ChunkedEncodingError(str(exc), request=request) from exc
        response.close()
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response
