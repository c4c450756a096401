"""Test corpora built in memory: malformed import files with the problem each must raise."""
