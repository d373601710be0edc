"""Helpers to run the real app (main.py with its navigation and sidebar) under AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_app(page: str | None = None, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run main.py (optionally switched to ``pages/<page>.py``) and return the finished AppTest.

    The caller sets the WIJKDATA_* environment first (monkeypatch).
    """
    at = AppTest.from_file(str(ROOT / "main.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def open_script(script: Callable[[], None], timeout: float = 30) -> AppTest:
    """Run a small self-contained script (a function whose body imports what it needs) and return the finished AppTest.

    For testing one piece of ``ui`` without the whole app around it.
    """
    at = AppTest.from_function(script, default_timeout=timeout)
    at.run()
    return at


def texts(at: AppTest) -> str:
    """All visible text of the elements AppTest exposes, joined (for 'does the page say X')."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(parts)


def problems(at: AppTest) -> list[str]:
    """Exceptions and error boxes shown (should be empty on demo data)."""
    return [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
