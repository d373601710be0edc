"""The store on SQLite and PostgreSQL: writes in transactions, optimistic locking, audit, soft delete."""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.support.records_fixtures import AREAS, FACTORIES, TODAY, Clock, initiatief, interventie, signaal, veldnotitie
from wijkdata.areas import AreaIndex
from wijkdata.config import Settings
from wijkdata.errors import ConflictError, RecordNotFound, ValidationError, WijkdataError
from wijkdata.registers import db
from wijkdata.registers.contract import REGISTERS
from wijkdata.registers.models import AuditEntry
from wijkdata.registers.store import Store


def audit_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()


# --- create, get, list -----------------------------------------------------------------------


def test_create_stores_typed_values_and_returns_version_one(store: Store) -> None:
    record = store.create("initiatieven", initiatief(budget="12.500,50", startdatum="1-4-2025"), "ans")
    got = store.get("initiatieven", record["id"])
    assert got["version"] == 1
    assert got["budget"] == Decimal("12500.50")
    assert got["startdatum"] == date(2025, 4, 1)
    assert got["gebieden"] == ["BU99990301"]
    assert got["contactpersoon"] == "Jan Jansen"
    assert got["created_by"] == got["updated_by"] == "ans"
    assert got["deleted_at"] is None and got["fictief"] is False


@pytest.mark.parametrize(
    ("kind", "values"),
    [("initiatieven", initiatief()), ("interventies", interventie()), ("signalen", signaal()), ("veldnotities", veldnotitie())],
)
def test_each_register_round_trips(store: Store, kind: str, values: dict) -> None:
    record = store.create(kind, values, "ans")
    frame = store.list(kind)
    assert list(frame["id"]) == [record["id"]]
    for name, value in values.items():
        if name != "contactpersoon" and name != "budget":
            assert frame.loc[0, name] == value, name


def test_defaults_fill_missing_status(store: Store) -> None:
    assert store.create("initiatieven", {"titel": "A", "gebieden": "WK999903", "initiatiefnemer": "B"}, "ans")["status"] == "idee"
    assert store.create("signalen", {k: v for k, v in signaal().items() if k != "status"}, "ans")["status"] == "nieuw"


def test_invalid_record_is_refused_whole_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        store.create("initiatieven", initiatief(gebieden=["BU99999999"], budget="-5", einddatum=date(2020, 1, 1)), "ans")
    assert set(info.value.problems) == {"gebieden", "budget", "einddatum"}
    assert str(info.value).startswith("Niet opgeslagen: onbekende buurtcode BU99999999;")
    assert len(store.list("initiatieven")) == 0
    assert audit_count(store) == 0


def test_a_user_name_is_required_for_the_audit_trail(store: Store) -> None:
    with pytest.raises(ValidationError, match="vul uw naam in"):
        store.create("veldnotities", veldnotitie(), "  ")


def test_unknown_record_raises_record_not_found(store: Store) -> None:
    with pytest.raises(RecordNotFound, match="Het initiatief met nr. 99 bestaat niet"):
        store.get("initiatieven", 99)
    with pytest.raises(RecordNotFound):
        store.update("initiatieven", 99, {"titel": "x"}, 1, "ans")


def test_unknown_register_is_a_dutch_error(store: Store) -> None:
    with pytest.raises(WijkdataError, match="Onbekend register 'projecten'"):
        store.list("projecten")


# --- update and optimistic locking -----------------------------------------------------------


def test_update_bumps_version_and_audits_old_and_new(store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "ans")
    updated = store.update("initiatieven", record["id"], {"titel": "Moestuin XL", "budget": "5000"}, 1, "bob")
    assert updated["version"] == 2
    assert updated["updated_by"] == "bob"
    history = store.history("initiatieven", record["id"])
    assert list(history["action"]) == ["create", "update"]
    assert list(history["actor"]) == ["ans", "bob"]
    assert history.loc[1, "changes"] == {"titel": ["Buurtmoestuin", "Moestuin XL"], "budget": ["4500.00", "5000.00"]}
    assert history["at"].is_monotonic_increasing
    assert str(history.loc[0, "at"].tzinfo) == "UTC"


def test_update_without_real_change_keeps_the_version(store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "ans")
    same = store.update("initiatieven", record["id"], {"titel": " Buurtmoestuin ", "budget": "4.500,00"}, 1, "bob")
    assert same["version"] == 1
    assert list(store.history("initiatieven", record["id"])["action"]) == ["create"]


def test_invalid_update_changes_nothing(store: Store) -> None:
    record = store.create("interventies", interventie(), "ans")
    with pytest.raises(ValidationError, match="einddatum 31-12-2020 ligt vóór startdatum 01-01-2024"):
        store.update("interventies", record["id"], {"einddatum": date(2020, 12, 31), "titel": "Nieuw"}, 1, "bob")
    got = store.get("interventies", record["id"])
    assert (got["version"], got["titel"]) == (1, "Wijkaanpak")


def test_two_editors_on_one_record_lose_nothing(store: Store, other_store: Store) -> None:
    """Both open version 1; the first save wins, the second gets both versions and saves again on purpose."""
    record = store.create("initiatieven", initiatief(), "ans")
    ans_view = store.get("initiatieven", record["id"])
    bob_view = other_store.get("initiatieven", record["id"])
    assert ans_view["version"] == bob_view["version"] == 1

    store.update("initiatieven", record["id"], {"titel": "Moestuin van Ans"}, ans_view["version"], "ans")
    with pytest.raises(ConflictError) as info:
        other_store.update("initiatieven", record["id"], {"status": "afgerond", "budget": "9000"}, bob_view["version"], "bob")

    conflict = info.value
    assert conflict.theirs["titel"] == "Moestuin van Ans" and conflict.theirs["version"] == 2
    assert conflict.mine["status"] == "afgerond" and conflict.mine["budget"] == Decimal("9000.00")
    assert conflict.mine["version"] == 1
    assert "intussen gewijzigd door ans" in str(conflict)
    assert "versie 2; u bewerkte versie 1" in str(conflict)
    assert "verschillen: Status, Budget" in str(conflict)
    assert store.get("initiatieven", record["id"])["status"] == "lopend"  # Bob's save wrote nothing

    merged = other_store.update("initiatieven", record["id"], {"status": "afgerond"}, conflict.theirs["version"], "bob")
    assert (merged["titel"], merged["status"], merged["version"]) == ("Moestuin van Ans", "afgerond", 3)


def test_racing_writers_get_one_success_and_one_conflict(records_settings: Settings, engine: sa.Engine) -> None:
    """Both pass the version check before either writes; the database still lets only one through."""
    record = Store(engine, AREAS, today=lambda: TODAY).create("initiatieven", initiatief(), "ans")
    barrier = threading.Barrier(2, timeout=0.5)

    def now_after_both_checked():
        clock, waited = Clock(), []

        def now():  # first called after the version check, before the UPDATE
            if not waited:
                waited.append(True)
                # SQLite: both threads get here; PostgreSQL: the row lock keeps the second out
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait()
            return clock()

        return now

    outcomes: list[str] = []

    def edit(user: str) -> None:
        engine_ = db.make_engine(records_settings)
        store = Store(engine_, AREAS, now=now_after_both_checked(), today=lambda: TODAY)
        try:
            store.update("initiatieven", record["id"], {"titel": f"Titel van {user}"}, 1, user)
            outcomes.append("ok")
        except ConflictError as exc:
            assert exc.theirs["version"] == 2
            outcomes.append("conflict")
        finally:
            engine_.dispose()

    threads = [threading.Thread(target=edit, args=(u,)) for u in ("ans", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "ok"]
    final = Store(engine, AREAS).get("initiatieven", record["id"])
    assert final["version"] == 2
    assert final["titel"] in ("Titel van ans", "Titel van bob")


# --- soft delete -----------------------------------------------------------------------------


def test_delete_is_soft_and_can_be_undone(store: Store) -> None:
    record = store.create("veldnotities", veldnotitie(), "ans")
    deleted = store.delete("veldnotities", record["id"], "bob", expected_version=1)
    assert deleted["deleted_by"] == "bob" and deleted["version"] == 2
    assert len(store.list("veldnotities")) == 0
    assert list(store.list("veldnotities", deleted=True)["id"]) == [record["id"]]
    assert store.get("veldnotities", record["id"])["tekst"] == "Jongeren zoeken een plek."
    with pytest.raises(RecordNotFound, match="is verwijderd"):
        store.get("veldnotities", record["id"], include_deleted=False)
    with pytest.raises(RecordNotFound, match="zet het eerst terug"):
        store.update("veldnotities", record["id"], {"thema": "wonen"}, 2, "ans")
    with pytest.raises(WijkdataError, match="is al verwijderd"):
        store.delete("veldnotities", record["id"], "bob")

    back = store.undelete("veldnotities", record["id"], "ans")
    assert back["deleted_at"] is None and back["version"] == 3
    assert list(store.list("veldnotities")["id"]) == [record["id"]]
    assert list(store.history("veldnotities", record["id"])["action"]) == ["create", "delete", "undelete"]
    with pytest.raises(WijkdataError, match="is niet verwijderd"):
        store.undelete("veldnotities", record["id"], "ans")


def test_delete_of_an_outdated_version_is_a_conflict(store: Store) -> None:
    record = store.create("interventies", interventie(), "ans")
    store.update("interventies", record["id"], {"titel": "Nieuw"}, 1, "bob")
    with pytest.raises(ConflictError, match="intussen gewijzigd door bob"):
        store.delete("interventies", record["id"], "ans", expected_version=1)
    assert len(store.list("interventies")) == 1


def test_editing_a_record_deleted_meanwhile_is_a_conflict(store: Store, other_store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "ans")
    store.delete("initiatieven", record["id"], "ans")
    with pytest.raises(ConflictError, match="intussen gewijzigd en verwijderd door ans"):
        other_store.update("initiatieven", record["id"], {"titel": "x"}, 1, "bob")


# --- personal data, references, filters ------------------------------------------------------


def test_personal_data_stays_out_of_lists_and_audit(store: Store) -> None:
    record = store.create("initiatieven", initiatief(contactpersoon="Jan Jansen"), "ans")
    store.update("initiatieven", record["id"], {"contactpersoon": "Piet Pietersen"}, 1, "ans")
    assert "contactpersoon" not in store.list("initiatieven").columns
    assert store.list("initiatieven", personal=True).loc[0, "contactpersoon"] == "Piet Pietersen"
    history = store.history("initiatieven", record["id"])
    assert "Jan Jansen" not in str(list(history["changes"]))
    assert history.loc[1, "changes"] == {"contactpersoon": ["(persoonsgegeven)", "(persoonsgegeven)"]}


def test_signal_takes_its_initiatives_areas_when_it_names_none(store: Store) -> None:
    parent = store.create("initiatieven", initiatief(gebieden=["BU99990302", "BU99990301"]), "ans")
    child = store.create("signalen", signaal(gebieden=[], initiatief_id=parent["id"]), "ans")
    assert child["gebieden"] == ["BU99990302", "BU99990301"]
    own = store.create("signalen", signaal(gebieden=["WK999901"], initiatief_id=parent["id"]), "ans")
    assert own["gebieden"] == ["WK999901"]


def test_signal_must_point_to_an_existing_initiative(store: Store) -> None:
    with pytest.raises(ValidationError, match="initiatief nr. 42 bestaat niet"):
        store.create("signalen", signaal(initiatief_id=42), "ans")
    parent = store.create("initiatieven", initiatief(), "ans")
    store.delete("initiatieven", parent["id"], "ans")
    with pytest.raises(ValidationError, match="of is verwijderd"):
        store.create("signalen", signaal(gebieden=[], initiatief_id=parent["id"]), "ans")


def test_list_filters_by_gemeente_area_theme_and_status(store: Store) -> None:
    a = store.create("initiatieven", initiatief(titel="A", gebieden=["BU99990301"], themas=["jeugd"]), "x")["id"]
    b = store.create("initiatieven", initiatief(titel="B", gebieden=["WK999903"], status="idee"), "x")["id"]
    c = store.create("initiatieven", initiatief(titel="C", gebieden=["BU99990101"], themas=["Jeugd", "wonen"]), "x")["id"]
    d = store.create("initiatieven", initiatief(titel="D", gebieden=["BU99980101"]), "x")["id"]

    def ids(**filters) -> set[int]:
        return set(store.list("initiatieven", **filters)["id"])

    assert ids(gemeente="GM9999") == {a, b, c}
    assert ids(gemeente="GM9998") == {d}
    assert ids(area="WK999903") == {a, b}  # the wijk itself and a buurt in it
    assert ids(area="BU99990301") == {a, b}  # the buurt itself and the wijk around it
    assert ids(theme="jeugd") == {a, c}
    assert ids(status="idee") == {b}
    assert ids(status=["idee", "lopend"], gemeente="GM9999", theme="wonen") == {c}


def test_list_is_newest_first_and_typed(store: Store) -> None:
    store.create("veldnotities", veldnotitie(datum=date(2026, 1, 1), thema="oud"), "x")
    store.create("veldnotities", veldnotitie(datum=date(2026, 5, 1), thema="nieuw"), "x")
    frame = store.list("veldnotities")
    assert list(frame["thema"]) == ["nieuw", "oud"]
    money = store.list("initiatieven")
    assert str(money["budget"].dtype) == "Float64"


def test_create_many_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.create_many("veldnotities", [veldnotitie(), veldnotitie(), veldnotitie(gebieden=["BU99999999"])], "ans")
    assert len(store.list("veldnotities")) == 0
    assert audit_count(store) == 0
    assert len(store.create_many("veldnotities", [veldnotitie(), veldnotitie()], "ans")) == 2


def test_writes_survive_a_new_connection(records_settings: Settings, store: Store) -> None:
    record = store.create("initiatieven", initiatief(titel="Café de Zon"), "ans")
    fresh = db.make_engine(records_settings)
    try:
        assert Store(fresh, AREAS).get("initiatieven", record["id"])["titel"] == "Café de Zon"
    finally:
        fresh.dispose()


# --- limits: what the contract lets through, the database stores unchanged ---------------------


@pytest.mark.parametrize(
    ("kind", "field", "length", "message"),
    [
        ("veldnotities", "thema", 150, "'Thema' is te lang (150 tekens, hoogstens 100)"),
        ("veldnotities", "rol_auteur", 101, "'Rol van de auteur' is te lang (101 tekens, hoogstens 100)"),
        ("initiatieven", "titel", 5000, "'Titel' is te lang (5000 tekens, hoogstens 200)"),
        ("signalen", "soort", 150, "bestaat niet; kies uit"),
    ],
)
def test_over_long_text_is_refused_in_dutch_naming_the_field(
    store: Store, kind: str, field: str, length: int, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        store.create(kind, FACTORIES[kind](**{field: "x" * length}), "ans")
    assert list(info.value.problems) == [field]
    assert message in info.value.problems[field]
    assert len(store.list(kind)) == 0


def test_text_at_every_limit_is_stored_unchanged(store: Store) -> None:
    """On PostgreSQL a column narrower than the contract would raise DataError here."""
    for spec in REGISTERS.values():
        values = FACTORIES[spec.kind]()
        texts = [f for f in spec.fields if f.kind in ("text", "longtext")]
        for f in texts:
            values[f.name] = "é" * (f.max_length - 1) + "z"
        record = store.create(spec.kind, values, "ans")
        stored = store.get(spec.kind, record["id"])
        assert {f.name: stored[f.name] for f in texts} == {f.name: values[f.name] for f in texts}, spec.kind


# --- lists: filtered in SQL, areas looked up only to validate writes ---------------------------


def test_list_filters_in_the_database(store: Store) -> None:
    store.create("initiatieven", initiatief(gebieden=["BU99990301"]), "x")
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        store.list("initiatieven", gemeente="GM9999", area="WK999903", theme="jeugd", status=["lopend"])
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
    select = next(s for s in statements if "FROM initiatieven" in s)
    assert "WHERE" in select and "deleted_at IS NULL" in select
    assert "status IN" in select
    assert select.count("json_each") + select.count("json_array_elements_text") == 3  # gemeente, area, theme


def test_list_matches_areas_with_letters_and_themes_in_any_case(engine: sa.Engine) -> None:
    areas = {"GM0363": "Amsterdam", "WK0363AA": "Burgwallen-Oude Zijde", "BU0363AA01": "Kop Zeedijk", "WK0363AB": "Nieuwmarkt"}
    store = Store(engine, areas, today=lambda: TODAY)
    a = store.create("initiatieven", initiatief(gebieden=["BU0363AA01"], themas=["Café en Ontmoeting"]), "x")["id"]
    b = store.create("initiatieven", initiatief(gebieden=["WK0363AB"], themas=["ÉÉN BUURT"]), "x")["id"]

    def ids(**filters: str) -> set[int]:
        return set(store.list("initiatieven", **filters)["id"])

    assert ids(area="WK0363AA") == {a}
    assert ids(area="GM0363") == {a, b}
    assert ids(gemeente="GM0363") == {a, b}
    assert ids(gemeente="Amsterdam") == set()
    assert ids(theme="café en ontmoeting") == {a}
    assert ids(theme="één buurt") == {b}
    assert ids(theme="café") == set()  # a theme is matched whole, not in part


def test_areas_are_looked_up_only_when_a_write_is_validated(engine: sa.Engine) -> None:
    calls: list[int] = []

    def areas() -> AreaIndex:
        calls.append(1)
        return AREAS

    store = Store(engine, areas, today=lambda: TODAY)
    assert len(store.list("initiatieven")) == 0
    assert calls == []
    store.create("initiatieven", initiatief(), "x")
    store.create("initiatieven", initiatief(), "x")
    assert calls == [1]
