ALTER TABLE "funds"."payment_instructions" DROP CONSTRAINT "payment_instructions_run_id_payroll_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "funds"."payment_instructions" DROP CONSTRAINT "payment_instructions_pension_id_pensions_id_fk";
--> statement-breakpoint
DROP INDEX "funds"."payment_instructions_person_idx";--> statement-breakpoint
CREATE INDEX "pensions_person_idx" ON "funds"."pensions" USING btree ("person_id");--> statement-breakpoint
-- Payment instructions reference pensions and runs without foreign keys (one check per row is
-- too dear at a million rows a month); instead neither is ever deleted: a pension is stopped,
-- a run is a record of money paid.
CREATE FUNCTION funds.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% are never deleted: % on %.% is not allowed', TG_TABLE_NAME, TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER pensions_never_deleted BEFORE DELETE ON funds.pensions FOR EACH ROW EXECUTE FUNCTION funds.refuse_delete();
--> statement-breakpoint
CREATE TRIGGER pensions_never_truncated BEFORE TRUNCATE ON funds.pensions FOR EACH STATEMENT EXECUTE FUNCTION funds.refuse_delete();
--> statement-breakpoint
CREATE TRIGGER payroll_runs_never_deleted BEFORE DELETE ON funds.payroll_runs FOR EACH ROW EXECUTE FUNCTION funds.refuse_delete();
--> statement-breakpoint
CREATE TRIGGER payroll_runs_never_truncated BEFORE TRUNCATE ON funds.payroll_runs FOR EACH STATEMENT EXECUTE FUNCTION funds.refuse_delete();
