-- A bank confirming who holds an account says nothing about whether they are alive: only
-- records where the person was seen or acted (tax income, hospital, civil affairs, …) count as
-- signs of life for passive certification (静默认证).
CREATE OR REPLACE VIEW registry.signs_of_life AS
  SELECT person_id, 'passive_department_record'::text AS method, (period || '-28')::date AS seen_on, 'tax.income ' || period AS detail
  FROM registry.income_records
  UNION ALL
  SELECT person_id,
    CASE WHEN kind LIKE 'partner.health.%' THEN 'passive_hospital' ELSE 'passive_department_record' END,
    at::date, kind
  FROM registry.person_history
  WHERE by_kind = 'partner' AND kind LIKE 'partner.%' AND kind NOT IN ('partner.public_security.death', 'partner.health.hospital_death');
