"""Boundary files: read wijk and buurt shapes from anything geopandas reads.

``python -m wijkdata import grenzen FILE --jaar 2024`` (offline) comes here, for example with

- the CBS wijk- en buurtkaart GeoPackage: layers ``wijken`` and ``buurten``, code columns
  ``wijkcode``/``buurtcode``, names ``wijknaam``/``buurtnaam``, a ``water`` column;
- the generalised CBS "gebiedsindelingen" GeoJSON: code column ``statcode``, name ``statnaam`` or
  ``name``.

The code column is found by its contents (values like ``WK020001``/``BU02000101``), the name
column by its name; the level follows from the code prefix. Only land parts are kept
(:func:`wijkdata.geo.tidy.keep_land`) and everything is converted to EPSG:28992.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wijkdata.errors import InputFileError
from wijkdata.geo.levels import AREA_CODE
from wijkdata.geo.tidy import CRS_RD, finish, keep_land
from wijkdata.text import count

__all__ = ["code_column", "name_column", "read_boundaries_file"]

_NAME_COLUMNS = {
    "buurtcode": ["buurtnaam"],
    "wijkcode": ["wijknaam"],
    "statcode": ["statnaam", "name", "naam"],
    "bu_code": ["bu_naam"],
    "wk_code": ["wk_naam"],
    "code": ["naam", "name"],
}


# --- reading files -------------------------------------------------------------------------------
def code_column(frame: gpd.GeoDataFrame) -> str | None:
    """The name of the column holding wijk/buurt codes; ``None`` when no column does.

    A column qualifies when at least half its values look like ``WK…``/``BU…``; of several, the
    one with the most distinct codes wins (the first column on a tie).
    """
    best: tuple[int, int, str] | None = None
    for i, col in enumerate(c for c in frame.columns if c != frame.geometry.name):
        values = frame[col]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.dropna().astype(str).str.strip()
        if text.empty:
            continue
        matching = text.str.match(AREA_CODE)
        if matching.mean() < 0.5:
            continue
        rank = (text[matching].nunique(), -i, col)
        if best is None or rank > best:
            best = rank
    return best[2] if best else None


def name_column(frame: pd.DataFrame, code_col: str) -> str | None:
    """The name of the column holding the areas' names, given the code column; ``None`` when there is none.

    Known pairs come first (``buurtcode`` → ``buurtnaam``, ``statcode`` → ``statnaam``/``name``),
    then ``naam``/``name``/``statnaam``, then any column with "naam" or "name" in its name that
    is not about the gemeente.
    """
    lower = {c.lower(): c for c in frame.columns}
    for candidate in _NAME_COLUMNS.get(code_col.lower(), []) + ["naam", "name", "statnaam"]:
        if candidate in lower:
            return lower[candidate]
    for col in frame.columns:
        if ("naam" in col.lower() or "name" in col.lower()) and not col.lower().startswith("gemeente"):
            return col
    return None


def _source(path: Path) -> str:
    """What GDAL opens: a gzipped file (``wijk_2024.geojson.gz``) through its ``/vsigzip/`` reader."""
    return f"/vsigzip/{path.resolve()}" if path.suffix.lower() == ".gz" else str(path)


def _layers(path: Path) -> list[str | None]:
    import pyogrio

    try:
        layers = pyogrio.list_layers(_source(path))
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise InputFileError(f"Kan {path.name} niet lezen als geobestand ({_short(exc)}).", path=str(path)) from None
    spatial = [str(name) for name, geom in layers if geom]
    if len(spatial) <= 1:
        return spatial or [None]
    named = [n for n in spatial if re.search(r"wijk|buurt", n, re.IGNORECASE)]
    return named or spatial


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0].split(";")[0].rstrip(".") if str(exc) else type(exc).__name__
    return text[:200]


def read_boundaries_file(path: Path | str) -> tuple[dict[str, gpd.GeoDataFrame], list[str]]:
    """Read wijk and buurt shapes from any file geopandas reads, also gzipped (``.geojson.gz``).

    Returns
    -------
    (dict, list)
        ``{niveau: GeoDataFrame}`` with columns ``code``, ``naam``, ``niveau``, ``gemeente_code``,
        ``geometry`` in EPSG:28992, one row per code (land parts, see :func:`wijkdata.geo.tidy.keep_land`), and
        notes worth telling the user (water parts dropped, rows without a usable code).

    Raises
    ------
    InputFileError
        When the file is missing or unreadable, has no column of WK/BU codes, holds codes that
        are neither wijk nor buurt, or has no CRS and coordinates that are not plausibly
        EPSG:4326 or EPSG:28992.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"Bestand {path} bestaat niet.", path=str(path))
    parts: dict[str, list[gpd.GeoDataFrame]] = {}
    notes: list[str] = []
    for layer in _layers(path):
        what = path.name + (f" (laag {layer})" if layer else "")
        try:
            raw = gpd.read_file(_source(path), layer=layer) if layer else gpd.read_file(_source(path))
        except Exception as exc:
            raise InputFileError(f"Kan {what} niet lezen ({_short(exc)}).", path=str(path)) from None
        if raw.empty:
            continue
        code_col = code_column(raw)
        if code_col is None:
            raise InputFileError(
                f"In {what} staat geen kolom met wijk- of buurtcodes (WK…/BU…, zoals 'statcode', 'wijkcode' of "
                f"'buurtcode'); gevonden kolommen: {', '.join(c for c in raw.columns if c != raw.geometry.name)}.",
                path=str(path),
            )
        codes = raw[code_col].astype("string").str.strip().str.upper()
        usable = codes.str.match(AREA_CODE).fillna(False).astype(bool)
        if (~usable).any():
            notes.append(f"{what}: {count(int((~usable).sum()), 'rij')} zonder wijk- of buurtcode overgeslagen.")
        name_col = name_column(raw, code_col)
        frame = pd.DataFrame(
            {
                "code": codes[usable].to_numpy(),
                "naam": (raw.loc[usable, name_col].astype("string").str.strip() if name_col else codes[usable]).to_numpy(),
            }
        )
        water_col = next((c for c in raw.columns if c.lower() == "water"), None)
        if water_col:
            frame["water"] = raw.loc[usable, water_col].to_numpy()
        tidy, dropped = keep_land(frame, raw.geometry.values[usable.to_numpy()], raw.crs)
        if dropped:
            notes.append(f"{what}: {count(dropped, 'waterdeel')} weggelaten (landdeel bewaard).")
        finished = finish(tidy, what)
        for niveau, rows in finished.groupby("niveau"):
            parts.setdefault(str(niveau), []).append(rows)
    if not parts:
        raise InputFileError(f"{path.name} bevat geen vlakken van wijken (WK…) of buurten (BU…).", path=str(path))
    out = {}
    for niveau, frames in parts.items():
        merged = pd.concat(frames, ignore_index=True).drop_duplicates("code", keep="last")
        out[niveau] = gpd.GeoDataFrame(merged, geometry="geometry", crs=CRS_RD).sort_values("code").reset_index(drop=True)
    return out, notes
