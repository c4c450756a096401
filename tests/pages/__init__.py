"""Page tests: every page run in-process with Streamlit's AppTest."""
