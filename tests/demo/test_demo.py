"""The fictional demo municipality: deterministic, CBS-shaped, and honest about being fictional."""

import pandas as pd
import pytest

from wijkdata.cbs.catalogue import resolve_properties
from wijkdata.cbs.normalise import normalise_table
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.demo.areas import BUURTEN, DEMO_YEARS, WIJKEN, buurten_in
from wijkdata.demo.shapes import demo_areas_ha, demo_shapes
from wijkdata.demo.tables import demo_tables


@pytest.fixture(scope="module")
def frames():
    return {y: normalise_table(t.rows, t.properties, t.regions, DEMO_GEMEENTE) for y, t in demo_tables().items()}


def test_six_years_eight_wijken_about_forty_buurten(frames):
    assert sorted(frames) == list(DEMO_YEARS) == [2019, 2020, 2021, 2022, 2023, 2024]
    for year, frame in frames.items():
        counts = frame["niveau"].value_counts().to_dict()
        assert counts["wijk"] == 8
        assert counts["buurt"] == (39 if year < 2022 else 40)
        assert counts["gemeente"] == 1 and counts["land"] == 1


def test_rows_are_padded_like_cbs_and_tables_say_they_are_fictional():
    table = demo_tables()[2023]
    assert table.rows[1]["WijkenEnBuurten"] == "GM9999    "
    assert "fictief" in table.info["Title"]
    assert table.info["Period"] == "2023"
    assert table.info["Identifier"] == "DEMO2023"


def test_generated_deterministically():
    first = demo_tables()[2021].rows
    demo_tables.cache_clear()
    again = demo_tables()[2021].rows
    assert first == again


def test_buurt_split_between_years(frames):
    before, after = set(frames[2021]["code"]), set(frames[2022]["code"])
    assert "BU99990303" in before and "BU99990303" not in after
    assert {"BU99990306", "BU99990307"} <= after and not ({"BU99990306", "BU99990307"} & before)
    changed = frames[2022].set_index("code")["indelingswijziging"]
    assert changed["BU99990306"] == "3" and changed["BU99990307"] == "3"
    assert changed["BU99990301"] == "1"
    assert buurten_in(2021) != buurten_in(2022)


def test_column_suffixes_move_between_years_but_stable_keys_match():
    keys = {}
    for year in (2021, 2022):
        resolved = resolve_properties(demo_tables()[year].properties)
        keys[year] = dict(zip(resolved["key"], resolved["cbs_kolom"], strict=True))
    assert keys[2021]["GemiddeldeWOZWaardeVanWoningen"].startswith("GemiddeldeWoningwaarde_")
    assert keys[2022]["GemiddeldeWOZWaardeVanWoningen"].startswith("GemiddeldeWOZWaardeVanWoningen_")
    assert keys[2021]["Koopwoningen"] != keys[2022]["Koopwoningen"]
    assert "Appartement.GemiddeldAardgasverbruik" in keys[2022]
    assert "Appartement.GemiddeldeElektriciteitslevering" in keys[2022]


def test_small_buurten_are_suppressed_not_zero(frames):
    frame = frames[2023].set_index("code")
    park = frame.loc["BU99990805"]  # ~35 inhabitants
    assert park["AantalInwoners_5"] < 50
    assert pd.isna(park[[c for c in frame.columns if c.startswith("Koopwoningen")][0]])
    hamlet = frame.loc["BU99990803"]  # ~160 inhabitants: no incomes
    income = [c for c in frame.columns if c.startswith("GemiddeldInkomenPerInwoner")][0]
    assert pd.isna(hamlet[income])
    assert pd.notna(frame.loc["BU99990801", income])


def test_newest_year_partly_unpublished(frames):
    f2024, f2023 = frames[2024], frames[2023]
    income = [c for c in f2024.columns if c.startswith("GemiddeldInkomenPerInwoner")][0]
    assert f2024[income].isna().all()
    assert f2023[[c for c in f2023.columns if c.startswith("GemiddeldInkomenPerInwoner")][0]].notna().sum() > 30


def test_wijk_counts_add_up_from_buurten_within_rounding(frames):
    frame = frames[2020]
    inw = "AantalInwoners_5"
    for wijk in WIJKEN:
        members = frame[frame["wijk_code"].eq(wijk) & frame["niveau"].eq("buurt")]
        total = int(frame.loc[frame["code"] == wijk, inw].iloc[0])
        assert abs(total - int(members[inw].sum())) <= 5 * len(members)
        assert total % 5 == 0  # counts below gemeente level are rounded to multiples of 5, as CBS does


def test_plausible_correlation_low_income_goes_with_corporation_housing(frames):
    frame = frames[2022]
    buurten = frame[frame["niveau"] == "buurt"]
    low = [c for c in frame.columns if c.startswith("HuishoudensMetEenLaagInkomen")][0]
    corp = [c for c in frame.columns if c.startswith("InBezitWoningcorporatie")][0]
    pair = buurten[[low, corp]].dropna().astype(float)
    assert pair[low].corr(pair[corp]) > 0.5


def test_shapes_nest_and_fit():
    wijken, buurten = demo_shapes(2022, "wijk"), demo_shapes(2022, "buurt")
    assert wijken.crs.to_epsg() == 28992
    assert set(buurten["code"]) == set(buurten_in(2022))
    assert abs(wijken.area.sum() - buurten.area.sum()) / wijken.area.sum() < 1e-3
    union = buurten.union_all()
    assert abs(union.area - buurten.area.sum()) / union.area < 1e-4  # no overlaps
    assert set(buurten["naam"]) <= set(BUURTEN.values())
    areas = demo_areas_ha(2022)
    assert areas["BU99990103"][1] > 0.2 * areas["BU99990103"][0]  # the harbour front is partly water
