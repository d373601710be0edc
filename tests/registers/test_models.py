"""The records database: migrations from empty, models matching migrations, demo records only where due."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.support.records_fixtures import AREAS
from wijkdata.areas import DEMO_AREAS, AreaIndex
from wijkdata.config import Settings
from wijkdata.demo import records as demo_records
from wijkdata.errors import ConfigError, WijkdataError
from wijkdata.registers import db, opening
from wijkdata.registers.contract import REGISTERS, RegisterSpec
from wijkdata.registers.models import Base, column_type
from wijkdata.registers.store import BOOKKEEPING, Store

TABLES = {"initiatieven", "interventies", "signalen", "veldnotities", "audit_log", "alembic_version"}


def test_migrations_create_every_table_from_empty(records_settings: Settings) -> None:
    engine = db.make_engine(records_settings)
    try:
        assert set(sa.inspect(engine).get_table_names()) == set()
        report = db.upgrade(records_settings, engine)
        assert report.revision == "0001"
        assert report.seeded_demo is False
        assert set(sa.inspect(engine).get_table_names()) == TABLES
        columns = {c["name"] for c in sa.inspect(engine).get_columns("initiatieven")}
        assert {"id", "version", "fictief", "titel", "gebieden", "contactpersoon", "deleted_at"} <= columns
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(engine: sa.Engine, records_settings: Settings) -> None:
    store = Store(engine, AREAS)
    store.create("initiatieven", {"titel": "Blijft", "gebieden": ["WK999903"], "initiatiefnemer": "X"}, "ans")
    assert db.upgrade(records_settings, engine).revision == "0001"
    assert db.upgrade(records_settings, engine).seeded_demo is False
    assert list(store.list("initiatieven")["titel"]) == ["Blijft"]


def test_models_and_migrations_agree(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diffs == []


def test_version_starts_at_one_and_counts_writes(engine: sa.Engine) -> None:
    store = Store(engine, AREAS)
    record = store.create(
        "interventies", {"titel": "A", "eigenaar": "B", "beleidsdomein": "wonen", "gebieden": ["GM9999"]}, "ans"
    )
    assert record["version"] == 1
    assert store.update("interventies", record["id"], {"titel": "A2"}, 1, "bob")["version"] == 2
    assert store.delete("interventies", record["id"], "bob")["version"] == 3


def _default_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def test_fresh_default_sqlite_gets_the_demo_records_once(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    assert db.is_default_database(settings)
    assert opening.open_database(settings).seeded_demo is True
    assert opening.open_database(settings).seeded_demo is False
    engine = db.make_engine(settings)
    store = Store(engine, DEMO_AREAS)
    counts = {k: len(store.list(k)) for k in ("initiatieven", "interventies", "signalen", "veldnotities")}
    engine.dispose()
    assert counts == {
        "initiatieven": len(demo_records.INITIATIEVEN),
        "interventies": len(demo_records.INTERVENTIES),
        "signalen": len(demo_records.SIGNALEN),
        "veldnotities": len(demo_records.VELDNOTITIES),
    }


def test_two_processes_starting_at_once_seed_the_demo_once(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    reports: list[db.UpgradeReport] = []
    threads = [threading.Thread(target=lambda: reports.append(opening.open_database(settings))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.seeded_demo for r in reports) == [False, True]
    engine = db.make_engine(settings)
    assert len(Store(engine, DEMO_AREAS).list("initiatieven")) == len(demo_records.INITIATIEVEN)
    engine.dispose()


def test_demo_is_not_reseeded_after_its_records_were_deleted(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    opening.open_database(settings)
    engine = db.make_engine(settings)
    store = Store(engine, DEMO_AREAS)
    for record_id in store.list("veldnotities")["id"]:
        store.delete("veldnotities", int(record_id), "ans")
    assert opening.open_database(settings).seeded_demo is False
    assert len(store.list("veldnotities")) == 0
    engine.dispose()


def test_other_databases_start_empty(records_settings: Settings) -> None:
    """A SQLite file named by URL, and every PostgreSQL database, get no demo records."""
    assert not db.is_default_database(records_settings)
    assert opening.open_database(records_settings).seeded_demo is False
    engine = db.make_engine(records_settings)
    assert len(Store(engine, AREAS).list("initiatieven")) == 0
    engine.dispose()


def test_demo_records_are_fictional_and_use_demo_areas(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    opening.open_database(settings)
    engine = db.make_engine(settings)
    store = Store(engine, DEMO_AREAS)
    frames = {k: store.list(k) for k in ("initiatieven", "interventies", "signalen", "veldnotities")}
    engine.dispose()
    for kind, frame in frames.items():
        assert frame["fictief"].all(), kind
        text_column = "tekst" if kind == "veldnotities" else "omschrijving"
        assert frame[text_column].str.contains("(fictief)", regex=False).all(), kind
        assert all(code in DEMO_AREAS for codes in frame["gebieden"] for code in codes), kind
    signals = frames["signalen"]
    open_signals = signals[signals["status"].isin(["nieuw", "in behandeling"])]
    assert len(open_signals) >= 4
    assert open_signals["gemeld_op"].nunique() == len(open_signals)  # open for different lengths of time
    assert signals["initiatief_id"].notna().sum() >= 3
    in_kanaalzone = sum(
        any(c.startswith(("WK999903", "BU999903")) for c in codes) for f in frames.values() for codes in f["gebieden"]
    )
    assert in_kanaalzone >= 10  # one wijk where records pile up


def test_demo_seed_is_deterministic(tmp_path: Path) -> None:
    titles = []
    for name in ("a", "b"):
        settings = Settings(data_dir=tmp_path / name)
        opening.open_database(settings)
        engine = db.make_engine(settings)
        frame = Store(engine, DEMO_AREAS).list("signalen")
        titles.append(list(zip(frame["titel"], frame["gemeld_op"], frame["initiatief_id"], strict=True)))
        engine.dispose()
    assert titles[0] == titles[1]


def test_unreachable_database_is_a_clear_error_without_password(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql://wijk:geheim@127.0.0.1:9/wijkdata")
    with pytest.raises(WijkdataError) as info:
        opening.open_database(settings)
    assert "PostgreSQL 127.0.0.1:9/wijkdata" in str(info.value)
    assert "niet bereikbaar" in str(info.value)
    assert "geheim" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_driver_is_chosen_in_one_spot(url: str, expected: str) -> None:
    assert db.normalise_url(url) == expected


def test_other_databases_are_refused() -> None:
    with pytest.raises(ConfigError, match="SQLite of PostgreSQL"):
        db.normalise_url("mysql://u@h/db")


def test_area_index_names_unknown_codes_by_level() -> None:
    index = AreaIndex({"WK999903": "Kanaalzone"})
    assert index.unknown_reason("WK999903") is None
    assert index.unknown_reason("BU99999999") == "onbekende buurtcode BU99999999"
    assert index.unknown_reason("wk999999") == "onbekende wijkcode WK999999"
    assert "geen gebiedscode" in index.unknown_reason("Kanaalzone")
    assert index.label(["WK999903", "BU1"]) == "Kanaalzone, BU1"


# --- one field contract: the models' columns are what the contract declares -------------------


def contract_mismatches(spec: RegisterSpec, table: sa.Table) -> list[str]:
    """Every way ``table`` differs from the fields of ``spec``: missing or extra columns, type, length, nullability."""
    found = []
    own = {c.name for c in table.columns} - set(BOOKKEEPING)
    if own != set(spec.names):
        found.append(f"{table.name}: columns {sorted(own ^ set(spec.names))} differ from the contract")
    for f in spec.fields:
        if f.name not in table.columns:
            continue
        column = table.columns[f.name]
        if column.nullable != f.nullable:
            found.append(f"{table.name}.{f.name}: nullable {column.nullable}, contract {f.nullable}")
        expected = type(column_type(f))
        if not isinstance(column.type, expected):
            found.append(f"{table.name}.{f.name}: {column.type!r}, contract {expected.__name__}")
        if f.kind in ("text", "choice") and getattr(column.type, "length", None) != f.max_length:
            found.append(f"{table.name}.{f.name}: length {column.type.length}, contract {f.max_length}")
        if f.kind == "choice" and any(len(c) > (column.type.length or 0) for c in f.choices):
            found.append(f"{table.name}.{f.name}: a choice is longer than the column")
    return found


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_every_model_column_is_what_the_contract_declares(kind: str) -> None:
    spec = REGISTERS[kind]
    assert contract_mismatches(spec, spec.model.__table__) == []


def test_the_contract_check_notices_a_model_that_disagrees() -> None:
    """A hand-written table as models.py had it before (thema VARCHAR(100) while the contract allowed 200)."""
    spec = REGISTERS["veldnotities"]
    table = sa.Table(
        "veldnotities",
        sa.MetaData(),
        *(sa.Column(name, sa.Integer()) for name in BOOKKEEPING),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("thema", sa.String(100), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column("rol_auteur", sa.String(200), nullable=False),
    )
    wide = RegisterSpec(
        **{**spec.__dict__, "fields": tuple(replace(f, length=200) if f.name == "thema" else f for f in spec.fields)}
    )
    found = contract_mismatches(wide, table)
    assert any("thema: length 100, contract 200" in m for m in found), found
    assert any("tekst: nullable True" in m for m in found), found
    assert any("rol_auteur: length 200, contract 100" in m for m in found), found


def test_every_choice_fits_its_column() -> None:
    for spec in REGISTERS.values():
        for f in spec.fields:
            assert all(len(c) <= f.max_length for c in f.choices), (spec.kind, f.name)


def test_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert db.head_revision() == ScriptDirectory.from_config(db._alembic_config()).get_current_head()


# --- the database layer knows nothing of the demo ------------------------------------------


def test_upgrade_without_a_seed_leaves_a_fresh_default_database_empty(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    assert db.upgrade(settings).seeded_demo is False
    engine = db.make_engine(settings)
    assert len(Store(engine, DEMO_AREAS).list("initiatieven")) == 0
    engine.dispose()


def test_the_database_layer_does_not_import_the_demo_and_skips_alembic_at_head(tmp_path: Path) -> None:
    settings = _default_settings(tmp_path)
    opening.open_database(settings)
    code = (
        "import sys; from wijkdata.config import Settings; from wijkdata.registers import db; "
        f"report = db.upgrade(Settings(data_dir={str(settings.data_dir)!r})); "
        "assert report.revision == db.head_revision(), report; "
        "assert 'wijkdata.demo.records' not in sys.modules, 'db imported the demo'; "
        "assert 'alembic' not in sys.modules, 'alembic loaded for a database already at head'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2], check=True, timeout=60)
