"""The test feed itself: it must speak CBS's protocol, and its fixtures must be what the generator writes."""

from __future__ import annotations

import importlib.util

import pytest
import requests

from tests.support.cbs_server import FIXTURE_TABLES, FIXTURES, CbsServer, ODataError, fixture_set, parse_filter

ROW = {"Key": "GM0999    ", "Title": "Testgemeente", "Period": "2024", "Count": 7, "Empty": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Key eq 'GM0999    '", True),
        ("Key eq 'GM0999'", False),  # keys are padded: eq is exact, as at CBS
        ("startswith(Key,'GM0999')", True),
        ("endswith(Title,'gemeente')", True),
        ("substringof('gemeente',Title)", True),
        ("substringof('Gemeente',Title)", False),
        ("Count gt 5 and Count le 7", True),
        ("Count lt 5 or Period eq '2024'", True),
        ("not (Count ge 7)", False),
        ("(Count eq 1 or Count eq 7) and (Period eq '2023' or Period eq '2024')", True),
        ("Count eq 1 or Count eq 7 and Period eq '2023'", False),  # and binds tighter than or
        ("Empty eq null", True),
        ("Empty gt 1", False),
        ("trim(Key) eq 'GM0999'", True),
        ("tolower(Title) eq 'testgemeente'", True),
        ("Title eq 'O''Brien'", False),
    ],
)
def test_filter_expressions(text, expected):
    assert parse_filter(text)(ROW) is expected


@pytest.mark.parametrize("text", ["Key eq", "Key eq 'x' or", "startswith(Key)", "Key eq 'x')", "frobnicate(Key,'x')"])
def test_malformed_filters_are_refused(text):
    with pytest.raises(ODataError) as err:
        parse_filter(text)(ROW)
    assert err.value.status == 400


def get(cbs_server, path: str, **params: str) -> requests.Response:
    return requests.get(f"{cbs_server.url}{path}", params={"$format": "json", **params}, timeout=5)


def test_entity_set_list_as_cbs_serves_it(cbs_server):
    body = get(cbs_server, "/ODataFeed/odata/85984NED/").json()

    assert body["odata.metadata"] == f"{cbs_server.url}/ODataFeed/odata/85984NED/$metadata"
    assert [v["name"] for v in body["value"]] == [
        "TableInfos",
        "UntypedDataSet",
        "TypedDataSet",
        "DataProperties",
        "CategoryGroups",
        "WijkenEnBuurten",
    ]
    assert body["value"][2]["url"] == f"{cbs_server.url}/ODataFeed/odata/85984NED/TypedDataSet"


def test_select_top_skip_and_paging(cbs_server):
    cbs_server.page_size = 2
    options = {"$select": "ID,WijkenEnBuurten", "$skip": "1", "$top": "3"}
    first = get(cbs_server, "/ODataFeed/odata/85984NED/TypedDataSet", **options).json()

    assert first["value"] == [{"ID": 1, "WijkenEnBuurten": "GM0099    "}, {"ID": 2, "WijkenEnBuurten": "WK009999  "}]
    assert first["odata.metadata"].endswith("/85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet")
    following = requests.get(first["odata.nextLink"], timeout=5).json()  # the link carries every option
    assert following["value"] == [{"ID": 3, "WijkenEnBuurten": "BU00999901"}]
    assert "odata.nextLink" not in following


def test_catalogue_answers_filter_and_select(cbs_server):
    body = get(cbs_server, "/ODataCatalog/Tables", **{"$filter": "Period eq '2023'", "$select": "Identifier,Modified"}).json()

    assert body["value"] == [{"Identifier": "85618NED", "Modified": "2024-09-27T02:00:00"}]


def test_untyped_set_renders_figures_as_cbs_does(cbs_server):
    answer = get(cbs_server, "/ODataFeed/odata/85984NED/UntypedDataSet", **{"$filter": "WijkenEnBuurten eq 'BU09990202'"})
    (row,) = answer.json()["value"]

    assert row["AantalInwoners_5"] == "        15"
    assert row["GemiddeldeHuishoudensgrootte_33"] == "       3.0"
    assert row["GemiddeldeWOZWaardeVanWoningen_39"] == "         ."
    assert row["Gemeentenaam_1"] == "Testgemeente".ljust(40)


def test_without_format_json_the_answer_is_atom(cbs_server):
    answer = requests.get(f"{cbs_server.url}/ODataFeed/odata/85984NED/TableInfos", timeout=5)

    assert answer.headers["Content-Type"] == "application/atom+xml"
    assert answer.text.startswith("<?xml")


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/ODataFeed/odata/99999NED/", {}, 404),
        ("/ODataFeed/odata/85984NED/NoSuchSet", {}, 404),
        ("/ODataFeed/odata/85984NED/TypedDataSet", {"$filter": "Nope eq 1"}, 400),
        ("/ODataFeed/odata/85984NED/TypedDataSet", {"$select": "ID,Nope"}, 400),
        ("/ODataFeed/odata/85984NED/TypedDataSet", {"$top": "many"}, 400),
    ],
)
def test_errors_come_as_odata_errors(cbs_server, path, params, status):
    answer = get(cbs_server, path, **params)

    assert answer.status_code == status
    assert answer.json()["odata.error"]["message"]["value"]
    assert cbs_server.log[-1].status == status


def test_faults_count_only_matching_requests(cbs_server):
    cbs_server.fail_after(1, status=503, path="TableInfos")

    names = ["TableInfos", "DataProperties", "TableInfos"]
    statuses = [get(cbs_server, f"/ODataFeed/odata/85984NED/{name}").status_code for name in names]

    assert statuses == [200, 200, 503]
    assert [(h.entity_set, h.status) for h in cbs_server.log] == list(zip(names, statuses, strict=True))


# -- the fixtures ---------------------------------------------------------------------------------


def test_fixture_files_are_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    stale = [
        str(path.relative_to(FIXTURES))
        for path, text in generator.expected_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]

    assert stale == [], "run python tests/fixtures/cbs/make_fixtures.py"


@pytest.mark.parametrize("table_id", FIXTURE_TABLES.values())
def test_fixture_rows_have_the_shape_of_cbs_rows(table_id):
    props = fixture_set(table_id, "DataProperties")
    topics = [p["Key"] for p in props if p["Type"] == "Topic"]
    ids = {p["ID"] for p in props}

    assert all(p["ParentID"] is None or p["ParentID"] in ids for p in props)
    for row in fixture_set(table_id, "TypedDataSet"):
        assert list(row) == ["ID", "WijkenEnBuurten", *topics]
        assert len(row["WijkenEnBuurten"]) == 10
        assert len(row["Gemeentenaam_1"]) == 40
    assert {len(r["Key"]) for r in fixture_set(table_id, "WijkenEnBuurten")} == {10}


def test_a_gzipped_table_folder_is_served_as_the_plain_one(tmp_path):
    import gzip

    from wijkdata.cbs.client import CbsClient, TableRef
    from wijkdata.config import Settings

    folder = tmp_path / "85984NED"
    folder.mkdir()
    for path in (FIXTURES / "85984NED").glob("*.json"):
        (folder / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
    with CbsServer([folder]) as server:
        client = CbsClient(Settings(data_dir=tmp_path, cbs_url=server.url))
        raw = client.fetch_gemeente(TableRef("85984NED", 2024), "GM0998")
    codes = ["NL00", "GM0998", "WK0998AA", "BU0998AA01", "BU0998AA02", "WK0998AB", "BU0998AB01", "BU0998AB0A"]
    assert [r["WijkenEnBuurten"].strip() for r in raw.rows] == codes
    assert raw.info["Identifier"] == "85984NED" and [r["Key"].strip() for r in raw.regions] == codes
