"""A local stand-in for PDOK's Locatieserver (search API v3.1), speaking its JSON.

Serves ``/bzk/locatieserver/search/v3_1/{free,suggest,lookup}`` from a list of documents in the
Locatieserver's own field names (``weergavenaam``, ``postcode``, ``buurtcode``, ``centroide_rd`` …):

- ``free?q=…[&fq=type:adres|type:(adres OR weg)][&rows=N][&fl=…]``: ``{"response": {"numFound",
  "start", "maxScore", "docs"}}``; ``numFound`` counts every match, ``docs`` holds at most ``rows``
  (default 10), each with a ``score``;
- ``suggest?q=…``: ``id``, ``type``, ``weergavenaam``, ``score`` per match, and ``highlighting``;
- ``lookup?id=…``: the one document (``numFound`` 0 when unknown).

A document matches when every word of ``q`` (case, punctuation and the space in a postcode
ignored) occurs in its ``weergavenaam`` or ``postcode``. ``delay`` makes every answer late (for
timeouts), ``fail_with`` answers every request with that HTTP status. ``requests`` logs each
request's path and query.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BASE = "/bzk/locatieserver/search/v3_1/"


def _norm(text: object) -> str:
    return re.sub(r"[^0-9a-zà-ÿ ]", " ", str(text or "").lower())


def address(
    straat: str,
    nummer: int,
    postcode: str,
    plaats: str,
    *,
    buurt: tuple[str, str],
    wijk: tuple[str, str],
    gemeente: tuple[str, str],
    rd: tuple[float, float],
    ll: tuple[float, float],
    doc_id: str | None = None,
) -> dict:
    """A document of type ``adres`` as the Locatieserver sends it (``gemeente`` as ``("0200", "Apeldoorn")``)."""
    return {
        "id": doc_id or f"adr-{postcode}-{nummer}",
        "type": "adres",
        "weergavenaam": f"{straat} {nummer}, {postcode} {plaats}",
        "straatnaam": straat,
        "huisnummer": nummer,
        "postcode": postcode,
        "woonplaatsnaam": plaats,
        "gemeentecode": gemeente[0],
        "gemeentenaam": gemeente[1],
        "wijkcode": wijk[0],
        "wijknaam": wijk[1],
        "buurtcode": buurt[0],
        "buurtnaam": buurt[1],
        "centroide_ll": f"POINT({ll[0]} {ll[1]})",
        "centroide_rd": f"POINT({rd[0]} {rd[1]})",
    }


class LocatieServer:
    """Run with ``with LocatieServer(docs) as pdok: ... pdok.url ...`` (use as ``WIJKDATA_PDOK_URL``)."""

    def __init__(self, docs: list[dict], *, delay: float = 0.0, fail_with: int | None = None) -> None:
        self.docs = docs
        self.delay = delay
        self.fail_with = fail_with
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LocatieServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def matches(self, q: str) -> list[dict]:
        words = re.sub(r"\b(\d{4}) ([a-z]{2})\b", r"\1\2", _norm(q)).split()
        hay = {id(d): _norm(d.get("weergavenaam")) + " " + _norm(d.get("postcode")) for d in self.docs}
        return [d for d in self.docs if words and all(w in hay[id(d)] for w in words)]

    def respond(self, path: str, query: dict[str, str]) -> tuple[int, dict]:
        """Status and body of one GET."""
        self.requests.append((path, query))
        if self.fail_with:
            return self.fail_with, {"error": {"msg": "Internal Server Error", "code": self.fail_with}}
        if not path.startswith(BASE):
            return 404, {"error": {"msg": "not found", "code": 404}}
        verb, rows = path[len(BASE) :].strip("/"), int(query.get("rows", 10))
        if verb == "free":
            found = self.matches(query.get("q", ""))
            fq = query.get("fq", "")
            if fq.startswith("type:"):
                types = set(re.findall(r"[a-z]+", fq[5:].replace(" OR ", " "))) - {"or"}
                found = [d for d in found if d.get("type") in types]
            fields = [f for f in re.split(r"[ ,]+", query.get("fl", "")) if f and f != "*"]
            docs = [
                {**{k: v for k, v in d.items() if not fields or k in fields}, "score": 10.0 - i * 0.1}
                for i, d in enumerate(found[:rows])
            ]
            return 200, {"response": {"numFound": len(found), "start": 0, "maxScore": 10.0, "numFoundExact": True, "docs": docs}}
        if verb == "suggest":
            found = self.matches(query.get("q", ""))
            docs = [{"type": d["type"], "weergavenaam": d["weergavenaam"], "id": d["id"], "score": 10.0} for d in found[:rows]]
            return 200, {
                "response": {"numFound": len(found), "start": 0, "maxScore": 10.0, "docs": docs},
                "highlighting": {d["id"]: {"suggest": [d["weergavenaam"]]} for d in found[:rows]},
            }
        if verb == "lookup":
            found = [d for d in self.docs if d["id"] == query.get("id")]
            return 200, {"response": {"numFound": len(found), "start": 0, "maxScore": 1.0, "docs": found}}
        return 404, {"error": {"msg": f"unknown {verb}", "code": 404}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                split = urlsplit(self.path)
                status, body = server.respond(split.path, {k: v[-1] for k, v in parse_qs(split.query).items()})
                if server.delay:
                    time.sleep(server.delay)
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def demo_addresses() -> list[dict]:
    """Made-up addresses in the fictional Voorbeeldstad (GM9999), each at a point inside its buurt."""
    from wijkdata.demo.shapes import demo_shapes

    shapes = demo_shapes(2024, "buurt")
    wijken = demo_shapes(2024, "wijk").set_index("code")["naam"].to_dict()
    ll = shapes.to_crs(4326)
    docs = []
    for code, straat, nummer, postcode in [
        ("BU99990205", "Molenstraat", 12, "9999AB"),
        ("BU99990205", "Molenstraat", 14, "9999AB"),
        ("BU99990101", "Marktplein", 1, "9999AA"),
        ("BU99990301", "Kanaalkade", 7, "9999CD"),
    ]:
        row = shapes[shapes["code"] == code].iloc[0]
        p, q = row.geometry.representative_point(), ll[ll["code"] == code].geometry.iloc[0].representative_point()
        wk = f"WK{code[2:8]}"
        docs.append(
            address(
                straat, nummer, postcode, "Voorbeeldstad",
                buurt=(code, row["naam"]), wijk=(wk, wijken[wk]), gemeente=("9999", "Voorbeeldstad"),
                rd=(round(p.x, 3), round(p.y, 3)), ll=(round(q.x, 6), round(q.y, 6)),
            )
        )  # fmt: skip
    return docs
