"""Every register page for anonymous, lezer, redacteur and beheerder (AppTest), and the sidebar's identity.

The identity comes in through the one seam in ``ui.auth`` (``_account``, monkeypatched): what
``st.user`` and ``secrets.toml`` would say. The roles file is a real file named by WIJKDATA_ROLLEN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_app, texts
from ui import auth
from ui import data as ui_data

PAGES = Path(__file__).resolve().parents[2] / "pages"
REGISTERS = ("initiatieven", "interventies", "signalen", "veldnotities")
EDIT = re.compile(r"\b(toevoegen|opslaan|importeren|verwijderen|bewerken|terugzetten|wijzigen)\b", re.I)
ACCOUNTS = {
    "anoniem": auth.Account(configured=True),
    "lezer": auth.Account(configured=True, email="Lea@Voorbeeld.nl", name="Lea Lezer"),
    "redacteur": auth.Account(configured=True, email="redacteur@voorbeeld.nl", name="Ruud Redacteur"),
    "beheerder": auth.Account(configured=True, email="beheer@voorbeeld.nl", name="Bea Beheer"),
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Demo data (SQLite, demo records) and a roles file."""
    roles = tmp_path / "rollen.toml"
    roles.write_text('[rollen]\nredacteur = ["@voorbeeld.nl"]\nbeheerder = ["beheer@voorbeeld.nl"]\n', encoding="utf-8")
    monkeypatch.setenv("WIJKDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WIJKDATA_CBS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WIJKDATA_ROLLEN", str(roles))
    monkeypatch.delenv("WIJKDATA_GEMEENTE", raising=False)
    monkeypatch.delenv("WIJKDATA_DATABASE_URL", raising=False)
    yield
    ui_data.engine_future.clear()


def act_as(monkeypatch: pytest.MonkeyPatch, who: str, roles: str | None = None) -> None:
    monkeypatch.setattr(auth, "_account", lambda: ACCOUNTS[who])


def run_page(name: str, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=30)
    if tab:
        at.session_state[f"{name}_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def edit_controls(at: AppTest) -> list[str]:
    labels = [b.label for b in at.button] + [t.label for t in at.tabs] + [r.label for r in at.radio]
    labels += [o for r in at.radio for o in r.options]
    return sorted({m.group(0).lower() for label in labels for m in EDIT.finditer(label)})


def first_record(at: AppTest, name: str) -> int:
    """Open the newest record in the edit section; returns its id."""
    record_id = _ids(at, name)[0]
    at.selectbox(key=f"{name}_kies").select(record_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return record_id


def _ids(at: AppTest, name: str) -> list[int]:
    return [int(re.match(r"nr\. (\d+):", o).group(1)) for o in at.selectbox(key=f"{name}_kies").options[1:]]


def columns(at: AppTest) -> set[str]:
    return {c for frame in at.dataframe for c in frame.value.columns}


@pytest.mark.parametrize("name", REGISTERS)
def test_anonymous_sees_only_the_sign_in_button(env: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    act_as(monkeypatch, "anoniem")
    at = run_page(name, tab="Bewerken")  # even a remembered tab opens nothing
    assert [b.label for b in at.button] == ["Inloggen"]
    assert "alleen te zien voor wie is ingelogd" in texts(at)
    assert (len(at.dataframe), len(at.tabs), len(at.text_input), len(at.selectbox)) == (0, 0, 0, 0)


@pytest.mark.parametrize("name", REGISTERS)
def test_lezer_reads_without_personal_data_and_cannot_edit(env: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(auth, "_account", lambda: auth.Account(configured=True, email="lea@elders.nl", name="Lea"))
    at = run_page(name, tab="Toevoegen")  # a tab a lezer does not have falls back to the overview
    assert len(at.dataframe) > 0
    assert edit_controls(at) == []
    assert [t.label for t in at.tabs] == ["Overzicht"]
    assert not at.get("file_uploader")
    assert "Contactpersoon" not in columns(at)
    assert "U bent lezer" in texts(at)


@pytest.mark.parametrize("name", REGISTERS)
def test_redacteur_edits_without_personal_data_and_cannot_restore(env: None, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    act_as(monkeypatch, "redacteur")
    at = run_page(name)
    assert [t.label for t in at.tabs] == ["Overzicht", "Toevoegen", "Bewerken", "Importeren"]
    at.session_state[f"{name}_tab"] = "Bewerken"
    at.run()
    first = first_record(at, name)
    assert not at.exception, [e.value for e in at.exception]
    labels = [w.label for w in [*at.text_input, *at.text_area, *at.selectbox]]
    assert "Contactpersoon" not in labels and first > 0
    assert "Verwijderen" in [b.label for b in at.button]
    at.button(key=f"{name}_verwijder").click().run()
    assert "Alleen een beheerder kan verwijderde records terugzetten." in texts(at)
    assert "Terugzetten" not in [b.label for b in at.button]
    history = [frame.value for frame in at.dataframe if "Wie" in frame.value.columns]
    assert not history or "beheer" not in " ".join(history[0]["Wie"])


def test_redacteur_change_is_logged_with_email(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    act_as(monkeypatch, "redacteur")
    at = run_page("initiatieven", tab="Bewerken")
    first_record(at, "initiatieven")
    version = at.session_state["initiatieven_geladen"]["version"]
    title = next(w for w in at.text_input if w.label == "Titel *")
    title.input("Nieuwe titel")
    at.button(key=f"initiatieven_edit{at.session_state['initiatieven_gekozen']}v{version}_opslaan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("Opgeslagen: initiatief nr." in str(s.value) for s in at.success)
    history = next(frame.value for frame in at.dataframe if "Wie" in frame.value.columns)
    assert history["Wie"].iloc[-1] == "redacteur@voorbeeld.nl"
    assert not any(w.label == "Uw naam (voor het logboek)" for w in at.text_input)


def test_beheerder_sees_contact_restores_and_exports_personal_data(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    act_as(monkeypatch, "beheerder")
    at = run_page("initiatieven", tab="Bewerken")
    first_record(at, "initiatieven")
    assert "Contactpersoon" in [w.label for w in at.text_input]
    at.button(key="initiatieven_verwijder").click().run()
    assert "Terugzetten" in [b.label for b in at.button]
    at.session_state["initiatieven_tab"] = "Importeren"
    at.run()
    assert "Als beheerder kunt u ook exporteren met persoonsgegevens (contactpersoon)" in texts(at)


def test_sidebar_shows_who_and_their_role(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    act_as(monkeypatch, "lezer")
    monkeypatch.setattr(auth, "_account", lambda: auth.Account(configured=True, email="Lea@Elders.nl", name="Lea Lezer"))
    at = open_app()
    sidebar = " ".join(str(m.value) for m in at.sidebar.markdown)
    assert "Lea Lezer" in sidebar and "lea@elders.nl" in sidebar and "Rol: lezer" in sidebar
    assert [b.label for b in at.sidebar.button if b.label.endswith("loggen")] == ["Uitloggen"]
    act_as(monkeypatch, "anoniem")
    at = open_app()
    assert [b.label for b in at.sidebar.button if b.label.endswith("loggen")] == ["Inloggen"]


def test_local_mode_says_so_and_acts_as_beheerder(env: None) -> None:
    at = open_app()
    assert any("Lokale modus" in str(c.value) and "beheerder" in str(c.value) for c in at.sidebar.caption)
    assert not [b for b in at.sidebar.button if b.label.endswith("loggen")]
    assert not at.sidebar.warning


def test_local_mode_on_the_network_warns(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    option = config.get_option
    monkeypatch.setattr(config, "get_option", lambda name: "0.0.0.0" if name == "server.address" else option(name))
    at = open_app()
    warnings = [str(w.value).replace("\\", "") for w in at.sidebar.warning]
    assert any("luistert op het netwerk (0.0.0.0) zonder inloggen: iedereen die haar bereikt is beheerder" in w for w in warnings)


def test_malformed_roles_file_says_so_and_gives_lezer(env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rollen.toml").write_text("[rollen]\nredacteur = 'redacteur@voorbeeld.nl'\n", encoding="utf-8")
    act_as(monkeypatch, "redacteur")
    at = open_app()
    errors = [str(e.value) for e in at.sidebar.error]
    assert errors and "redacteur moet een lijst van e-mailadressen zijn" in errors[0] and "iedereen lezer" in errors[0]
    assert "Rol: lezer" in " ".join(str(m.value) for m in at.sidebar.markdown)


@pytest.mark.parametrize("page", ["opgave", "profiel", "briefing"])
def test_figures_pages_open_for_anonymous_without_register_records(env: None, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    act_as(monkeypatch, "anoniem")
    at = open_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert "ziet u na inloggen" in texts(at)
    records = ("Buurtmoestuin Kanaaloever", "Repair café Binnenstad", "Schuldhulp aan de keukentafel")
    assert not any(title in texts(at) for title in records)  # signed in (local mode) the briefing names them
    assert "Nr." not in columns(at)  # signed in, the profile lists the records of the area
