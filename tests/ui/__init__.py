"""Tests of the shared page parts (`ui/`)."""
