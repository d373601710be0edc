"""Which module handles which ``export <soort>`` and ``import <soort>`` of the command line.

Each handler has the signature ``handler(settings, args) -> str`` (the message to print) and
raises :class:`~wijkdata.errors.WijkdataError` on failure. Imports are lazy so that
``python -m wijkdata status`` does not load geopandas or SQLAlchemy.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from wijkdata.config import Settings

Handler = Callable[[Settings, argparse.Namespace], str]


def _lazy(module: str, name: str) -> Handler:
    def run(settings: Settings, args: argparse.Namespace) -> str:
        import importlib

        return getattr(importlib.import_module(module), name)(settings, args)

    return run


def register(exports: dict[str, Handler], imports: dict[str, Handler]) -> None:
    """Fill the CLI's dispatch tables."""
    exports["kerncijfers"] = _lazy("wijkdata.cbs.export", "export_kerncijfers_command")
    for register in ("initiatieven", "interventies", "signalen", "veldnotities"):
        exports[register] = _lazy("wijkdata.registers.transfer", "export_register_command")
        imports[register] = _lazy("wijkdata.registers.transfer", "import_register_command")
    exports["grenzen"] = _lazy("wijkdata.geo.commands", "export_command")
    imports["grenzen"] = _lazy("wijkdata.geo.commands", "import_command")
