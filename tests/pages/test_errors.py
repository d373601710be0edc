"""AppTest of ui.errors: the one place a WijkdataError reaches the user."""

from tests.support.apptest import open_script
from wijkdata.text import escape_markdown

MESSAGE = "Onbekende buurtcode in *Werf_Noord* [zie](lijst): 2 rijen met #fouten."


def _raises_wijkdata_error() -> None:
    import streamlit as st

    from ui.errors import shown_errors
    from wijkdata.errors import UnknownArea

    with shown_errors():
        raise UnknownArea("Onbekende buurtcode in *Werf_Noord* [zie](lijst): 2 rijen met #fouten.")
    st.write("niet bereikt")


def _raises_a_bug() -> None:
    from ui.errors import shown_errors

    with shown_errors():
        raise KeyError("een fout in de code")


def _shows_and_continues() -> None:
    import streamlit as st

    from ui.errors import show_error
    from wijkdata.errors import PdokUnavailable

    show_error(PdokUnavailable("PDOK is niet bereikbaar_"), hint="De tabel werkt ook.", level="warning", stop=False)
    st.write("verder")


def test_wijkdata_error_is_one_dutch_box_escaped_once_and_stops_the_page() -> None:
    at = open_script(_raises_wijkdata_error)
    assert not at.exception
    assert [e.value for e in at.error] == ["Onbekende buurtcode in \\*Werf\\_Noord\\* \\[zie\\](lijst): 2 rijen met \\#fouten."]
    assert at.error[0].value == escape_markdown(MESSAGE)
    assert "\\\\" not in at.error[0].value  # escaped once, not twice
    assert not at.markdown  # the page stopped: "niet bereikt" was not written


def test_anything_else_is_a_bug_and_is_not_swallowed() -> None:
    at = open_script(_raises_a_bug)
    assert not at.error
    assert len(at.exception) == 1 and "een fout in de code" in at.exception[0].value


def test_show_error_with_hint_as_warning_lets_the_page_continue() -> None:
    at = open_script(_shows_and_continues)
    assert [w.value for w in at.warning] == ["PDOK is niet bereikbaar\\_ De tabel werkt ook."]
    assert not at.error
    assert [m.value for m in at.markdown] == ["verder"]
