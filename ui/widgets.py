"""Small widgets every page uses: downloads of tables with their source inside, and the page language.

Errors are shown by :mod:`ui.errors`.

Streamlit's own interface has a few English words it does not let an app change: "No results"
when a typed search in a select box finds nothing, "You can only select up to N options" at a
multiselect's maximum, and the tooltips of its own toolbar and table menus. Wijkdata sets what it
can: a Dutch ``placeholder=`` on select boxes that can be empty, ``select_all=False`` on every
multiselect (no English "Select all" entry), and ``lang="nl"`` on the page (:func:`page_language`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:  # main.py imports this module before pandas: see page_language
    import pandas as pd


def downloads(frame: pd.DataFrame, name: str, source: str, key: str) -> None:
    """CSV and Excel download buttons for a table, with its source inside the file.

    The files are made only when a button is clicked, not on every rerun.
    """
    from wijkdata.tabular import table_bytes

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


#: Streamlit serves ``<html lang="en">``; this sets the document's language (screen readers,
#: hyphenation, the browser's translation offer) once the page has loaded.
_LANG_SCRIPT = '<script>document.documentElement.setAttribute("lang", "nl");</script>'


def page_language() -> None:
    """Mark the page as Dutch: ``document.documentElement.lang == "nl"`` in the browser.

    main.py calls this first, before it imports the engine: Streamlit's first element of a
    process looks up every loaded module's file (``inspect.stack``), which costs ~0.3 s once
    pandas and the rest are loaded and almost nothing before.
    """
    st.html(_LANG_SCRIPT, unsafe_allow_javascript=True, width="content")


def file_links(files: list[tuple[str, str, str, bytes]]) -> None:
    """Documents to save, as links side by side: ``(label, file name, MIME type, bytes)`` each.

    Links, not download buttons: the files are made once (see the Raadsbriefing page) and a link
    saves them without another run of the page. They are documents (PDF, Word, HTML, Markdown),
    never tables: tables go through :func:`downloads`.
    """
    import base64
    import html

    style = (
        "display:inline-block;padding:0.35rem 0.9rem;margin:0 0.5rem 0.5rem 0;border:1px solid rgba(49,51,63,0.2);"
        "border-radius:0.5rem;text-decoration:none;color:inherit"
    )
    links = [
        f'<a download="{html.escape(name)}" href="data:{mime};base64,{base64.b64encode(data).decode("ascii")}" '
        f'style="{style}">⬇ {html.escape(label)}</a>'
        for label, name, mime, data in files
    ]
    st.markdown("".join(links), unsafe_allow_html=True)
