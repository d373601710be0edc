"""Migrations run once when several processes start on one empty PostgreSQL database at the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.deploy.conftest import version_rows
from wijkdata.config import Settings
from wijkdata.errors import DatabaseUnavailable
from wijkdata.registers import db

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]

#: Import everything first, then wait for the shared start moment, then migrate: the processes collide.
_AT_ONCE = """
import sys, time
from deploy.migrate import main
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
sys.exit(main())
"""


def test_four_processes_migrate_one_database_once(fresh_database, tmp_path):
    env = {**os.environ, "WIJKDATA_DATABASE_URL": fresh_database, "WIJKDATA_DATA_DIR": str(tmp_path / "data")}
    start = time.time() + 4.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _AT_ONCE, str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=90)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    head = db.head_revision()
    for out in outputs:
        assert f"staat op schemaversie {head}." in out
        assert "Traceback" not in out and "Fout" not in out
    assert version_rows(fresh_database) == [(head,)]
    engine = sa.create_engine(fresh_database)
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {"initiatieven", "interventies", "signalen", "veldnotities"} <= tables


def test_a_migration_lock_held_too_long_gives_a_dutch_message(fresh_database, tmp_path, monkeypatch):
    monkeypatch.setattr(db, "MIGRATION_LOCK_TIMEOUT", 1.0)
    settings = Settings(data_dir=tmp_path / "data", database_url=fresh_database)
    holder = sa.create_engine(fresh_database)
    try:
        with holder.begin() as conn:  # another process in the middle of migrating
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": db.MIGRATION_LOCK_KEY})
            with pytest.raises(DatabaseUnavailable) as caught:
                db.upgrade(settings)
        assert "wordt al 1 s bijgewerkt door een ander proces" in str(caught.value)
        assert "postgres@" not in str(caught.value)
        db.upgrade(settings)  # once the other is done, the start goes on
        assert version_rows(fresh_database) == [(db.head_revision(),)]
    finally:
        holder.dispose()
