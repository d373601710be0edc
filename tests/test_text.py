import pandas as pd

from wijkdata.text import MISSING, escape_markdown, nl_number, nl_unit, with_unit


def test_dutch_thousands_and_decimals():
    assert nl_number(168211) == "168.211"
    assert nl_number(2.1, 1) == "2,1"
    assert nl_number(1234567.891, 2) == "1.234.567,89"
    assert nl_number(-3, 0) == "-3"


def test_missing_is_a_dash_never_zero():
    for value in (None, float("nan"), pd.NA):
        assert nl_number(value) == MISSING
        assert with_unit(value, "%") == MISSING


def test_units():
    assert with_unit(379, "x 1 000 euro") == "379 × € 1.000"
    assert with_unit(63, "%") == "63%"
    assert with_unit(168211, "aantal") == "168.211"
    assert with_unit(12.5, "km", 1) == "12,5 km"
    assert nl_unit("per 1 000 inwoners") == "per 1.000 inwoners"


def test_markdown_escaped_once_and_only_where_it_would_format():
    assert escape_markdown("Moestuin *groot* (2023): 1.234") == "Moestuin \\*groot\\* (2023): 1.234"
    assert escape_markdown("a_b [x](y) `c` <b> ~d~ $5 | #1 \\") == "a\\_b \\[x\\](y) \\`c\\` \\<b\\> \\~d\\~ \\$5 \\| \\#1 \\\\"
    # the opening colon is enough to stop a directive; a colon before a space never starts one
    assert escape_markdown(":red[rood] :material/info: en: zo") == "\\:red\\[rood\\] \\:material/info: en: zo"
    assert escape_markdown("- punt\n1. een\n  + twee\n= kop") == "\\- punt\n1\\. een\n  \\+ twee\n\\= kop"
    assert escape_markdown(None) == "None" and escape_markdown(3) == "3"


def test_excel_number_formats_per_column():
    from wijkdata.text import number_format

    assert number_format("Inwoners", [3805, 120, None]) == ("#,##0", "#,##0.0")
    assert number_format("Koopwoningen (%)", [12.5, 40.0]) == ("#,##0", "#,##0.0")
    assert number_format("Afstand", [0.37, 1.5]) == ("#,##0", "#,##0.00")
    assert number_format("x", [1 / 3]) == ("#,##0", "#,##0.000")
    assert number_format("jaar", [2024, 2023]) == ("0", "0")
    assert number_format("Naam", ["Centrum", None]) is None
    assert number_format("Actief", [True, False]) is None
