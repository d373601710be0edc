"""The fictional demo municipality: deterministic, CBS-shaped, and honest about being fictional."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wijkdata.cbs.catalogue import resolve_properties
from wijkdata.cbs.normalise import normalise_table
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.demo.areas import BUURTEN, DEMO_YEARS, WIJKEN, buurten_in
from wijkdata.demo.shapes import demo_areas_ha, demo_shapes
from wijkdata.demo.tables import demo_tables

ROOT = Path(__file__).resolve().parents[2]


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


_HASH_SCRIPT = """
import hashlib, json
from wijkdata.demo.tables import demo_tables
tables = {y: [t.info, t.properties, t.rows, t.regions] for y, t in demo_tables().items()}
print(hashlib.sha256(json.dumps(tables, sort_keys=True, default=str).encode()).hexdigest())
"""


def _digest() -> str:
    tables = {y: [t.info, t.properties, t.rows, t.regions] for y, t in demo_tables().items()}
    return hashlib.sha256(json.dumps(tables, sort_keys=True, default=str).encode()).hexdigest()


def test_generated_deterministically_in_a_fresh_process():
    """A new interpreter (cold caches, its own hash seed) generates exactly the same tables."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    fresh = subprocess.run(
        [sys.executable, "-c", _HASH_SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    ).stdout.strip()
    assert fresh == _digest()


def _column(year: int, stem: str) -> dict[str, object]:
    """Area code → raw value of the topic whose CBS key is ``<stem>_<position>`` in ``year``."""
    table = demo_tables()[year]
    keys = [p["Key"] for p in table.properties if p["Type"] == "Topic" and p["Key"].rsplit("_", 1)[0] == stem]
    assert len(keys) == 1, (stem, year, keys)
    return {row["WijkenEnBuurten"].strip(): row[keys[0]] for row in table.rows}


def _codes(year: int, prefix: str) -> list[str]:
    return [row["WijkenEnBuurten"].strip() for row in demo_tables()[year].rows if row["WijkenEnBuurten"].startswith(prefix)]


def test_hand_stated_areas_per_year():
    assert len(_codes(2019, "WK")) == 8 and _codes(2019, "WK")[0] == "WK999901"
    assert len(_codes(2019, "BU")) == 39 and len(_codes(2021, "BU")) == 39
    assert len(_codes(2022, "BU")) == 40 and len(_codes(2024, "BU")) == 40
    assert "BU99990303" in _codes(2021, "BU") and "BU99990303" not in _codes(2022, "BU")
    assert _codes(2022, "GM") == ["GM9999"] and _codes(2022, "NL") == ["NL00"]


def test_split_buurten_carry_change_code_3_only_in_the_split_year():
    change = _column(2022, "IndelingswijzigingGemeenteWijkBuurt")
    assert change["BU99990306"] == change["BU99990307"] == "3"
    assert {c for c, v in change.items() if v == "3"} == {"BU99990306", "BU99990307"}
    assert change["NL00"] == "."
    later = _column(2023, "IndelingswijzigingGemeenteWijkBuurt")
    assert later["BU99990306"] == "1"


def test_incomes_and_energy_unpublished_in_2024_at_every_level():
    for stem in ("GemiddeldInkomenPerInwoner", "HuishoudensMetEenLaagInkomen", "GemiddeldAardgasverbruikTotaal"):
        assert set(_column(2024, stem).values()) == {None}, stem
        assert _column(2023, stem)["GM9999"] is not None, stem
    assert _column(2024, "AantalInwoners")["GM9999"] is not None


def test_suppressed_values_are_missing_never_zero():
    park = {row["WijkenEnBuurten"].strip(): row for row in demo_tables()[2023].rows}["BU99990805"]
    inhabitants = _column(2023, "AantalInwoners")["BU99990805"]
    assert 0 < inhabitants < 50
    assert _column(2023, "Koopwoningen")["BU99990805"] is None
    assert _column(2023, "GemiddeldInkomenPerInwoner")["BU99990803"] is None  # under 200 inhabitants
    assert _column(2023, "PersonenPerSoortUitkeringBijstand")["BU99990805"] is None
    assert not any(v == 0 for k, v in park.items() if k.startswith(("Koopwoningen", "GemiddeldInkomen", "Nettoarbeid")))


def test_counts_rounded_to_5_below_gemeente_level_only():
    for stem in ("AantalInwoners", "HuishoudensTotaal", "Woningvoorraad", "k_0Tot15Jaar"):
        values = _column(2021, stem)
        below = {c: v for c, v in values.items() if c.startswith(("WK", "BU"))}
        assert all(isinstance(v, int) and v % 5 == 0 for v in below.values()), stem
    gemeente = [_column(y, "AantalInwoners")["GM9999"] for y in DEMO_YEARS]
    assert any(v % 5 for v in gemeente)  # the gemeente's own count is exact, not rounded


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
