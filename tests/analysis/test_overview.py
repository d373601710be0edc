import pandas as pd
import pytest

from wijkdata.analysis.overview import area_table, explain_missing, key_figures
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    return load_kerncijfers(Settings(data_dir=tmp_path_factory.mktemp("d")), DEMO_GEMEENTE)


def test_key_figures_against_nederland_with_sources(k):
    figures = key_figures(k, 2023).set_index("indicator")
    inw = figures.loc["AantalInwoners"]
    gm = k.year(2023).set_index("code").loc["GM9999", "AantalInwoners"]
    assert inw["gemeente"] == gm
    assert inw["gemeente_tekst"] == f"{gm:,}".replace(",", ".")
    assert inw["bron"] == f"DEMO2023 (2023), kolom {k.catalogue['AantalInwoners'].kolommen[2023]}"
    assert figures.loc["GemiddeldeWOZWaardeVanWoningen", "gemeente_tekst"].endswith("× € 1.000")


def test_unpublished_figures_are_explained_not_zero(k):
    figures = key_figures(k, 2024).set_index("indicator")
    row = figures.loc["GemiddeldInkomenPerInwoner"]
    assert pd.isna(row["gemeente"])
    assert row["gemeente_tekst"] == "nog niet gepubliceerd door CBS"


def test_explain_missing(k):
    assert explain_missing(k, "AantalInwoners", "BU99990101", 2023) == ""
    assert explain_missing(k, "GemiddeldInkomenPerInwoner", "BU99990101", 2024) == "nog niet gepubliceerd door CBS"
    assert explain_missing(k, "GemiddeldInkomenPerInwoner", "BU99990803", 2023).startswith("geheim: te weinig inwoners")
    assert explain_missing(k, "NieuwbouwWoningen", "BU99990101", 2020) == "niet in de CBS-tabel van 2020"
    assert explain_missing(k, "AantalInwoners", "BU99990306", 2020) == "gebied bestond niet in 2020"


def test_area_table_names_not_codes_and_wijk_before_its_buurten(k):
    table = area_table(k, 2023)
    assert list(table.columns[:3]) == ["Naam", "Niveau", "Wijk"] and table.columns[-1] == "Code"
    assert table.iloc[0]["Naam"] == "Centrum" and table.iloc[0]["Niveau"] == "Wijk"
    assert table.iloc[1]["Wijk"] == "Centrum" and table.iloc[1]["Niveau"] == "Buurt"
    assert len(table) == 48
    assert any("(x 1 000 euro)" in c for c in table.columns)
