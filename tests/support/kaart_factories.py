"""Factories for the map tests: a 'real' gemeente made from the demo's tables."""

from __future__ import annotations

from pathlib import Path

from wijkdata.cbs import cache
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.config import Settings
from wijkdata.demo.tables import demo_tables


def cache_demo_as(data_dir: Path, code: str) -> None:
    """Store the demo's six yearly tables in the cache as if CBS had sent them for gemeente ``code``.

    Every ``9999`` in codes and keys becomes the digits of ``code``, so ``BU99990101`` becomes
    ``BU00010101`` for ``GM0001``: the areas of the hand-made PDOK fixtures get figures.
    """
    settings = Settings(data_dir=data_dir)

    def rename(value: object) -> object:
        return value.replace("9999", code[2:]) if isinstance(value, str) else value

    for year, raw in demo_tables().items():
        rows = [{k: rename(v) for k, v in r.items()} for r in raw.rows]
        regions = [{k: rename(v) for k, v in r.items()} for r in raw.regions]
        frame = normalise_table(rows, raw.properties, regions, code)
        cache.store_table(settings, {**raw.info, "Identifier": f"T{year}"}, properties_frame(raw.properties), frame, code, year)
