"""Tests of the chart functions (`charts/`), on the figures' data."""
