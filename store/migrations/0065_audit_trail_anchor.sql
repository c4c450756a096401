-- The audit trail's anchor (store/trail_anchor.py): when each row was really written, and
-- its HMAC under a key kept outside the store. Rows written before this migration have
-- neither; the signed head that the first later write records covers them through the chain.
ALTER TABLE audit_trail ADD COLUMN written_at TIMESTAMP;
ALTER TABLE audit_trail ADD COLUMN mac VARCHAR;
