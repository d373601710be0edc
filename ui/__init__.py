"""Streamlit glue shared by main.py and the pages: context, cached data access, widgets.

The engine (``wijkdata``) never imports streamlit; this package is where the two meet.
"""
