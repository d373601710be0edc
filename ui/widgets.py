"""Small widgets every page uses: downloads of tables with their source inside.

Errors are shown by :mod:`ui.errors`."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from wijkdata.tabular import table_bytes


def downloads(frame: pd.DataFrame, name: str, source: str, key: str) -> None:
    """CSV and Excel download buttons for a table, with its source inside the file.

    The files are made only when a button is clicked, not on every rerun.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "tabel"
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "⬇ CSV",
        data=lambda: table_bytes(frame, "csv", source=source),
        file_name=f"{slug}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        help="Puntkomma-gescheiden, decimale komma, UTF-8; opent direct in Excel. Met bronvermelding.",
    )
    right.download_button(
        "⬇ Excel",
        data=lambda: table_bytes(frame, "xlsx", source=source),
        file_name=f"{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        help="Excel-werkmap met een tabblad 'Bron'.",
    )
