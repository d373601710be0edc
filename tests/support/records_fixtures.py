"""Fixtures of the records registers: a real database per test, on SQLite and on PostgreSQL.

``database_url`` is parametrised: ``sqlite`` always (a file in ``tmp_path``), ``postgresql`` when
``WIJKDATA_TEST_POSTGRES_URL`` names a server (start one with ``scripts/start_test_postgres.sh``).
The PostgreSQL run creates one uniquely named database per session and one schema per test, so
every test starts from an empty, freshly migrated database. With ``WIJKDATA_REQUIRE_POSTGRES=1``
(CI) a missing or unreachable server FAILS the PostgreSQL tests instead of skipping them.

Loaded from ``tests/conftest.py`` with ``pytest_plugins``. Factories (:func:`initiatief` and
friends) return valid field values; tests override what they are about.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from wijkdata.areas import AreaIndex
from wijkdata.config import Settings
from wijkdata.registers import db
from wijkdata.registers.store import Store

#: The areas the tests know: part of the demo municipality and one other (fictional) gemeente.
AREAS = AreaIndex(
    {
        "GM9999": "Voorbeeldstad",
        "WK999901": "Centrum",
        "WK999903": "Kanaalzone",
        "BU99990101": "Binnenstad",
        "BU99990301": "Kanaaloever",
        "BU99990302": "Sluiskwartier",
        "GM9998": "Anderstad",
        "WK999801": "Oost",
        "BU99980101": "Oosthoek",
    }
)
#: "Today" for the tests' validation (dates after it are "in the future").
TODAY = date(2026, 6, 1)


def initiatief(**overrides: Any) -> dict[str, Any]:
    """Valid fields of an initiative."""
    return {
        "titel": "Buurtmoestuin",
        "gebieden": ["BU99990301"],
        "themas": ["groen en openbare ruimte"],
        "status": "lopend",
        "startdatum": date(2025, 4, 1),
        "initiatiefnemer": "Bewonersvereniging",
        "contactpersoon": "Jan Jansen",
        "budget": "4500",
        "indicatoren": ["HuishoudensMetEenLaagInkomen"],
        **overrides,
    }


def interventie(**overrides: Any) -> dict[str, Any]:
    """Valid fields of an intervention."""
    return {
        "titel": "Wijkaanpak",
        "eigenaar": "Sociaal Domein",
        "beleidsdomein": "kansengelijkheid",
        "gebieden": ["WK999903"],
        "startdatum": date(2024, 1, 1),
        "einddatum": date(2027, 12, 31),
        "budget": "1200000",
        "status": "lopend",
        **overrides,
    }


def signaal(**overrides: Any) -> dict[str, Any]:
    """Valid fields of a signal (not linked to an initiative)."""
    return {
        "titel": "Vergunning duurt maanden",
        "gebieden": ["WK999903"],
        "soort": "regel",
        "betrokken": "Omgevingsvergunning",
        "gemeld_door": "Wijkwerker",
        "gemeld_op": date(2026, 3, 1),
        "status": "nieuw",
        **overrides,
    }


def veldnotitie(**overrides: Any) -> dict[str, Any]:
    """Valid fields of a field note."""
    return {
        "datum": date(2026, 5, 1),
        "gebieden": ["BU99990302"],
        "thema": "jeugd",
        "tekst": "Jongeren zoeken een plek.",
        "rol_auteur": "jongerenwerker",
        **overrides,
    }


FACTORIES = {"initiatieven": initiatief, "interventies": interventie, "signalen": signaal, "veldnotities": veldnotitie}


def _require_postgres() -> bool:
    return os.environ.get("WIJKDATA_REQUIRE_POSTGRES", "") == "1"


def _unavailable(reason: str) -> None:
    if _require_postgres():
        pytest.fail(f"PostgreSQL is required (WIJKDATA_REQUIRE_POSTGRES=1) but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """URL of a fresh, uniquely named PostgreSQL database for this test session (dropped afterwards)."""
    server = os.environ.get("WIJKDATA_TEST_POSTGRES_URL", "").strip()
    if not server:
        _unavailable("WIJKDATA_TEST_POSTGRES_URL is not set (start one: scripts/start_test_postgres.sh)")
    server = db.normalise_url(server)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"wijkdata_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        _unavailable(f"the server at {make_url(server).host}:{make_url(server).port} is unreachable: {exc.orig}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty records database: a SQLite file, or a fresh schema in the session's PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite'}"
        return
    base = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def records_settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings with the data dir in ``tmp_path`` and the records database at ``database_url``."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def engine(records_settings: Settings) -> Iterator[Engine]:
    """An engine on the test database, migrated to head (no demo records: not the default database)."""
    engine = db.make_engine(records_settings)
    db.upgrade(records_settings, engine)
    yield engine
    engine.dispose()


class Clock:
    """A test clock: ``now()`` advances one second per call, so audit entries are ordered."""

    def __init__(self) -> None:
        self.current = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        from datetime import timedelta

        self.current += timedelta(seconds=1)
        return self.current


@pytest.fixture
def store(engine: Engine) -> Store:
    """A store on the test database, knowing :data:`AREAS`, with today = :data:`TODAY`."""
    return Store(engine, AREAS, now=Clock(), today=lambda: TODAY)


@pytest.fixture
def other_store(records_settings: Settings) -> Iterator[Store]:
    """A second store on the same database through its own engine: a second editor."""
    engine = db.make_engine(records_settings)
    yield Store(engine, AREAS, now=Clock(), today=lambda: TODAY)
    engine.dispose()
