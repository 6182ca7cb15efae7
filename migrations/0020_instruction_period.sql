-- The month an instruction pays, unique with the pension and kind across runs: a county's
-- run and its city's run for the same month can never both pay a pensioner.
ALTER TABLE "funds"."payment_instructions" ADD COLUMN "period" text;--> statement-breakpoint
UPDATE "funds"."payment_instructions" i SET "period" = r."period" FROM "funds"."payroll_runs" r WHERE r."id" = i."run_id";--> statement-breakpoint
ALTER TABLE "funds"."payment_instructions" ALTER COLUMN "period" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_instructions_pension_period_idx" ON "funds"."payment_instructions" USING btree ("pension_id","period","kind");
