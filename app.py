import streamlit as st

st.title("Exchange Cost Planner")
