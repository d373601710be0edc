"""A link carries the whole view: each page's choices are read from the URL, written back to it,
and a link with something that does not exist gives a Dutch note instead of an exception."""

from urllib.parse import parse_qs

from tests.support.apptest import open_app, problems, texts
from tests.support.tiny import GM, build
from wijkdata.config import Settings

DEMO = {"gemeente": "GM9999", "jaar": "2023"}


def _infos(at) -> str:
    return " ".join(str(i.value) for i in at.info)


def test_profile_link_restores_area_themes_and_trend(offline):
    at = open_app(
        "profiel", query={**DEMO, "gebied": "BU99990205", "thema": ["Inkomen", "Wonen en vastgoed"], "trend": "AantalInwoners"}
    )
    assert problems(at) == []
    assert at.selectbox(key="profiel_gebied").value == "BU99990205"
    assert at.pills(key="profiel_themas").value == ["Inkomen", "Wonen en vastgoed"]
    assert [m.value for m in at.markdown if m.value.startswith("#####")] == [
        "##### Wonen en vastgoed (10 cijfers)",  # in the profile's order of themes (one from 2023: laatst gepubliceerd)
        "##### Inkomen (3 cijfers)",
    ]
    assert at.selectbox(key="profiel_indicator").value == "AantalInwoners"
    assert at.query_params["thema"] == ["Inkomen", "Wonen en vastgoed"] and at.query_params["trend"] == "AantalInwoners"


def test_profile_choices_go_into_the_url(offline):
    at = open_app("profiel", query={**DEMO, "gebied": "WK999901"})
    at.pills(key="profiel_themas").set_value(["Zorg"])
    at.selectbox(key="profiel_indicator").set_value("AantalInwoners")
    at.selectbox(key="profiel_gebied").set_value("WK999903")
    at.run()
    assert problems(at) == []
    assert at.query_params["gebied"] == "WK999903" and at.query_params["thema"] == "Zorg"
    assert at.query_params["trend"] == "AantalInwoners"
    assert "Kanaalzone (wijk)" in texts(at)


def test_all_themes_button_shows_every_theme_and_puts_them_in_the_url(offline):
    at = open_app("profiel", query={**DEMO, "gebied": "WK999901"})
    assert len(at.pills(key="profiel_themas").value) == 2
    at.button(key="profiel_alle").click().run()
    assert problems(at) == []
    every = list(at.pills(key="profiel_themas").options)
    assert len(every) > 5 and at.pills(key="profiel_themas").value == every
    assert at.query_params["thema"] == every
    assert len([m for m in at.markdown if m.value.startswith("#####")]) == len(every)


def test_profile_link_with_what_does_not_exist_says_so(offline):
    at = open_app("profiel", query={**DEMO, "gebied": "WK999999", "thema": ["Sport", "Zorg"], "trend": "Geluk"})
    assert problems(at) == []
    notes = _infos(at)
    assert "Gebied uit de link niet gevonden: 'WK999999'" in notes
    assert "Thema uit de link niet gevonden: 'Sport'" in notes
    assert "Indicator uit de link niet gevonden: 'Geluk'" in notes
    assert at.selectbox(key="profiel_gebied").value == "WK999901"  # the first wijk instead
    assert at.pills(key="profiel_themas").value == ["Zorg"]  # what does exist is shown


def test_map_link_shows_the_area_selected_with_its_profile_link(offline):
    query = {
        **DEMO,
        "niveau": "buurt",
        "indicator": "AantalInwoners",
        "gebied": "bu99990205",
        "indeling": "gelijk",
        "klassen": "4",
    }
    at = open_app("kaart", query=query)
    assert problems(at) == []
    assert at.radio(key="kaart_niveau").value == "buurt"
    assert at.selectbox(key="kaart_gebied").value == "BU99990205"
    assert at.selectbox(key="kaart_klassen").value == 4
    links = {p.proto.label: parse_qs(p.proto.query_string) for p in at.get("page_link")}
    assert links["Profiel van Molenpark"]["gebied"] == ["BU99990205"]
    assert at.query_params["gebied"] == "BU99990205" and at.query_params["klassen"] == "4"


def test_map_choices_go_into_the_url_and_a_bad_area_is_named(offline):
    at = open_app("kaart", query={**DEMO, "gebied": "WK999999"})
    assert problems(at) == []
    assert "Gebied op de kaart van wijken uit de link niet gevonden: 'WK999999'" in _infos(at)
    assert at.selectbox(key="kaart_gebied").value is None and "gebied" not in at.query_params
    at.selectbox(key="kaart_gebied").set_value("WK999903").run()
    at.selectbox(key="kaart_klassen").set_value(7).run()
    assert at.query_params["gebied"] == "WK999903" and at.query_params["klassen"] == "7"


def test_compare_link_compares_exactly_those_areas(offline):
    at = open_app("vergelijken", query={**DEMO, "gebieden": "WK999903,bu99990205", "indicatoren": "AantalInwoners"})
    assert problems(at) == []
    side = at.table[0].value
    assert list(side.columns) == ["Kanaalzone (Voorbeeldstad)", "Molenpark (Voorbeeldstad)", "Bron"]
    assert list(side.index) == ["Aantal inwoners"]
    assert at.query_params["gebieden"] == "WK999903,BU99990205"


def test_compare_link_takes_areas_of_another_cached_gemeente_along(offline):
    build(Settings(data_dir=offline))
    at = open_app("vergelijken", query={**DEMO, "gebieden": "WK999901,WK088801,WK036300,XX"})
    assert problems(at) == []
    assert at.multiselect(key="vergelijken_gemeenten").value == [GM]
    assert list(at.table[0].value.columns) == ["Centrum (Voorbeeldstad)", "Wijk A (Rekendorp)", "Bron"]
    assert "Gebied uit de link niet gevonden: 'WK036300', 'XX'" in _infos(at)


def test_compare_choices_go_into_the_url(offline):
    at = open_app("vergelijken", query=DEMO)
    at.multiselect(key="vergelijken_gebieden").set_value(["GM9999|WK999902", "GM9999|WK999908"])
    at.multiselect(key="vergelijken_indicatoren").set_value(["AantalInwoners", "Mannen"])
    at.run()
    assert problems(at) == []
    assert at.query_params["gebieden"] == "WK999902,WK999908" and at.query_params["indicatoren"] == "AantalInwoners,Mannen"


def test_briefing_link_and_a_bad_area(offline):
    at = open_app("briefing", query={**DEMO, "gebied": "BU99990205"})
    assert problems(at) == [] and at.selectbox(key="briefing_gebied").value == "BU99990205"
    at = open_app("briefing", query={**DEMO, "gebied": "WK123456"})
    assert problems(at) == []
    assert "Gebied uit de link niet gevonden: 'WK123456'" in _infos(at)
