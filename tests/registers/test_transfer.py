"""Import and export of the registers: lossless round trips, all-or-nothing imports, every bad row named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from tests.support.records_fixtures import initiatief, signaal, veldnotitie
from wijkdata.errors import ConflictError, InputFileError
from wijkdata.registers import store as store_module
from wijkdata.registers.models import AuditEntry
from wijkdata.registers.store import Store
from wijkdata.registers.transfer import commit_import, export_frame, import_file, preview_import
from wijkdata.tabular import read_table, table_bytes


def snapshot(store: Store) -> tuple:
    """Everything an import could change: all records of all registers and the audit trail."""
    frames = tuple(
        store.list(kind, personal=True).drop(columns=["created_at", "updated_at"]).to_json()
        for kind in ("initiatieven", "interventies", "signalen", "veldnotities")
    )
    with store.engine.connect() as conn:
        audit = conn.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one()
    return frames, audit


def csv_bytes(text: str, encoding: str = "cp1252") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


# --- export ---------------------------------------------------------------------------------------


def test_export_has_codes_in_one_column_and_no_personal_data(store: Store) -> None:
    store.create("initiatieven", initiatief(gebieden=["BU99990301", "BU99990302"], contactpersoon="Jan Jansen"), "ans")
    frame = export_frame(store, "initiatieven")
    assert list(frame.columns[:3]) == ["id", "versie", "titel"]
    assert "contactpersoon" not in frame.columns
    assert frame.loc[0, "gebieden"] == "BU99990301,BU99990302"
    assert frame.loc[0, "themas"] == "groen en openbare ruimte"
    assert not frame.loc[0, "fictief"]
    text = table_bytes(frame, "csv").decode("utf-8-sig")
    assert "Jan Jansen" not in text
    assert "BU99990301,BU99990302" in text
    assert "4500" in text and ";nee" in text


def test_export_with_personal_data_on_request(store: Store) -> None:
    store.create("initiatieven", initiatief(contactpersoon="Jan Jansen"), "ans")
    assert export_frame(store, "initiatieven", personal=True).loc[0, "contactpersoon"] == "Jan Jansen"


def test_export_leaves_out_deleted_records_and_filters_by_gemeente(store: Store) -> None:
    a = store.create("veldnotities", veldnotitie(), "ans")
    store.create("veldnotities", veldnotitie(gebieden=["BU99980101"]), "ans")
    gone = store.create("veldnotities", veldnotitie(), "ans")
    store.delete("veldnotities", gone["id"], "ans")
    assert len(export_frame(store, "veldnotities")) == 2
    assert list(export_frame(store, "veldnotities", gemeente="GM9999")["id"]) == [a["id"]]


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_file_imports_back_unchanged(store: Store, fmt: str) -> None:
    store.create("initiatieven", initiatief(titel='=HYPERLINK("x")', budget="12.500,50", einddatum=date(2026, 1, 1)), "ans")
    store.create("signalen", signaal(status="opgelost", oplossing="-geregeld-", afgehandeld_op=date(2026, 4, 1)), "ans")
    before = snapshot(store)
    for kind in ("initiatieven", "signalen"):
        data = table_bytes(export_frame(store, kind), fmt)
        preview, result = import_file(store, kind, data, "bob", name=f"export.{fmt}")
        assert (len(preview.new), len(preview.changes), len(preview.unchanged)) == (0, 0, 1)
        assert result == {"created": [], "updated": []}
    assert snapshot(store) == before


def test_edited_export_updates_only_what_changed(store: Store) -> None:
    a = store.create("initiatieven", initiatief(titel="A"), "ans")
    b = store.create("initiatieven", initiatief(titel="B", contactpersoon="Piet"), "ans")
    frame = export_frame(store, "initiatieven")
    frame.loc[frame["id"] == b["id"], "status"] = "afgerond"
    extra = frame.iloc[[0]].assign(id=None, versie=None, titel="Nieuw: Café")
    preview, result = import_file(store, "initiatieven", table_bytes(pd.concat([frame, extra]), "csv"), "bob", name="x.csv")
    assert preview.summary() == "1 nieuw, 1 gewijzigd, 1 ongewijzigd (initiatieven uit x.csv)."
    assert result["updated"] == [b["id"]]
    assert len(result["created"]) == 1
    changed = store.get("initiatieven", b["id"])
    assert (changed["status"], changed["version"], changed["contactpersoon"]) == ("afgerond", 2, "Piet")
    assert store.get("initiatieven", a["id"])["version"] == 1
    assert store.get("initiatieven", result["created"][0])["titel"] == "Nieuw: Café"
    assert list(store.history("initiatieven", b["id"])["action"]) == ["create", "import"]


def test_an_outdated_export_does_not_overwrite_newer_work(store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "ans")
    old = export_frame(store, "initiatieven").assign(titel="Oude titel")
    store.update("initiatieven", record["id"], {"titel": "Nieuwere titel"}, 1, "bob")
    before = snapshot(store)
    with pytest.raises(InputFileError) as info:
        import_file(store, "initiatieven", table_bytes(old, "csv"), "ans", name="oud.csv")
    assert (
        "rij 2, kolom 'versie': initiatief nr. 1 is intussen gewijzigd door bob (nu versie 2, dit bestand heeft versie 1)"
        in str(info.value)
    )
    assert snapshot(store) == before


# --- imports from people's spreadsheets ------------------------------------------------------


def test_windows_1252_semicolon_import_keeps_accents(store: Store) -> None:
    data = csv_bytes(
        "titel;gebieden;initiatiefnemer;status;budget;startdatum;einddatum;thema's\n"
        "Buurtmoestuin Café de Zon;BU99990301,BU99990302;Bewoners;lopend;1.250,75;1-3-2025;31-12-2025;jeugd, wonen\n"
        '\'=HYPERLINK("http://x","klik");WK999903;Bewoners;Idee;;;;\n'
    )
    preview, result = import_file(store, "initiatieven", data, "ans", name="lijst.csv")
    assert preview.file_attrs["encoding"] == "cp1252" and preview.file_attrs["delimiter"] == ";"
    assert len(result["created"]) == 2
    first, second = (store.get("initiatieven", i) for i in result["created"])
    assert first["titel"] == "Buurtmoestuin Café de Zon"
    assert first["gebieden"] == ["BU99990301", "BU99990302"]
    assert first["budget"] == Decimal("1250.75")
    assert (first["startdatum"], first["einddatum"]) == (date(2025, 3, 1), date(2025, 12, 31))
    assert first["themas"] == ["jeugd", "wonen"]
    assert second["titel"] == '=HYPERLINK("http://x","klik")'
    assert second["status"] == "idee"
    assert list(store.history("initiatieven", first["id"])["action"]) == ["import"]


def test_broken_file_changes_nothing_and_names_every_bad_row(store: Store) -> None:
    store.create("initiatieven", initiatief(), "ans")
    before = snapshot(store)
    data = csv_bytes(
        "titel;gebieden;initiatiefnemer;status;budget;startdatum;einddatum\n"
        "Goed;BU99990301;X;lopend;100;;\n"
        "Ongeldige buurt;BU99999999;X;lopend;;;\n"
        "Goed twee;WK999903;X;idee;;;\n"
        ";WK999903;X;klaar;-5;1-6-2025;1-1-2025\n"
        "Slechte datum;WK999903;X;idee;twaalf;31-02-2025;\n"
    )
    with pytest.raises(InputFileError) as info:
        import_file(store, "initiatieven", data, "ans", name="kapot.csv")
    message = str(info.value)
    assert message.startswith("Niets ingelezen uit kapot.csv: 3 rijen hebben fouten.")
    assert "rij 3, kolom 'gebieden': onbekende buurtcode BU99999999" in message
    assert "rij 5, kolom 'titel': 'Titel' is verplicht" in message
    assert "rij 5, kolom 'status': status 'klaar' bestaat niet" in message
    assert "rij 5, kolom 'einddatum': einddatum 01-01-2025 ligt vóór startdatum 01-06-2025" in message
    assert "rij 5, kolom 'budget': 'Budget' mag niet negatief zijn" in message
    assert "rij 6, kolom 'startdatum': '31-02-2025' is geen geldige datum" in message
    assert "rij 6, kolom 'budget': 'twaalf' is geen bedrag" in message
    assert {e.row for e in info.value.errors} == {3, 5, 6}
    assert snapshot(store) == before


def test_preview_shows_every_row_with_its_action_and_errors(store: Store) -> None:
    data = csv_bytes("titel;gebieden;initiatiefnemer\nGoed;WK999903;X\nFout;XX;X\n")
    preview = preview_import(store, "initiatieven", data, name="p.csv")
    assert not preview.ok
    assert preview.bad_rows == [3]
    assert preview.rows.loc[2, "actie"] == "nieuw"
    assert preview.rows.loc[3, "actie"] == "fout"
    assert "'XX' is geen gebiedscode" in preview.rows.loc[3, "fouten"]
    with pytest.raises(InputFileError):
        commit_import(store, preview, "ans")
    assert len(store.list("initiatieven")) == 0


def test_import_failing_half_way_in_the_database_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third insert fails in the database itself: the first two must not remain."""
    store.create("veldnotities", veldnotitie(), "ans")
    before = snapshot(store)
    rows = "\n".join(f"{d}-05-2026;BU99990302;jeugd;Notitie {d};jongerenwerker" for d in (1, 2, 3, 4))
    data = csv_bytes("datum;gebieden;thema;tekst;rol_auteur\n" + rows + "\n")
    preview = preview_import(store, "veldnotities", data, name="vier.csv")
    assert preview.ok and len(preview.new) == 4

    original = store_module.Store._create_in
    calls = []

    def failing_create(self, session, spec, values, user, action, fictief):
        calls.append(values)
        if len(calls) == 3:
            session.execute(sa.text("INSERT INTO veldnotities (id) VALUES (NULL)"))  # violates NOT NULL
        return original(self, session, spec, values, user, action, fictief)

    monkeypatch.setattr(store_module.Store, "_create_in", failing_create)
    with pytest.raises(sa.exc.IntegrityError):
        commit_import(store, preview, "ans")
    assert len(calls) == 3
    monkeypatch.undo()
    assert snapshot(store) == before


def test_conflict_between_preview_and_commit_writes_nothing(store: Store, other_store: Store) -> None:
    record = store.create("initiatieven", initiatief(), "ans")
    frame = export_frame(store, "initiatieven").assign(status="afgerond")
    frame = pd.concat([frame, frame.assign(id=None, versie=None, titel="Nieuw")])
    preview = preview_import(store, "initiatieven", table_bytes(frame, "csv"), name="x.csv")
    assert preview.ok and len(preview.changes) == 1 and len(preview.new) == 1
    other_store.update("initiatieven", record["id"], {"titel": "Tussendoor"}, 1, "bob")
    before = snapshot(store)
    with pytest.raises(ConflictError, match="Niets ingelezen, rij 2: .*intussen gewijzigd door bob"):
        commit_import(store, preview, "ans")
    assert snapshot(store) == before


def test_columns_that_do_not_fit_are_refused_before_any_row(store: Store) -> None:
    with pytest.raises(InputFileError) as info:
        import_file(store, "interventies", csv_bytes("titel;kleur\nA;rood\n"), "ans", name="k.csv")
    message = str(info.value)
    assert "k.csv past niet bij het register interventies" in message
    assert "onbekende kolom(men): kleur" in message
    assert "verplichte kolom(men) ontbreken: eigenaar, beleidsdomein, gebieden" in message


def test_headers_may_be_labels_and_bookkeeping_is_ignored(store: Store) -> None:
    data = csv_bytes(
        "Wat blokkeert;Wijken en buurten;Soort knelpunt;Welke regel, afdeling of organisatie;Gemeld door (rol of organisatie);"
        "Gemeld op;gewijzigd;aangemaakt\n"
        "Regel;WK999903;Regel;APV;Wijkwerker;01-03-2026;2026-01-01;2026-01-01\n"
    )
    _, result = import_file(store, "signalen", data, "ans", name="labels.csv")
    got = store.get("signalen", result["created"][0])
    assert (got["titel"], got["soort"], got["status"], got["gemeld_op"]) == ("Regel", "regel", "nieuw", date(2026, 3, 1))


def test_signal_import_may_name_an_initiative_instead_of_areas(store: Store) -> None:
    parent = store.create("initiatieven", initiatief(gebieden=["BU99990302"]), "ans")
    data = csv_bytes(
        "titel;initiatief_id;soort;betrokken;gemeld_door;gemeld_op\n"
        f"Gekoppeld;{parent['id']};regel;APV;Wijkwerker;2026-03-01\n"
        "Los;999;regel;APV;Wijkwerker;2026-03-01\n"
    )
    with pytest.raises(InputFileError, match="rij 3, kolom 'initiatief_id': initiatief nr. 999 bestaat niet"):
        import_file(store, "signalen", data, "ans", name="s.csv")
    data = csv_bytes(
        f"titel;initiatief_id;soort;betrokken;gemeld_door;gemeld_op\nGekoppeld;{parent['id']};regel;APV;W;2026-03-01\n"
    )
    _, result = import_file(store, "signalen", data, "ans", name="s.csv")
    assert store.get("signalen", result["created"][0])["gebieden"] == ["BU99990302"]


def test_duplicate_and_deleted_ids_are_row_errors(store: Store) -> None:
    a = store.create("veldnotities", veldnotitie(), "ans")
    gone = store.create("veldnotities", veldnotitie(), "ans")
    store.delete("veldnotities", gone["id"], "ans")
    frame = export_frame(store, "veldnotities")
    rows = pd.concat([frame, frame, frame.assign(id=gone["id"], versie=2)])
    with pytest.raises(InputFileError) as info:
        import_file(store, "veldnotities", table_bytes(rows, "csv"), "ans", name="d.csv")
    assert f"rij 3, kolom 'id': nr. {a['id']} staat ook al op rij 2" in str(info.value)
    assert f"rij 4, kolom 'id': veldnotitie nr. {gone['id']} is verwijderd; zet het eerst terug" in str(info.value)


def test_unknown_ids_are_new_records(store: Store) -> None:
    data = csv_bytes("id;versie;datum;gebieden;thema;tekst;rol_auteur\n77;4;01-05-2026;BU99990302;jeugd;Nieuw;wijkwerker\n")
    _, result = import_file(store, "veldnotities", data, "ans", name="n.csv")
    assert len(result["created"]) == 1
    assert store.get("veldnotities", result["created"][0])["version"] == 1


def test_excel_import_with_typed_cells(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["titel", "gebieden", "initiatiefnemer", "budget", "startdatum", "fictief"])
    sheet.append(["Werkplaats", "BU99990301", "Ondernemers", 1.234, date(2025, 2, 1), "ja"])
    sheet.append(["Wijkfeest", "WK999903", "Bewoners", 15000, None, None])
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    _, result = import_file(store, "initiatieven", path, "ans")
    first, second = (store.get("initiatieven", i) for i in result["created"])
    assert first["budget"] == Decimal("1.23")  # a typed Excel number is never read as 1.234 thousand
    assert first["startdatum"] == date(2025, 2, 1)
    assert first["fictief"] is True and second["fictief"] is False
    assert second["budget"] == Decimal("15000.00")


def test_export_file_written_by_the_cli_format_is_readable(store: Store, tmp_path: Path) -> None:
    store.create("initiatieven", initiatief(titel="-min"), "ans")
    frame = read_table(table_bytes(export_frame(store, "initiatieven"), "csv"))
    assert frame.loc[2, "titel"] == "-min"


# --- over-long text: refused naming the row, or stored unchanged; never a database error ----------


@pytest.mark.parametrize(
    ("kind", "header", "row", "expected"),
    [
        (
            "veldnotities",
            "datum;gebieden;thema;tekst;rol_auteur",
            f"01-05-2026;BU99990302;{'t' * 150};Jongeren zoeken een plek.;jongerenwerker",
            "rij 3, kolom 'thema': 'Thema' is te lang (150 tekens, hoogstens 100)",
        ),
        (
            "initiatieven",
            "titel;gebieden;initiatiefnemer",
            f"{'Lange titel ' + 'x' * 4988};WK999903;Bewoners",
            "rij 3, kolom 'titel': 'Titel' is te lang (5000 tekens, hoogstens 200)",
        ),
    ],
)
def test_over_long_text_in_an_import_is_refused_naming_the_row(
    store: Store, kind: str, header: str, row: str, expected: str
) -> None:
    good = {"veldnotities": "01-05-2026;BU99990302;jeugd;Goed.;wijkwerker", "initiatieven": "Goed;WK999903;Bewoners"}[kind]
    before = snapshot(store)
    with pytest.raises(InputFileError) as info:
        import_file(store, kind, csv_bytes(f"{header}\n{good}\n{row}\n", "utf-8"), "ans", name="lang.csv")
    assert expected in str(info.value)
    assert [e.row for e in info.value.errors] == [3]
    assert snapshot(store) == before


def test_text_at_the_limit_imports_and_exports_unchanged(store: Store) -> None:
    theme, title = "ë" * 100, "Ü" * 200
    data = csv_bytes(f"datum;gebieden;thema;tekst;rol_auteur\n01-05-2026;BU99990302;{theme};{title};wijkwerker\n", "utf-8")
    import_file(store, "veldnotities", data, "ans", name="grens.csv")
    exported = export_frame(store, "veldnotities")
    assert list(exported["thema"]) == [theme]
    assert list(exported["tekst"]) == [title]
