"""The command line's ``import grenzen`` and ``export grenzen`` (dispatched by :mod:`wijkdata.commands`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wijkdata.config import Settings
from wijkdata.errors import WijkdataError
from wijkdata.geo.export import export_boundaries
from wijkdata.geo.levels import COLLECTIONS, check_jaar, plural
from wijkdata.geo.service import import_boundaries

__all__ = ["export_command", "import_command"]


def import_command(settings: Settings, args: argparse.Namespace) -> str:
    """CLI: ``import grenzen FILE --jaar 2024``.

    Returns
    -------
    str
        The Dutch message to print: what was imported per level, then the notes.
    """
    result = import_boundaries(settings, args.file, args.jaar)
    return "\n".join([f"Grenzen {result.jaar} uit {Path(result.path).name}:", *result.lines()])


def export_command(settings: Settings, args: argparse.Namespace) -> str:
    """CLI: ``export grenzen --gemeente GM0202 --jaar 2024 --niveau wijk --format geojson --output FILE``.

    Returns
    -------
    str
        The Dutch message to print: how many areas were written where, and what did not match.
    """
    from wijkdata.cbs.kerncijfers import load_kerncijfers

    k = load_kerncijfers(settings, args.gemeente or settings.gemeente)
    jaar = check_jaar(args.jaar) if args.jaar else k.latest_year
    niveau = args.niveau or "wijk"
    if niveau not in COLLECTIONS:
        raise WijkdataError(f"Grenzen zijn er per wijk en per buurt, niet per {niveau}; gebruik --niveau wijk of buurt.")
    fmt = (args.fmt or args.output.suffix.lstrip(".") or "geojson").lower()
    result = export_boundaries(settings, k, jaar, niveau, args.output, fmt)
    lines = [f"{result.rows} {plural(niveau, result.rows)} van {k.naam} ({jaar}) met cijfers geschreven naar {result.path}."]
    return "\n".join(lines + result.report.lines()[1:])
