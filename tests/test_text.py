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


def test_counts_are_singular_for_one_and_plural_otherwise():
    from wijkdata.text import count, plural

    assert count(1, "wijk") == "1 wijk" and count(2, "wijk") == "2 wijken"
    assert count(1, "buurt") == "1 buurt" and count(0, "buurt") == "0 buurten"
    assert count(1, "initiatief") == "1 initiatief" and count(4, "initiatief") == "4 initiatieven"
    assert count(2, "interventie") == "2 interventies" and count(2, "signaal") == "2 signalen"
    assert count(1, "cijfer") == "1 cijfer" and count(12, "cijfer") == "12 cijfers"
    assert count(1234, "buurt") == "1.234 buurten"
    assert count(3, "jaar") == "3 jaar"
    assert plural("Wijk", 2) == "Wijken" and plural("gemeente", 5) == "gemeenten"
    assert count(None, "wijk") == "– wijken"


def test_rank_says_which_way_it_counts():
    from wijkdata.text import rank_text

    assert rank_text(1, 24) == "hoogste van 24"
    assert rank_text(3, 24) == "3e hoogste van 24"
    assert rank_text(20, 24) == "20e van 24, 1 = hoogste"
    assert rank_text(24, 24) == "24e van 24, de laagste"
    assert rank_text(3, 24, ascending=True) == "3e laagste van 24"
    assert rank_text(1, 1) == "enige van 1"
    assert rank_text(pd.NA, 24) == "" and rank_text(2, None) == ""


def test_plain_text_never_says_nan_or_none():
    from wijkdata.text import plain_text

    for value in (None, float("nan"), pd.NA, "nan", "None", " NaN ", "<NA>", ""):
        assert plain_text(value) == ""
    assert plain_text(" Peildatum: 1 januari.\r\nMeer.\u00a0") == "Peildatum: 1 januari.\nMeer."
    assert plain_text(0) == "0"
