"""The briefing's content on the hand-made gemeente: figures with their sources, ranks, summary, questions, caveats."""

from datetime import date

import pandas as pd
import pytest

from tests.support.tiny import GM, build
from wijkdata.analysis.activity import AreaActivity
from wijkdata.analysis.profile import area_profile
from wijkdata.briefing.content import area_document
from wijkdata.briefing.document import Questions, Table
from wijkdata.briefing.facts import area_facts, rank_text
from wijkdata.briefing.questions import OLD_SIGNAL_DAYS, area_questions
from wijkdata.briefing.render_text import to_html, to_markdown
from wijkdata.briefing.summary import summary_sentences
from wijkdata.cbs.kerncijfers import load_kerncijfers
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.errors import UnknownArea

TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("tiny"))
    build(settings)
    return load_kerncijfers(settings, GM)


def _activity(initiatieven=None, interventies=None, signalen=None) -> AreaActivity:
    empty = pd.DataFrame(columns=["titel", "status", "indicatoren"])
    signal_cols = ["titel", "status", "soort", "betrokken", "gemeld_door", "gemeld_op", "eigenaar_opvolging", "afgehandeld_op"]
    return AreaActivity(
        initiatieven=pd.DataFrame(initiatieven) if initiatieven else empty,
        interventies=pd.DataFrame(interventies) if interventies else empty,
        open_signalen=pd.DataFrame(signalen, columns=signal_cols) if signalen else pd.DataFrame(columns=signal_cols),
        veldnotities=pd.DataFrame(columns=["datum"]),
    )


def _table(doc, first: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == first)


def test_rank_text():
    assert rank_text(1, 24) == "hoogste van 24"
    assert rank_text(3, 24) == "3e hoogste van 24"
    assert rank_text(24, 24) == "laagste van 24"
    assert rank_text(22, 24) == "3e laagste van 24"
    assert rank_text(pd.NA, 24) == "" and rank_text(1, 1) == ""


def test_key_figures_equal_the_profile(k):
    f = area_facts(k, "WK088803", 2023, today=TODAY)
    doc = area_document(f)
    table = _table(doc, "Indicator")
    assert table.header == ("Indicator", "Wijk C", "Rekendorp", "Nederland", "Positie tussen de wijken")
    rows = {r[0]: r for r in table.rows}
    profile = area_profile(k, "WK088803", 2023).set_index("titel")
    for titel, row in rows.items():
        p = profile.loc[titel]
        assert row[1:4] == (p["waarde_tekst"], p["gemeente_tekst"], p["nederland_tekst"])
    assert rows["Huishoudens met een laag inkomen"] == (
        "Huishoudens met een laag inkomen",
        "30,0%",
        "18,0%",
        "8,0%",
        "hoogste van 3",
    )


def test_summary_says_deviation_and_change_with_units_and_years(k):
    f = area_facts(k, "WK088803", 2023, today=TODAY)
    text = " ".join(summary_sentences(f))
    assert "Wijk C is een wijk in Rekendorp" in text
    assert (
        "Huishoudens met een laag inkomen is hoger dan in de meeste wijken: 30,0% tegen 18,0% in de gemeente (hoogste van 3)"
        in text
    )
    assert "van 27,0% (2022) naar 30,0% (2023)" in text


def test_sources_table_lists_table_year_and_columns(k):
    doc = area_document(area_facts(k, "WK088803", 2023, today=TODAY))
    rows = _table(doc, "Tabel").rows
    # the change 2022 → 2023 is sourced too; both years use the same columns, so they share one row
    assert rows == (("T2023NED, T2022NED", "2022–2023", rows[0][2]),)
    assert "HuishoudensMetEenLaagInkomen_6" in rows[0][2] and "AantalInwoners_5" in rows[0][2]
    md = to_markdown(doc)
    assert "CBS, Kerncijfers wijken en buurten" in md and "CC BY 4.0" in md and "Fictief" not in md


def test_no_change_across_a_boundary_break(k):
    f = area_facts(k, "BU08880102", 2023, today=TODAY)
    assert [c.key for c in f.changes if c.key == "HuishoudensMetEenLaagInkomen"] == []
    md = to_markdown(area_document(f))
    assert "grens gewijzigd in 2023" in md


def test_missing_figures_are_named_once_with_their_reason(k):
    md = to_markdown(area_document(area_facts(k, "BU08880103", 2023, today=TODAY)))
    assert "120 inwoners" in md  # small-population warning
    assert md.count("geheim: te weinig inwoners") == 1


def test_questions_follow_the_stated_rules(k):
    old = TODAY.replace(year=2026, month=1, day=2)
    activity = _activity(
        initiatieven=[{"titel": "Schuldhulp", "status": "lopend", "indicatoren": ["HuishoudensMetEenLaagInkomen"]}],
        signalen=[
            ["Vergunning", "nieuw", "regel", "Omgevingsloket", "wijkwerker", old, None, None],
            ["Nieuw gemeld", "nieuw", "regel", "Loket", "bewoner", TODAY, "Team Wonen", None],
        ],
    )
    f = area_facts(k, "WK088803", 2023, activity, today=TODAY)
    questions = area_questions(f)
    rules = [q.rule for q in questions]
    assert rules.count("signaal") == 1  # only the one open longer than 90 days
    signal = next(q for q in questions if q.rule == "signaal")
    days = (TODAY - old).days
    assert days > OLD_SIGNAL_DAYS and f"{days} dagen" in signal.text and "‘Vergunning’" in signal.text
    assert any("eigenaar opvolging: niemand aangewezen" in fact for fact in signal.facts)
    worse = next(q for q in questions if q.rule == "verslechtert")  # low income rose 27 → 30 %
    assert "‘Schuldhulp’" in worse.text and any("van 27,0% (2022) naar 30,0% (2023)" in x for x in worse.facts)
    # participation is worse than most wijken and nothing aims at it
    assert any(q.rule == "onbeantwoord" and "nettoarbeidsparticipatie" in q.text.lower() for q in questions)
    doc = area_document(f)
    assert any(isinstance(b, Questions) for b in doc.blocks)


def test_unknown_or_wrong_level_area_is_a_dutch_error(k):
    with pytest.raises(UnknownArea, match="geen wijk of buurt"):
        area_facts(k, GM, 2023)
    with pytest.raises(UnknownArea):
        area_facts(k, "WK088899", 2023)


def test_latest_published_figure_with_its_year(tmp_path):
    demo = load_kerncijfers(Settings(data_dir=tmp_path), DEMO_GEMEENTE)
    f = area_facts(demo, "WK999901", 2024, today=TODAY)
    row = f.figures.set_index("indicator").loc["GemiddeldInkomenPerInwoner"]
    p2023 = area_profile(demo, "WK999901", 2023).set_index("indicator").loc["GemiddeldInkomenPerInwoner"]
    assert row["waarde_tekst"] == f"{p2023['waarde_tekst']} (2023)" and int(row["waarde_jaar"]) == 2023
    md = to_markdown(area_document(f))
    assert "**Fictief: Voorbeeldstad" in md
    assert "getoond is het laatst gepubliceerde cijfer (2023)" in md


def test_html_is_escaped_and_printable(k):
    activity = _activity(initiatieven=[{"titel": "<script>x</script>", "status": "lopend", "indicatoren": []}])
    page = to_html(area_document(area_facts(k, "WK088801", 2023, activity, today=TODAY)))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "@page{size:A4" in page and "<title>Raadsbriefing Wijk A (2023)</title>" in page
