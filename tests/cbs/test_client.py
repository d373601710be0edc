"""wijkdata.cbs.client against the local CBS feed: the real cbsodata and requests, no mocks."""

from __future__ import annotations

import time

import cbsodata
import pytest

from tests.support.cbs_server import CbsServer, fixture_set
from wijkdata.cbs.client import FALLBACK_TABLES, CbsClient, TableRef, check_gemeente_code, gemeente_filter
from wijkdata.config import Settings
from wijkdata.errors import CbsDataError, CbsTableNotFound, CbsUnavailable, UnknownGemeente

GEMEENTE = "GM0999"
REF_2024 = TableRef("85984NED", 2024)
KWB = "Kerncijfers wijken en buurten"
TESTGEMEENTE_KEYS = [
    "NL00      ",
    "GM0999    ",
    "WK099901  ",
    "BU09990101",
    "BU09990102",
    "WK099902  ",
    "BU09990201",
    "BU09990202",
    "BU09990203",
]


# -- the registry ---------------------------------------------------------------------------------


def list_table(server: CbsServer, table_id: str, title: str, period: str, modified: str = "2020-01-01T02:00:00") -> None:
    """Add a table to the catalogue only (CBS lists it; the server does not serve it)."""
    server.add_catalogue_row(Identifier=table_id, Title=title, Period=period, Modified=modified)


def test_registry_lists_the_yearly_tables_of_the_catalogue(client, cbs_server):
    refs = client.registry()

    assert refs == [
        TableRef("85618NED", 2023, f"{KWB} 2023", "2024-09-27T02:00:00", "catalogus"),
        TableRef("85984NED", 2024, f"{KWB} 2024", "2025-03-27T02:00:00", "catalogus"),
    ]
    (hit,) = cbs_server.hits("Tables")
    assert hit.params["$filter"] == "substringof('Kerncijfers wijken en buurten',Title)"
    assert hit.params["$select"] == "Identifier,Title,Period,Modified"


def test_registry_keeps_only_titles_of_one_year(client, cbs_server):
    list_table(cbs_server, "85039NED", f"{KWB} 2021", "2021", "2022-08-31")
    list_table(cbs_server, "70072NED", "Regionale kerncijfers Nederland", "1995-2024", "2025-01-01")
    list_table(cbs_server, "80000NED", f"{KWB} 2004-2008", "2008", "2009-01-01")
    list_table(cbs_server, "80001NED", "Toelichting Kerncijfers wijken en buurten 2015", "2015", "2016-01-01")

    refs = client.registry()

    assert [(r.table_id, r.year) for r in refs] == [("85039NED", 2021), ("85618NED", 2023), ("85984NED", 2024)]


def test_registry_takes_the_year_from_period_not_title(client, cbs_server):
    list_table(cbs_server, "84799NED", f"{KWB} 2019", "2020", "2021-01-01")
    list_table(cbs_server, "84583NED", f"{KWB} 2018", "", "2020-01-01")

    refs = client.registry()

    assert [(r.table_id, r.year) for r in refs] == [("84799NED", 2020), ("85618NED", 2023), ("85984NED", 2024)]


@pytest.mark.parametrize(
    ("modified", "winner"),
    [("2024-12-01T02:00:00", "85984NED"), ("2025-06-30T02:00:00", "85985NED")],
    ids=["older-second-table-loses", "newer-second-table-wins"],
)
def test_registry_newest_modified_wins_a_year(client, cbs_server, modified, winner):
    list_table(cbs_server, "85985NED", f"{KWB} 2024", "2024", modified)

    by_year = {r.year: r for r in client.registry()}

    assert by_year[2024].table_id == winner
    assert by_year[2023].table_id == "85618NED"


def test_fallback_list_when_the_catalogue_fails(client, cbs_server):
    cbs_server.fail_after(0, path="/ODataCatalog/")

    refs, note = client.registry_or_fallback()

    assert [(r.year, r.table_id) for r in refs] == sorted(FALLBACK_TABLES.items())
    assert {r.source for r in refs} == {"ingebouwd"}
    assert note == (
        "CBS-catalogus niet gelezen (CBS gaf een foutmelding (HTTP 500) bij het lezen van de CBS-catalogus; "
        "probeer het later opnieuw.); ingebouwde tabellenlijst gebruikt."
    )


def test_fallback_list_when_the_catalogue_has_no_kerncijfers(tmp_path):
    with CbsServer() as empty:
        refs, note = CbsClient(Settings(data_dir=tmp_path, cbs_url=empty.url, timeout=2)).registry_or_fallback()

    assert refs == CbsClient.fallback()
    assert note == "CBS-catalogus gaf geen Kerncijfers-tabellen; ingebouwde lijst gebruikt."


def test_registry_from_catalogue_gives_no_note(client):
    refs, note = client.registry_or_fallback()

    assert note is None
    assert [r.source for r in refs] == ["catalogus", "catalogus"]


# -- one table ------------------------------------------------------------------------------------


def test_table_info_is_the_tables_record(client):
    info = client.table_info("85618NED")

    assert info["Identifier"] == "85618NED"
    assert info["Period"] == "2023"
    assert info["Title"] == f"{KWB} 2023"


def test_fetch_gemeente_follows_paging_and_filters_on_the_server(client, cbs_server):
    cbs_server.page_size = 4  # fewer than the 8 rows of Testgemeente

    raw = client.fetch_gemeente(REF_2024, "gm0999")

    assert [r["WijkenEnBuurten"] for r in raw.rows] == TESTGEMEENTE_KEYS
    expected_filter = (
        "startswith(WijkenEnBuurten,'NL00') or startswith(WijkenEnBuurten,'GM0999') or "
        "startswith(WijkenEnBuurten,'WK0999') or startswith(WijkenEnBuurten,'BU0999')"
    )
    assert gemeente_filter(GEMEENTE) == expected_filter  # the region list's filter (on Key)
    national, *rest = cbs_server.hits("TypedDataSet")
    assert (national.params["$filter"], national.rows, "$select" in national.params) == (
        "startswith(WijkenEnBuurten,'NL00')",
        1,
        False,  # Nederland's row whole: it tells which columns hold figures
    )
    local = "startswith(WijkenEnBuurten,'GM0999') or startswith(WijkenEnBuurten,'WK0999') or startswith(WijkenEnBuurten,'BU0999')"
    pages = [h for h in rest if h.params["$filter"] == local]
    assert [h.rows for h in pages] == [4, 4]  # the gemeente's 8 rows, paged, with only their columns
    assert [h.params.get("$skip") for h in pages] == [None, "4"]
    assert pages[0].params["$select"].startswith("ID,WijkenEnBuurten,")
    assert not cbs_server.hits("UntypedDataSet")  # cbsodata's inverted flag: the typed set was pulled


def test_fetch_gemeente_returns_what_cbs_sent(client):
    raw = client.fetch_gemeente(REF_2024, GEMEENTE)

    binnenstad = raw.rows[3]
    assert binnenstad["Codering_3"] == "BU09990101"
    assert binnenstad["AantalInwoners_5"] == 3120
    assert binnenstad["GemiddeldeHuishoudensgrootte_33"] == 1.6
    assert binnenstad["GemiddeldInkomenPerInwoner_83"] is None
    assert raw.info["Period"] == "2024"
    assert raw.properties == fixture_set("85984NED", "DataProperties")
    assert [r["Key"] for r in raw.regions] == TESTGEMEENTE_KEYS  # only the gemeente's part of the dimension
    assert raw.regions[3] == {"Key": "BU09990101", "Title": "Binnenstad"}


def test_fetch_gemeente_filters_the_region_list_on_the_server(client, cbs_server):
    client.fetch_gemeente(REF_2024, "GM0998")

    [regions] = cbs_server.hits("WijkenEnBuurten")
    assert regions.params["$filter"] == (
        "startswith(Key,'NL00') or startswith(Key,'GM0998') or startswith(Key,'WK0998') or startswith(Key,'BU0998')"
    )
    assert regions.params["$select"] == "Key,Title"
    assert regions.rows == 8  # Nederland, Westhaven, 2 wijken and 4 buurten of the 19 regions in the table
    sets = [h.entity_set for h in cbs_server.log]
    assert sets[:2] == ["TableInfos", "DataProperties"] and sets[-1] == "WijkenEnBuurten"
    assert set(sets[2:-1]) == {"TypedDataSet"}  # Nederland's row, the columns with a figure, the rows
    assert not cbs_server.hits("")  # no entity-set list: nothing is pulled whole


def test_fetch_gemeente_refuses_a_table_of_another_year(client):
    with pytest.raises(CbsDataError) as err:
        client.fetch_gemeente(TableRef("85618NED", 2024), GEMEENTE)

    assert str(err.value) == "Tabel 85618NED beschrijft periode '2023', niet 2024."


def test_gemeenten_lists_codes_and_names(client, cbs_server):
    assert client.gemeenten(REF_2024) == [
        {"code": "GM0099", "naam": "Naburig"},
        {"code": "GM0999", "naam": "Testgemeente"},
        {"code": "GM0998", "naam": "Westhaven"},
    ]
    [hit] = cbs_server.hits("WijkenEnBuurten")
    assert (hit.params["$filter"], hit.rows) == ("startswith(Key,'GM')", 3)


# -- failures -------------------------------------------------------------------------------------


def test_http_500_is_unavailable_with_status_and_dutch_message(client, cbs_server):
    cbs_server.fail_after(3)  # TableInfos, DataProperties and the rows pass; then the region list fails

    with pytest.raises(CbsUnavailable) as err:
        client.fetch_gemeente(REF_2024, GEMEENTE)

    assert err.value.status == 500
    assert err.value.url == cbs_server.url
    assert str(err.value) == (
        "CBS gaf een foutmelding (HTTP 500) bij het ophalen van GM0999 uit tabel 85984NED (2024); probeer het later opnieuw."
    )
    assert [h.status for h in cbs_server.log] == [200, 200, 200, 500]


def test_timeout_is_unavailable_and_names_the_seconds(cbs_server, tmp_path):
    cbs_server.delay(10)
    client = CbsClient(Settings(data_dir=tmp_path, cbs_url=cbs_server.url, timeout=0.3))

    start = time.monotonic()
    with pytest.raises(CbsUnavailable) as err:
        client.registry()

    assert time.monotonic() - start < 3
    assert str(err.value) == f"CBS gaf geen antwoord binnen 0.3 seconden bij het lezen van de CBS-catalogus ({cbs_server.url})."
    assert err.value.status is None


def test_connection_refused_is_unavailable(closed_port_url, tmp_path):
    client = CbsClient(Settings(data_dir=tmp_path, cbs_url=closed_port_url, timeout=2))

    with pytest.raises(CbsUnavailable) as err:
        client.table_info("85984NED")

    assert str(err.value) == (
        f"CBS is niet bereikbaar ({closed_port_url}) bij het lezen van tabel 85984NED: controleer de netwerkverbinding."
    )


def test_connection_dropped_mid_response_is_unavailable(client, cbs_server):
    cbs_server.page_size = 4
    cbs_server.drop_after(1, path="TypedDataSet")  # the second page breaks off half-way

    with pytest.raises(CbsUnavailable) as err:
        client.fetch_gemeente(REF_2024, GEMEENTE)

    assert str(err.value) == (
        f"De verbinding met CBS ({cbs_server.url}) werd verbroken bij het ophalen van GM0999 uit tabel 85984NED (2024); "
        "probeer het later opnieuw."
    )


def test_unknown_table_is_table_not_found(client, cbs_server):
    with pytest.raises(CbsTableNotFound) as err:
        client.table_info("99999NED")

    assert str(err.value) == "CBS kent tabel 99999NED niet."
    assert err.value.table_id == "99999NED"
    assert cbs_server.log[-1].status == 404


def test_fetching_from_an_unknown_table_is_table_not_found(client):
    with pytest.raises(CbsTableNotFound) as err:
        client.fetch_gemeente(TableRef("99999NED", 2024), GEMEENTE)

    assert str(err.value) == "CBS kent tabel 99999NED niet."
    assert (err.value.table_id, err.value.year) == ("99999NED", 2024)


@pytest.mark.parametrize("before", [True, False])
def test_cbsodata_https_switch_is_restored(client, cbs_server, monkeypatch, before):
    monkeypatch.setattr(cbsodata.options, "use_https", before)

    client.registry()
    assert cbsodata.options.use_https is before

    cbs_server.fail_after(0)
    with pytest.raises(CbsUnavailable):
        client.fetch_gemeente(REF_2024, GEMEENTE)
    assert cbsodata.options.use_https is before
    assert cbsodata.options.catalog_url == "opendata.cbs.nl"  # the host is given per call, never set globally


# -- gemeente codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "code"), [("GM0200", "GM0200"), (" gm0999 ", "GM0999"), ("200", "GM0200"), ("14", "GM0014")])
def test_gemeente_codes_are_normalised(given, code):
    assert check_gemeente_code(given) == code


@pytest.mark.parametrize("given", ["Apeldoorn", "GM02000", "WK020001", "", "12345"])
def test_malformed_gemeente_codes_are_refused(given):
    with pytest.raises(UnknownGemeente) as err:
        check_gemeente_code(given)

    assert str(err.value) == f"'{given}' is geen gemeentecode; verwacht GM gevolgd door vier cijfers, bijv. GM0200."
    assert err.value.code == given
