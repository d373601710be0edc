import io

import pandas as pd
import pytest

from tests.support.cache_factory import GEMEENTE, build_cache
from wijkdata.cbs.export import LONG_COLUMNS, export_kerncijfers, long_format
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.tabular import table_bytes


@pytest.fixture
def settings(tmp_path):
    build_cache(s := Settings(data_dir=tmp_path, cbs_url="http://127.0.0.1:9"), (2022, 2023))
    return s


def test_long_format_one_row_per_year_area_indicator(settings):
    k = load_kerncijfers(settings, GEMEENTE)
    frame = long_format(k, [2023])
    assert list(frame.columns) == LONG_COLUMNS
    regions = k.year(2023)
    indicators = [i for i in k.catalogue if 2023 in i.kolommen]
    assert len(frame) == len(regions) * len(indicators)
    assert not frame.duplicated(["jaar", "code", "indicator"]).any()
    row = frame[(frame["code"] == "WK099901") & (frame["indicator"] == "AantalInwoners")].iloc[0]
    assert row["waarde"] == int(regions.set_index("code").loc["WK099901", "AantalInwoners"])
    assert type(row["waarde"]) is int
    assert row["cbs_kolom"] == "AantalInwoners_5" and row["tabel"] == "T2023NED" and row["naam"] == "Centrum"


def test_waarde_exact_and_missing_empty(settings):
    k = load_kerncijfers(settings, GEMEENTE)
    frame = long_format(k, [2023]).set_index(["code", "indicator"])
    assert frame.loc[("BU09990805", "Koopwoningen"), "waarde"] is None  # secret: empty, never 0
    size = frame.loc[("GM0999", "GemiddeldeHuishoudensgrootte"), "waarde"]
    expected = k.year(2023).set_index("code").loc["GM0999", "GemiddeldeHuishoudensgrootte"]
    assert type(size) is float and size == float(expected)  # the number as published
    assert type(frame.loc[("GM0999", "AantalInwoners"), "waarde"]) is int  # whole numbers stay whole


def test_only_indicators_of_that_years_table(settings):
    k = load_kerncijfers(settings, DEMO_GEMEENTE)
    frame = long_format(k, [2020])
    assert "NieuwbouwWoningen" not in set(frame["indicator"])  # not in the 2020 table: not listed as missing
    assert set(long_format(k, [2024])["indicator"]) >= {"NieuwbouwWoningen"}


def test_export_csv_and_xlsx_round_trip(settings, tmp_path):
    k = load_kerncijfers(settings, GEMEENTE)
    csv_path, xlsx_path = tmp_path / "out" / "k.csv", tmp_path / "k.xlsx"
    n = export_kerncijfers(k, csv_path, "csv", [2023], "wijk")
    back = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(back) == n and set(back["niveau"]) == {"wijk"}
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    export_kerncijfers(k, xlsx_path, "xlsx", [2023], "wijk")
    assert len(pd.read_excel(xlsx_path)) == n


def test_demo_export_says_fictional(tmp_path):
    k = load_kerncijfers(Settings(data_dir=tmp_path), DEMO_GEMEENTE)
    export_kerncijfers(k, tmp_path / "d.csv", "csv", [2024])
    assert "FICTIEF" in (tmp_path / "d.csv").read_text(encoding="utf-8-sig")


def test_table_bytes_carry_the_source():
    frame = pd.DataFrame({"Naam": ["Centrum"], "Inwoners": [7465]})
    csv = table_bytes(frame, "csv", source="CBS, Kerncijfers wijken en buurten 2024 (85984NED)").decode("utf-8-sig")
    assert csv.splitlines()[0] == "Naam;Inwoners;Bron" and "85984NED" in csv
    formula = table_bytes(pd.DataFrame({"titel": ["=1+1"]}), "csv", source="@bron").decode("utf-8-sig")
    assert "'=1+1" in formula and "'@bron" in formula
    book = pd.read_excel(io.BytesIO(table_bytes(frame, "xlsx", source="Bron: CBS")), sheet_name=None)
    assert list(book) == ["Gegevens", "Bron"] and book["Bron"].iloc[0, 0] == "Bron: CBS"


# -- the files as a user opens them ---------------------------------------------------------------


def test_csv_has_decimal_commas_and_plain_whole_numbers(settings, tmp_path):
    import csv

    k = load_kerncijfers(settings, GEMEENTE)
    path = tmp_path / "k.csv"
    export_kerncijfers(k, path, "csv", [2023])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = {(r["code"], r["indicator"]): r["waarde"] for r in csv.DictReader(fh, delimiter=";")}
    cached = k.year(2023).set_index("code")
    size = cached.loc["GM0999", "GemiddeldeHuishoudensgrootte"]
    assert rows[("GM0999", "GemiddeldeHuishoudensgrootte")] == f"{size:g}".replace(".", ",")
    assert "," in rows[("GM0999", "GemiddeldeHuishoudensgrootte")]
    assert rows[("NL00", "AantalInwoners")] == str(int(cached.loc["NL00", "AantalInwoners"]))  # no thousands separator
    assert rows[("BU09990805", "Koopwoningen")] == ""
    assert not any("." in v for v in rows.values())


def test_xlsx_stores_numbers_as_numbers_with_a_format(settings, tmp_path):
    from openpyxl import load_workbook

    k = load_kerncijfers(settings, GEMEENTE)
    path = tmp_path / "k.xlsx"
    n = export_kerncijfers(k, path, "xlsx", [2023])
    sheet = load_workbook(path)["Kerncijfers"]
    header = [c.value for c in sheet[1]]
    jaar, waarde = header.index("jaar") + 1, header.index("waarde") + 1
    cells = [sheet.cell(row=r, column=waarde) for r in range(2, n + 2)]
    filled = [c for c in cells if c.value is not None]
    assert filled and all(c.data_type == "n" for c in filled)
    assert {c.number_format for c in filled} == {"#,##0", "#,##0.0"}  # whole numbers, and decimals as CBS has them
    assert len(filled) < len(cells)  # secret figures stay empty cells
    assert sheet.cell(row=2, column=jaar).value == 2023 and sheet.cell(row=2, column=jaar).number_format == "0"
    by_key = {(sheet.cell(row=r, column=2).value, sheet.cell(row=r, column=5).value): cells[r - 2] for r in range(2, n + 2)}
    cached = k.year(2023).set_index("code")
    inwoners, size = by_key[("GM0999", "AantalInwoners")], by_key[("GM0999", "GemiddeldeHuishoudensgrootte")]
    assert (inwoners.value, inwoners.number_format) == (int(cached.loc["GM0999", "AantalInwoners"]), "#,##0")
    assert size.value == pytest.approx(float(cached.loc["GM0999", "GemiddeldeHuishoudensgrootte"]))
    assert size.number_format == "#,##0.0"


def test_parquet_is_typed(settings, tmp_path):
    k = load_kerncijfers(settings, GEMEENTE)
    path = tmp_path / "k.parquet"
    n = export_kerncijfers(k, path, "parquet", [2023])
    back = pd.read_parquet(path)
    assert len(back) == n and list(back.columns) == LONG_COLUMNS
    assert str(back["jaar"].dtype) == "int64"
    assert str(back["waarde"].dtype) in ("float64", "Float64")
    row = back[(back["code"] == "GM0999") & (back["indicator"] == "GemiddeldeHuishoudensgrootte")].iloc[0]
    assert row["waarde"] == pytest.approx(float(k.year(2023).set_index("code").loc["GM0999", "GemiddeldeHuishoudensgrootte"]))
    secret = back[(back["code"] == "BU09990805") & (back["indicator"] == "Koopwoningen")]["waarde"]
    assert secret.isna().all()


def test_unknown_export_format_is_named(settings, tmp_path):
    from wijkdata.errors import WijkdataError

    k = load_kerncijfers(settings, GEMEENTE)
    with pytest.raises(WijkdataError, match="Onbekend formaat 'ods'; kies csv, xlsx of parquet."):
        export_kerncijfers(k, tmp_path / "k.ods", "ods")
