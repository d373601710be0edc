"""Fixtures of the deployment tests: a fresh PostgreSQL database per test (the compose setup's server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from wijkdata.registers import db


def fresh_postgres_database() -> Iterator[str]:
    """Create an empty, uniquely named database on ``WIJKDATA_TEST_POSTGRES_URL``; yield its URL, drop it after.

    Skips without a server, fails instead under ``WIJKDATA_REQUIRE_POSTGRES=1`` (CI).
    """
    server = os.environ.get("WIJKDATA_TEST_POSTGRES_URL", "").strip()
    required = os.environ.get("WIJKDATA_REQUIRE_POSTGRES") == "1"
    if not server:
        if required:
            pytest.fail("PostgreSQL is required (WIJKDATA_REQUIRE_POSTGRES=1) but WIJKDATA_TEST_POSTGRES_URL is not set")
        pytest.skip("WIJKDATA_TEST_POSTGRES_URL is not set (start one: scripts/start_test_postgres.sh)")
    server = db.normalise_url(server)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"wijkdata_deploy_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if required:
            pytest.fail(f"PostgreSQL is required but unreachable: {exc.orig}")
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """URL of an empty PostgreSQL database made for this test alone."""
    yield from fresh_postgres_database()


def version_rows(url: str) -> list[tuple]:
    """The rows of ``alembic_version`` in the database at ``url``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()
