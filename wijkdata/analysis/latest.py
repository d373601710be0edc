"""The latest published figure: where the chosen year has no value yet, the newest year that has one.

CBS publishes a yearly Kerncijfers table in stages: the newest table long lacks incomes, labour,
youth care and Wmo figures. An adviser who asks "which wijk has the most low-income households?"
then wants last year's figure, clearly labelled with its year, never silently mixed in.

:func:`latest_values` answers that for every area and indicator at once. Two modes:

- ``"laatst"`` (default, *laatst gepubliceerd*): the value of the chosen year where there is one,
  else the newest earlier year that has one, with that year in ``jaar``;
- ``"peiljaar"`` (*alleen peiljaar*): only the chosen year's values; missing stays missing.

Values are never invented: a figure is only ever taken from an earlier year's published value of
the same area and indicator, and ``jaar`` always says which year it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from wijkdata.cbs.kerncijfers import Kerncijfers

__all__ = [
    "DEFAULT_MODE",
    "MODES",
    "Mode",
    "filled_year",
    "latest_values",
    "mixed_years_note",
    "parse_mode",
    "value_label",
    "year_note",
    "years_of",
]

Mode = Literal["laatst", "peiljaar"]
#: Mode → Dutch label for a toggle.
MODES: dict[str, str] = {"laatst": "laatst gepubliceerd", "peiljaar": "alleen peiljaar"}
#: The mode when nothing is chosen.
DEFAULT_MODE: Mode = "laatst"


def parse_mode(text: object) -> Mode:
    """The mode a URL parameter or setting names: ``"peiljaar"`` for *alleen peiljaar*, anything else *laatst*."""
    return "peiljaar" if str(text or "").strip().lower() == "peiljaar" else "laatst"


def years_of(k: Kerncijfers, key: str, year: int, mode: Mode = "laatst") -> list[int]:
    """The years whose table has indicator ``key`` that ``mode`` may take figures from for ``year``, ascending."""
    ind = k.catalogue.get(key)
    if ind is None:
        return []
    wanted = [year] if mode == "peiljaar" else [y for y in k.years if y <= year]
    return [y for y in wanted if y in ind.kolommen]


def latest_values(
    k: Kerncijfers,
    year: int,
    keys: Sequence[str],
    *,
    mode: Mode = "laatst",
    niveau: str | None = None,
    codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The figure of each area and indicator for ``year``, or the latest published before it.

    Parameters
    ----------
    k
        A gemeente's figures.
    year
        The chosen year (*peiljaar*).
    keys
        Indicator keys of ``k.catalogue``; unknown keys raise ``KeyError``.
    mode
        ``"laatst"`` to fall back to the newest earlier year with a value, ``"peiljaar"`` for the
        chosen year only.
    niveau, codes
        Restrict to one level and/or these area codes (the areas of ``year``, in CBS order).

    Returns
    -------
    pandas.DataFrame
        One row per (area, indicator) of ``year``'s areas: ``code``, ``indicator``, ``waarde``
        (float, ``NaN`` where no year up to ``year`` has a figure), ``jaar`` (``Int64``: the year
        the value comes from, ``<NA>`` with no value), ``eerder`` (bool: the value is from an
        earlier year than ``year``).
    """
    for key in keys:
        if key not in k.catalogue:
            raise KeyError(key)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {sorted(MODES)}, got {mode!r}")
    now = k.year(year, niveau)
    if codes is not None:
        wanted = {str(c) for c in codes}
        now = now[now["code"].isin(wanted)]
    columns = ["code", "indicator", "waarde", "jaar", "eerder"]
    if now.empty or not keys:
        dtypes = ["string", "string", "float", "Int64", "bool"]
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, dtypes, strict=True)})
    area_codes = now["code"].astype(str).tolist()
    history_years = [y for y in k.years if y <= year] if mode == "laatst" else [year]
    hist = k.data[k.data["jaar"].isin(history_years) & k.data["code"].isin(area_codes)][["jaar", "code", *keys]]
    long = hist.melt(id_vars=["jaar", "code"], value_vars=list(keys), var_name="indicator", value_name="waarde")
    long["waarde"] = pd.to_numeric(long["waarde"], errors="coerce").astype("float")
    long = long.dropna(subset=["waarde"]).sort_values("jaar", kind="stable")
    newest = long.groupby(["code", "indicator"], sort=False).tail(1)
    grid = pd.MultiIndex.from_product([area_codes, list(keys)], names=["code", "indicator"]).to_frame(index=False)
    out = grid.merge(newest, on=["code", "indicator"], how="left")
    out["jaar"] = out["jaar"].astype("Int64")
    out["eerder"] = (out["jaar"] < year).fillna(False).astype(bool)
    out["code"] = out["code"].astype("string")
    out["indicator"] = out["indicator"].astype("string")
    return out[columns].reset_index(drop=True)


def year_note(value_year: object, year: int) -> str:
    """``" (2023)"`` when a value comes from another year than ``year``, else ``""``."""
    if value_year is None or pd.isna(value_year) or int(value_year) == int(year):
        return ""
    return f" ({int(value_year)})"


def value_label(text: str, value_year: object, year: int) -> str:
    """A formatted value with its year when it is not the chosen year: ``"30,4 (2023)"``."""
    return f"{text}{year_note(value_year, year)}"


def filled_year(
    k: Kerncijfers, year: int, keys: Sequence[str], *, mode: Mode = "laatst", niveau: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``year``'s rows with the figures of ``keys`` filled in by :func:`latest_values`, and their years.

    Returns
    -------
    tuple of pandas.DataFrame
        ``rows``: a copy of ``k.year(year, niveau)`` (same index, all columns) whose ``keys``
        columns hold the value per :func:`latest_values` (``Float64``, ``<NA>`` where none);
        ``years``: same index, one ``Int64`` column per key with the year each value comes from.
    """
    rows = k.year(year, niveau).copy()
    years = pd.DataFrame(index=rows.index)
    long = latest_values(k, year, keys, mode=mode, niveau=niveau)
    codes = rows["code"].astype(str)
    for key in keys:
        part = long[long["indicator"] == key].set_index("code")
        rows[key] = pd.to_numeric(codes.map(part["waarde"]), errors="coerce").astype("Float64")
        years[key] = codes.map(part["jaar"]).astype("Int64")
    return rows, years


def mixed_years_note(value_years: Sequence[object] | pd.Series, year: int, what: str = "gebieden") -> str:
    """A Dutch sentence saying which years a set of values comes from, ``""`` when all are from ``year``.

    ``"Gemengde jaren: 2023 (8 wijken). Waar 2024 nog geen cijfer heeft, staat het laatst
    gepubliceerde cijfer met zijn jaar."``
    """
    counts = pd.Series(list(value_years), dtype="object").dropna().astype(int).value_counts()
    earlier = counts[counts.index != int(year)].sort_index(ascending=False)
    if earlier.empty:
        return ""
    parts = [f"{y} ({n} {what})" for y, n in earlier.items()]
    if int(year) in counts.index:
        parts.insert(0, f"{year} ({counts[int(year)]} {what})")
    label = "Gemengde jaren" if len(parts) > 1 else "Cijfers uit een eerder jaar"
    return (
        f"{label}: {', '.join(parts)}. Waar {year} nog geen cijfer heeft, staat het laatst gepubliceerde cijfer "
        "met zijn jaar."
    )
