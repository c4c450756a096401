-- Art. 73: the date the causal link between the AI system and a serious incident, or its
-- reasonable likelihood, was established; the reporting deadlines run from awareness of it.

ALTER TABLE ai_incidents ADD COLUMN causal_link_on DATE;
