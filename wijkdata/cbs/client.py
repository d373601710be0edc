"""The one module that talks to CBS, through ``cbsodata``.

CBS publishes "Kerncijfers wijken en buurten" as one OData v3 table per year. This module finds
those tables (:meth:`CbsClient.registry`), reads a table's record (:meth:`CbsClient.table_info`),
and pulls one gemeente from one table (:meth:`CbsClient.fetch_gemeente`), or, for a national
pull (:mod:`wijkdata.cbs.national`), a table's parts one by one (:meth:`CbsClient.table_parts`,
:meth:`CbsClient.regions`, :meth:`CbsClient.rows` per page of gemeenten). It returns what CBS
sent, as plain Python data; turning that into frames is :mod:`wijkdata.cbs.normalise`'s job.
``cbsodata`` and ``requests`` are imported at the first call, not with this module.

``cbsodata`` has traps this module absorbs, so nothing else needs to know them:

- its ``typed`` flag is inverted (``typed=False`` downloads ``TypedDataSet``); we name the
  entity set instead: ``TypedDataSet`` (numbers as numbers, ``null`` for missing);
- ``get_data`` replaces the ``WijkenEnBuurten`` key by the region's *name*, and ``download_data``
  pulls every entity set whole, the region list of all ~17 000 regions included (most of the
  bytes of a one-gemeente pull); we call ``get_meta`` per entity set, with ``$filter`` on the
  rows AND on the region list, and normalisation takes the code from ``Codering_3`` (whose
  name it finds in DataProperties);
- it has no timeout, and ``requests``' timeout is per socket read: it builds its sessions with
  ``requests.Session()``, which we replace, for exactly one call under the lock, by
  :class:`wijkdata.remote.DeadlineSession` (one deadline for the whole answer, bounded retries
  of connection failures and 502/503/504, credentials out of the logged URL);
- it follows ``odata.nextLink`` paging by itself;
- its https switch is global (``options.use_https``): we set it under a lock for exactly one
  call and restore it, and give the host (with port) per call as ``catalog_url``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from wijkdata.codes import check_gemeente_code, is_code, member_prefixes
from wijkdata.config import Settings
from wijkdata.errors import CbsDataError, CbsTableNotFound, CbsUnavailable

__all__ = [
    "FALLBACK_TABLES",
    "TITLE_PREFIX",
    "CbsClient",
    "RawTable",
    "TableRef",
    "check_gemeente_code",
    "dimension_key",
    "gemeente_filter",
    "gemeenten_filter",
    "gemeenten_of",
    "prefix_filter",
]

#: Title every yearly table starts with, followed by the year ("Kerncijfers wijken en buurten 2024").
TITLE_PREFIX = "Kerncijfers wijken en buurten"
_TITLE = re.compile(r"^Kerncijfers wijken en buurten\s+(\d{4})\s*$")

#: Built-in list used when the CBS catalogue cannot be read. The year is still checked against
#: each table's TableInfos (``Period``) before its figures are used.
FALLBACK_TABLES: dict[int, str] = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}

_CALL_LOCK = threading.Lock()


@dataclass(frozen=True)
class TableRef:
    """One yearly Kerncijfers table: its id, the year it describes, its title and CBS date."""

    table_id: str
    year: int
    title: str = ""
    modified: str = ""
    source: str = "catalogus"  # "catalogus" (read from CBS) or "ingebouwd" (fallback list)


@dataclass(frozen=True)
class RawTable:
    """What CBS sent for one gemeente from one table, untouched.

    ``rows`` are TypedDataSet rows (padded strings, ``None`` for missing); ``regions`` the rows
    of the ``WijkenEnBuurten`` dimension (Key, Title) that were asked for.
    """

    info: dict[str, Any]
    properties: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    regions: list[dict[str, Any]]


def gemeente_filter(gemeente: str, field: str = "WijkenEnBuurten") -> str:
    """The OData ``$filter`` on ``field`` for Nederland, the gemeente, its wijken and its buurten.

    Region keys are padded (``'GM0200    '``), so the filter matches on prefixes; a wijk's and a
    buurt's code start with ``WK``/``BU`` and the gemeente's four digits, whatever characters
    follow (``WK0363AA``, ``BU0363AA01``).
    """
    return prefix_filter(["NL00", *member_prefixes(gemeente)], field)


def gemeenten_filter(gemeenten: list[str], field: str = "WijkenEnBuurten", nederland: bool = False) -> str:
    """The OData ``$filter`` on ``field`` for several gemeenten with their wijken and buurten (and Nederland)."""
    prefixes = ["NL00"] if nederland else []
    return prefix_filter(prefixes + [p for g in gemeenten for p in member_prefixes(g)], field)


def prefix_filter(prefixes: list[str], field: str) -> str:
    """``startswith(field,'A') or startswith(field,'B') ...``: keys are padded, so codes match on prefixes."""
    return " or ".join(f"startswith({field},'{p}')" for p in prefixes)


def _year_of(info: dict[str, Any]) -> int | None:
    """The year a table describes, from its ``Period`` (``"2024"``), else ``None``."""
    match = re.search(r"\d{4}", str(info.get("Period") or ""))
    return int(match.group(0)) if match else None


class CbsClient:
    """Reads Kerncijfers tables from the CBS OData v3 service at ``settings.cbs_url``."""

    def __init__(self, settings: Settings, *, retries: int | None = None) -> None:
        """A client for ``settings.cbs_url``; ``retries`` of refused connections and 502/503/504
        (default :data:`wijkdata.remote.RETRIES`, with back-off; 0 for a background fetch that
        must not hold the one cbsodata lock while CBS is down)."""
        from wijkdata.remote import RETRIES, split_credentials

        self.retries = RETRIES if retries is None else int(retries)
        self.settings = settings
        bare, self._auth = split_credentials(settings.cbs_url)
        parts = urlsplit(bare)
        self._https = parts.scheme == "https"
        self._host = parts.netloc + parts.path.rstrip("/")
        self.timeout = settings.timeout

    # -- the one place cbsodata is called -------------------------------------------------
    @contextmanager
    def _cbsodata(self) -> Iterator[None]:
        import cbsodata

        from wijkdata.remote import DeadlineSession

        with _CALL_LOCK:
            old, old_session = cbsodata.options.use_https, cbsodata.cbsodata3.Session
            cbsodata.options.use_https = self._https
            cbsodata.cbsodata3.Session = lambda: DeadlineSession(self.timeout, retries=self.retries, auth=self._auth)
            try:
                yield
            finally:
                cbsodata.options.use_https = old
                cbsodata.cbsodata3.Session = old_session

    def _call(self, what: str, fn: str, *args: Any, **kwargs: Any) -> Any:
        """Run the cbsodata function named ``fn`` against our host, translating failures to CbsUnavailable.

        ``cbsodata`` and ``requests`` are imported here, at the first call, so that importing
        this module (and every CLI command that does not talk to CBS) stays cheap.
        """
        import cbsodata
        import requests

        from wijkdata.remote import DeadlineExceeded

        url = self.settings.cbs_url_display
        try:
            with self._cbsodata():
                return getattr(cbsodata, fn)(*args, catalog_url=self._host, timeout=self.timeout, **kwargs)
        except DeadlineExceeded:
            raise CbsUnavailable(
                f"CBS stuurde het antwoord bij {what} niet binnen {self.timeout:g} seconden ({url}); "
                "de verbinding is te traag of CBS is overbelast. Probeer het later opnieuw of verhoog WIJKDATA_TIMEOUT.",
                url=url,
            ) from None
        except requests.Timeout:
            raise CbsUnavailable(f"CBS gaf geen antwoord binnen {self.timeout:g} seconden bij {what} ({url}).", url=url) from None
        except requests.ConnectionError:
            raise CbsUnavailable(
                f"CBS is niet bereikbaar ({url}) bij {what}: controleer de netwerkverbinding.", url=url
            ) from None
        except requests.exceptions.ChunkedEncodingError:  # the answer broke off half-way
            raise CbsUnavailable(
                f"De verbinding met CBS ({url}) werd verbroken bij {what}; probeer het later opnieuw.", url=url
            ) from None
        except requests.HTTPError as exc:
            # cbsodata re-raises HTTPError without the response; the original is the cause
            response = exc.response if exc.response is not None else getattr(exc.__cause__, "response", None)
            status = response.status_code if response is not None else None
            if status is None:
                match = re.search(r"\b([45]\d\d)\b", str(exc))
                status = int(match.group(1)) if match else None
            raise CbsUnavailable(
                f"CBS gaf een foutmelding (HTTP {status or '?'}) bij {what}; probeer het later opnieuw.",
                url=url,
                status=status,
            ) from None
        except (requests.RequestException, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CbsUnavailable(f"CBS gaf een onleesbaar antwoord bij {what} ({type(exc).__name__}).", url=url) from None

    def _table_call(self, table_id: str, year: int | None, what: str, fn: str, *args: Any, **kwargs: Any) -> Any:
        """:meth:`_call` for one table, where HTTP 404 means CBS has no such table (:class:`CbsTableNotFound`)."""
        try:
            return self._call(what, fn, *args, **kwargs)
        except CbsUnavailable as exc:
            if exc.status == 404:
                raise CbsTableNotFound(f"CBS kent tabel {table_id} niet.", year=year, table_id=table_id) from None
            raise

    # -- what the rest of Wijkdata uses ---------------------------------------------------
    def registry(self) -> list[TableRef]:
        """The Kerncijfers wijken en buurten tables in the CBS catalogue, one per year, oldest first.

        The year comes from each table's ``Period``. When two tables claim one year the most
        recently modified wins.

        Raises
        ------
        CbsUnavailable
            When the catalogue cannot be read.
        """
        rows = self._call(
            "het lezen van de CBS-catalogus",
            "get_table_list",
            filters=f"substringof('{TITLE_PREFIX}',Title)",
            select=["Identifier", "Title", "Period", "Modified"],
        )
        found: dict[int, TableRef] = {}
        for row in rows:
            title = str(row.get("Title") or "").strip()
            year = _year_of(row)
            if not _TITLE.match(title) or year is None:
                continue
            ref = TableRef(
                table_id=str(row.get("Identifier") or "").strip(),
                year=year,
                title=title,
                modified=str(row.get("Modified") or ""),
            )
            if year not in found or ref.modified > found[year].modified:
                found[year] = ref
        return [found[y] for y in sorted(found)]

    def registry_or_fallback(self) -> tuple[list[TableRef], str | None]:
        """The catalogue's tables, or the built-in list with a Dutch note on why it was used."""
        try:
            refs = self.registry()
        except CbsUnavailable as exc:
            note = f"CBS-catalogus niet gelezen ({exc}); ingebouwde tabellenlijst gebruikt."
            return self.fallback(), note
        if not refs:
            return self.fallback(), "CBS-catalogus gaf geen Kerncijfers-tabellen; ingebouwde lijst gebruikt."
        return refs, None

    @staticmethod
    def fallback() -> list[TableRef]:
        """The built-in table list (years still to be checked against TableInfos)."""
        return [
            TableRef(table_id=t, year=y, title=f"{TITLE_PREFIX} {y}", source="ingebouwd")
            for y, t in sorted(FALLBACK_TABLES.items())
        ]

    def table_info(self, table_id: str) -> dict[str, Any]:
        """The table's TableInfos record (Title, Identifier, Period, Modified, ...).

        Raises
        ------
        CbsTableNotFound
            When CBS has no such table.
        """
        infos = self._table_call(table_id, None, f"het lezen van tabel {table_id}", "get_meta", table_id, "TableInfos")
        if not infos:
            raise CbsTableNotFound(f"CBS gaf geen gegevens over tabel {table_id}.", table_id=table_id)
        return dict(infos[0])

    def table_parts(self, ref: TableRef, what: str = "") -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The table's TableInfos record and DataProperties, after checking its ``Period`` is ``ref.year``.

        Raises
        ------
        CbsTableNotFound
            When CBS has no table ``ref.table_id``.
        CbsDataError
            When the table describes another year.
        """
        what = what or f"het lezen van tabel {ref.table_id} ({ref.year})"
        infos = self._table_call(ref.table_id, ref.year, what, "get_meta", ref.table_id, "TableInfos")
        info = dict(infos[0]) if infos else {}
        year = _year_of(info)
        if year != ref.year:
            raise CbsDataError(f"Tabel {ref.table_id} beschrijft periode {info.get('Period')!r}, niet {ref.year}.")
        properties = self._table_call(ref.table_id, ref.year, what, "get_meta", ref.table_id, "DataProperties")
        if not properties:
            raise CbsDataError(f"Tabel {ref.table_id} mist onderdelen: DataProperties.")
        return info, list(properties)

    def rows(self, ref: TableRef, filters: str, what: str, select: list[str] | None = None) -> list[dict[str, Any]]:
        """TypedDataSet rows of one table matching the OData ``filters`` (paging followed by cbsodata),
        with only the fields in ``select`` when given."""
        rows = self._table_call(
            ref.table_id, ref.year, what, "get_meta", ref.table_id, "TypedDataSet", filters=filters, select=select
        )
        return list(rows)

    def gemeente_rows(self, ref: TableRef, properties: list[dict[str, Any]], gemeente: str, what: str) -> list[dict[str, Any]]:
        """Nederland's row, whole, then the gemeente's rows with only the columns that hold a figure.

        See :mod:`wijkdata.cbs.columns`: the columns not asked for are put back as ``None``, so
        the rows are what CBS would have sent whole.
        """
        from wijkdata.cbs.columns import gemeente_rows

        dim = dimension_key(properties)
        return gemeente_rows(
            lambda filters, select=None: self.rows(ref, filters, what, select),
            properties,
            national_filter=prefix_filter(["NL00"], dim),
            local_filter=prefix_filter(member_prefixes(gemeente), dim),
        )

    def regions(
        self, ref: TableRef, properties: list[dict[str, Any]], filters: str | None = None, what: str = ""
    ) -> list[dict[str, Any]]:
        """The region dimension (``Key``, ``Title``) of one table, filtered on the server when ``filters`` is given."""
        dim = dimension_key(properties)
        what = what or f"het lezen van de regio's van tabel {ref.table_id} ({ref.year})"
        found = self._table_call(
            ref.table_id, ref.year, what, "get_meta", ref.table_id, dim, filters=filters, select=["Key", "Title"]
        )
        return list(found)

    def fetch_gemeente(self, ref: TableRef, gemeente: str) -> RawTable:
        """Pull Nederland, the gemeente, its wijken and buurten from one yearly table.

        TableInfos, DataProperties, Nederland's row, the gemeente's rows (only the columns with a
        figure: :meth:`gemeente_rows`) and the region list, the last two filtered on the server
        to the gemeente's codes (nothing of the rest of the country travels).
        :func:`wijkdata.cbs.normalise.normalise_table` filters again locally. The table's
        ``Period`` must match ``ref.year``.

        Raises
        ------
        CbsUnavailable
            When CBS cannot be reached or fails during the pull (nothing partial is returned).
        CbsTableNotFound
            When CBS has no table ``ref.table_id``.
        CbsDataError
            When the table turns out to describe another year, or lacks its parts.
        """
        gemeente = check_gemeente_code(gemeente)
        what = f"het ophalen van {gemeente} uit tabel {ref.table_id} ({ref.year})"
        info, properties = self.table_parts(ref, what)
        rows = self.gemeente_rows(ref, properties, gemeente, what)
        regions = self.regions(ref, properties, gemeente_filter(gemeente, "Key"), what)
        return RawTable(info=info, properties=properties, rows=rows, regions=regions)

    def gemeenten(self, ref: TableRef) -> list[dict[str, str]]:
        """All gemeenten (code, naam) in one table's region dimension, for choosing by name.

        Only the gemeente rows of the dimension are asked for (``startswith(Key,'GM')``).
        """
        dim = self._call(
            f"het lezen van de gemeentelijst ({ref.table_id})",
            "get_meta",
            ref.table_id,
            "WijkenEnBuurten",
            filters="startswith(Key,'GM')",
            select=["Key", "Title"],
        )
        return gemeenten_of(dim)


def gemeenten_of(regions: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The gemeenten (``code``, ``naam``) among region-dimension rows, in CBS order."""
    out = []
    for row in regions:
        code = str(row.get("Key") or "").strip()
        if is_code(code, "gemeente"):
            out.append({"code": code, "naam": str(row.get("Title") or "").strip()})
    return out


def dimension_key(properties: list[dict[str, Any]]) -> str:
    """The key of the table's region dimension (``WijkenEnBuurten``), from its GeoDetail property."""
    return next((str(p["Key"]).strip() for p in properties if p.get("Type") == "GeoDetail" and p.get("Key")), "WijkenEnBuurten")
