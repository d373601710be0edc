"""Export: one gemeente's wijken or buurten with the figures of one year, as GeoJSON or GeoPackage.

The file is in EPSG:4326 and at the source resolution (not simplified: GIS colleagues get what
was imported or fetched). It is written to a temporary file next to the target and moved into
place, so a failed export never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.config import Settings
from wijkdata.errors import GeoError
from wijkdata.geo.join import JoinReport, join_figures
from wijkdata.geo.levels import COLLECTIONS
from wijkdata.geo.service import load_boundaries
from wijkdata.geo.tidy import CRS_RD, CRS_WGS84

__all__ = ["ExportResult", "export_boundaries"]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, its number of rows, and how shapes and figures matched."""

    path: Path
    rows: int
    report: JoinReport


_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def export_boundaries(
    settings: Settings, kerncijfers: Kerncijfers, jaar: int, niveau: str, path: Path | str, fmt: str
) -> ExportResult:
    """Write one gemeente's wijken or buurten of ``jaar`` with that year's figures, in EPSG:4326.

    Columns: ``code``, ``naam``, ``niveau``, ``jaar``, then one numeric column per indicator the
    year's table has, named by its stable key (missing figures stay empty, never 0). Geometry at
    the source resolution (not simplified). ``fmt`` is ``geojson`` or ``gpkg`` (layer ``wijken``
    or ``buurten``).

    Returns
    -------
    ExportResult
        The path written, the number of areas in it and the :class:`~wijkdata.geo.join.JoinReport`.

    Raises
    ------
    GeoError
        On an unknown format or level, or when the file cannot be written.
    NotCached
        When no shapes are cached for this gemeente, year and level.
    """
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in _DRIVERS:
        raise GeoError(f"Onbekend formaat '{fmt}' voor grenzen; kies geojson of gpkg.")
    jaar = int(jaar)
    if jaar not in kerncijfers.years:
        raise GeoError(
            f"Geen cijfers van {kerncijfers.naam} voor {jaar} in de cache (wel: {', '.join(map(str, kerncijfers.years))})."
        )
    shapes = load_boundaries(settings, kerncijfers.gemeente, jaar, niveau)
    joined, report = join_figures(shapes, kerncijfers, jaar, niveau)
    keys = [i.key for i in kerncijfers.catalogue if jaar in i.kolommen]
    columns = {"code": joined["code"].astype(str), "naam": joined["naam"].astype(str), "niveau": niveau, "jaar": jaar}
    for key in keys:
        values = joined[key]
        columns[key] = values.astype("Int64") if str(values.dtype) == "Int64" else values.astype("Float64")
    frame = gpd.GeoDataFrame(pd.DataFrame(columns), geometry=joined.geometry.values, crs=CRS_RD).to_crs(CRS_WGS84)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix or f".{fmt}", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # GDAL wants to create the file itself
        try:
            frame.to_file(tmp, driver=_DRIVERS[fmt], layer=COLLECTIONS[niveau])
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError as exc:
        raise GeoError(f"Kan {path} niet schrijven: {exc.strerror or exc}.") from None
    return ExportResult(path=path, rows=len(frame), report=report)
