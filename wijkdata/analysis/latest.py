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

__all__ = ["MODES", "Mode", "latest_values", "value_label", "year_note"]

Mode = Literal["laatst", "peiljaar"]
#: Mode → Dutch label for a toggle.
MODES: dict[str, str] = {"laatst": "laatst gepubliceerd", "peiljaar": "alleen peiljaar"}


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
