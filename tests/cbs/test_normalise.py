"""wijkdata.cbs.normalise: CBS rows as sent (padded, null, ".") into clean, typed frames."""

from __future__ import annotations

import cbsodata
import pandas as pd
import pytest

from tests.support.cbs_server import FIXTURES, Table, fixture_set
from wijkdata.cbs.client import gemeente_filter
from wijkdata.cbs.normalise import META_COLUMNS, normalise_table, properties_frame
from wijkdata.codes import level_of, parent_codes
from wijkdata.errors import CbsDataError

GEMEENTE = "GM0999"
ROWS = fixture_set("85984NED", "TypedDataSet")  # the whole table: Nederland, GM0099 and GM0999
PROPS = fixture_set("85984NED", "DataProperties")
REGIONS = fixture_set("85984NED", "WijkenEnBuurten")
CODES = ["NL00", "GM0999", "WK099901", "BU09990101", "BU09990102", "WK099902", "BU09990201", "BU09990202", "BU09990203"]
NA = pd.NA


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return normalise_table(ROWS, PROPS, REGIONS, GEMEENTE)


def topics(props: list[dict]) -> list[dict]:
    return [p for p in props if p["Type"] == "Topic"]


def test_codes_names_and_region_types_are_stripped(frame):
    assert frame.columns[: len(META_COLUMNS)].tolist() == META_COLUMNS
    assert frame["code"].tolist() == CODES
    assert frame["soort_regio"].tolist() == ["Land", "Gemeente", "Wijk", "Buurt", "Buurt", "Wijk", "Buurt", "Buurt", "Buurt"]
    assert frame["Gemeentenaam_1"].tolist() == ["Nederland"] + ["Testgemeente"] * 8
    assert frame["Codering_3"].tolist() == CODES
    assert frame["MeestVoorkomendePostcode_125"].tolist() == [NA, NA, NA, "9991", "9992", NA, "9995", "9996", "9996"]


def test_levels_and_parent_codes(frame):
    got = frame[["code", "niveau", "gemeente_code", "wijk_code"]].astype(object).where(frame.notna(), None)
    assert got.values.tolist() == [
        ["NL00", "land", None, None],
        ["GM0999", "gemeente", "GM0999", None],
        ["WK099901", "wijk", "GM0999", "WK099901"],
        ["BU09990101", "buurt", "GM0999", "WK099901"],
        ["BU09990102", "buurt", "GM0999", "WK099901"],
        ["WK099902", "wijk", "GM0999", "WK099902"],
        ["BU09990201", "buurt", "GM0999", "WK099902"],
        ["BU09990202", "buurt", "GM0999", "WK099902"],
        ["BU09990203", "buurt", "GM0999", "WK099902"],
    ]


@pytest.mark.parametrize(
    ("code", "level", "parents"),
    [
        ("NL00", "land", (None, None)),
        ("GM0200", "gemeente", ("GM0200", None)),
        ("WK020001", "wijk", ("GM0200", "WK020001")),
        ("BU02000101", "buurt", ("GM0200", "WK020001")),
        ("XX0200", None, (None, None)),
        ("GM", None, (None, None)),
    ],
)
def test_level_of_and_parent_codes(code, level, parents):
    assert level_of(code) == level
    assert parent_codes(code) == parents


def test_indelingswijziging_codes_are_kept_as_text(frame):
    assert frame["indelingswijziging"].tolist() == [NA, "1", "1", "1", "2", "3", "1", "3", "1"]


def test_older_name_of_the_indelingswijziging_topic_is_understood():
    older = normalise_table(fixture_set("85618NED", "TypedDataSet"), fixture_set("85618NED", "DataProperties"), [], GEMEENTE)

    assert "IndelingswijzigingWijkenEnBuurten_4" in older.columns
    assert older["indelingswijziging"].tolist() == [NA] + ["1"] * 8


def test_every_null_stays_missing_and_every_figure_is_kept(frame):
    by_code = {r["Codering_3"].strip(): r for r in ROWS}
    numeric = [t["Key"] for t in topics(PROPS) if t["Datatype"] != "String"]
    for row in frame.itertuples(index=False):
        sent = by_code[row.code]
        for key in numeric:
            value = frame.loc[frame["code"] == row.code, key].iloc[0]
            if sent[key] is None:
                assert value is NA, (row.code, key)
            else:
                assert value == sent[key], (row.code, key)


def test_secret_and_unpublished_figures_are_missing_not_zero(frame):
    rows = frame.set_index("code")
    assert rows.loc["BU09990202", "AantalInwoners_5"] == 15
    assert rows.loc["BU09990202", "GemiddeldeWOZWaardeVanWoningen_39"] is NA  # secret in a small buurt
    assert rows.loc["BU09990203", "AantalInwoners_5"] == 0  # a true zero stays zero
    assert rows.loc["WK099902", "PercentageWoningenMetStadsverwarming_69"] == 0.0
    assert rows["GemiddeldInkomenPerInwoner_83"].isna().all()  # not yet published
    assert rows["GemiddeldInkomenPerInwoner_83"].dtype == "Float64"


def test_dtypes_follow_the_datatype_of_each_topic(frame):
    expected = {"Long": "Int64", "Double": "Float64", "String": "string"}
    for t in topics(PROPS):
        assert str(frame[t["Key"]].dtype) == expected[t["Datatype"]], t["Key"]
    for column in META_COLUMNS:
        assert str(frame[column].dtype) == "string"
    assert frame["GemiddeldeHuishoudensgrootte_33"].tolist() == [2.1, 2.0, 1.8, 1.6, 2.2, 2.4, 2.4, 3.0, NA]


def test_untyped_rows_give_the_same_frame_as_typed_rows(frame):
    untyped = Table(FIXTURES / "85984NED").sets["UntypedDataSet"]
    assert untyped[6]["AantalInwoners_5"] == "      3120"  # really the strings CBS sends
    assert untyped[11]["GemiddeldeWOZWaardeVanWoningen_39"] == "         ."

    pd.testing.assert_frame_equal(normalise_table(untyped, PROPS, REGIONS, GEMEENTE), frame)


def test_rows_of_another_gemeente_are_dropped_even_when_sent(frame):
    assert "BU00999901" in {r["Codering_3"].strip() for r in ROWS}  # its digits contain 0999

    assert frame["code"].tolist() == CODES
    neighbour = normalise_table(ROWS, PROPS, REGIONS, "GM0099")
    assert neighbour["code"].tolist() == ["NL00", "GM0099", "WK009999", "BU00999901"]
    assert neighbour["naam"].tolist() == ["Nederland", "Naburig", "Naburig-Oost", "Achter de Dijk"]


def test_names_come_from_the_dimension(frame):
    titles = {r["Key"].strip(): r["Title"] for r in REGIONS}
    assert frame["naam"].tolist() == [titles[c] for c in CODES]
    assert frame["naam"].tolist()[:5] == ["Nederland", "Testgemeente", "Centrum", "Binnenstad", "Stationsbuurt"]


def test_names_follow_each_years_dimension():
    sets = [fixture_set("85618NED", name) for name in ("TypedDataSet", "DataProperties", "WijkenEnBuurten")]
    older = normalise_table(*sets, GEMEENTE)
    assert older.set_index("code").loc["BU09990102", "naam"] == "Stationskwartier"


def test_names_when_the_dimension_column_already_holds_names(frame, cbs_server, monkeypatch):
    """``cbsodata.get_data`` replaces the region key by its title; the code then comes from Codering."""
    monkeypatch.setattr(cbsodata.options, "use_https", False)
    rows = cbsodata.get_data("85984NED", filters=gemeente_filter(GEMEENTE), catalog_url=cbs_server.url.removeprefix("http://"))
    assert rows[3]["WijkenEnBuurten"] == "Binnenstad"

    pd.testing.assert_frame_equal(normalise_table(rows, PROPS, [], GEMEENTE), frame)
    pd.testing.assert_frame_equal(normalise_table(rows, PROPS, REGIONS, GEMEENTE), frame)


def test_code_from_the_dimension_key_when_there_is_no_codering(frame):
    props = [p for p in PROPS if p.get("Key") != "Codering_3"]
    rows = [{k: v for k, v in r.items() if k != "Codering_3"} for r in ROWS]

    got = normalise_table(rows, props, REGIONS, GEMEENTE)

    assert got["code"].tolist() == CODES
    assert got["naam"].tolist() == frame["naam"].tolist()


def test_rows_without_any_region_code_are_refused():
    props = [p for p in PROPS if p.get("Key") != "Codering_3"]
    rows = [{k: v for k, v in r.items() if k != "Codering_3"} | {"WijkenEnBuurten": "Binnenstad"} for r in ROWS]

    with pytest.raises(CbsDataError) as err:
        normalise_table(rows, props, [], GEMEENTE)

    assert str(err.value) == "CBS-rij zonder regiocode: kolom Codering en dimensiesleutel ontbreken."


def test_properties_frame_types_and_strips():
    props = properties_frame(PROPS)

    assert len(props) == len(PROPS)
    assert props["Type"].value_counts().to_dict() == {"Topic": 24, "TopicGroup": 17, "GeoDetail": 1}
    woz = props[props["Key"] == "GemiddeldeWOZWaardeVanWoningen_39"].iloc[0]
    assert (woz["Unit"], woz["Decimals"], woz["Datatype"]) == ("x 1 000 euro", 0, "Long")
    assert props.loc[props["Key"] == "GemiddeldInkomenPerInwoner_83", "Title"].item() == "Gemiddeld inkomen per inwoner"
    assert str(props["ParentID"].dtype) == "Int64"
    assert props["ParentID"].iloc[0] is NA
