"""Figures out of Wijkdata: the long "one row per figure" form and the kerncijfers export.

The long form is what a GIS colleague or a spreadsheet wants and what makes every figure
traceable: one row per (``jaar``, ``code``, ``indicator``) with the CBS table and column it
came from. ``waarde`` is the figure exactly as CBS publishes it, as a number (``int`` for CBS's
whole-number columns, ``float`` for its decimals) and empty where CBS has none: never 0, never ".".

The files are what Dutch Excel expects (:mod:`wijkdata.tabular`): CSV with ``;`` and a decimal
comma (``12,5``; whole numbers plain, no thousands separator), XLSX with numbers stored as
numbers, and Parquet typed (``jaar`` int, ``waarde`` float, missing is null).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.errors import WijkdataError
from wijkdata.storage import atomic_parquet
from wijkdata.tabular import write_table

__all__ = [
    "FORMATS",
    "LONG_COLUMNS",
    "export_kerncijfers",
    "long_format",
    "typed_long_format",
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
            values = pd.Series([None if pd.isna(v) else (int(v) if is_int else float(v)) for v in column], dtype=object)
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
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "jaar" else object) for c in LONG_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    order = {key: i for i, key in enumerate(k.catalogue.keys)}
    out["_ind"] = out["indicator"].map(order)
    return out.sort_values(["jaar", "_pos", "_ind"], kind="stable").drop(columns=["_pos", "_ind"]).reset_index(drop=True)


#: The formats :func:`export_kerncijfers` writes.
FORMATS = ("csv", "xlsx", "parquet")


def typed_long_format(frame: pd.DataFrame) -> pd.DataFrame:
    """The long form with typed columns for Parquet: ``jaar`` int64, ``waarde`` Float64 (null where
    CBS has no figure), the rest strings."""
    typed = frame.astype({c: "string" for c in LONG_COLUMNS if c not in ("jaar", "waarde")})
    typed["jaar"] = typed["jaar"].astype("int64")
    typed["waarde"] = pd.array([None if v is None else float(v) for v in frame["waarde"]], dtype="Float64")
    return typed


def export_kerncijfers(k: Kerncijfers, path: Path, fmt: str, years: list[int] | None = None, niveau: str | None = None) -> int:
    """Write the long form to ``path`` as ``csv``, ``xlsx`` or ``parquet`` (see the module docstring).

    Returns the number of rows written.

    Raises
    ------
    WijkdataError
        For another format, or when the file cannot be written.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise WijkdataError(f"Onbekend formaat '{fmt}'; kies {', '.join(FORMATS[:-1])} of {FORMATS[-1]}.")
    frame = long_format(k, years, niveau)
    if k.fictief:
        frame["bron"] = frame["bron"] + " — FICTIEF, geen CBS-cijfers"
    try:
        if fmt == "parquet":
            atomic_parquet(typed_long_format(frame), Path(path))
        else:
            write_table(frame, path, fmt, sheet_name="Kerncijfers")
    except OSError as exc:
        raise WijkdataError(f"Kan {path} niet schrijven: {exc.strerror}.") from None
    return len(frame)
