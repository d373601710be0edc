"""AppTests of Wijkprofiel and Vergelijken on the demo and on the tiny hand-made gemeente."""

from tests.support.apptest import open_app, problems, texts
from tests.support.tiny import GM, build
from wijkdata.config import Settings


def test_profile_of_a_demo_buurt_from_the_url(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "gebied": "BU99990205", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "fictieve demogemeente" in shown
    assert "Molenpark (buurt in Molenwijk)" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners Molenpark"] == "2.395" and metrics["Inwoners Voorbeeldstad"] == "77.035"
    assert "Opvallend" in shown and "hoger dan gebruikelijk" in shown and "slechter" in shown
    assert len(at.get("plotly_chart")) == 1


def test_profile_small_buurt_warns_and_explains_missing(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "gebied": "BU99990805", "jaar": "2024"})
    assert problems(at) == []
    warnings = " ".join(str(w.value) for w in at.warning)
    assert "35 inwoners" in warnings
    assert "te weinig inwoners" in texts(at)


def test_profile_switch_area_and_indicator(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "gebied": "WK999907", "jaar": "2023"})
    at.session_state["profiel_gebied"] = "BU99990306"  # Werf-Noord: exists since 2022
    at.session_state["profiel_indicator"] = "AantalInwoners"
    at.run()
    assert problems(at) == []
    assert "Werf-Noord (buurt in Kanaalzone)" in texts(at)
    assert "gebied bestaat sinds 2022" in texts(at)  # the break is named under the chart


def test_profile_on_a_cached_gemeente_shows_sources(offline):
    build(Settings(data_dir=offline))
    at = open_app("profiel", query={"gemeente": GM, "gebied": "WK088803", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "Wijk C (wijk)" in shown and "CBS, Kerncijfers wijken en buurten 2023 (T2023NED)" in shown
    opvallend = at.table[0].value
    assert opvallend.loc["Huishoudens met een laag inkomen"].tolist() == ["30,0%", "18,0%", "hoger dan gebruikelijk", "slechter"]


def test_unknown_area_in_the_url_falls_back_to_the_first(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "gebied": "BU00000000", "jaar": "2023"})
    assert problems(at) == []
    assert "Centrum (wijk)" in texts(at)


def test_vergelijken(offline):
    build(Settings(data_dir=offline))
    at = open_app("vergelijken", query={"gemeente": "GM9999", "jaar": "2023"})
    assert problems(at) == []
    side = at.table[0].value
    assert list(side.columns)[-1] == "Bron" and "Aantal inwoners" in side.index
    ranked = at.dataframe[0].value
    assert ranked.iloc[0]["Rang"] == "1" and ranked.iloc[0]["Naam"] == "Molenwijk"
    peers = at.dataframe[1].value
    assert len(peers) == 7 and "Afstand" in peers.columns  # the 7 other wijken, nearest first
    at.multiselect(key="vergelijken_gemeenten").set_value([GM]).run()
    at.multiselect(key="vergelijken_gebieden").set_value(["GM9999|WK999901", f"{GM}|WK088801"]).run()
    assert problems(at) == []
    assert list(at.table[0].value.columns) == ["Centrum (Voorbeeldstad)", "Wijk A (Rekendorp)", "Bron"]


def test_profile_shows_what_happens_in_the_wijk_and_aims_beside_figures(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "gebied": "WK999903", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "Wat er gebeurt in Kanaalzone" in shown
    assert "Initiatieven (van onderop)" in shown and "Open signalen (wat blokkeert)" in shown
    titles = {t for df in at.dataframe for t in df.value.get("Titel", [])}
    assert titles, "the demo register has records for Kanaalzone"
    assert "initiatief" in shown or "interventie" in shown  # aims shown beside the indicators they target


def test_opgave_en_inzet(offline):
    at = open_app("opgave", query={"gemeente": "GM9999", "jaar": "2024"})
    assert problems(at) == []
    shown = texts(at)
    # incomes are not published for 2024: their 2023 figures count, and the page says so
    assert "Cijfers uit 2023, 2024: waar 2024 nog geen cijfer heeft, telt het laatst gepubliceerde cijfer mee" in shown
    table = at.dataframe[0].value
    assert "Opgave 2024 (sd)" in table.columns and set(table["Cijfers uit"]) == {"2023, 2024"}
    at = open_app("opgave", query={"gemeente": "GM9999", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    table = at.dataframe[0].value
    assert len(table) == 8 and "Opgave 2023 (sd)" in table.columns
    assert table.iloc[0]["Wijk"] == "Molenwijk"  # highest need first
    assert "Opgave groeit sinds 2020:** Vogelwijk" in shown  # the sliding wijk is named
    assert len(at.get("plotly_chart")) == 1


def test_raadsbriefing(offline):
    at = open_app("briefing", query={"gemeente": "GM9999", "gebied": "WK999903", "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "# Raadsbriefing Kanaalzone (2023)" in shown and "**Fictief: Voorbeeldstad" in shown
    for heading in ("In het kort", "Kerncijfers", "Wat er gebeurt", "Vragen voor het debat", "Bronnen"):
        assert f"## {heading}" in shown
    assert not any("data:application/pdf" in m.value for m in at.markdown)  # files are made on request
    at.button(key="briefing_maak").click().run()
    assert problems(at) == []
    links = next(m.value for m in at.markdown if "data:application/pdf" in m.value)
    for name in ("Kanaalzone", ".pdf", ".docx", ".html", ".md", "⬇ Word"):
        assert name in links, name
    import base64
    import re

    pdf = base64.b64decode(re.search(r"data:application/pdf;base64,([A-Za-z0-9+/=]+)", links).group(1))
    assert pdf.startswith(b"%PDF")
    assert len(at.get("image")) == 2  # the map and the charts
    at.multiselect(key="briefing_onderdelen").set_value(["samenvatting"]).run()
    assert problems(at) == []
    assert "## In het kort" in texts(at) and "## Kerncijfers" not in texts(at) and "## Bronnen" in texts(at)


def test_raadsbriefing_of_a_theme(offline):
    at = open_app("briefing", query={"gemeente": "GM9999", "jaar": "2024"})
    at.segmented_control(key="briefing_soort").set_value("Thema").run()
    at.selectbox(key="briefing_thema").set_value("Inkomen").run()
    assert problems(at) == []
    shown = texts(at)
    assert "# Raadsbriefing Inkomen in Voorbeeldstad (2024)" in shown and "## Cijfers per wijk" in shown


def test_opgave_without_records_shows_need_per_wijk(offline):
    build(Settings(data_dir=offline))
    at = open_app("opgave", query={"gemeente": GM, "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "nog geen lopende initiatieven, interventies of open signalen vastgelegd voor Rekendorp" in shown
    assert "Minder dan drie indicatoren met cijfers" in shown  # the tiny gemeente has two
    assert list(at.dataframe[0].value["Wijk"]) == ["Wijk C", "Wijk B", "Wijk A"]
