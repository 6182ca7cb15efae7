-- Card-trajectory findings go to the review queue but do not by themselves stop a pension:
-- only the payment checks hold payments.
CREATE OR REPLACE VIEW integrity.holds AS
  SELECT DISTINCT person_id FROM integrity.flags WHERE status = 'open' AND kind NOT LIKE 'card\_%';
