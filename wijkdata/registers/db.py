"""The records database: one engine per URL, migrations to head, a seed on a fresh default.

:func:`make_engine` is the one place that chooses a driver: ``sqlite:///…`` for the default file
in the data dir, and psycopg 3 for every PostgreSQL URL (``postgres://`` and ``postgresql://``
are read as ``postgresql+psycopg://``). :func:`upgrade` runs the Alembic migrations in
:mod:`wijkdata.registers.migrations` to head; it is idempotent and safe to call at every start of the app
or the command line. Only the default SQLite database, when it did not exist before and is empty
after migrating, is handed to the ``seed`` given to :func:`upgrade` (the demo municipality's
example records, see :func:`wijkdata.registers.opening.open_database`); a PostgreSQL deployment
starts empty. This module knows nothing of the demo.

Several processes may start on one database at once (app replicas, ``deploy/migrate.py``, the
command line): on PostgreSQL a transaction-scoped advisory lock (:data:`MIGRATION_LOCK_KEY`), on
SQLite a lock file next to the database, lets one migrate while the others wait and then find the
schema at head; ``tests/deploy`` starts them together to hold that.

A new migration after changing :mod:`wijkdata.registers.models`::

    from wijkdata import config
    from wijkdata.registers import db
    db.new_revision(config.get_settings(), "wat er verandert")
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url

from wijkdata.config import Settings
from wijkdata.errors import ConfigError, DatabaseUnavailable, WijkdataError

__all__ = [
    "BUSY_TIMEOUT",
    "MIGRATION_LOCK_KEY",
    "MIGRATION_LOCK_TIMEOUT",
    "UpgradeReport",
    "current_revision",
    "database_label",
    "head_revision",
    "is_default_database",
    "make_engine",
    "new_revision",
    "normalise_url",
    "unavailable",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")

#: Seconds a SQLite writer waits for another before the database counts as locked.
BUSY_TIMEOUT = 5.0
#: Seconds a process waits for another that is migrating the same database (SQLite file or PostgreSQL).
MIGRATION_LOCK_TIMEOUT = 60.0
#: Key of the PostgreSQL advisory lock that lets one process at a time migrate a database.
MIGRATION_LOCK_KEY = 727365
#: One migration at a time in this process (Alembic's script loading is not thread-safe).
_UPGRADE_LOCK = threading.RLock()


def normalise_url(url: str) -> str:
    """``url`` with the driver Wijkdata uses: psycopg 3 for PostgreSQL, pysqlite for SQLite.

    Raises :class:`ConfigError` for other databases or an unreadable URL.
    """
    text = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            text = "postgresql+psycopg://" + text[len(prefix) :]
    try:
        parsed = make_url(text)
    except sa.exc.ArgumentError:
        raise ConfigError(f"WIJKDATA_DATABASE_URL is geen geldig database-adres: {url!r}.") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"WIJKDATA_DATABASE_URL moet naar SQLite of PostgreSQL wijzen, niet naar {parsed.get_backend_name()!r}."
        )
    return text


def database_label(url: str) -> str:
    """The database for people: a file path or ``host:port/name``, never a password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return f"PostgreSQL {parsed.host}:{parsed.port or 5432}/{parsed.database}"


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # SQLite's own lower() knows only A–Z; filters compare themes case-insensitively as PostgreSQL does
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _first_line(exc: BaseException | None) -> str:
    lines = str(exc or "").strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def unavailable(label: str, exc: BaseException | None) -> DatabaseUnavailable:
    """The Dutch :class:`DatabaseUnavailable` for the database ``label`` failing with ``exc`` (the driver's error)."""
    reason = _first_line(exc)
    low = reason.lower()
    if "locked" in low or "busy" in low:
        text = f"De database ({label}) is bezet door een ander proces; probeer het over een ogenblik opnieuw."
    elif "not a database" in low or "malformed" in low or "corrupt" in low:
        text = f"De database ({label}) is beschadigd ({reason}); zet een reservekopie terug of kies een ander bestand."
    else:
        text = f"De database ({label}) is niet bereikbaar of niet te openen: {reason}."
    return DatabaseUnavailable(
        f"{text} De registers zijn nu niet te gebruiken; de CBS-cijfers wel.",
        database=label,
    )


def _translate(label: str) -> Any:
    """A ``handle_error`` listener turning the driver's "cannot reach/open/lock" errors into DatabaseUnavailable.

    Integrity and programming errors are left alone (they are the store's to handle, or bugs);
    a failed pre-ping is left to the pool, which then reconnects.
    """

    def handle(context: ExceptionContext) -> None:
        if context.is_pre_ping:
            return
        error = context.sqlalchemy_exception
        if isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError) or type(error) is sa.exc.DatabaseError:
            raise unavailable(label, context.original_exception) from context.original_exception

    return handle


def make_engine(settings_or_url: Settings | str) -> Engine:
    """An engine for the records database (``Settings.database_url`` or a URL).

    SQLite: the parent folder is created, foreign keys are enforced, writers wait up to
    :data:`BUSY_TIMEOUT` seconds for each other, ``lower()`` lower-cases every letter (not only
    A–Z), as on PostgreSQL. PostgreSQL: psycopg 3, connections checked before use, a bounded
    connect timeout. On both, a database that cannot be reached, stays locked or is damaged raises
    :class:`~wijkdata.errors.DatabaseUnavailable` (one Dutch message, no password) from every call.
    """
    url = normalise_url(settings_or_url.database_url if isinstance(settings_or_url, Settings) else settings_or_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    sa.event.listen(engine, "handle_error", _translate(database_label(url)))
    return engine


def is_default_database(settings: Settings) -> bool:
    """True when the records database is the default SQLite file in the data dir."""
    return settings.database_url == f"sqlite:///{(settings.data_dir / 'wijkdata.sqlite').resolve()}"


@dataclass(frozen=True)
class UpgradeReport:
    """What :func:`upgrade` did: the revision now in place, and whether demo records were added."""

    revision: str
    seeded_demo: bool


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^revision(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?::[^=]+)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def head_revision() -> str:
    """The newest migration's revision id, read from the files in ``migrations/versions`` (without Alembic).

    ``tests/registers/test_models.py`` checks it against Alembic's own answer.
    """
    revisions, downs = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(text))
        downs.update(_DOWN.findall(text))
    heads = sorted(revisions - downs)
    if len(heads) != 1:
        raise WijkdataError(f"De migraties van de database hebben geen eenduidige laatste versie: {heads}.")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None`` for an empty database)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Hold this process's migration lock and, for a SQLite file, an exclusive lock next to it.

    So two threads never run Alembic at once, and two processes do not migrate or seed one file
    at once. A lock held by another process longer than :data:`MIGRATION_LOCK_TIMEOUT` gives
    :class:`DatabaseUnavailable` instead of waiting forever.
    """
    with _UPGRADE_LOCK:
        database = engine.url.database
        if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
            yield
            return
        path = Path(database).with_name(Path(database).name + ".lock")
        lock = filelock.FileLock(str(path), timeout=MIGRATION_LOCK_TIMEOUT)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise DatabaseUnavailable(
                f"De database ({database_label(str(engine.url))}) wordt al {MIGRATION_LOCK_TIMEOUT:g} s bijgewerkt "
                f"door een ander proces (slot {path}); probeer het later opnieuw.",
                database=database_label(str(engine.url)),
            ) from None
        try:
            yield
        finally:
            lock.release()


def _postgres_migration_lock(conn: Connection, label: str) -> None:
    """Take the database's migration lock for this transaction, waiting at most :data:`MIGRATION_LOCK_TIMEOUT` s.

    Several app replicas starting together (compose) each call :func:`upgrade`: the first migrates,
    the others wait here and then find the database at head. A lock held longer gives
    :class:`DatabaseUnavailable` with a Dutch message instead of a start that hangs.
    """
    conn.execute(sa.text(f"SET LOCAL lock_timeout = '{int(MIGRATION_LOCK_TIMEOUT * 1000)}ms'"))
    try:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    except (DatabaseUnavailable, sa.exc.OperationalError) as exc:
        cause = exc.__cause__ if isinstance(exc, DatabaseUnavailable) else exc.orig
        if getattr(cause, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise DatabaseUnavailable(
            f"De database ({label}) wordt al {MIGRATION_LOCK_TIMEOUT:g} s bijgewerkt door een ander proces "
            "(migratieslot); probeer het later opnieuw.",
            database=label,
        ) from None
    conn.execute(sa.text("SET LOCAL lock_timeout = 0"))  # the migrations themselves wait as long as they need


def upgrade(settings: Settings, engine: Engine | None = None, *, seed: Callable[[Engine], object] | None = None) -> UpgradeReport:
    """Migrate the records database to the newest schema; call ``seed(engine)`` on a fresh default SQLite.

    Idempotent: a database already at head is left as it is (without loading Alembic). ``seed`` runs at most once per
    database: only when the default SQLite file did not exist before and all registers are empty,
    while this process holds the file's lock. Raises :class:`WijkdataError` when the database
    cannot be reached (the message names it, without password).
    """
    from wijkdata.registers.models import Initiatief, Interventie, Signaal, Veldnotitie

    default = settings.is_sqlite and is_default_database(settings)
    path = settings.data_dir / "wijkdata.sqlite"
    fresh = default and (not path.exists() or path.stat().st_size == 0)
    own = engine is None
    engine = engine or make_engine(settings)
    try:
        if not fresh and current_revision(engine) == head_revision():
            return UpgradeReport(revision=head_revision(), seeded_demo=False)
        from alembic import command

        with _migration_lock(engine):  # migrating and seeding: one thread, one process at a time
            fresh = fresh and (not path.exists() or path.stat().st_size == 0 or current_revision(engine) is None)
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":  # concurrent upgrades wait for each other
                    _postgres_migration_lock(conn, database_label(settings.database_url))
                command.upgrade(_alembic_config(conn), "head")
                revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
                empty = all(
                    conn.execute(sa.select(sa.func.count()).select_from(m)).scalar_one() == 0
                    for m in (Initiatief, Interventie, Signaal, Veldnotitie)
                )
            seeded = fresh and empty and seed is not None
            if seeded:
                seed(engine)
        return UpgradeReport(revision=revision, seeded_demo=seeded)
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:  # an engine made elsewhere, without our listener
        raise unavailable(database_label(settings.database_url), exc.orig or exc) from exc
    finally:
        if own:
            engine.dispose()


def new_revision(settings: Settings, message: str) -> None:
    """Write a new migration in ``wijkdata/migrations/versions`` from the difference models ↔ database."""
    from alembic import command

    engine = make_engine(settings)
    with engine.begin() as conn:
        command.revision(_alembic_config(conn), message=message, autogenerate=True)
    engine.dispose()
