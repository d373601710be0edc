"""Figures out of Wijkdata: the long "one row per figure" form and the kerncijfers export.

The long form is what a GIS colleague or a spreadsheet wants and what makes every figure
traceable: one row per (``jaar``, ``code``, ``indicator``) with the CBS table and column it
came from. ``waarde`` is the figure exactly as CBS publishes it (integers without decimals,
decimals as CBS sent them) and empty where CBS has none: never 0, never ".".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.errors import WijkdataError
from wijkdata.tabular import write_table

__all__ = [
    "long_format",
    "export_kerncijfers",
    "LONG_COLUMNS",
]

LONG_COLUMNS = ["jaar", "code", "naam", "niveau", "indicator", "titel", "waarde", "eenheid", "cbs_kolom", "tabel", "bron"]


def long_format(k: Kerncijfers, years: list[int] | None = None, niveau: str | None = None) -> pd.DataFrame:
    """One row per (jaar, code, indicator) with its source; see :data:`LONG_COLUMNS`.

    Only indicators that the year's table has are listed (an indicator CBS added later is not a
    missing value in earlier years). Nederland is included unless ``niveau`` is given.
    """
    parts = []
    for year in years or k.years:
        rows = k.year(year)
        if niveau is not None:
            rows = rows[rows["niveau"] == niveau]
        source = k.source_of(year)
        for ind in k.catalogue:
            if year not in ind.kolommen:
                continue
            column = rows[ind.key]
            is_int = str(column.dtype) == "Int64"
            values = column.map(lambda v, i=is_int: "" if pd.isna(v) else (str(int(v)) if i else repr(float(v))))
            parts.append(
                pd.DataFrame(
                    {
                        "jaar": year,
                        "code": rows["code"].to_numpy(),
                        "naam": rows["naam"].to_numpy(),
                        "niveau": rows["niveau"].to_numpy(),
                        "indicator": ind.key,
                        "titel": k.catalogue.label(ind.key),
                        "waarde": values.to_numpy(),
                        "eenheid": ind.eenheid,
                        "cbs_kolom": ind.kolommen[year],
                        "tabel": ind.tabellen[year],
                        "bron": source,
                        "_pos": range(len(rows)),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=LONG_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    order = {key: i for i, key in enumerate(k.catalogue.keys)}
    out["_ind"] = out["indicator"].map(order)
    return out.sort_values(["jaar", "_pos", "_ind"], kind="stable").drop(columns=["_pos", "_ind"]).reset_index(drop=True)


def export_kerncijfers(k: Kerncijfers, path: Path, fmt: str, years: list[int] | None = None, niveau: str | None = None) -> int:
    """Write the long form to ``path`` as ``csv`` (``;``-separated, UTF-8 with BOM) or ``xlsx``.

    Returns the number of rows written.
    """
    frame = long_format(k, years, niveau)
    if k.fictief:
        frame["bron"] = frame["bron"] + " — FICTIEF, geen CBS-cijfers"
    if fmt not in ("csv", "xlsx"):
        raise WijkdataError(f"Onbekend formaat '{fmt}'; kies csv of xlsx.")
    try:
        write_table(frame, path, fmt, sheet_name="Kerncijfers")
    except OSError as exc:
        raise WijkdataError(f"Kan {path} niet schrijven: {exc.strerror}.") from None
    return len(frame)
