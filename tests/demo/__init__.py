"""Tests of the demo and enterprise seeders and the demo models (`demo/`)."""
