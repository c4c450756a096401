"""The pure AIMS domain: scales, scoring, taxonomies, classification and checks.

Nothing here imports streamlit or duckdb, so every rule can be tested and reused by the
store, the pages, the command lines and the monitor jobs alike.
"""
