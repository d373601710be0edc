"""AppTest of the Overzicht and Data en bronnen pages, on the demo and on a cached gemeente."""

from tests.support.apptest import open_app, problems, texts
from tests.support.cache_factory import GEMEENTE, build_cache
from wijkdata.config import Settings


def test_overzicht_opens_on_the_fictional_demo(offline):
    at = open_app()
    assert problems(at) == []
    shown = texts(at)
    assert "fictieve demogemeente" in shown
    assert "Voorbeeldstad" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aantal inwoners"] == "77.486"  # Dutch thousands separator
    table = at.table[0].value
    assert "Aantal inwoners" in table.index and "Nederland" in table.columns
    assert (table.loc["Gemiddeld inkomen per inwoner", "Voorbeeldstad"]) == "nog niet gepubliceerd door CBS"
    areas = at.dataframe[0].value
    assert {"Naam", "Niveau", "Wijk"} <= set(areas.columns) and "Binnenstad" in set(areas["Naam"])
    assert at.query_params["gemeente"] == "GM9999" and at.query_params["jaar"] == "2024"


def test_year_from_the_url_and_sidebar(offline):
    at = open_app(query={"gemeente": "GM9999", "jaar": "2021"})
    assert problems(at) == []
    assert at.selectbox(key="_sb_jaar").value == 2021
    assert "Peiljaar 2021" in texts(at)
    # AppTest reruns only the page script after the first run (st.navigation), so the choice is
    # made through the widget's session-state key; the page reads it through ui.context.
    at.session_state["jaar"] = 2019
    at.run()
    assert "Peiljaar 2019" in texts(at)


def test_cached_real_gemeente_from_the_url(offline):
    build_cache(Settings(data_dir=offline), (2022, 2023))
    at = open_app(query={"gemeente": GEMEENTE})
    assert problems(at) == []
    shown = texts(at)
    assert "Testgemeente" in shown and "fictieve demogemeente" not in shown
    assert "T2023NED (2023), kolom AantalInwoners_5" in shown


def test_unknown_gemeente_without_cbs_falls_back_to_demo_with_a_warning(offline):
    at = open_app(query={"gemeente": "GM0363"})
    assert [str(e.value) for e in at.exception] == []
    warnings = " ".join(str(w.value) for w in at.warning)
    assert "niet bereikbaar" in warnings and "fictieve demogemeente" in warnings
    assert "Voorbeeldstad" in texts(at) and "Overzicht" in texts(at)


def test_bronnen_page(offline):
    build_cache(Settings(data_dir=offline), (2023,))
    at = open_app("bronnen")
    assert problems(at) == []
    shown = texts(at)
    assert "CC BY 4.0" in shown and "Bron: CBS" in shown
    cached = at.dataframe[0].value
    assert list(cached["Tabel"]) == ["T2023NED"] and list(cached["Naam"]) == ["Testgemeente"]
    settings_table = at.table[-1].value
    assert settings_table.loc["WIJKDATA_CBS_URL", "Waarde"] == "http://127.0.0.1:9"


def test_bronnen_pull_failure_is_a_clear_message_and_keeps_the_cache(offline):
    build_cache(Settings(data_dir=offline), (2023,))
    at = open_app("bronnen")
    at.text_input[0].set_value("2023")
    at.button[0].click()  # form submit: the selectbox defaults to the cached gemeente
    at.run()
    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1 and "niet bereikbaar" in errors[0] and "blijft bruikbaar" in errors[0]
    assert list(at.dataframe[0].value["Tabel"]) == ["T2023NED"]
