"""Exchange Cost Planner in the browser: ``streamlit run app.py`` in the checkout.

The wheel carries this script as ``ui/_bundled/app.py``; ``planner app`` runs that copy with
the settings of ``.streamlit/config.toml`` (see :mod:`planner.cli.app`).
"""

import streamlit as st

from ui import main

st.set_page_config(page_title="Exchange Cost Planner", page_icon="📬", layout="wide")
main()
