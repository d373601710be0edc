"""Opening the records database for the app and the command line: migrate, seed the demo, hand out a store.

This module sits above :mod:`wijkdata.registers.db` (engine and migrations),
:mod:`wijkdata.registers.store` and :mod:`wijkdata.demo.records` (the demo's example records), so
none of those needs the others: the database layer does not know the demo, and the demo does not
know where its store comes from.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.engine import Engine

from wijkdata.areas import AreaIndex, demo_areas, known_area_index
from wijkdata.cbs.kerncijfers import known_indicator_keys
from wijkdata.config import Settings
from wijkdata.demo import records as demo_records
from wijkdata.registers import db
from wijkdata.registers.store import Store

__all__ = ["open_database", "open_store", "seed_demo"]


def seed_demo(engine: Engine) -> dict[str, list[int]]:
    """Write the demo municipality's example records into the database of ``engine``; returns their ids."""
    return demo_records.seed(Store(engine, demo_areas(), today=demo_records.demo_today))


def open_database(settings: Settings, engine: Engine | None = None) -> db.UpgradeReport:
    """Migrate the records database of ``settings`` to head; a fresh default SQLite file gets the demo records.

    Raises :class:`~wijkdata.errors.WijkdataError` when the database cannot be reached.
    """
    return db.upgrade(settings, engine, seed=seed_demo)


def open_store(settings: Settings, areas: AreaIndex | Mapping[str, str] | None = None) -> Store:
    """A store on the database of ``settings``, migrated to head (demo records on a fresh default).

    ``areas`` defaults to every known area (:func:`wijkdata.areas.known_area_index`), and the
    indicator keys a record may name are those of the catalogue
    (:func:`wijkdata.cbs.kerncijfers.known_indicator_keys`); both are looked up only when the
    store first validates a write: reading and exporting never need them.
    """
    engine = db.make_engine(settings)
    open_database(settings, engine)
    known = areas if areas is not None else (lambda: known_area_index(settings))
    return Store(engine, known, indicators=lambda: known_indicator_keys(settings))
