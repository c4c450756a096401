"""Tests of the documents and exports (`reports/`), read back from the files."""
