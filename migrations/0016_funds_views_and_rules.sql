-- What other modules may read of the registry, at the database level: the checks before a
-- payment run as set-based queries over these views instead of reaching into its tables.
CREATE VIEW registry.payee_facts AS
  SELECT id AS person_id, id_number_hash, name, sex, birth_date, household_region, status, died_on, death_source
  FROM registry.persons;
--> statement-breakpoint
-- The last admission to prison of each person, unless a release on or after it was reported.
CREATE VIEW registry.incarcerations AS
  SELECT DISTINCT ON (h.person_id)
    h.person_id,
    (h.changes -> 'on' ->> 1)::date AS admitted_on,
    h.changes -> 'facility_region' ->> 1 AS facility_region,
    h.by_id AS reported_by,
    h.id AS history_id
  FROM registry.person_history h
  WHERE h.kind = 'partner.public_security.incarceration' AND h.changes -> 'event' ->> 1 = 'admitted'
    AND NOT EXISTS (
      SELECT 1 FROM registry.person_history r
      WHERE r.person_id = h.person_id AND r.kind = h.kind AND r.changes -> 'event' ->> 1 = 'released'
        AND (r.changes -> 'on' ->> 1)::date >= (h.changes -> 'on' ->> 1)::date
    )
  ORDER BY h.person_id, (h.changes -> 'on' ->> 1)::date DESC;
--> statement-breakpoint
CREATE VIEW registry.benefit_accounts AS
  SELECT id AS account_id, person_id, bank_name, account_number_hash, status, verified_at
  FROM registry.bank_accounts;
--> statement-breakpoint
-- Evidence that a person was alive on a day (静默认证): card use is added by the card module.
CREATE VIEW registry.signs_of_life AS
  SELECT person_id, 'passive_department_record'::text AS method, (period || '-28')::date AS seen_on, 'tax.income ' || period AS detail
  FROM registry.income_records
  UNION ALL
  SELECT person_id,
    CASE WHEN kind LIKE 'partner.health.%' THEN 'passive_hospital' ELSE 'passive_department_record' END,
    at::date, kind
  FROM registry.person_history
  WHERE by_kind = 'partner' AND kind NOT IN ('partner.public_security.death', 'partner.health.hospital_death');
--> statement-breakpoint
-- A journal's lines balance: debits equal credits, checked once per journal when the
-- transaction commits (社会保险基金会计制度: 借贷必相等).
CREATE FUNCTION funds.check_journal_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  debits bigint;
  credits bigint;
  lines bigint;
BEGIN
  SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0), count(*) INTO debits, credits, lines
    FROM funds.ledger_entries WHERE journal_id = NEW.id;
  IF lines < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'journal % does not balance: debits %, credits %, % lines', NEW.id, debits, credits, lines
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journals_balanced AFTER INSERT ON funds.journals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funds.check_journal_balanced();
--> statement-breakpoint
-- Posted entries and sealed disclosures are never changed: corrections are new entries.
CREATE FUNCTION funds.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the fund ledger is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON funds.ledger_entries
  FOR EACH ROW EXECUTE FUNCTION funds.refuse_change();
--> statement-breakpoint
CREATE TRIGGER journals_append_only BEFORE UPDATE OR DELETE ON funds.journals
  FOR EACH ROW EXECUTE FUNCTION funds.refuse_change();
--> statement-breakpoint
CREATE TRIGGER disclosures_append_only BEFORE UPDATE OR DELETE ON funds.disclosures
  FOR EACH ROW EXECUTE FUNCTION funds.refuse_change();
--> statement-breakpoint
-- What the integrity checks read of a payroll run: one row per payment instruction.
CREATE VIEW funds.run_payees AS
  SELECT i.id AS instruction_id, i.run_id, r.period, i.pension_id, i.person_id, i.region, i.kind, i.amount_fen, i.bank_account_id, i.status
  FROM funds.payment_instructions i JOIN funds.payroll_runs r ON r.id = i.run_id;
--> statement-breakpoint
-- What the payroll reads of the integrity checks: the persons whose payments are held now.
CREATE VIEW integrity.holds AS
  SELECT DISTINCT person_id FROM integrity.flags WHERE status = 'open';
--> statement-breakpoint
-- What the integrity checks read of pensions in payment: who is paid, where, how much a month.
CREATE VIEW funds.pensioners AS
  SELECT id AS pension_id, person_id, region, status, monthly_fen, scheme FROM funds.pensions WHERE status <> 'stopped';
