"""A local CBS OData v3 server for tests: the real protocol, tables from fixture folders.

Tests run the product's real code path against it (``wijkdata.cbs.client.CbsClient`` → ``cbsodata`` →
``requests`` → this server), so nothing of ``cbsodata`` is mocked. It serves, as CBS does:

=======================================  ==========================================================
path                                     answer
=======================================  ==========================================================
``/ODataFeed/odata/<id>/``               the entity-set list ``{"value": [{"name", "url"}, ...]}``
``/ODataFeed/odata/<id>/<Set>``          the rows of one entity set (TableInfos, DataProperties,
                                         CategoryGroups, TypedDataSet, UntypedDataSet, the
                                         dimension ``WijkenEnBuurten``), paged by ``odata.nextLink``
``/ODataCatalog/Tables``                 the catalogue: one row per table (its TableInfos record)
                                         plus rows added with :meth:`CbsServer.add_catalogue_row`
=======================================  ==========================================================

Query options: ``$format=json`` (without it CBS answers Atom XML, and so does this server),
``$select``, ``$filter`` (``eq ne gt ge lt le``, ``and or not``, parentheses, ``startswith``,
``endswith``, ``substringof``, ``tolower``, ``toupper``, ``trim``), ``$top`` and ``$skip``.
``UntypedDataSet`` is rendered from ``TypedDataSet`` as CBS renders it: every figure a
right-aligned string, ``"."`` for missing.

A table folder holds one JSON file per entity set, either as CBS sends it
(``{"odata.metadata": ..., "value": [...]}``) or as a bare list (the shared real sample), plain
(``TypedDataSet.json``) or gzipped (``TypedDataSet.json.gz``, the national sample).

Faults, set per test: :meth:`CbsServer.fail_after` (HTTP 500 after N good requests),
:meth:`CbsServer.delay` (answer later than the client waits), :meth:`CbsServer.drop_after`
(close the connection half-way through a response). Every request lands in
:attr:`CbsServer.log`, with the bytes of its answer (:attr:`CbsServer.bytes_sent` adds them up).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

__all__ = [
    "FIXTURES",
    "FIXTURE_TABLES",
    "CbsServer",
    "Hit",
    "ODataError",
    "Table",
    "fixture_set",
    "parse_filter",
    "read_entity_set",
]

#: The project's hand-made tables, one folder per table id (see fixtures/cbs/make_fixtures.py).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cbs"
#: Year → id of the hand-made tables.
FIXTURE_TABLES = {2023: "85618NED", 2024: "85984NED"}

#: The order in which CBS lists a table's entity sets; dimensions follow.
_SET_ORDER = ("TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups")
#: Characters CBS leaves unescaped in an ``odata.nextLink``.
_LINK_SAFE = "$',()"


class ODataError(Exception):
    """An error this server answers with an OData error body and an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def body(self) -> dict[str, Any]:
        """The JSON body CBS sends with an error."""
        return {"odata.error": {"code": "", "message": {"lang": "en-US", "value": self.message}}}


def read_entity_set(path: Path) -> list[dict[str, Any]]:
    """The rows of one entity-set file: ``value`` of a CBS answer, or the file itself if a bare list.

    A ``.gz`` file is unzipped first.
    """
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    return list(data["value"] if isinstance(data, dict) else data)


def fixture_set(table_id: str, name: str) -> list[dict[str, Any]]:
    """One entity set of a hand-made table, as the server sends it (``TypedDataSet``, ``DataProperties``, ...)."""
    return read_entity_set(FIXTURES / table_id / f"{name}.json")


# -- $filter -------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<punct>[(),])
      | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a is not None and b is not None and a > b,
    "ge": lambda a, b: a is not None and b is not None and a >= b,
    "lt": lambda a, b: a is not None and b is not None and a < b,
    "le": lambda a, b: a is not None and b is not None and a <= b,
}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


_FUNCTIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "startswith": (2, lambda s, p: s is not None and str(s).startswith(str(p))),
    "endswith": (2, lambda s, p: s is not None and str(s).endswith(str(p))),
    "substringof": (2, lambda p, s: s is not None and str(p) in str(s)),
    "tolower": (1, lambda s: None if s is None else str(s).lower()),
    "toupper": (1, lambda s: None if s is None else str(s).upper()),
    "trim": (1, lambda s: None if s is None else str(s).strip()),
}

Row = dict[str, Any]
Expr = Callable[[Row], Any]


class _FilterParser:
    """Recursive descent over ``or`` → ``and`` → ``not`` → comparison → operand."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            if not match:
                raise ODataError(400, f"Syntax error in $filter at position {pos}: {text[pos : pos + 20]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.pos = 0

    def parse(self) -> Expr:
        expr = self.disjunction()
        if self.pos != len(self.tokens):
            raise ODataError(400, f"Syntax error in $filter: unexpected {self.tokens[self.pos][1]!r}")
        return expr

    def peek_word(self) -> str:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "name":
            return self.tokens[self.pos][1].lower()
        return ""

    def expect(self, punct: str) -> None:
        if self.pos >= len(self.tokens) or self.tokens[self.pos][1] != punct:
            raise ODataError(400, f"Syntax error in $filter: expected {punct!r}")
        self.pos += 1

    def disjunction(self) -> Expr:
        parts = [self.conjunction()]
        while self.peek_word() == "or":
            self.pos += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda row: any(p(row) for p in parts))

    def conjunction(self) -> Expr:
        parts = [self.negation()]
        while self.peek_word() == "and":
            self.pos += 1
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else (lambda row: all(p(row) for p in parts))

    def negation(self) -> Expr:
        if self.peek_word() == "not":
            self.pos += 1
            inner = self.negation()
            return lambda row: not inner(row)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.operand()
        op = self.peek_word()
        if op in _COMPARE:
            self.pos += 1
            right = self.operand()
            compare = _COMPARE[op]
            return lambda row: compare(left(row), right(row))
        return left

    def operand(self) -> Expr:
        if self.pos >= len(self.tokens):
            raise ODataError(400, "Syntax error in $filter: unexpected end")
        kind, text = self.tokens[self.pos]
        self.pos += 1
        if kind == "punct" and text == "(":
            inner = self.disjunction()
            self.expect(")")
            return inner
        if kind == "string":
            literal = text[1:-1].replace("''", "'")
            return lambda row: literal
        if kind == "number":
            number = float(text) if "." in text else int(text)
            return lambda row: number
        if kind != "name":
            raise ODataError(400, f"Syntax error in $filter: unexpected {text!r}")
        word = text.lower()
        if word in ("null", "true", "false"):
            constant = {"null": None, "true": True, "false": False}[word]
            return lambda row: constant
        if self.pos < len(self.tokens) and self.tokens[self.pos][1] == "(":
            return self.call(word)
        return self.field(text)

    def call(self, name: str) -> Expr:
        if name not in _FUNCTIONS:
            raise ODataError(400, f"Unknown function '{name}' in $filter")
        arity, fn = _FUNCTIONS[name]
        self.expect("(")
        args = [self.disjunction()]
        while self.pos < len(self.tokens) and self.tokens[self.pos][1] == ",":
            self.pos += 1
            args.append(self.disjunction())
        self.expect(")")
        if len(args) != arity:
            raise ODataError(400, f"Function '{name}' takes {arity} arguments, got {len(args)}")
        return lambda row: fn(*(a(row) for a in args))

    @staticmethod
    def field(name: str) -> Expr:
        def value(row: Row) -> Any:
            if name not in row:
                raise ODataError(400, f"Could not find a property named '{name}'")
            return row[name]

        return value


def parse_filter(text: str) -> Callable[[Row], bool]:
    """A predicate for OData v3 ``$filter`` text (raises :class:`ODataError` 400 when malformed)."""
    expr = _FilterParser(text).parse()
    return lambda row: bool(expr(row))


# -- tables ---------------------------------------------------------------------------------------


class Table:
    """One CBS table as served: its entity sets, read from a folder of JSON files."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        files = sorted([*self.folder.glob("*.json"), *self.folder.glob("*.json.gz")])
        self.sets: dict[str, list[Row]] = {p.name.split(".")[0]: read_entity_set(p) for p in files}
        if not self.sets.get("TableInfos"):
            raise ValueError(f"{self.folder} has no TableInfos.json")
        self.info: Row = self.sets["TableInfos"][0]
        self.table_id = str(self.info["Identifier"]).strip()
        self.datatypes = {str(p.get("Key")): p.get("Datatype") for p in self.sets.get("DataProperties", []) if p.get("Key")}
        if "TypedDataSet" in self.sets and "UntypedDataSet" not in self.sets:
            self.sets["UntypedDataSet"] = [self.untyped(row) for row in self.sets["TypedDataSet"]]

    def untyped(self, row: Row) -> Row:
        """A TypedDataSet row as CBS renders it untyped: figures as right-aligned strings, "." for missing."""
        out: Row = {}
        for key, value in row.items():
            if key == "ID":
                out[key] = value
            elif self.datatypes.get(key) in (None, "String"):  # dimension keys and text topics: as they are
                out[key] = "." if value is None else value
            else:
                out[key] = ("." if value is None else str(value)).rjust(10)
        return out

    def set_names(self) -> list[str]:
        """Entity-set names in CBS's order: fixed sets first, then dimensions."""
        fixed = [n for n in _SET_ORDER if n in self.sets]
        return fixed + sorted(n for n in self.sets if n not in _SET_ORDER)


# -- the server -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One request the server received: path, decoded query options, answer status, row count and body bytes."""

    path: str
    params: dict[str, str]
    status: int
    rows: int = 0
    bytes: int = 0

    @property
    def entity_set(self) -> str:
        """The last path segment: ``TypedDataSet``, ``Tables``, ``""`` for the entity-set list."""
        return "" if self.path.endswith("/") else self.path.rsplit("/", 1)[-1]


@dataclass
class _Fault:
    kind: str  # "status", "delay" or "drop"
    after: int  # requests let through before the fault starts
    path: str  # only requests whose path contains this count and fail
    status: int = 500
    seconds: float = 0.0
    seen: int = 0


@dataclass
class _Answer:
    status: int
    body: dict[str, Any] | str
    rows: int = 0
    content_type: str = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8"
    fault: _Fault | None = None
    hit: Hit | None = None  # its entry in the log


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        answer = owner._answer(self.path, self.headers.get("Host", ""))
        data = (answer.body if isinstance(answer.body, str) else json.dumps(answer.body, ensure_ascii=False)).encode("utf-8")
        owner._count_bytes(answer, len(data))
        fault = answer.fault
        if fault and fault.kind == "delay" and owner._stopping.wait(fault.seconds):
            return
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault and fault.kind == "drop":
            self.wfile.write(data[: len(data) // 2])  # then the connection closes: fewer bytes than promised
            self.close_connection = True
            return
        self.wfile.write(data)


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: CbsServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout test) is not an error of the server


@dataclass
class CbsServer:
    """A CBS OData v3 feed on ``127.0.0.1`` serving tables from folders; use as a context manager.

    ``page_size`` is how many rows one answer holds before ``odata.nextLink`` (CBS: 10 000).
    """

    tables: Iterable[Path] = ()
    page_size: int = 10_000
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tables: dict[str, Table] = {}
        self._catalogue_extra: list[Row] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        for folder in self.tables:
            self.add_table(folder)

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> CbsServer:
        """Listen on a free port in a background thread."""
        self._httpd = _HttpServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; requests still waiting on a delay are abandoned."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> CbsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``: what ``WIJKDATA_CBS_URL`` would hold."""
        if self._httpd is None:
            raise RuntimeError("CbsServer not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- content -------------------------------------------------------------------------------
    def add_table(self, folder: Path) -> Table:
        """Serve the table in ``folder`` (its id read from TableInfos); it also joins the catalogue."""
        table = Table(folder)
        self._tables[table.table_id] = table
        return table

    def table(self, table_id: str) -> Table:
        """The served table ``table_id``."""
        return self._tables[table_id]

    def add_catalogue_row(self, **row: Any) -> None:
        """Add a catalogue-only row (a table listed in ``/ODataCatalog/Tables`` but not served)."""
        self._catalogue_extra.append(row)

    # -- faults --------------------------------------------------------------------------------
    def fail_after(self, n: int, status: int = 500, path: str = "") -> None:
        """Answer HTTP ``status`` to every request after the next ``n`` whose path contains ``path``."""
        self._add_fault(_Fault("status", n, path, status=status))

    def delay(self, seconds: float, after: int = 0, path: str = "") -> None:
        """Hold each answer ``seconds`` (after the next ``after`` requests whose path contains ``path``)."""
        self._add_fault(_Fault("delay", after, path, seconds=seconds))

    def drop_after(self, n: int, path: str = "") -> None:
        """After the next ``n`` requests whose path contains ``path``, close connections half-way through the body."""
        self._add_fault(_Fault("drop", n, path))

    def clear_faults(self) -> None:
        """Serve normally again."""
        with self._lock:
            self._faults.clear()

    def _add_fault(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    # -- what tests read -----------------------------------------------------------------------
    def hits(self, entity_set: str) -> list[Hit]:
        """The logged requests for one entity set (``"TypedDataSet"``, ``"Tables"``, ...)."""
        return [h for h in self.log if h.entity_set == entity_set]

    # -- answering -----------------------------------------------------------------------------
    def _answer(self, raw_path: str, host: str) -> _Answer:
        parts = urlsplit(raw_path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self._lock:
            fault = None
            for f in self._faults:
                if f.path in parts.path:
                    f.seen += 1
                    if f.seen > f.after and fault is None:
                        fault = f
        if fault is not None and fault.kind == "status":
            answer = _Answer(fault.status, ODataError(fault.status, "Internal Server Error").body(), fault=fault)
        else:
            try:
                answer = self._route(parts.path, params, f"http://{host}")
            except ODataError as exc:
                answer = _Answer(exc.status, exc.body())
            answer.fault = fault
        hit = Hit(parts.path, params, answer.status, answer.rows)
        with self._lock:
            self.log.append(hit)
        answer.hit = hit
        return answer

    def _count_bytes(self, answer: _Answer, size: int) -> None:
        with self._lock:  # the log may have been cleared by a test meanwhile: then there is nothing to count
            for i in range(len(self.log) - 1, -1, -1):
                if self.log[i] is answer.hit:
                    self.log[i] = dataclasses.replace(answer.hit, bytes=size)
                    break

    @property
    def bytes_sent(self) -> int:
        """The body bytes of every answer logged so far (what a client downloaded)."""
        with self._lock:
            return sum(h.bytes for h in self.log)

    def _route(self, path: str, params: dict[str, str], base: str) -> _Answer:
        segments = [s for s in path.split("/") if s]
        if segments == ["ODataCatalog", "Tables"]:
            rows = [dict(t.info) for t in self._tables.values()] + [dict(r) for r in self._catalogue_extra]
            return self._rows(rows, params, f"{base}/ODataCatalog/Tables", "Cbs.OData.Catalog.Table")
        if len(segments) in (3, 4) and segments[:2] == ["ODataFeed", "odata"]:
            table = self._tables.get(segments[2])
            if table is None:
                raise ODataError(404, f"Resource not found for the segment '{segments[2]}'.")
            root = f"{base}/ODataFeed/odata/{table.table_id}"
            if len(segments) == 3:
                names = table.set_names()
                body = {"odata.metadata": f"{root}/$metadata", "value": [{"name": n, "url": f"{root}/{n}"} for n in names]}
                return _Answer(200, body, rows=len(names))
            name = segments[3]
            if name not in table.sets:
                raise ODataError(404, f"Resource not found for the segment '{name}'.")
            return self._rows(table.sets[name], params, f"{root}/{name}", f"Cbs.OData.WebAPI.{name}", root)
        raise ODataError(404, f"Resource not found: {path}")

    def _rows(self, rows: list[Row], params: dict[str, str], url: str, type_name: str, root: str = "") -> _Answer:
        if params.get("$format", "").lower() != "json":
            # without $format=json CBS answers in Atom; cbsodata must never rely on that
            atom = f'<?xml version="1.0" encoding="utf-8"?><feed xml:base="{url}"/>'
            return _Answer(200, atom, content_type="application/atom+xml")
        if params.get("$filter"):
            keep = parse_filter(params["$filter"])
            rows = [r for r in rows if keep(r)]
        skip = _count(params, "$skip", 0)
        top = _count(params, "$top", None)
        rows = rows[skip:] if top is None else rows[skip : skip + top]
        next_link = None
        if len(rows) > self.page_size:
            rows = rows[: self.page_size]
            following = dict(params, **{"$skip": str(skip + self.page_size)})
            if top is not None:
                following["$top"] = str(top - self.page_size)
            next_link = f"{url}?{urlencode(following, quote_via=quote, safe=_LINK_SAFE)}"
        if params.get("$select"):
            columns = [c.strip() for c in params["$select"].split(",") if c.strip()]
            unknown = [c for c in columns if rows and c not in rows[0]]
            if unknown:
                raise ODataError(400, f"Could not find a property named '{unknown[0]}'")
            rows = [{c: r.get(c) for c in columns} for r in rows]
        metadata = f"{root or url.rsplit('/', 1)[0]}/$metadata#{type_name}"
        body: dict[str, Any] = {"odata.metadata": metadata, "value": rows}
        if next_link:
            body["odata.nextLink"] = next_link
        return _Answer(200, body, rows=len(rows))


def _count(params: dict[str, str], name: str, default: int | None) -> int | None:
    text = params.get(name, "")
    if not text:
        return default
    if not text.isdigit():
        raise ODataError(400, f"Invalid value for {name}: {text!r}")
    return int(text)
