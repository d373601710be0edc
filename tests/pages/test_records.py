"""The four register pages in AppTest: add through the form and see it listed; edit, conflict, import."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.records_fixtures import AREAS
from ui import data as ui_data
from wijkdata.config import get_settings
from wijkdata.registers import db
from wijkdata.registers.store import Store

PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture
def app_env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh data dir; on SQLite the default database (demo records), on PostgreSQL an empty one."""
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("WIJKDATA_GEMEENTE", raising=False)
    if database_url.startswith("sqlite"):
        monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
        yield "sqlite"
    else:
        monkeypatch.setenv("WIJKDATA_DATABASE_URL", database_url)
        yield "postgresql"
    ui_data.engine_future.clear()


def open_page(name: str, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=30)
    if tab:
        at.session_state[f"{name}_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch(at: AppTest, name: str, tab: str) -> AppTest:
    """Open another section of the page, as a click on its tab does."""
    at.session_state[f"{name}_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def add_through_form(at: AppTest, name: str) -> AppTest:
    """Fill and submit the add form (local mode: as "lokaal (beheerder)"); the page then shows the list."""
    switch(at, name, "Toevoegen")
    FILL[name](at, f"{name}_nieuw0_")
    at.button(key=f"{name}_nieuw0_opslaan").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """A message as the reader sees it (markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def listed(at: AppTest, column: str) -> list:
    """Every value of ``column`` in the tables on the page."""
    return [v for frame in at.dataframe if column in frame.value.columns for v in frame.value[column]]


def second_store() -> Store:
    """A second editor, on the page's own database."""
    settings = get_settings()
    engine = db.make_engine(settings)
    return Store(engine, AREAS)


FILL: dict[str, Callable[[AppTest, str], None]] = {}


def fill(page: str):
    def register(fn: Callable[[AppTest, str], None]) -> Callable[[AppTest, str], None]:
        FILL[page] = fn
        return fn

    return register


@fill("initiatieven")
def _(at: AppTest, p: str) -> None:
    at.text_input(key=f"{p}titel").input("Buurtkamer Kanaaloever")
    at.multiselect(key=f"{p}gebieden").select("BU99990301").select("WK999903")
    at.text_input(key=f"{p}initiatiefnemer").input("Bewoners Kanaaloever")
    at.selectbox(key=f"{p}status").select("lopend")
    at.text_input(key=f"{p}budget").input("2.500")
    at.multiselect(key=f"{p}indicatoren").select("HuishoudensMetEenLaagInkomen")
    at.text_input(key=f"{p}contactpersoon").input("Jan Jansen")


@fill("interventies")
def _(at: AppTest, p: str) -> None:
    at.text_input(key=f"{p}titel").input("Wijkteam Kanaalzone")
    at.text_input(key=f"{p}eigenaar").input("Sociaal Domein")
    at.selectbox(key=f"{p}beleidsdomein").select("leefbaarheid")
    at.multiselect(key=f"{p}gebieden").select("WK999903")


@fill("signalen")
def _(at: AppTest, p: str) -> None:
    at.text_input(key=f"{p}titel").input("Buurtkamer mag niet open na 22 uur")
    at.multiselect(key=f"{p}gebieden").select("WK999903")
    at.selectbox(key=f"{p}soort").select("regel")
    at.text_input(key=f"{p}betrokken").input("APV")
    at.selectbox(key=f"{p}gemeld_door").select("wijkwerker")
    at.date_input(key=f"{p}gemeld_op").set_value(date(2025, 1, 6))


@fill("veldnotities")
def _(at: AppTest, p: str) -> None:
    at.date_input(key=f"{p}datum").set_value(date(2026, 1, 5))
    at.multiselect(key=f"{p}gebieden").select("BU99990302")
    at.selectbox(key=f"{p}thema").select("jeugd")
    at.text_area(key=f"{p}tekst").input("Jongeren vragen om een avondplek.")
    at.selectbox(key=f"{p}rol_auteur").select("jongerenwerker")


TITLE_COLUMN = {"initiatieven": "Titel", "interventies": "Titel", "signalen": "Wat blokkeert", "veldnotities": "Notitie"}
EXPECTED = {
    "initiatieven": "Buurtkamer Kanaaloever",
    "interventies": "Wijkteam Kanaalzone",
    "signalen": "Buurtkamer mag niet open na 22 uur",
    "veldnotities": "Jongeren vragen om een avondplek.",
}
DEMO_COUNTS = {"initiatieven": 12, "interventies": 8, "signalen": 8, "veldnotities": 10}


@pytest.mark.parametrize("name", list(FILL))
def test_add_a_record_through_the_form_and_see_it_in_the_list(app_env: str, name: str) -> None:
    at = open_page(name)
    assert any("fictieve" in i.value.lower() for i in at.info)  # the demo municipality says so
    before = listed(at, "Nr.")
    assert len(before) == (DEMO_COUNTS[name] if app_env == "sqlite" else 0)

    add_through_form(at, name)

    assert not at.error, [e.value for e in at.error]
    assert any("Toegevoegd" in shown(s.value) for s in at.success)
    titles = listed(at, TITLE_COLUMN[name])  # back on the list, with the new record
    assert EXPECTED[name] in titles
    assert len(listed(at, "Nr.")) == len(before) + 1
    assert len(at.get("download_button")) >= 2  # every table has its downloads
    switch(at, name, "Toevoegen")
    if name == "veldnotities":
        assert at.selectbox(key=f"{name}_nieuw1_thema").value is None
    else:
        assert at.text_input(key=f"{name}_nieuw1_titel").value == ""


def test_lists_show_names_not_codes_and_no_personal_data(app_env: str) -> None:
    at = add_through_form(open_page("initiatieven"), "initiatieven")
    table = next(f.value for f in at.dataframe if "Titel" in f.value.columns)
    row = table[table["Titel"] == "Buurtkamer Kanaaloever"].iloc[0]
    assert row["Wijken en buurten"] == "Kanaaloever, Kanaalzone"
    assert row["Budget"] == "€ 2.500"  # typed "2.500", shown the Dutch way
    assert row["Doelindicatoren"] == "Huishoudens met een laag inkomen"  # chosen by title
    assert row["Einddatum"] == ""  # not filled in: an empty cell, not the grid's English "None"
    assert not table.map(lambda v: v is None).any().any()
    stored = second_store()
    record = stored.list("initiatieven", gemeente="GM9999")
    stored.engine.dispose()
    mine = record[record["titel"] == "Buurtkamer Kanaaloever"].iloc[0]
    assert mine["indicatoren"] == ["HuishoudensMetEenLaagInkomen"] and float(mine["budget"]) == 2500.0  # stored by key
    assert "contactpersoon" not in " ".join(table.columns).lower()
    assert "Jan Jansen" not in table.to_string()


def test_form_errors_are_shown_in_dutch_and_nothing_is_added(app_env: str) -> None:
    at = open_page("interventies", tab="Toevoegen")
    at.text_input(key="interventies_nieuw0_titel").input("Zonder eigenaar")
    at.text_input(key="interventies_nieuw0_budget").input("-10")
    at.button(key="interventies_nieuw0_opslaan").click()
    at.run()
    message = shown(at.error[0].value)
    assert "Eigenaar (afdeling of organisatie)" in message and "verplicht" in message
    assert "kies minstens één wijk of buurt" in message
    assert "mag niet negatief zijn" in message
    assert at.text_input(key="interventies_nieuw0_titel").value == "Zonder eigenaar"  # the input is kept
    assert "Zonder eigenaar" not in listed(switch(at, "interventies", "Overzicht"), "Titel")


def test_user_text_is_shown_as_text(app_env: str) -> None:
    at = open_page("initiatieven", tab="Toevoegen")
    FILL["initiatieven"](at, "initiatieven_nieuw0_")
    at.text_input(key="initiatieven_nieuw0_titel").input("**vet** <b>html</b> [link](http://x)")
    at.button(key="initiatieven_nieuw0_opslaan").click()
    at.run()
    assert "**vet** <b>html</b> [link](http://x)" in listed(at, "Titel")
    message = at.success[0].value
    assert "\\*\\*vet\\*\\*" in message and "\\<b\\>" in message and "\\[link\\]" in message


def test_signals_are_grouped_by_status_with_their_age(app_env: str) -> None:
    at = open_page("signalen")
    headers = [h.value for h in at.subheader if not h.value.startswith("Het register als bestand")]
    if app_env == "sqlite":
        assert headers[0] == "Per status: hoe lang open"
        assert headers[1:] == ["Nieuw (3)", "In behandeling (3)", "Opgelost (1)", "Niet oplosbaar (1)"]
        new = next(f.value for f in at.dataframe if "Wat blokkeert" in f.value.columns)
        assert list(new["dagen open"]) == sorted(new["dagen open"], reverse=True)
        assert set(new["leeftijd"]) <= {"korter dan 1 maand", "1–3 maanden", "3–12 maanden", "langer dan 1 jaar"}
        assert "Subsidieregel sluit het taalcafé uit" in listed(at, "Wat blokkeert")
        assert any(str(v).startswith("nr. ") for v in listed(at, "Betreft initiatief (nr.)"))
    else:
        assert headers == ["Nieuw (0)", "In behandeling (0)", "Opgelost (0)", "Niet oplosbaar (0)"]


def test_filters_narrow_the_list(app_env: str) -> None:
    if app_env != "sqlite":
        pytest.skip("filters are shown on the demo records")
    at = open_page("initiatieven")
    at.selectbox(key="initiatieven_filter_gebied").select("WK999903")
    at.run()
    titles = set(listed(at, "Titel"))
    assert {"Buurtmoestuin Kanaaloever", "Schuldhulp aan de keukentafel", "Werkplaats De Brug"} <= titles
    assert "Repair café Binnenstad" not in titles
    at.multiselect(key="initiatieven_filter_status").select("idee")
    at.run()
    assert set(listed(at, "Titel")) == {"Energiecoöperatie Dokbuurt"}


def test_edit_conflict_shows_both_versions_and_loses_nothing(app_env: str) -> None:
    at = open_page("initiatieven")
    if app_env != "sqlite":
        add_through_form(at, "initiatieven")
    switch(at, "initiatieven", "Bewerken")
    record_id = 1
    at.selectbox(key="initiatieven_kies").select(record_id)
    at.run()
    prefix = f"initiatieven_edit{record_id}v1_"
    other = second_store()
    other.update("initiatieven", record_id, {"titel": "Titel van Bob"}, 1, "Bob")  # Bob saves first
    other.engine.dispose()

    at.selectbox(key=f"{prefix}status").select("afgerond")
    at.button(key=f"{prefix}opslaan").click()
    at.run()
    assert not at.exception
    warning = shown(at.warning[0].value)
    assert "intussen gewijzigd door Bob" in warning and "versie 2; u bewerkte versie 1" in warning
    table = next(f.value for f in at.dataframe if "Uw versie" in f.value.columns)
    assert list(table["Veld"]) == ["Status"]  # only what Ans changed
    assert table.iloc[0]["Uw versie"] == "afgerond"

    at.button(key="initiatieven_mijn_versie").click()
    at.run()
    stored = second_store()
    record = stored.get("initiatieven", record_id)
    stored.engine.dispose()
    assert (record["titel"], record["status"], record["version"]) == ("Titel van Bob", "afgerond", 3)
    history = next(f.value for f in at.dataframe if "Wijzigingen" in f.value.columns)
    assert list(history["Wie"])[-2:] == ["Bob", "lokaal (beheerder)"]
    assert "Status: lopend → afgerond" in history.iloc[-1]["Wijzigingen"] or "→ afgerond" in history.iloc[-1]["Wijzigingen"]


def test_delete_and_undo_on_the_page(app_env: str) -> None:
    at = add_through_form(open_page("veldnotities"), "veldnotities")
    record_id = max(listed(at, "Nr."))
    switch(at, "veldnotities", "Bewerken")
    at.selectbox(key="veldnotities_kies").select(record_id)
    at.run()
    at.button(key="veldnotities_verwijder").click()
    at.run()
    assert any("Verwijderd" in shown(s.value) for s in at.success)
    assert at.selectbox(key="veldnotities_kies").value is None
    assert record_id not in listed(switch(at, "veldnotities", "Overzicht"), "Nr.")
    switch(at, "veldnotities", "Bewerken")
    at.selectbox(key="veldnotities_terug_kies").select(record_id)
    at.button(key="veldnotities_terugzetten").click()
    at.run()
    assert any("Teruggezet" in shown(s.value) for s in at.success)
    assert record_id in listed(switch(at, "veldnotities", "Overzicht"), "Nr.")


def test_import_on_the_page_refuses_a_broken_file_then_takes_a_good_one(app_env: str) -> None:
    at = open_page("initiatieven")
    count = len(listed(at, "Nr."))
    switch(at, "initiatieven", "Importeren")
    bad = "titel;gebieden;initiatiefnemer\r\nCafé de Zon;BU99990301;B\r\nFout;BU99999999;B\r\n".encode("cp1252")
    at.get("file_uploader")[0].set_value(("lijst.csv", bad, "text/csv"))
    at.run()
    assert not at.exception
    assert "Niets ingelezen uit lijst.csv: 1 rij heeft fouten" in shown(at.error[0].value)
    errors = next(f.value for f in at.dataframe if "Fout" in f.value.columns)
    assert errors.to_dict("records") == [{"Rij": 3, "Kolom": "gebieden", "Fout": "onbekende buurtcode BU99999999"}]
    assert at.button(key="initiatieven_importeer").disabled

    good = "titel;gebieden;initiatiefnemer\r\nCafé de Zon;BU99990301;B\r\n".encode("cp1252")
    at.get("file_uploader")[0].set_value(("lijst.csv", good, "text/csv"))
    at.run()
    at.button(key="initiatieven_importeer").click()
    at.run()
    assert any("Ingelezen uit lijst.csv: 1 nieuw" in shown(s.value) for s in at.success)
    assert "Café de Zon" in listed(at, "Titel")
    assert len(listed(at, "Nr.")) == count + 1
