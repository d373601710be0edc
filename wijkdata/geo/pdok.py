"""The PDOK client: wijken and buurten from PDOK's OGC API Features (the only HTTP in ``wijkdata.geo``).

PDOK serves the CBS wijk- en buurtkaart of each year at
``{WIJKDATA_PDOK_URL}/cbs/wijken-en-buurten-{jaar}/ogc/v1/collections/{wijken|buurten}/items``.
:func:`fetch_pdok` asks for one gemeente (``gemeentecode=GM0200``), ``f=json``, in pages of
:data:`PAGE_SIZE` followed by their ``rel="next"`` link, with coordinates in EPSG:28992
(``crs=``; when the server ignores that and sends no ``Content-Crs`` header, CRS84 is assumed,
as the standard says). Features of other gemeenten are dropped, land parts kept.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import geopandas as gpd
import numpy as np
import pandas as pd
import requests
import shapely

from wijkdata.codes import check_gemeente_code, gemeente_of
from wijkdata.config import Settings, redact_url
from wijkdata.errors import GeoError, PdokUnavailable
from wijkdata.geo.levels import AREA_CODE, COLLECTIONS, check_niveau
from wijkdata.geo.tidy import CRS_WGS84, finish, keep_land
from wijkdata.remote import DeadlineSession

__all__ = ["PAGE_SIZE", "fetch_pdok", "pdok_items_url"]

#: Features per PDOK page (PDOK's maximum is 1000).
PAGE_SIZE = 1000

_CRS_URI_RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
_MAX_PAGES = 500


def pdok_items_url(settings: Settings, jaar: int, niveau: str) -> str:
    """The URL of the items endpoint of one year's wijken or buurten collection at PDOK.

    Raises
    ------
    GeoError
        When ``niveau`` is not ``wijk`` or ``buurt``.
    """
    return f"{settings.pdok_url}/cbs/wijken-en-buurten-{int(jaar)}/ogc/v1/collections/{COLLECTIONS[check_niveau(niveau)]}/items"


def _crs_of(response: requests.Response) -> str:
    header = response.headers.get("Content-Crs", "")
    match = re.search(r"EPSG/\d+/(\d+)", header)
    return f"EPSG:{match.group(1)}" if match else CRS_WGS84  # CRS84 = lon/lat, as geopandas' 4326 is used


def _get_page(http: requests.Session, url: str, params: dict | None, settings: Settings, jaar: int) -> tuple[dict, str]:
    shown = redact_url(url)
    try:
        response = http.get(url, params=params, timeout=settings.timeout, headers={"Accept": "application/geo+json"})
    except requests.Timeout:
        raise PdokUnavailable(f"PDOK antwoordde niet (volledig) binnen {settings.timeout:g} s ({shown}).", url=shown) from None
    except requests.RequestException as exc:
        raise PdokUnavailable(
            f"PDOK is niet bereikbaar ({settings.pdok_url_display}: {type(exc).__name__}). Zonder internet kunt u grenzen "
            f"importeren met: python -m wijkdata import grenzen BESTAND --jaar {jaar}.",
            url=shown,
        ) from None
    if response.status_code == 404:
        raise PdokUnavailable(f"PDOK heeft geen wijk- en buurtkaart voor {jaar} (HTTP 404 op {shown}).", url=shown, status=404)
    if response.status_code >= 400:
        raise PdokUnavailable(
            f"PDOK gaf een fout (HTTP {response.status_code}) bij het ophalen van de grenzen van {jaar}.",
            url=shown,
            status=response.status_code,
        )
    try:
        page = response.json()
    except ValueError:
        raise GeoError(f"PDOK stuurde geen leesbare JSON ({shown}).") from None
    if not isinstance(page, dict) or page.get("type") != "FeatureCollection":
        raise GeoError(f"PDOK stuurde geen FeatureCollection ({shown}).")
    return page, _crs_of(response)


def fetch_pdok(
    settings: Settings,
    gemeente: str,
    jaar: int,
    niveau: str,
    *,
    session: requests.Session | None = None,
    page_size: int = PAGE_SIZE,
) -> gpd.GeoDataFrame:
    """One gemeente's wijken or buurten of ``jaar`` from PDOK's OGC API Features, all pages.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``naam``, ``niveau``, ``gemeente_code``, ``geometry``; EPSG:28992; one
        row per code (the land part where a code has land and water parts).

    Raises
    ------
    PdokUnavailable
        When PDOK cannot be reached, times out or answers with an HTTP error (404: no map for that year).
    GeoError
        When PDOK answers with something that is not a FeatureCollection, or has no areas for the gemeente.
    """
    gemeente = check_gemeente_code(gemeente)
    code_key, name_key = f"{niveau}code", f"{niveau}naam"
    url = pdok_items_url(settings, jaar, niveau)
    params: dict | None = {"f": "json", "limit": page_size, "gemeentecode": gemeente, "crs": _CRS_URI_RD}
    http = session or DeadlineSession(settings.timeout)
    rows: list[dict] = []
    geoms: list = []
    crs = None
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in seen or len(seen) >= _MAX_PAGES:
            raise GeoError(f"PDOK blijft naar volgende pagina's verwijzen ({len(seen)} pagina's); ophalen afgebroken.")
        seen.add(next_url)
        page, page_crs = _get_page(http, next_url, params, settings, jaar)
        crs = crs or page_crs
        for feature in page.get("features") or []:
            props = feature.get("properties") or {}
            code = str(props.get(code_key) or "").strip().upper()
            if not AREA_CODE.match(code) or gemeente_of(code) != gemeente or feature.get("geometry") is None:
                continue
            rows.append({"code": code, "naam": str(props.get(name_key) or code).strip(), "water": props.get("water")})
            geoms.append(shapely.geometry.shape(feature["geometry"]))
        link = next((lk.get("href") for lk in page.get("links") or [] if lk.get("rel") == "next" and lk.get("href")), None)
        next_url = urljoin(next_url, link) if link else None
        params = None  # the next link carries its own query
    if not rows:
        raise GeoError(f"PDOK heeft geen {COLLECTIONS[niveau]} van {gemeente} in de wijk- en buurtkaart {jaar}.")
    tidy, _ = keep_land(pd.DataFrame(rows), np.array(geoms, dtype=object), crs)
    return finish(tidy, f"PDOK {COLLECTIONS[niveau]} {jaar}")
