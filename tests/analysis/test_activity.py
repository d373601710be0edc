"""What is happening in an area: records per wijk/buurt, aims per indicator, effort per wijk (SQLite and PostgreSQL)."""

from datetime import date

from tests.support.records_fixtures import TODAY, initiatief, interventie, signaal, veldnotitie
from wijkdata.analysis.activity import aims_by_indicator, area_activity, effort_records
from wijkdata.analysis.need import effort_per_wijk


def _fill(store):
    store.create(
        "initiatieven",
        initiatief(titel="Moestuin", gebieden=["BU99990301"], status="lopend", indicatoren=["HuishoudensMetEenLaagInkomen"]),
        "ans",
    )
    store.create(
        "initiatieven",
        initiatief(titel="Oud idee", gebieden=["BU99990302"], status="afgerond", indicatoren=["HuishoudensMetEenLaagInkomen"]),
        "ans",
    )
    store.create(
        "interventies",
        interventie(
            titel="Armoedepact",
            gebieden=["GM9999"],
            status="lopend",
            indicatoren=["HuishoudensMetEenLaagInkomen", "Nettoarbeidsparticipatie"],
        ),
        "bob",
    )
    store.create("signalen", signaal(titel="Vergunning duurt lang", gebieden=["BU99990301"], status="nieuw"), "bob")
    store.create(
        "signalen",
        signaal(titel="Opgelost", gebieden=["BU99990301"], status="opgelost", oplossing="Regel aangepast", afgehandeld_op=TODAY),
        "bob",
    )
    store.create("veldnotities", veldnotitie(datum=TODAY, gebieden=["WK999903"]), "cor")
    store.create("veldnotities", veldnotitie(datum=date(2020, 1, 1), gebieden=["WK999903"]), "cor")


def test_area_activity_of_a_wijk_includes_its_buurten_and_the_gemeente(store):
    _fill(store)
    act = area_activity(store, "WK999903", today=TODAY)
    assert list(act.initiatieven["titel"]) == ["Moestuin", "Oud idee"]  # active first
    assert list(act.interventies["titel"]) == ["Armoedepact"]  # gemeente-wide: around the wijk
    assert list(act.open_signalen["titel"]) == ["Vergunning duurt lang"]  # solved signals are not open
    assert len(act.veldnotities) == 1  # the 2020 note is older than a year
    assert "contactpersoon" not in act.initiatieven.columns  # no personal data
    assert not act.empty


def test_aims_count_only_active_records(store):
    _fill(store)
    aims = aims_by_indicator(area_activity(store, "BU99990301", today=TODAY))
    assert aims["HuishoudensMetEenLaagInkomen"] == "1 initiatief, 1 interventie"
    assert aims["Nettoarbeidsparticipatie"] == "1 interventie"


def test_nothing_recorded(store):
    act = area_activity(store, "WK999908", today=TODAY)
    assert act.empty


def test_effort_records_feed_effort_per_wijk(store):
    _fill(store)
    records = effort_records(store, "GM9999")
    assert set(records["soort"]) == {"initiatief", "interventie", "signaal"}
    effort = effort_per_wijk(records, ["WK999903", "WK999908"]).set_index("code")
    assert effort.loc["WK999903"].to_dict() == {"initiatieven": 1, "interventies": 0, "open_signalen": 1, "inzet": 1}
    assert effort.loc["WK999908", "inzet"] == 0  # the gemeente-wide pact is not effort in one wijk
