"""Figures out of Wijkdata: the long "one row per figure" form and the kerncijfers export.

The long form is what a GIS colleague or a spreadsheet wants and what makes every figure
traceable: one row per (``jaar``, ``code``, ``indicator``) with the CBS table and column it
came from. ``waarde`` is the figure exactly as CBS publishes it (integers without decimals,
decimals as CBS sent them) and empty where CBS has none: never 0, never ".".
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pandas as pd

from wijkdata.config import Settings
from wijkdata.errors import WijkdataError
from wijkdata.kerncijfers import Kerncijfers, load_kerncijfers

__all__ = [
    "table_bytes",
    "neutralise_formulas",
    "long_format",
    "export_kerncijfers",
    "export_kerncijfers_command",
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
    _write(frame, path, fmt)
    return len(frame)


def _write(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    # TODO(merge): replace by wijkdata.tabular.write_table once the records branch lands.
    if fmt not in ("csv", "xlsx"):
        raise WijkdataError(f"Onbekend formaat '{fmt}'; kies csv of xlsx.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
        else:
            frame.to_excel(path, index=False)
    except OSError as exc:
        raise WijkdataError(f"Kan {path} niet schrijven: {exc.strerror}.") from None


def export_kerncijfers_command(settings: Settings, args: argparse.Namespace) -> str:
    """CLI: ``export kerncijfers --gemeente GM0202 --jaar 2024 --format csv --output FILE``."""
    from wijkdata.sync import parse_years

    gemeente = args.gemeente or settings.gemeente
    k = load_kerncijfers(settings, gemeente)
    years = parse_years(args.jaar)
    if years:
        missing = [y for y in years if y not in k.years]
        if missing:
            raise WijkdataError(
                f"Geen cijfers van {k.naam} voor {', '.join(map(str, missing))} in de cache "
                f"(wel: {', '.join(map(str, k.years))}); haal ze eerst op met sync."
            )
    fmt = (args.fmt or args.output.suffix.lstrip(".") or "csv").lower()
    n = export_kerncijfers(k, args.output, fmt, years, args.niveau)
    return f"{n} cijfers van {k.naam} geschreven naar {args.output}."


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which text cells starting with ``= + - @`` get a leading ``'`` (no formula injection)."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


def table_bytes(frame: pd.DataFrame, fmt: str, source: str = "") -> bytes:
    """A table as a downloadable file: ``csv`` (``;``, UTF-8 with BOM) or ``xlsx``, with its source.

    CSV gets a ``Bron`` column; Excel a second sheet ``Bron``. Formulas are neutralised.
    """
    safe = neutralise_formulas(frame)
    buffer = io.BytesIO()
    if fmt == "csv":
        if source and "Bron" not in safe.columns and "bron" not in safe.columns:
            safe = safe.assign(Bron=source)
        buffer.write(safe.to_csv(sep=";", index=False).encode("utf-8-sig"))
    elif fmt == "xlsx":
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe.to_excel(writer, sheet_name="Gegevens", index=False)
            pd.DataFrame({"Bron": [source or "Wijkdata"]}).to_excel(writer, sheet_name="Bron", index=False)
    else:
        raise WijkdataError(f"Onbekend formaat '{fmt}'; kies csv of xlsx.")
    return buffer.getvalue()
