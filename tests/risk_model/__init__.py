"""Tests of the pure domain (`risk_model/`)."""
