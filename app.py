"""Wijkdata — van wijken weten. Run with: ``streamlit run app.py``.

This file is the server; the pages run from ``main.py`` (navigation and the shared sidebar).
``streamlit run`` finds the :class:`streamlit.App` below and serves ``main.py`` with it, the same
Streamlit server and routes as a plain script. What it adds is a start-up hook: before the
server takes its first request it imports pandas and the engine (~1 s on two cores), so the
first page of a cold server does not spend that time, nor fight the server for the processor
while the browser loads Streamlit's code (issue 13: the first page of a cold server within 2× a
bare Streamlit page). The server says it is ready (``/_stcore/health``, the URL it prints) once
that is done.
"""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st


def warm_up() -> None:
    """Import what every page needs, ahead of the first visitor; a failure is left to that page to show."""
    import inspect

    try:
        import pyarrow.dataset  # noqa: F401  (what reading the cache needs)
        import pyarrow.parquet  # noqa: F401
        import streamlit.material_icon_names  # noqa: F401  (the navigation's icons)

        import ui.data  # noqa: F401  (pandas and the figures engine)
        import ui.sidebar  # noqa: F401
        import ui.widgets  # noqa: F401
        import wijkdata.analysis.overview  # noqa: F401  (the first page)
        import wijkdata.bronnen  # noqa: F401
        import wijkdata.tabular  # noqa: F401  (its downloads)
    except Exception:  # noqa: BLE001  the page's own import raises it again, with a Dutch message
        return
    inspect.getmodule(warm_up)  # fills inspect's file→module map, which Streamlit's first element reads


@asynccontextmanager
async def lifespan(_app):
    await asyncio.to_thread(warm_up)  # in a thread: the event loop stays free while it imports
    yield


app = st.App("main.py", lifespan=lifespan)
