"""Wijkdata — van wijken weten. Run with: streamlit run app.py"""

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="Wijkdata — van wijken weten", page_icon="🏘️", layout="wide")

PAGES = {
    "Kennis van de wijk": [
        st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
        st.Page("pages/kaart.py", title="Kaart", icon=":material/map:"),
    ],
    "Over de gegevens": [
        st.Page("pages/bronnen.py", title="Data en bronnen", icon=":material/database:"),
    ],
}

page = st.navigation(PAGES)
with st.sidebar:
    st.markdown("**Wijkdata** · van wijken weten")
sidebar.render()
page.run()
