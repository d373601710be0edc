"""Database faults as one Dutch message: unreachable, stopped, locked or damaged; migrations one at a time."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.records_fixtures import AREAS, initiatief
from wijkdata.cli import main
from wijkdata.config import Settings
from wijkdata.errors import DatabaseUnavailable
from wijkdata.registers import db
from wijkdata.registers.opening import open_store
from wijkdata.registers.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_an_unreachable_server_is_one_dutch_message(tmp_path, closed_port_url):
    port = closed_port_url.rsplit(":", 1)[1]
    settings = Settings(data_dir=tmp_path, database_url=f"postgresql://wim:geheim@127.0.0.1:{port}/registers")

    with pytest.raises(DatabaseUnavailable) as err:
        open_store(settings)

    message = str(err.value)
    assert message.startswith(f"De database (PostgreSQL 127.0.0.1:{port}/registers) is niet bereikbaar of niet te openen: ")
    assert message.endswith("De registers zijn nu niet te gebruiken; de CBS-cijfers wel.")
    assert "geheim" not in message
    assert err.value.database == f"PostgreSQL 127.0.0.1:{port}/registers"


def test_a_damaged_sqlite_file_is_one_dutch_message(tmp_path):
    path = tmp_path / "records.sqlite"
    path.write_bytes(b"dit is geen database " * 500)

    wanted = r"^De database \(SQLite .*records.sqlite\) is beschadigd \(file is not a database\)"
    with pytest.raises(DatabaseUnavailable, match=wanted):
        open_store(Settings(data_dir=tmp_path, database_url=f"sqlite:///{path}"))


def test_a_locked_sqlite_file_is_a_dutch_message_within_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.5)
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'records.sqlite'}")
    store = open_store(settings, AREAS)
    holder = sqlite3.connect(tmp_path / "records.sqlite")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="is bezet door een ander proces"):
            store.create("initiatieven", initiatief(), "tester")
        assert time.monotonic() - start < 3
    finally:
        holder.rollback()
        holder.close()
    assert store.list("initiatieven").empty  # nothing half-written


def test_integrity_errors_are_not_turned_into_database_faults(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO t VALUES (1)"))
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO t VALUES (1)"))


def test_a_held_migration_lock_ends_the_cli_with_a_dutch_message(tmp_path, monkeypatch, capsys):
    import filelock

    monkeypatch.setattr(db, "MIGRATION_LOCK_TIMEOUT", 0.5)
    path = tmp_path / "data" / "wijkdata.sqlite"
    path.parent.mkdir()
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
    held = filelock.FileLock(str(path) + ".lock")
    held.acquire()
    try:
        code = main(["export", "initiatieven", "--gemeente", "GM9999", "--output", str(tmp_path / "uit.csv")])
    finally:
        held.release()
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("Fout: De database (SQLite ")
    assert "wordt al 0.5 s bijgewerkt door een ander proces" in err
    assert "Traceback" not in err


def test_four_threads_migrating_at_once_end_at_head_once(records_settings):
    engines = [db.make_engine(records_settings) for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def run(engine: sa.engine.Engine) -> None:
        try:
            barrier.wait(timeout=10)
            db.upgrade(records_settings, engine)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with engines[0].connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [db.head_revision()]
    for e in engines:
        e.dispose()


# -- a real PostgreSQL server that stops while in use ---------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_ctl(folder: str, *args: str) -> None:
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = f"'{bindir}/pg_ctl' -D '{folder}/data' {' '.join(args)}"
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=False, capture_output=True, timeout=60)
    else:
        subprocess.run(["sh", "-c", command], check=False, capture_output=True, timeout=60)


@pytest.fixture
def throwaway_postgres() -> Iterator[tuple[str, Callable[[], None]]]:
    """A PostgreSQL server of its own (scripts/start_test_postgres.sh on a free port) and a function stopping it."""
    if not sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        if os.environ.get("WIJKDATA_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (WIJKDATA_REQUIRE_POSTGRES=1) but not installed", pytrace=False)
        pytest.skip("PostgreSQL is not installed")
    folder = tempfile.mkdtemp(prefix="wijkdata-pg-", dir="/tmp")
    os.chmod(folder, 0o755)
    env = {**os.environ, "WIJKDATA_TEST_PG_PORT": str(_free_port()), "WIJKDATA_TEST_PG_DIR": folder}
    try:
        script = str(ROOT / "scripts" / "start_test_postgres.sh")
        url = subprocess.run(["bash", script], env=env, capture_output=True, text=True, check=True, timeout=120).stdout.strip()
        yield url, lambda: _pg_ctl(folder, "stop", "-m", "fast")
    finally:
        _pg_ctl(folder, "stop", "-m", "immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.postgres
def test_postgresql_stopping_under_a_running_store_is_a_dutch_message(tmp_path, throwaway_postgres):
    url, stop = throwaway_postgres
    port = sa.engine.make_url(url).port
    settings = Settings(data_dir=tmp_path, database_url=url)
    store: Store = open_store(settings, AREAS)
    store.create("initiatieven", initiatief(), "tester")
    assert len(store.list("initiatieven")) == 1

    stop()

    for attempt in (lambda: store.list("initiatieven"), lambda: store.create("initiatieven", initiatief(), "tester")):
        with pytest.raises(DatabaseUnavailable) as err:
            attempt()
        assert str(err.value).startswith(f"De database (PostgreSQL 127.0.0.1:{port}/postgres) is niet bereikbaar")
    with pytest.raises(DatabaseUnavailable):
        open_store(settings, AREAS)
