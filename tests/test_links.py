"""What a shared link asks for: values split, checked against what exists, and named when missing."""

from wijkdata.codes import clean_code
from wijkdata.links import AreaPicks, pick, pick_areas, split_values, unknown_note


def test_split_values_of_repeated_and_comma_separated_parameters():
    assert split_values(["WK020001, WK020007", "", " BU02000101 "]) == ["WK020001", "WK020007", "BU02000101"]
    assert split_values(["Zorg, welzijn", "Wonen"], sep=None) == ["Zorg, welzijn", "Wonen"]
    assert split_values([]) == []


def test_pick_keeps_the_order_asked_drops_repeats_and_names_the_unknown():
    themes = ["Bevolking", "Wonen en vastgoed", "Inkomen"]
    assert pick(["Inkomen", "inkomen", "Bevolking", "Sport"], themes) == (["Inkomen", "Bevolking"], ["Sport"])
    assert pick(["wk999901 ", "WK999999"], ["WK999901", "WK999902"], clean_code) == (["WK999901"], ["WK999999"])
    assert pick(["5"], [3, 4, 5]) == ([5], [])


def test_pick_areas_takes_codes_of_cached_gemeenten_only():
    picks = pick_areas(["wk020001", "BU99990101", "WK020001", "XX", "GM0200", "WK036300"], {"GM0200", "GM9999"})
    assert picks.areas == [("GM0200", "WK020001"), ("GM9999", "BU99990101")]
    assert picks.unknown == ["XX", "GM0200", "WK036300"]  # no code, a gemeente, a gemeente not in the cache
    assert picks.gemeenten == ["GM0200", "GM9999"]


def test_pick_areas_with_letters_in_the_code():
    assert pick_areas(["WK0363AA", "BU0363AA01"], ["GM0363"]).areas == [("GM0363", "WK0363AA"), ("GM0363", "BU0363AA01")]


def test_within_separates_areas_without_figures_in_the_year():
    picks = AreaPicks(areas=[("GM0200", "WK020001"), ("GM0200", "WK020099")], unknown=["XX"])
    assert picks.within([("GM0200", "WK020001"), ("GM0200", "WK020002")]) == ([("GM0200", "WK020001")], ["XX", "WK020099"])


def test_unknown_note_is_dutch_and_names_every_value():
    note = unknown_note("Gebied", ["WK999999"], "u ziet Centrum")
    assert note == "Gebied uit de link niet gevonden: 'WK999999'; u ziet Centrum."
    assert unknown_note("Thema", ["Sport", "Cultuur"]) == "Thema uit de link niet gevonden: 'Sport', 'Cultuur'."
    assert unknown_note("Gebied", []) == ""
