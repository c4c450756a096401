"""Streamlit building blocks shared by the pages: the store handle, the actor, forms, downloads."""
