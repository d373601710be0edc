"""Map drawing: classes with Dutch labels, traces per class, the grey 'geen gegevens' trace, customdata."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings
from wijkdata.geo.service import load_boundaries
from wijkdata.geo.tidy import display_shapes
from wijkdata.visual.mapping import (
    MISSING_LABEL,
    build_figure,
    classify,
    indicator_choices,
    legend_title,
    map_geometry,
    selected_code,
)
from wijkdata.visual.tables import value_table


@pytest.fixture(scope="module")
def geometry():
    return map_geometry(display_shapes(load_boundaries(Settings(), "GM9999", 2024, "buurt")))


def _areas(geometry, values: dict[str, float | None]) -> pd.DataFrame:
    names = [geometry.names[c] for c in values]
    return pd.DataFrame({"code": list(values), "naam": names, "waarde": pd.array(list(values.values()), dtype="Float64")})


# --- classes -------------------------------------------------------------------------------------
def test_quantiles_put_equal_numbers_of_values_in_each_class() -> None:
    classes = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None], "kwantielen", 4, 0, "%")

    assert classes.edges == [1.0, 3.0, 6.0, 8.0, 10.0]
    assert classes.labels == ["1 – 3%", "3 – 6%", "6 – 8%", "8 – 10%"]
    assert list(classes.index) == [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, -1]


def test_equal_intervals_with_dutch_numbers_and_unit() -> None:
    classes = classify([250.0, 1250.5, 2250.0, np.nan], "gelijke intervallen", 2, 1, "x 1 000 euro")

    assert classes.edges == [250.0, 1250.0, 2250.0]
    assert classes.labels == ["250,0 – 1.250,0 × € 1.000", "1.250,0 – 2.250,0 × € 1.000"]
    assert list(classes.index) == [0, 1, 1, -1]


def test_classes_collapse_when_values_repeat_and_handle_all_missing() -> None:
    same = classify([5, 5, 5], "kwantielen", 5)
    assert same.labels == ["5"] and list(same.index) == [0, 0, 0]
    few = classify([1, 1, 1, 1, 9], "kwantielen", 5)
    assert few.labels == ["1 – 3", "3 – 9"] and list(few.index) == [0, 0, 0, 0, 1]
    empty = classify([None, None], "gelijke intervallen", 5)
    assert empty.k == 0 and list(empty.index) == [-1, -1]
    with pytest.raises(ValueError):
        classify([1, 2], "natuurlijke grenzen", 5)


def test_legend_title_shows_the_unit() -> None:
    assert legend_title("Aantal inwoners", "aantal") == "Aantal inwoners (aantal)"
    assert legend_title("Gemiddelde WOZ-waarde van woningen", "x 1 000 euro") == "Gemiddelde WOZ-waarde van woningen (× € 1.000)"
    assert legend_title("Koopwoningen", "%") == "Koopwoningen (%)"


# --- the figure ----------------------------------------------------------------------------------
def test_figure_has_one_trace_per_class_and_a_grey_trace_for_missing_values(geometry) -> None:
    codes = geometry.codes
    values = {c: float(i * 100) for i, c in enumerate(codes)}
    values[codes[3]] = None
    values[codes[7]] = None

    fig = build_figure(
        geometry,
        _areas(geometry, values),
        titel="Aantal inwoners",
        eenheid="aantal",
        k=4,
        gemeentenaam="Voorbeeldstad",
        gemeentewaarde=77486,
    )

    names = [t.name for t in fig.data]
    assert names[-1] == f"{MISSING_LABEL} (2)"
    assert len(fig.data) == 5 and all(isinstance(t, go.Choroplethmap) for t in fig.data)
    drawn = [c for t in fig.data for c in t.locations]
    assert sorted(drawn) == sorted(codes)  # every area exactly once, none dropped
    grey = fig.data[-1]
    assert set(grey.locations) == {codes[3], codes[7]}
    assert [row[2] for row in grey.customdata] == [None, None]
    assert [row[1] for row in grey.customdata] == [MISSING_LABEL] * 2
    assert fig.layout.legend.title.text == "<b>Aantal inwoners (aantal)</b>"
    assert fig.layout.map.style == "white-bg"


def test_each_area_carries_its_raw_value_name_and_gemeente_value(geometry) -> None:
    codes = geometry.codes
    values = {c: 1000.0 + i for i, c in enumerate(codes)}
    fig = build_figure(
        geometry,
        _areas(geometry, values),
        titel="Woningvoorraad",
        eenheid="aantal",
        gemeentenaam="Voorbeeldstad",
        gemeentewaarde=36233,
    )

    for trace in fig.data:
        for code, z, row in zip(trace.locations, trace.z, trace.customdata, strict=True):
            assert row[0] == geometry.names[code]
            assert row[2] == values[code] == z
            assert row[3] == "36.233" and row[4] == code
        assert "%{customdata[0]}" in trace.hovertemplate and "Voorbeeldstad: %{customdata[3]}" in trace.hovertemplate
        ids = [f["id"] for f in trace.geojson["features"]]
        assert ids == list(trace.locations)  # each trace carries only its own shapes
    assert fig.data[0].customdata[0][1] == "1.000"


def test_geometry_is_sent_once_and_payload_is_small(geometry) -> None:
    values = {c: float(i) for i, c in enumerate(geometry.codes)}
    fig = build_figure(geometry, _areas(geometry, values), titel="X", eenheid="%")
    payload = fig.to_json()
    assert payload.count('"type":"Feature"') + payload.count('"type": "Feature"') == len(geometry.codes)
    assert len(payload) < 1_000_000
    spec = json.loads(payload)
    assert {f["id"] for t in spec["data"] for f in t["geojson"]["features"]} == set(geometry.codes)


def test_switching_indicator_reuses_the_cached_features(geometry) -> None:
    first = build_figure(geometry, _areas(geometry, dict.fromkeys(geometry.codes, 1.0)), titel="A", eenheid="aantal")
    second = build_figure(geometry, _areas(geometry, {c: float(i) for i, c in enumerate(geometry.codes)}), titel="B", eenheid="%")
    feature = geometry.features[geometry.codes[0]]
    used = [f for t in [*first.data, *second.data] for f in t.geojson["features"] if f["id"] == geometry.codes[0]]
    assert len(used) == 2 and all(f is feature for f in used)


def test_areas_without_a_row_are_grey_and_rows_without_a_shape_are_ignored(geometry) -> None:
    codes = geometry.codes
    areas = _areas(geometry, {c: 1.0 for c in codes[1:]})
    areas = pd.concat([areas, pd.DataFrame({"code": ["BU00000000"], "naam": ["Elders"], "waarde": [5.0]})], ignore_index=True)
    fig = build_figure(geometry, areas, titel="X", eenheid="aantal")
    assert list(fig.data[-1].locations) == [codes[0]]
    assert fig.data[-1].customdata[0][0] == geometry.names[codes[0]]
    assert "BU00000000" not in [c for t in fig.data for c in t.locations]


def test_map_geometry_ids_and_view(geometry) -> None:
    feature = geometry.features["BU99990101"]
    assert feature["id"] == "BU99990101" and feature["properties"] == {}
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert 52.0 < geometry.center["lat"] < 53.5 and 4.5 < geometry.center["lon"] < 6.5
    assert 9 < geometry.zoom < 15


def test_selected_code_from_streamlit_points(geometry) -> None:
    fig = build_figure(geometry, _areas(geometry, dict.fromkeys(geometry.codes, 1.0)), titel="X", eenheid="aantal")
    code = fig.data[0].locations[2]
    assert selected_code([{"location": "BU99990102"}], fig) == "BU99990102"
    assert selected_code([{"customdata": ["Naam", "1", 1.0, "2", "BU99990103"]}], fig) == "BU99990103"
    assert selected_code([{"curve_number": 0, "point_index": 2}], fig) == code
    assert selected_code([], fig) is None


# --- page helpers --------------------------------------------------------------------------------
def test_indicator_choices_only_list_indicators_of_the_year() -> None:
    k = load_kerncijfers(Settings(), "GM9999")
    choices = indicator_choices(k.catalogue, 2019)
    keys = [key for keys in choices.values() for key in keys]
    assert "AantalInwoners" in choices["Bevolking"]
    assert "GemiddeldeWoningwaarde" not in keys and "GemiddeldeWOZWaardeVanWoningen" in keys  # renamed, one key
    assert all(2019 in k.catalogue[key].kolommen for key in keys)
    assert list(choices) == [t for t in k.catalogue.themes() if t in choices]


def test_value_table_sorts_highest_first_and_missing_last() -> None:
    rows = pd.DataFrame(
        {"code": ["WK1", "WK2", "WK3"], "naam": ["A", "B", "C"], "Koopwoningen": pd.array([40, None, 70], dtype="Int64")}
    )
    table = value_table(rows, "Koopwoningen", "Koopwoningen", "%", on_map={"WK1", "WK2"})
    assert list(table.columns) == ["Naam", "Koopwoningen (%)", "Op de kaart", "Code"]
    assert list(table["Naam"]) == ["C", "A", "B"]
    assert list(table["Op de kaart"]) == ["geen grens", "ja", "ja"]
    assert pd.isna(table["Koopwoningen (%)"].iloc[-1])


@pytest.mark.parametrize("niveau", ["wijk", "buurt"])
def test_every_demo_indicator_draws_with_names_and_unit(niveau: str) -> None:
    from wijkdata.geo.join import join_figures

    k = load_kerncijfers(Settings(), "GM9999")
    shapes = load_boundaries(Settings(), "GM9999", 2024, niveau)
    geometry = map_geometry(display_shapes(shapes))
    joined, _ = join_figures(shapes, k, 2024, niveau)
    for keys in indicator_choices(k.catalogue, 2024).values():
        for key in keys:
            ind = k.catalogue[key]
            areas = joined[["code", "naam"]].assign(waarde=joined[key])
            fig = build_figure(
                geometry,
                areas,
                titel=k.catalogue.label(key),
                eenheid=ind.eenheid,
                decimalen=ind.decimalen,
                richting=ind.richting,
                gemeentenaam="Voorbeeldstad",
            )
            assert sorted(c for t in fig.data for c in t.locations) == sorted(shapes["code"]), key
            assert fig.layout.legend.title.text == f"<b>{legend_title(k.catalogue.label(key), ind.eenheid)}</b>"
            assert all(row[0] and not row[0].startswith(("WK", "BU")) for t in fig.data for row in t.customdata), key


def test_tables_for_the_screen_show_no_none() -> None:
    from wijkdata.visual.tables import readable, text_table

    rows = pd.DataFrame({"code": ["WK1", "WK2"], "naam": ["A", "B"], "X": pd.array([30.4, None], dtype="Float64")})
    table = value_table(rows, "X", "X", "x 1 000 euro", years=pd.Series(pd.array([2023, None], dtype="Int64")))
    assert [None if pd.isna(y) else int(y) for y in table["Jaar"]] == [2023, None]
    texts = text_table(table, "X (× € 1.000)", "x 1 000 euro", 1, 2024)["X (× € 1.000)"]
    assert texts.tolist() == ["30,4 × € 1.000 (2023)", "–"]
    frame = pd.DataFrame({"Rang": pd.array([1, None], dtype="Int64"), "Naam": ["A", None], "Opgave": [0.456, float("nan")]})
    shown = readable(frame)
    assert shown.to_numpy().tolist() == [["1", "A", "0,46"], ["–", "–", "–"]]


def test_map_of_values_from_an_earlier_year_says_so(geometry) -> None:
    areas = _areas(geometry, {c: float(i + 1) for i, c in enumerate(geometry.codes)}).assign(jaar=2023)
    fig = build_figure(geometry, areas, titel="Inkomen", eenheid="%", peiljaar=2024)
    assert "cijfers uit 2023" in fig.layout.legend.title.text
    assert all(d[1].endswith("(2023)") for t in fig.data for d in t.customdata)


def test_figure_built_without_revalidation_passes_plotlys_validators(geometry) -> None:
    """build_figure skips plotly's validators for speed; the same figure must pass them."""
    values = {c: (None if i % 4 == 0 else float(i)) for i, c in enumerate(geometry.codes)}
    areas = _areas(geometry, values)
    fig = build_figure(geometry, areas, titel="Aandeel <65", eenheid="%", decimalen=1, gemeentenaam="Voorbeeldstad")

    checked = go.Figure(json.loads(fig.to_json()))  # raises on any invalid property or value

    assert [t.type for t in checked.data] == ["choroplethmap"] * len(fig.data)
    assert [list(t.locations) for t in checked.data] == [list(t.locations) for t in fig.data]
    assert checked.layout.legend.title.text.startswith("<b>Aandeel &lt;65")
