"""Tests of the command lines (`commands/`) run as processes or called in-process."""
