"""The floor: the smallest Streamlit app with the planner's contract (three metrics, a chart,
a CSV download), as /work/shared/tools/floor_app.py. ``bench_browser.py`` serves it beside the
planner, the same way, to compare what a person waits for."""

import pandas as pd
import plotly.express as px
import streamlit as st

users = st.sidebar.number_input("Users", min_value=1, value=50, key="users")
df = pd.DataFrame(
    {
        "year": [0, 1, 0, 1],
        "option": ["in-house"] * 2 + ["hosted"] * 2,
        "category": ["hardware"] * 4,
        "kind": ["capex"] * 4,
        "cost": [users * 10, users, users * 4, users * 4],
    }
)
c1, c2, c3 = st.columns(3)
c1.metric("In-house", f"${df[df.option == 'in-house'].cost.sum():,}")
c2.metric("Hosted", f"${df[df.option == 'hosted'].cost.sum():,}")
c3.metric("Users", f"{users:,}")
st.plotly_chart(px.line(df, x="year", y="cost", color="option"))
st.download_button("Download CSV", df.to_csv(index=False), "report.csv", "text/csv")
