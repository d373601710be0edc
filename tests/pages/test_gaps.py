"""No crash and no None on gaps: the pages on the demo's 2024 (incomes unpublished), both modes; the Cijfers toggle."""

import re

import pytest

from tests.support.apptest import open_app, problems, texts
from tests.support.tiny import GM, ONE_WIJK, build
from wijkdata.config import Settings

#: What a missing value must never look like on screen.
NONE_LIKE = re.compile(r"(?<![\w-])(None|nan|NaN|<NA>|NaT)(?![\w-])")
PAGES = {
    "opgave": {},
    "kaart": {"niveau": "wijk", "indicator": "GemiddeldInkomenPerInwoner"},
    "profiel": {"gebied": "WK999901", "thema": "Inkomen"},
    "vergelijken": {},
}


def _shown_cells(at) -> list[str]:
    """Every cell of every table and grid, as the page shows it (a grid shows a missing cell as "None")."""
    cells = []
    for element in [*at.table, *at.dataframe]:
        frame = element.value
        cells += [str(c) for c in frame.columns]
        cells += ["None" if v is None or (not isinstance(v, str) and v != v) else str(v) for v in frame.to_numpy().ravel()]
    return cells


@pytest.mark.parametrize("mode", ["laatst", "peiljaar"])
@pytest.mark.parametrize("page", list(PAGES))
def test_demo_2024_pages_show_no_none(offline, page, mode):
    query = {"gemeente": "GM9999", "jaar": "2024", **PAGES[page]}
    if mode == "peiljaar":
        query["cijfers"] = "peiljaar"
    at = open_app(page, query=query)
    assert problems(at) == []
    shown = [texts(at), *_shown_cells(at)]
    bad = [t for t in shown if NONE_LIKE.search(t)]
    assert bad == [], bad[:3]


def test_latest_published_income_on_profile_and_kaart(offline):
    at = open_app("profiel", query={"gemeente": "GM9999", "jaar": "2024", "gebied": "WK999901", "thema": "Inkomen"})
    shown = texts(at)
    assert re.search(r"\*\*\d+,\d × € 1\.000 \(2023\)\*\*", shown)  # the income, with its year
    assert "zijn voor 2024 nog niet gepubliceerd; u ziet het laatst gepubliceerde cijfer" in shown
    query = {"gemeente": "GM9999", "jaar": "2024", "niveau": "wijk", "indicator": "GemiddeldInkomenPerInwoner"}
    at = open_app("kaart", query=query)
    table = at.table[0].value
    assert all(v.endswith("(2023)") for v in table["Gemiddeld inkomen per inwoner (× € 1.000)"])
    assert "DEMO2023 (2023), kolom GemiddeldInkomenPerInwoner_33" in texts(at)


def test_cijfers_toggle_in_the_sidebar_and_the_url(offline):
    at = open_app(query={"gemeente": "GM9999", "jaar": "2024"})  # through app.py: the shared sidebar
    assert at.radio(key="_sb_cijfers").value == "laatst" and "cijfers" not in at.query_params
    at = open_app(query={"gemeente": "GM9999", "jaar": "2024", "cijfers": "peiljaar"})
    assert problems(at) == [] and at.radio(key="_sb_cijfers").value == "peiljaar"
    assert at.query_params["cijfers"] == "peiljaar" and at.session_state["cijfers"] == "peiljaar"


def test_profile_alleen_peiljaar_shows_no_earlier_figure(offline):
    query = {"gemeente": "GM9999", "jaar": "2024", "gebied": "WK999901", "thema": "Inkomen"}
    assert "(2023)" in texts(open_app("profiel", query=query))
    shown = texts(open_app("profiel", query={**query, "cijfers": "peiljaar"}))
    assert "(2023)" not in shown and "nog niet gepubliceerd door CBS" in shown
    # the sidebar's choice lives in session state "cijfers" (AppTest reruns only the page script)
    at = open_app("profiel", query=query)
    at.session_state["cijfers"] = "peiljaar"
    assert "(2023)" not in texts(at.run())


def test_opgave_refuses_to_rank_on_one_indicator(offline):
    at = open_app("opgave", query={"gemeente": "GM9999", "jaar": "2024", "cijfers": "peiljaar"})
    at.multiselect(key="opgave_indicatoren").set_value(["GemiddeldInkomenPerInwoner", "WmoClientenRelatief"]).run()
    assert problems(at) == []
    shown = texts(at)
    assert "Geen cijfers voor 2024 (alleen peiljaar): Gemiddeld inkomen per inwoner" in shown
    assert "minstens 2 van de gekozen indicatoren; nu heeft maar één indicator cijfers" in shown
    assert not at.dataframe and "Grote opgave" not in shown


def test_opgave_of_a_gemeente_with_one_wijk(offline):
    build(Settings(data_dir=offline), only=ONE_WIJK)
    at = open_app("opgave", query={"gemeente": GM, "jaar": "2023"})
    assert problems(at) == []
    shown = texts(at)
    assert "met één wijk valt er niets te vergelijken" in shown
    assert "Te weinig cijfers (niet gerangschikt" in shown and "Grote opgave" not in shown
    table = at.dataframe[0].value
    assert table["Kwadrant"].tolist() == ["Te weinig cijfers"] and table["Opgave 2023 (sd)"].tolist() == ["–"]
    assert not any(NONE_LIKE.search(t) for t in [shown, *_shown_cells(at)])
