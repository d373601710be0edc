"""Only the columns that hold a figure travel; the rows come out as CBS would have sent them whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cbs_server import CbsServer, fixture_set, read_entity_set
from wijkdata.cbs import columns
from wijkdata.cbs.client import CbsClient, TableRef
from wijkdata.cbs.columns import full_shape, merge_by_id, probe_filter, probe_groups, query_length, select_groups
from wijkdata.config import Settings

REF_2024 = TableRef("85984NED", 2024)
NL_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "cbs-sample" / "nl-2024"
LOCAL = "startswith(WijkenEnBuurten,'GM0999') or startswith(WijkenEnBuurten,'WK0999') or startswith(WijkenEnBuurten,'BU0999')"


def sent_whole(rows: list[dict], gemeente: str) -> list[dict]:
    """What CBS sends for Nederland and the gemeente without ``$select``."""
    return [r for r in rows if r["WijkenEnBuurten"].startswith("NL00") or r["WijkenEnBuurten"][2:6] == gemeente[2:]]


def data_requests(server: CbsServer) -> list:
    return [h for h in server.hits("TypedDataSet") if h.params.get("$select", "").startswith("ID,")]


def test_rows_are_exactly_what_cbs_sends_whole(client, cbs_server):
    cbs_server.page_size = 3

    raw = client.fetch_gemeente(REF_2024, "GM0999")

    assert raw.rows == sent_whole(fixture_set("85984NED", "TypedDataSet"), "GM0999")  # values, None, key order


def test_columns_without_any_figure_are_not_asked_for_and_come_back_empty(client, cbs_server, monkeypatch):
    monkeypatch.setattr(columns, "SMALL_GROUP", 1)  # halve down to single columns

    raw = client.fetch_gemeente(REF_2024, "GM0999")

    asked = {c for h in data_requests(cbs_server) for c in h.params["$select"].split(",")}
    # income has no figure yet, for Nederland nor for a region: never asked for, None in every row
    assert {"GemiddeldInkomenPerInwoner_83", "HuishoudensMetEenLaagInkomen_89"}.isdisjoint(asked)
    assert all(r["GemiddeldInkomenPerInwoner_83"] is None for r in raw.rows)
    # the postcode coverage has no figure for Nederland but has one for buurten: found and pulled
    assert "Dekkingspercentage_126" in asked and "AantalInwoners_5" in asked
    assert [r["Dekkingspercentage_126"] for r in raw.rows if r["WijkenEnBuurten"].startswith("BU")] == [1, 2, 1, 4, 6]
    probes = [h.params["$filter"] for h in cbs_server.hits("TypedDataSet") if h.params.get("$select") == "ID"]
    assert probes[0] == (
        f"({LOCAL}) and (GemiddeldInkomenPerInwoner_83 ne null or HuishoudensMetEenLaagInkomen_89 ne null "
        "or Dekkingspercentage_126 ne null)"
    )
    halves = [["GemiddeldInkomenPerInwoner_83"], ["HuishoudensMetEenLaagInkomen_89", "Dekkingspercentage_126"]]
    quarters = [["HuishoudensMetEenLaagInkomen_89"], ["Dekkingspercentage_126"]]
    assert probes[1:] == [probe_filter(LOCAL, g) for g in [*halves, *quarters]]  # the group with a figure, halved
    assert raw.rows == sent_whole(fixture_set("85984NED", "TypedDataSet"), "GM0999")


def test_a_long_select_is_split_within_the_limit_and_joined_on_id(client, cbs_server, monkeypatch):
    monkeypatch.setattr(columns, "MAX_QUERY", 420)

    raw = client.fetch_gemeente(REF_2024, "GM0999")

    parts = data_requests(cbs_server)
    assert len(parts) >= 3
    assert parts[0].params["$select"].startswith("ID,WijkenEnBuurten,")
    assert all(p.params["$select"].startswith("ID,") for p in parts[1:])
    for hit in cbs_server.hits("TypedDataSet"):
        select = hit.params.get("$select")
        assert query_length(hit.params["$filter"], select.split(",") if select else None) <= 420
    assert raw.rows == sent_whole(fixture_set("85984NED", "TypedDataSet"), "GM0999")


def test_select_groups_keep_order_and_start_with_the_keys():
    cols = [f"Kolom{i}_{i}" for i in range(40)]

    groups = select_groups(["ID", "WijkenEnBuurten"], cols, LOCAL, limit=500)

    assert groups[0][:2] == ["ID", "WijkenEnBuurten"] and all(g[0] == "ID" for g in groups[1:])
    assert [c for g in groups for c in g if c.startswith("Kolom")] == cols
    assert all(query_length(LOCAL, g) <= 500 for g in groups) and len(groups) > 1
    with pytest.raises(ValueError, match="te lang"):
        select_groups(["ID"], ["K" * 600], LOCAL, limit=500)


def test_probe_groups_fit_and_cover_every_column():
    cols = [f"Kolom{i}_{i}" for i in range(60)]

    groups = probe_groups(cols, LOCAL, limit=700)

    assert [c for g in groups for c in g] == cols
    assert all(query_length(probe_filter(LOCAL, g), ["ID"]) <= 700 for g in groups)


def test_merge_by_id_and_full_shape():
    first = [{"ID": 1, "Code": "A", "X": 1}, {"ID": 2, "Code": "B", "X": None}]
    second = [{"ID": 2, "Y": 5}, {"ID": 1, "Y": 4}]

    merged = merge_by_id([first, second])

    assert merged == [{"ID": 1, "Code": "A", "X": 1, "Y": 4}, {"ID": 2, "Code": "B", "X": None, "Y": 5}]
    assert full_shape(merged, ["ID", "Code", "Z", "X", "Y"])[0] == {"ID": 1, "Code": "A", "Z": None, "X": 1, "Y": 4}


@pytest.mark.skipif(not NL_SAMPLE.is_dir(), reason="../shared/cbs-sample/nl-2024 not present")
@pytest.mark.parametrize("gemeente", ["GM0014", "GM0307"])  # the two largest of the sample: 172 and 179 regions
def test_real_2024_rows_of_a_large_gemeente_travel_at_half_the_bytes(tmp_path, gemeente):
    whole = read_entity_set(NL_SAMPLE / "TypedDataSet.json.gz")
    with CbsServer([NL_SAMPLE]) as server:
        client = CbsClient(Settings(data_dir=tmp_path, cbs_url=server.url, timeout=30))
        raw = client.fetch_gemeente(REF_2024, gemeente)
        hits = server.hits("TypedDataSet")

    expected = sent_whole(whole, gemeente)
    assert raw.rows == expected  # every figure, every gap, every region
    whole_bytes = len(str(expected).encode())  # the rows as sent whole, roughly
    assert sum(h.bytes for h in hits) < 0.6 * whole_bytes  # 60 of the table's columns have no figure yet
    for hit in hits:
        select = hit.params.get("$select")
        assert query_length(hit.params["$filter"], select.split(",") if select else None) <= columns.MAX_QUERY
