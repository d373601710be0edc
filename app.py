"""Wijkdata — van wijken weten. Run with: streamlit run app.py"""

import streamlit as st

from ui import sidebar
from ui.widgets import page_language

st.set_page_config(page_title="Wijkdata — van wijken weten", page_icon="🏘️", layout="wide")
page_language()  # <html lang="nl">: Streamlit serves lang="en"

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
page.run()
