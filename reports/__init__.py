"""Document builders: CSV/XLSX tables, the SoA document and the management review pack."""
