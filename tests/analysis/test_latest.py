"""wijkdata.analysis.latest: the newest published figure, always with its year."""

from __future__ import annotations

import pandas as pd
import pytest

from wijkdata.analysis.latest import latest_values, value_label, year_note
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import get_settings


@pytest.fixture(scope="module")
def demo():
    return load_kerncijfers(get_settings({}), DEMO_GEMEENTE)


def _value(k, year, code, key):
    rows = k.year(year)
    return rows.loc[rows["code"] == code, key].iloc[0]


def test_unpublished_income_falls_back_to_2023_with_its_year(demo):
    key, code = "GemiddeldInkomenPerInwoner", "WK999901"
    assert pd.isna(_value(demo, 2024, code, key))  # the premise: the demo's 2024 incomes are unpublished
    out = latest_values(demo, 2024, [key], niveau="wijk")
    row = out[out["code"] == code].iloc[0]
    assert row["jaar"] == 2023 and bool(row["eerder"])
    assert row["waarde"] == pytest.approx(float(_value(demo, 2023, code, key)))
    assert value_label("30,4", row["jaar"], 2024) == "30,4 (2023)"


def test_peiljaar_mode_keeps_missing_missing(demo):
    out = latest_values(demo, 2024, ["GemiddeldInkomenPerInwoner"], mode="peiljaar", niveau="wijk")
    assert out["waarde"].isna().all() and out["jaar"].isna().all() and not out["eerder"].any()


def test_published_value_of_the_year_itself_is_used(demo):
    key = "AantalInwoners"
    out = latest_values(demo, 2024, [key], codes=["WK999902"])
    assert len(out) == 1
    assert out.iloc[0]["waarde"] == float(_value(demo, 2024, "WK999902", key))
    assert out.iloc[0]["jaar"] == 2024 and not out.iloc[0]["eerder"]
    assert year_note(2024, 2024) == ""


def test_one_row_per_area_and_indicator_of_the_year(demo):
    keys = ["AantalInwoners", "GemiddeldInkomenPerInwoner"]
    out = latest_values(demo, 2022, keys, niveau="buurt")
    assert len(out) == len(demo.year(2022, "buurt")) * 2
    assert set(out["indicator"]) == set(keys)
    assert (out["jaar"].dropna() <= 2022).all()


def test_unknown_indicator_and_empty_inputs(demo):
    with pytest.raises(KeyError):
        latest_values(demo, 2024, ["BestaatNiet"])
    empty = latest_values(demo, 2024, ["AantalInwoners"], codes=["WK000000"])
    assert empty.empty and list(empty.columns) == ["code", "indicator", "waarde", "jaar", "eerder"]


def test_filled_year_fills_and_dates_every_value(demo):
    from wijkdata.analysis.latest import filled_year

    rows, years = filled_year(demo, 2024, ["GemiddeldInkomenPerInwoner", "AantalInwoners"], niveau="wijk")
    assert len(rows) == len(demo.year(2024, "wijk")) and list(rows.index) == list(years.index)
    centrum = rows.index[rows["code"] == "WK999901"][0]
    income_2023 = float(_value(demo, 2023, "WK999901", "GemiddeldInkomenPerInwoner"))
    assert rows.at[centrum, "GemiddeldInkomenPerInwoner"] == pytest.approx(income_2023)
    assert years.at[centrum, "GemiddeldInkomenPerInwoner"] == 2023 and years.at[centrum, "AantalInwoners"] == 2024
    assert pd.isna(_value(demo, 2024, "WK999901", "GemiddeldInkomenPerInwoner"))  # the shared frame is untouched


def test_mixed_years_note_and_parse_mode():
    from wijkdata.analysis.latest import mixed_years_note, parse_mode

    assert mixed_years_note([2024, 2024, None], 2024) == ""
    assert mixed_years_note([2023, 2023], 2024, "wijken").startswith("Cijfers uit een eerder jaar: 2023 (2 wijken).")
    assert mixed_years_note([2024, 2023, 2022], 2024, "buurten").startswith(
        "Gemengde jaren: 2024 (1 buurten), 2023 (1 buurten), 2022 (1 buurten)."
    )
    assert parse_mode("peiljaar") == "peiljaar" and parse_mode(None) == "laatst" and parse_mode("iets") == "laatst"
