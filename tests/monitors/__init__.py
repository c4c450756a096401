"""Tests of the monitor jobs and their engines (`monitors/`)."""
