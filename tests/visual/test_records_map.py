"""Records as points (pure): where each kind is drawn, the layer's traces, the click grid."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from wijkdata.demo.shapes import demo_shapes
from wijkdata.visual.records_map import add_record_layer, click_grid, location_figure, record_points


@pytest.fixture(scope="module")
def buurten():
    return demo_shapes(2024, "buurt")


def _frames():
    initiatieven = pd.DataFrame(
        [
            {"id": 1, "titel": "Moestuin", "gebieden": ["BU99990205"], "locatie_x": 155308.0, "locatie_y": 539286.0},
            {"id": 2, "titel": "Buurtkamer", "gebieden": ["WK999901", "BU99990101"], "locatie_x": None, "locatie_y": None},
            {"id": 3, "titel": "Elders", "gebieden": ["BU01230101"], "locatie_x": None, "locatie_y": None},
        ]
    )
    interventies = pd.DataFrame([{"id": 7, "titel": "Wijkteam", "gebieden": ["BU99990301"]}])
    signalen = pd.DataFrame(
        [
            {"id": 4, "titel": "Vergunning", "gebieden": [], "initiatief_id": 1, "status": "nieuw"},
            {"id": 5, "titel": "Opgelost", "gebieden": ["BU99990101"], "initiatief_id": None, "status": "opgelost"},
            {"id": 6, "titel": "Rijbaan", "gebieden": ["BU99990102"], "initiatief_id": None, "status": "in behandeling"},
        ]
    )
    return initiatieven, interventies, signalen


def test_points_per_kind(buurten):
    points = record_points(*_frames(), buurten).set_index(["soort", "id"])
    assert list(points.index) == [("initiatieven", 1), ("initiatieven", 2), ("interventies", 7), ("signalen", 4), ("signalen", 6)]
    assert points.loc[("initiatieven", 1), ["x", "y", "gebied"]].tolist() == [155308.0, 539286.0, ""]  # its own location
    middle = buurten.set_index("code").geometry.representative_point()
    # no location: in the middle of its first area (a wijk at buurt level: inside the union of its buurten)
    assert points.loc[("initiatieven", 2), "gebied"] == "WK999901"
    wijk = buurten[buurten["code"].str.startswith("BU999901")].union_all()
    assert wijk.contains(shapely.Point(points.loc[("initiatieven", 2), ["x", "y"]].tolist()))
    assert points.loc[("interventies", 7), "x"] == pytest.approx(middle["BU99990301"].x + 60)  # kinds kept apart
    assert points.loc[("signalen", 4), "x"] == pytest.approx(155308.0 - 60)  # at its initiative's location
    assert 5.0 < points["lon"].min() < points["lon"].max() < 6.0 and 52.5 < points["lat"].min() < 53.2


def test_layer_has_one_trace_per_kind_with_titles(buurten):
    fig = add_record_layer(go.Figure(), record_points(*_frames(), buurten))
    assert [t.name for t in fig.data] == ["Initiatief (2)", "Interventie (1)", "Open signaal (2)"]
    assert [list(c) for c in fig.data[0].customdata] == [
        ["Moestuin", "initiatieven", 1, "initiatieven/1"],
        ["Buurtkamer", "initiatieven", 2, "initiatieven/2"],
    ]
    assert "%{customdata[0]}" in fig.data[0].hovertemplate


def test_no_records_no_points(buurten):
    empty = pd.DataFrame(columns=["id", "titel", "gebieden", "locatie_x", "locatie_y", "status", "initiatief_id"])
    assert record_points(empty, empty, empty, buurten).empty
    assert len(add_record_layer(go.Figure(), record_points(empty, empty, empty, buurten)).data) == 0


def test_click_grid_lies_inside_the_areas_and_is_bounded(buurten):
    grid = click_grid(buurten, max_points=800)
    assert 400 < len(grid) <= 900
    union = shapely.union_all(buurten.geometry.values)
    assert shapely.contains_xy(union, grid["x"].to_numpy(), grid["y"].to_numpy()).all()
    fig = location_figure(buurten.to_crs(4326), grid, (155308.0, 539286.0), "white-bg")
    assert len(fig.data) == 3 and list(fig.data[1].customdata[0]) == [grid["x"].iloc[0], grid["y"].iloc[0]]
