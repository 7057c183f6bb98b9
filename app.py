"""Exchange Cost Planner in the browser: ``streamlit run app.py``."""

import streamlit as st

from ui import main

st.set_page_config(page_title="Exchange Cost Planner", page_icon="📬", layout="wide")
main()
