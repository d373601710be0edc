"""The one place where a problem reaches the user: :func:`show_error` and :func:`shown_errors`.

A :class:`~wijkdata.errors.WijkdataError` carries a Dutch message meant for the user (CBS not
reachable, an unknown area code, a record changed by someone else). It is shown here, in one
box, with its markdown escaped exactly once (:func:`wijkdata.text.escape_markdown`), so names
with ``*`` or ``_`` in them appear as typed. Anything that is not a WijkdataError is a bug: it is
never caught here, so Streamlit (and the tests) see it.

Pages use the context manager for "show the problem and stop"::

    with shown_errors():
        briefing = build_briefing(...)

and :func:`show_error` with ``stop=False`` where the page carries on after the message (a form
that failed to save, PDOK not reachable while the table still works).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Literal

import streamlit as st

from wijkdata.errors import WijkdataError
from wijkdata.text import escape_markdown

__all__ = ["Level", "show_error", "shown_errors"]

#: How a problem is shown: an error (the default), or a warning/info where the page still works.
Level = Literal["error", "warning", "info"]


def show_error(problem: WijkdataError | str, *, hint: str = "", level: Level = "error", stop: bool = True) -> None:
    """Show ``problem`` (a WijkdataError, or its message kept from an earlier run) to the user.

    Parameters
    ----------
    problem
        The error; its Dutch message is what the user reads.
    hint
        A sentence added after the message (``"Wat al in de cache stond blijft bruikbaar."``).
    level
        ``"error"``, ``"warning"`` or ``"info"``: the box it appears in.
    stop
        Stop the page after the message (the default); ``False`` lets the page continue.
    """
    text = f"{problem} {hint}" if hint else str(problem)
    box = {"error": st.error, "warning": st.warning, "info": st.info}[level]
    box(escape_markdown(text.strip()))
    if stop:
        st.stop()


@contextlib.contextmanager
def shown_errors(hint: str = "") -> Iterator[None]:
    """Show a :class:`WijkdataError` raised inside the block with :func:`show_error` and stop the page.

    Other exceptions pass through untouched: they are bugs, not messages for the user.
    """
    try:
        yield
    except WijkdataError as exc:
        show_error(exc, hint=hint)
