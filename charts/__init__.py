"""Plain functions that build Plotly figures from data; no Streamlit, so tests can call them."""
