"""Joining shapes to the figures of the same year, and the join report."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.config import Settings
from wijkdata.geo.join import join_figures
from wijkdata.geo.service import load_boundaries


def test_join_report_names_areas_without_shape_and_shapes_without_figures() -> None:
    k = load_kerncijfers(Settings(), "GM9999")
    shapes = load_boundaries(Settings(), "GM9999", 2024, "buurt")
    shapes = shapes[shapes["code"] != "BU99990101"]  # Binnenstad has figures but now no shape
    stray = gpd.GeoDataFrame(
        {"code": ["BU99990999"], "naam": ["Nieuwe Polder"], "niveau": ["buurt"]}, geometry=[box(0, 0, 1, 1)], crs=28992
    )
    shapes = pd.concat([shapes, stray], ignore_index=True)

    joined, report = join_figures(shapes, k, 2024, "buurt")

    assert len(joined) == len(shapes)  # nothing dropped
    assert report.gekoppeld == 39
    assert list(report.zonder_grens["code"]) == ["BU99990101"] and list(report.zonder_grens["naam"]) == ["Binnenstad"]
    assert list(report.zonder_cijfers["code"]) == ["BU99990999"]
    assert report.lines() == [
        "39 buurten met grens en cijfers (2024).",
        "1 buurt zonder grens: Binnenstad (BU99990101).",
        "1 vlak zonder cijfers: Nieuwe Polder (BU99990999).",
    ]
    row = joined.set_index("code")
    assert not row.loc["BU99990999", "heeft_cijfers"] and pd.isna(row.loc["BU99990999", "AantalInwoners"])
    assert row.loc["BU99990102", "AantalInwoners"] == k.year(2024, "buurt").set_index("code").loc["BU99990102", "AantalInwoners"]


def test_join_uses_the_figures_of_the_same_year() -> None:
    k = load_kerncijfers(Settings(), "GM9999")
    shapes_2021 = load_boundaries(Settings(), "GM9999", 2021, "buurt")  # before Werfterrein was split
    _, report = join_figures(shapes_2021, k, 2021, "buurt")
    _, mixed = join_figures(shapes_2021, k, 2024, "buurt")
    assert report.zonder_grens.empty and report.zonder_cijfers.empty
    assert list(mixed.zonder_cijfers["code"]) == ["BU99990303"]
    assert sorted(mixed.zonder_grens["code"]) == ["BU99990306", "BU99990307"]
