"""Streamlit helpers shared by the pages (the only part of Wijkdata besides pages/ that imports streamlit)."""
