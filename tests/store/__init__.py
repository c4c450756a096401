"""Tests of the store (`store/`): schema, reads, writes, imports, the audit trail."""
