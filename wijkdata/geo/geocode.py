"""Address → buurt: PDOK's Locatieserver (the only caller), checked against the cached boundaries.

PDOK's Locatieserver (search API v3.1) lives under ``{WIJKDATA_PDOK_URL}/bzk/locatieserver/search/v3_1/``:

- ``free?q=…&fq=type:adres&rows=N``: documents with ``weergavenaam``, ``postcode``, ``huisnummer``,
  ``straatnaam``, ``woonplaatsnaam``, ``buurtcode``/``buurtnaam``, ``wijkcode``/``wijknaam``,
  ``gemeentecode`` (``"0200"``)/``gemeentenaam``, ``centroide_ll`` (``"POINT(lon lat)"``),
  ``centroide_rd`` (``"POINT(x y)"``, EPSG:28992), ``type``, ``id`` and ``score``, in
  ``response.docs`` with ``response.numFound``;
- ``suggest?q=…``: ``id``, ``type``, ``weergavenaam`` and ``score`` per match (for typing ahead);
- ``lookup?id=…``: the one document of an ``id``.

:func:`search` asks ``free`` for addresses when the text holds a number (a postcode or a house
number: ``"6811AA 12"``, ``"6811 AA 12"``, ``"Stationsplein 1, Arnhem"``) and for any type
otherwise (a place or street name); answers are kept in a small LRU cache of recent questions.
:func:`place_point` puts an RD point in its buurt (and wijk) by the cached boundaries: offline,
for a click on a map, and as a check on PDOK's answer (:func:`check_match`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock
from typing import TYPE_CHECKING

from wijkdata.config import Settings
from wijkdata.errors import AddressNotFound, GeoError, LocatieserverUnavailable

if TYPE_CHECKING:  # requests is imported on the first search, not when the app starts
    import requests

__all__ = [
    "BASE_PATH",
    "CACHE_SIZE",
    "Match",
    "Place",
    "check_match",
    "clear_cache",
    "lookup",
    "normalise_query",
    "place_point",
    "search",
    "suggest",
]

BASE_PATH = "/bzk/locatieserver/search/v3_1"
#: Recent answers kept (per PDOK address, question and number of rows).
CACHE_SIZE = 128
#: A search gives up after this many seconds (or the shorter ``WIJKDATA_TIMEOUT``).
MAX_TIMEOUT = 10.0

_POSTCODE = re.compile(r"\b(\d{4})\s*([A-Za-z]{2})\b")
_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)
_FIELDS = (
    "id type weergavenaam score postcode huisnummer huisletter huisnummertoevoeging straatnaam woonplaatsnaam "
    "buurtcode buurtnaam wijkcode wijknaam gemeentecode gemeentenaam centroide_ll centroide_rd"
)


@dataclass(frozen=True)
class Match:
    """One answer of the Locatieserver: an address (or street, postcode, place) and the areas it lies in.

    Codes are CBS's (``BU02000101``, ``WK020001``, ``GM0200``); empty when PDOK gave none. ``x``/``y``
    are RD metres (EPSG:28992), ``lon``/``lat`` WGS84; ``None`` when PDOK gave no point.
    ``controle`` says how the cached boundaries judged the buurt (see :func:`check_match`).
    """

    id: str
    type: str
    weergavenaam: str
    score: float = 0.0
    postcode: str = ""
    huisnummer: str = ""
    straatnaam: str = ""
    woonplaats: str = ""
    buurtcode: str = ""
    buurtnaam: str = ""
    wijkcode: str = ""
    wijknaam: str = ""
    gemeentecode: str = ""
    gemeentenaam: str = ""
    x: float | None = None
    y: float | None = None
    lon: float | None = None
    lat: float | None = None
    controle: str = ""

    @property
    def area(self) -> str:
        """The smallest area code known: the buurt, else the wijk, else the gemeente (may be empty)."""
        return self.buurtcode or self.wijkcode or self.gemeentecode

    def lines(self) -> list[str]:
        """Dutch lines for the command line: the address, then buurt, wijk and gemeente."""
        out = [self.weergavenaam]
        if self.buurtcode:
            out.append(f"  buurt    {self.buurtcode} {self.buurtnaam}".rstrip())
        if self.wijkcode:
            out.append(f"  wijk     {self.wijkcode} {self.wijknaam}".rstrip())
        if self.gemeentecode or self.gemeentenaam:
            out.append(f"  gemeente {self.gemeentecode} {self.gemeentenaam}".rstrip())
        if self.controle:
            out.append(f"  controle {self.controle}")
        return out


@dataclass(frozen=True)
class Place:
    """Where an RD point lies by the cached boundaries of ``jaar`` (codes and names; empty when outside)."""

    jaar: int
    buurtcode: str = ""
    buurtnaam: str = ""
    wijkcode: str = ""
    wijknaam: str = ""

    @property
    def area(self) -> str:
        """The buurt's code, else the wijk's (may be empty)."""
        return self.buurtcode or self.wijkcode


def normalise_query(text: object) -> str:
    """The question as PDOK is asked it: spaces collapsed, postcodes without their space, upper-case.

    ``" 6811 aa  12 "`` → ``"6811AA 12"``.

    Raises
    ------
    AddressNotFound
        When the text is empty.
    """
    query = " ".join(str(text or "").split())
    if not query:
        raise AddressNotFound("Typ een adres, postcode of plaatsnaam om te zoeken.", query="")
    return _POSTCODE.sub(lambda m: f"{m.group(1)}{m.group(2).upper()}", query)


def _point(text: object) -> tuple[float, float] | None:
    match = _POINT.search(str(text or ""))
    return (float(match.group(1)), float(match.group(2))) if match else None


def _gm(code: object) -> str:
    digits = re.sub(r"\D", "", str(code or ""))
    return f"GM{digits.zfill(4)}" if digits else ""


def _match(doc: dict) -> Match:
    rd, ll = _point(doc.get("centroide_rd")), _point(doc.get("centroide_ll"))
    number = "".join(str(doc.get(k) or "") for k in ("huisnummer", "huisletter"))
    if doc.get("huisnummertoevoeging"):
        number += f"-{doc['huisnummertoevoeging']}"
    return Match(
        id=str(doc.get("id") or ""),
        type=str(doc.get("type") or ""),
        weergavenaam=str(doc.get("weergavenaam") or "").strip(),
        score=float(doc.get("score") or 0.0),
        postcode=str(doc.get("postcode") or ""),
        huisnummer=number,
        straatnaam=str(doc.get("straatnaam") or ""),
        woonplaats=str(doc.get("woonplaatsnaam") or ""),
        buurtcode=str(doc.get("buurtcode") or "").strip().upper(),
        buurtnaam=str(doc.get("buurtnaam") or "").strip(),
        wijkcode=str(doc.get("wijkcode") or "").strip().upper(),
        wijknaam=str(doc.get("wijknaam") or "").strip(),
        gemeentecode=_gm(doc.get("gemeentecode")),
        gemeentenaam=str(doc.get("gemeentenaam") or "").strip(),
        x=rd[0] if rd else None,
        y=rd[1] if rd else None,
        lon=ll[0] if ll else None,
        lat=ll[1] if ll else None,
    )


def _get(settings: Settings, verb: str, params: dict, session: requests.Session | None) -> dict:
    """One GET of the Locatieserver; its ``response`` object."""
    import requests

    url = f"{settings.pdok_url}{BASE_PATH}/{verb}"
    timeout = min(settings.timeout, MAX_TIMEOUT)
    http = session or requests
    try:
        answer = http.get(url, params=params, timeout=timeout, headers={"Accept": "application/json"})
    except requests.Timeout:
        raise LocatieserverUnavailable(
            f"De adreszoeker van PDOK antwoordde niet binnen {timeout:g} s. Probeer het later opnieuw, "
            "of kies de wijk of buurt zelf.",
            url=url,
        ) from None
    except requests.RequestException as exc:
        raise LocatieserverUnavailable(
            f"De adreszoeker van PDOK is niet bereikbaar ({settings.pdok_url}: {type(exc).__name__}). Zonder internet "
            "kiest u de wijk of buurt zelf, of klikt u op de kaart.",
            url=url,
        ) from None
    if answer.status_code >= 400:
        raise LocatieserverUnavailable(
            f"De adreszoeker van PDOK gaf een fout (HTTP {answer.status_code}). Probeer het later opnieuw, "
            "of kies de wijk of buurt zelf.",
            url=url,
            status=answer.status_code,
        )
    try:
        body = answer.json()
    except ValueError:
        raise GeoError(f"De adreszoeker van PDOK stuurde geen leesbare JSON ({url}).") from None
    response = body.get("response") if isinstance(body, dict) else None
    if not isinstance(response, dict) or not isinstance(response.get("docs"), list):
        raise GeoError(f"De adreszoeker van PDOK stuurde een onverwacht antwoord (geen response.docs; {url}).")
    return response


class _Recent:
    """A small thread-safe LRU cache of answers (exceptions are never kept)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, tuple[Match, ...]] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> tuple[Match, ...] | None:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key: tuple, value: tuple[Match, ...]) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_RECENT = _Recent(CACHE_SIZE)


def clear_cache() -> None:
    """Forget every kept answer (tests; a changed ``WIJKDATA_PDOK_URL`` needs no clearing)."""
    with _RECENT.lock:
        _RECENT.items.clear()


def search(settings: Settings, text: str, *, rows: int = 10, session: requests.Session | None = None) -> list[Match]:
    """The addresses (or streets, postcodes, places) matching ``text``, best first; empty when none.

    A text with a digit is looked up as an address (``fq=type:adres``); a text without one
    (``"Arnhem"``, ``"Stationsplein Arnhem"``) among every type PDOK knows.
    The answer is kept in a small cache of recent questions.

    Raises
    ------
    AddressNotFound
        When ``text`` is empty.
    LocatieserverUnavailable
        When PDOK cannot be reached, times out, or answers with an HTTP error.
    GeoError
        When PDOK answers with something that is not a Locatieserver response.
    """
    query = normalise_query(text)
    key = (settings.pdok_url, query.lower(), int(rows))
    kept = _RECENT.get(key)
    if kept is not None:
        return list(kept)
    params = {"q": query, "rows": int(rows), "fl": _FIELDS}
    if re.search(r"\d", query):
        params["fq"] = "type:adres"
    found = tuple(_match(d) for d in _get(settings, "free", params, session)["docs"] if isinstance(d, dict))
    _RECENT.put(key, found)
    return list(found)


def suggest(settings: Settings, text: str, *, rows: int = 10, session: requests.Session | None = None) -> list[tuple[str, str]]:
    """``(id, weergavenaam)`` of the suggestions for what is typed so far, best first.

    Raises
    ------
    AddressNotFound, LocatieserverUnavailable, GeoError
        As :func:`search`.
    """
    query = normalise_query(text)
    docs = _get(settings, "suggest", {"q": query, "rows": int(rows)}, session)["docs"]
    return [(str(d.get("id") or ""), str(d.get("weergavenaam") or "")) for d in docs if isinstance(d, dict) and d.get("id")]


def lookup(settings: Settings, doc_id: str, *, session: requests.Session | None = None) -> Match:
    """The one document of ``doc_id`` (from :func:`suggest`).

    Raises
    ------
    AddressNotFound
        When PDOK does not know the id.
    LocatieserverUnavailable, GeoError
        As :func:`search`.
    """
    docs = _get(settings, "lookup", {"id": str(doc_id), "fl": _FIELDS}, session)["docs"]
    if not docs:
        raise AddressNotFound(f"PDOK kent het adres met id '{doc_id}' niet (meer).", query=str(doc_id))
    return _match(docs[0])


def _latest_years(settings: Settings, gemeente: str) -> list[int]:
    from wijkdata.codes import DEMO_GEMEENTE
    from wijkdata.geo.cache import read_manifest

    if gemeente == DEMO_GEMEENTE:
        from wijkdata.demo.areas import DEMO_YEARS

        return sorted(DEMO_YEARS, reverse=True)
    return sorted({e.jaar for e in read_manifest(settings) if not gemeente or e.gemeente == gemeente}, reverse=True)


def place_point(settings: Settings, x: float, y: float, gemeente: str, jaar: int | None = None) -> Place | None:
    """The buurt and wijk an RD point (EPSG:28992, metres) lies in by the cached boundaries of ``gemeente``.

    Uses ``jaar`` when given, else the newest year with cached boundaries (the demo's own shapes
    for GM9999). A level that is not cached stays empty.

    Returns
    -------
    Place or None
        ``None`` when no boundaries of the gemeente are cached, or the point lies outside them.

    Raises
    ------
    CacheError
        When the cached boundaries are damaged.
    """
    import shapely

    from wijkdata.errors import NotCached
    from wijkdata.geo.service import load_boundaries

    point = shapely.Point(float(x), float(y))
    for year in [int(jaar)] if jaar else _latest_years(settings, gemeente):
        found: dict[str, tuple[str, str]] = {}
        for niveau in ("buurt", "wijk"):
            try:
                shapes = load_boundaries(settings, gemeente, year, niveau)
            except NotCached:
                continue
            hit = shapes[shapes.geometry.covers(point)]
            if len(hit):
                found[niveau] = (str(hit["code"].iloc[0]), str(hit["naam"].iloc[0]))
        if found:
            buurt, wijk = found.get("buurt", ("", "")), found.get("wijk", ("", ""))
            if buurt[0] and not wijk[0]:
                wijk = (f"WK{buurt[0][2:8]}", "")
            return Place(year, buurt[0], buurt[1], wijk[0], wijk[1])
    return None


def check_match(settings: Settings, match: Match) -> Match:
    """``match`` checked against the cached boundaries of its gemeente: ``controle`` says the verdict.

    When PDOK named no buurt (a street or place), the buurt the point lies in is filled in.
    PDOK's own codes are never overwritten: a disagreement is reported in ``controle``.
    Without cached boundaries or a point, ``match`` comes back unchanged.
    """
    if match.x is None or match.y is None or not match.gemeentecode:
        return match
    place = place_point(settings, match.x, match.y, match.gemeentecode)
    if place is None:
        return match
    if not match.buurtcode and not match.wijkcode:
        return replace(
            match,
            buurtcode=place.buurtcode,
            buurtnaam=place.buurtnaam,
            wijkcode=place.wijkcode,
            wijknaam=place.wijknaam,
            controle=f"gebied bepaald met de grenzen van {place.jaar}",
        )
    ours, theirs = (place.buurtcode, match.buurtcode) if place.buurtcode else (place.wijkcode, match.wijkcode)
    level = "buurt" if place.buurtcode else "wijk"
    if ours == theirs:
        return replace(match, controle=f"{level} klopt met de grenzen van {place.jaar}")
    return replace(match, controle=f"volgens de grenzen van {place.jaar} ligt dit punt in {level} {ours}, niet {theirs or '–'}")
