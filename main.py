"""Wijkdata's pages: navigation and the shared sidebar. Served by ``app.py`` (``streamlit run app.py``)."""

import streamlit as st

from ui.widgets import page_language

# A material icon, not an emoji: an emoji makes Streamlit load its emoji catalogue (~0.3 s cold).
st.set_page_config(page_title="Wijkdata — van wijken weten", page_icon=":material/holiday_village:", layout="wide")
page_language()  # <html lang="nl">: Streamlit serves lang="en". First, before the engine is imported (see there).

from ui import data, sidebar  # noqa: E402  (after the first element, see page_language)

PAGES = {
    "Kennis van de wijk": [
        st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
        st.Page("pages/kaart.py", title="Kaart", icon=":material/map:"),
        st.Page("pages/profiel.py", title="Wijkprofiel", icon=":material/home_pin:"),
        st.Page("pages/vergelijken.py", title="Vergelijken", icon=":material/compare_arrows:"),
        st.Page("pages/opgave.py", title="Opgave en inzet", icon=":material/balance:"),
        st.Page("pages/briefing.py", title="Raadsbriefing", icon=":material/description:"),
    ],
    "Wat er in de wijk gebeurt": [
        st.Page("pages/initiatieven.py", title="Initiatieven", icon=":material/diversity_3:"),
        st.Page("pages/interventies.py", title="Interventies", icon=":material/account_balance:"),
        st.Page("pages/signalen.py", title="Signalen", icon=":material/report:"),
        st.Page("pages/veldnotities.py", title="Veldnotities", icon=":material/edit_note:"),
    ],
    "Over de gegevens": [
        st.Page("pages/bronnen.py", title="Data en bronnen", icon=":material/database:"),
    ],
}

page = st.navigation(PAGES)
with st.sidebar:
    st.markdown("**Wijkdata** · van wijken weten")
sidebar.render(page)
try:
    page.run()
finally:  # the records database opens in the background once the page is drawn, not competing with it
    data.engine_future(data.settings(), data.settings().database_url)
