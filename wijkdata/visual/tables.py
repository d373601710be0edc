"""The table beside the map: every area with its value of one indicator, and the year it is from."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from wijkdata.analysis.latest import value_label
from wijkdata.text import MISSING, nl_number, with_unit
from wijkdata.visual.mapping import legend_title

__all__ = ["SMALL_TABLE", "readable", "text_table", "value_table"]

#: Up to this many areas the table is shown as text (readable, printable); more scroll in a grid.
SMALL_TABLE = 30


def value_table(
    rows: pd.DataFrame,
    key: str,
    titel: str,
    eenheid: str,
    on_map: set[str] | None = None,
    years: pd.Series | None = None,
    meaning: Callable[[object], str] | None = None,
) -> pd.DataFrame:
    """The areas with their value of one indicator, highest first, missing last.

    ``rows`` has ``code``, ``naam`` and the indicator column ``key`` (one row per area);
    ``years`` (aligned with ``rows``) the year each value comes from
    (:func:`wijkdata.analysis.latest.filled_year`).

    Returns
    -------
    pandas.DataFrame
        Columns ``Naam``, ``"<titel> (<eenheid>)"`` (numbers, ``<NA>`` when missing), ``Jaar`` (text,
        ``<NA>`` without value; only when ``years`` is given), ``Betekenis`` (what a coded value means,
        e.g. ``"sterk stedelijk"``; only when ``meaning`` is given), ``Op de kaart`` (``ja``/``geen grens``;
        only when ``on_map`` is given) and ``Code``.
    """
    column = legend_title(titel, eenheid)
    out = pd.DataFrame(
        {"Naam": rows["naam"].astype(str).to_numpy(), column: rows[key].to_numpy(), "Code": rows["code"].to_numpy()}
    )
    if years is not None:
        out.insert(2, "Jaar", pd.array([pd.NA if pd.isna(y) else int(y) for y in years], dtype="Int64"))
    if meaning is not None:
        out.insert(len(out.columns) - 1, "Betekenis", [meaning(v) for v in out[column]])
    if on_map is not None:
        out.insert(len(out.columns) - 1, "Op de kaart", ["ja" if c in on_map else "geen grens" for c in out["Code"]])
    out = out.sort_values([column, "Naam"], ascending=[False, True], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def text_table(table: pd.DataFrame, column: str, eenheid: str, decimalen: int, peiljaar: int) -> pd.DataFrame:
    """:func:`value_table`'s rows for reading: the value as Dutch text with its unit, and its year when that is
    not ``peiljaar`` (``"30,4 × € 1.000 (2023)"``); ``"–"`` without value. ``Jaar`` is folded into the value.

    Returns
    -------
    pandas.DataFrame
        The same rows and columns as ``table`` without ``Jaar``, every cell text.
    """
    years = table["Jaar"] if "Jaar" in table.columns else pd.Series([None] * len(table), index=table.index, dtype="object")
    texts = [
        "–" if pd.isna(v) else value_label(with_unit(v, eenheid, decimalen), None if pd.isna(y) or y == "" else int(y), peiljaar)
        for v, y in zip(table[column], years, strict=True)
    ]
    return table.drop(columns=[c for c in ["Jaar"] if c in table.columns]).assign(**{column: texts}).astype(str)


def readable(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """``frame`` for the screen: every missing cell ``"–"`` (a grid would print "None"), numbers Dutch.

    Numeric columns become text with :func:`wijkdata.text.nl_number` (``decimals`` per column;
    integers 0, other numbers 2 by default); other cells their text. Downloads keep the numbers:
    pass the original frame there.

    Returns
    -------
    pandas.DataFrame
        Same index and columns, every cell a ``str``.
    """
    decimals = decimals or {}
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = ["ja" if v else "nee" for v in values]
        elif pd.api.types.is_integer_dtype(values) and str(column).lower().endswith("jaar"):  # 2023, not 2.023
            out[column] = [MISSING if pd.isna(v) else str(int(v)) for v in values]
        elif pd.api.types.is_numeric_dtype(values):
            places = decimals.get(column, 0 if pd.api.types.is_integer_dtype(values) else 2)
            out[column] = [nl_number(v, places) for v in values]
        else:
            out[column] = [MISSING if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]
    return out
