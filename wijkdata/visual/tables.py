"""The table beside the map: every area with its value of one indicator, and the year it is from."""

from __future__ import annotations

import pandas as pd

from wijkdata.visual.mapping import legend_title

__all__ = ["value_table"]


def value_table(
    rows: pd.DataFrame,
    key: str,
    titel: str,
    eenheid: str,
    on_map: set[str] | None = None,
    years: pd.Series | None = None,
) -> pd.DataFrame:
    """The areas with their value of one indicator, highest first, missing last.

    ``rows`` has ``code``, ``naam`` and the indicator column ``key`` (one row per area);
    ``years`` (aligned with ``rows``) the year each value comes from
    (:func:`wijkdata.analysis.latest.filled_year`).

    Returns
    -------
    pandas.DataFrame
        Columns ``Naam``, ``"<titel> (<eenheid>)"`` (numbers, ``<NA>`` when missing), ``Jaar`` (text,
        ``""`` without value; only when ``years`` is given), ``Op de kaart`` (``ja``/``geen grens``;
        only when ``on_map`` is given) and ``Code``.
    """
    column = legend_title(titel, eenheid)
    out = pd.DataFrame(
        {"Naam": rows["naam"].astype(str).to_numpy(), column: rows[key].to_numpy(), "Code": rows["code"].to_numpy()}
    )
    if years is not None:
        out.insert(2, "Jaar", ["" if pd.isna(y) else str(int(y)) for y in years])
    if on_map is not None:
        out.insert(len(out.columns) - 1, "Op de kaart", ["ja" if c in on_map else "geen grens" for c in out["Code"]])
    out = out.sort_values([column, "Naam"], ascending=[False, True], na_position="last", kind="stable")
    return out.reset_index(drop=True)
