"""A local stand-in for PDOK's OGC API Features, speaking its protocol (as GoKoala does).

Serves ``/cbs/wijken-en-buurten-<jaar>/ogc/v1/collections/<wijken|buurten>/items`` from the
fixture collections under ``tests/fixtures/pdok/wijken-en-buurten-<jaar>/``:

- ``f=json`` (anything else is 400), ``limit`` (capped at ``max_limit``), cursor paging with a
  ``rel="next"`` link that keeps the other query parameters, ``numberReturned``, ``timeStamp``;
- property filters such as ``gemeentecode=GM0001`` (only when ``filters=True``; a server that
  ignores them makes the client filter itself);
- ``crs=http://www.opengis.net/def/crs/EPSG/0/28992``: coordinates in RD and a ``Content-Crs``
  header (only when ``honour_crs=True``); otherwise CRS84 and ``Content-Crs`` CRS84 (or no
  header at all with ``crs_header=False``);
- 404 for an unknown year or collection, ``fail_with`` to answer every request with an error.

Every request is logged in ``requests`` (path and query) so tests can check the paging.
"""

from __future__ import annotations

import base64
import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdok"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


class PdokServer:
    """Run with ``with PdokServer() as pdok: ... pdok.url ...``."""

    def __init__(
        self,
        fixtures: Path = FIXTURES,
        *,
        max_limit: int = 1000,
        filters: bool = True,
        honour_crs: bool = True,
        crs_header: bool = True,
        fail_with: int | None = None,
    ) -> None:
        self.fixtures = fixtures
        self.max_limit = max_limit
        self.filters = filters
        self.honour_crs = honour_crs
        self.crs_header = crs_header
        self.fail_with = fail_with
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._to_rd = Transformer.from_crs("OGC:CRS84", "EPSG:28992", always_xy=True)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, to use as ``WIJKDATA_PDOK_URL``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> PdokServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def item_requests(self, collection: str) -> list[dict[str, str]]:
        """Query parameters of every items request for ``collection``."""
        return [q for p, q in self.requests if p.endswith(f"/collections/{collection}/items")]

    # --- the protocol ------------------------------------------------------------------------
    def _collection(self, jaar: str, name: str) -> dict | None:
        path = self.fixtures / f"wijken-en-buurten-{jaar}" / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def _to_rd_geometry(self, geometry: dict) -> dict:
        geom = shapely.transform(shape(geometry), lambda xy: np.column_stack(self._to_rd.transform(xy[:, 0], xy[:, 1])).round(3))
        return mapping(geom)

    def respond(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], dict]:
        """Status, headers and body for one GET (the handler's logic, testable on its own)."""
        self.requests.append((path, query))
        if self.fail_with:
            return self.fail_with, {}, {"code": "Error", "description": "Service unavailable"}
        parts = path.strip("/").split("/")
        # cbs / wijken-en-buurten-2024 / ogc / v1 / collections / buurten / items
        if len(parts) != 7 or parts[0] != "cbs" or parts[2:5] != ["ogc", "v1", "collections"] or parts[6] != "items":
            return 404, {}, {"code": "Not Found", "description": f"no such path {path}"}
        jaar, name = parts[1].removeprefix("wijken-en-buurten-"), parts[5]
        collection = self._collection(jaar, name)
        if collection is None:
            return 404, {}, {"code": "Not Found", "description": f"collection {name} not found"}
        if query.get("f", "json") != "json":
            return 400, {}, {"code": "Bad Request", "description": "only f=json here"}
        features = collection["features"]
        if self.filters:
            for key, value in query.items():
                if key not in ("f", "limit", "cursor", "crs"):
                    features = [f for f in features if str(f["properties"].get(key)) == value]
        limit = min(int(query.get("limit", 10)), self.max_limit)
        start = int(base64.urlsafe_b64decode(query["cursor"]).decode()) if "cursor" in query else 0
        page = copy.deepcopy(features[start : start + limit])
        rd = self.honour_crs and query.get("crs") == RD_URI
        if rd:
            for feature in page:
                feature["geometry"] = self._to_rd_geometry(feature["geometry"])
        base = f"{self.url}{path}"
        own = {k: v for k, v in query.items() if k != "cursor"}

        def link(rel: str, title: str, kind: str, params: dict) -> dict:
            return {"rel": rel, "title": title, "type": kind, "href": f"{base}?{urlencode(params)}"}

        def at(offset: int) -> dict:
            return {"cursor": base64.urlsafe_b64encode(str(offset).encode()).decode(), **own}

        links = [
            link("self", "This document as GeoJSON", "application/geo+json", query),
            link("alternate", "This document as HTML", "text/html", {**query, "f": "html"}),
        ]
        if start + limit < len(features):
            links.append(link("next", "Next page", "application/geo+json", at(start + limit)))
        if start:
            links.append(link("prev", "Previous page", "application/geo+json", at(max(start - limit, 0))))
        body = {
            "type": "FeatureCollection",
            "timeStamp": collection["timeStamp"],
            "links": links,
            "features": page,
            "numberReturned": len(page),
        }
        headers = {"Content-Crs": f"<{RD_URI if rd else CRS84_URI}>"} if self.crs_header else {}
        return 200, headers, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                split = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(split.query).items()}
                status, headers, body = server.respond(split.path, query)
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/geo+json" if status == 200 else "application/problem+json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
