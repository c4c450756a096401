-- Recertification is planned before the certificate expires (ISO/IEC 17021-1 9.6.3):
-- a lead time in months and the certification body's decision date.

ALTER TABLE certification_cycle ADD COLUMN recertification_lead_months INTEGER DEFAULT 3;
ALTER TABLE certification_cycle ADD COLUMN recertification_decision_date DATE;
