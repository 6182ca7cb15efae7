CREATE SCHEMA "funds";
--> statement-breakpoint
CREATE SCHEMA "integrity";
--> statement-breakpoint
CREATE TABLE "funds"."account_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."average_wages" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"average_monthly_wage_fen" bigint NOT NULL,
	"floor_bp" integer DEFAULT 6000 NOT NULL,
	"cap_bp" integer DEFAULT 30000 NOT NULL,
	CONSTRAINT "average_wages_region_code_year_pk" PRIMARY KEY("region_code","year"),
	CONSTRAINT "average_wages_positive" CHECK ("funds"."average_wages"."average_monthly_wage_fen" > 0 and "funds"."average_wages"."floor_bp" > 0 and "funds"."average_wages"."cap_bp" >= "funds"."average_wages"."floor_bp")
);
--> statement-breakpoint
CREATE TABLE "funds"."bank_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"bank_name" text NOT NULL,
	"sequence" integer NOT NULL,
	"count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"sha256" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."contribution_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"scheme" text NOT NULL,
	"payer" text NOT NULL,
	"rate_bp" integer NOT NULL,
	"valid_from" text NOT NULL,
	"valid_to" text,
	CONSTRAINT "contribution_rates_range" CHECK ("funds"."contribution_rates"."rate_bp" between 0 and 10000 and ("funds"."contribution_rates"."valid_to" is null or "funds"."contribution_rates"."valid_to" >= "funds"."contribution_rates"."valid_from"))
);
--> statement-breakpoint
CREATE TABLE "funds"."declaration_lines" (
	"declaration_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"payer" text NOT NULL,
	"rate_bp" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "declaration_lines_declaration_id_scheme_payer_pk" PRIMARY KEY("declaration_id","scheme","payer")
);
--> statement-breakpoint
CREATE TABLE "funds"."declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"region" text NOT NULL,
	"period" text NOT NULL,
	"declared_wage_fen" bigint NOT NULL,
	"base_fen" bigint NOT NULL,
	"clamped" text,
	"employer_fen" bigint NOT NULL,
	"employee_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"late_fee_fen" bigint DEFAULT 0 NOT NULL,
	"due_on" date NOT NULL,
	"paid_on" date,
	"status" text DEFAULT 'due' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declarations_amounts" CHECK ("funds"."declarations"."declared_wage_fen" >= 0 and "funds"."declarations"."base_fen" >= 0 and "funds"."declarations"."paid_fen" between 0 and "funds"."declarations"."total_fen" and "funds"."declarations"."late_fee_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."disclosures" (
	"period" text PRIMARY KEY NOT NULL,
	"sequence" integer NOT NULL,
	"entry_count" integer NOT NULL,
	"entries_root" "bytea" NOT NULL,
	"totals" jsonb NOT NULL,
	"totals_hash" "bytea" NOT NULL,
	"log_root" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"public_key" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."employer_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" date NOT NULL,
	"reference" text NOT NULL,
	"unallocated_fen" bigint DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employer_payments_positive" CHECK ("funds"."employer_payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."individual_accounts" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	"contribution_months" integer DEFAULT 0 NOT NULL,
	"interest_year" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "individual_accounts_nonnegative" CHECK ("funds"."individual_accounts"."balance_fen" >= 0 and "funds"."individual_accounts"."contribution_months" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."interest_rates" (
	"year" integer PRIMARY KEY NOT NULL,
	"rate_bp" integer NOT NULL,
	CONSTRAINT "interest_rates_range" CHECK ("funds"."interest_rates"."rate_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "funds"."journals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fund" text NOT NULL,
	"region" text NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"memo" text NOT NULL,
	"source_ref" text NOT NULL,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"journal_id" bigint NOT NULL,
	"fund" text NOT NULL,
	"region" text NOT NULL,
	"period" text NOT NULL,
	"account" text NOT NULL,
	"debit_fen" bigint DEFAULT 0 NOT NULL,
	"credit_fen" bigint DEFAULT 0 NOT NULL,
	"subject" text,
	CONSTRAINT "ledger_entries_one_side" CHECK ("funds"."ledger_entries"."debit_fen" >= 0 and "funds"."ledger_entries"."credit_fen" >= 0 and ("funds"."ledger_entries"."debit_fen" = 0) <> ("funds"."ledger_entries"."credit_fen" = 0))
);
--> statement-breakpoint
CREATE TABLE "funds"."months_divisors" (
	"retirement_age" integer PRIMARY KEY NOT NULL,
	"months" integer NOT NULL,
	CONSTRAINT "months_divisors_positive" CHECK ("funds"."months_divisors"."months" > 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."payment_allocations" (
	"payment_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"principal_fen" bigint NOT NULL,
	"late_fee_fen" bigint NOT NULL,
	"late_days" integer NOT NULL,
	CONSTRAINT "payment_allocations_payment_id_declaration_id_pk" PRIMARY KEY("payment_id","declaration_id")
);
--> statement-breakpoint
CREATE TABLE "funds"."payment_instructions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"pension_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"region" text NOT NULL,
	"kind" text DEFAULT 'monthly' NOT NULL,
	"amount_fen" bigint NOT NULL,
	"bank_account_id" uuid,
	"bank_name" text,
	"status" text DEFAULT 'ready' NOT NULL,
	"bank_file_id" uuid,
	CONSTRAINT "payment_instructions_positive" CHECK ("funds"."payment_instructions"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."payroll_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region" text NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'preparing' NOT NULL,
	"started_by" text NOT NULL,
	"worker" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb
);
--> statement-breakpoint
CREATE TABLE "funds"."pensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"region" text NOT NULL,
	"scheme" text DEFAULT 'employee_pension' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"basic_fen" bigint NOT NULL,
	"account_fen" bigint NOT NULL,
	"monthly_fen" bigint NOT NULL,
	"start_period" text NOT NULL,
	"retirement_age" integer NOT NULL,
	"basis" jsonb NOT NULL,
	"suspended_from" text,
	"arrears_fen" bigint DEFAULT 0 NOT NULL,
	"status_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pensions_amounts" CHECK ("funds"."pensions"."basic_fen" >= 0 and "funds"."pensions"."account_fen" >= 0 and "funds"."pensions"."monthly_fen" = "funds"."pensions"."basic_fen" + "funds"."pensions"."account_fen" and "funds"."pensions"."arrears_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funds"."recovered_instructions" (
	"instruction_id" bigint PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds"."recovery_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"region" text NOT NULL,
	"reason" text NOT NULL,
	"instruction_ids" jsonb NOT NULL,
	"amount_fen" bigint NOT NULL,
	"recovered_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_orders_amounts" CHECK ("funds"."recovery_orders"."amount_fen" > 0 and "funds"."recovery_orders"."recovered_fen" between 0 and "funds"."recovery_orders"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "integrity"."certifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"certified_on" date NOT NULL,
	"method" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"by_kind" text NOT NULL,
	"by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity"."flags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"region" text NOT NULL,
	"source" text NOT NULL,
	"match_key" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"held_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity"."relatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pensioner_id" uuid NOT NULL,
	"relative_account_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "funds"."bank_files" ADD CONSTRAINT "bank_files_run_id_payroll_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "funds"."payroll_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."declaration_lines" ADD CONSTRAINT "declaration_lines_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "funds"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."ledger_entries" ADD CONSTRAINT "ledger_entries_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "funds"."journals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_employer_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "funds"."employer_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."payment_allocations" ADD CONSTRAINT "payment_allocations_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "funds"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."payment_instructions" ADD CONSTRAINT "payment_instructions_run_id_payroll_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "funds"."payroll_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."payment_instructions" ADD CONSTRAINT "payment_instructions_pension_id_pensions_id_fk" FOREIGN KEY ("pension_id") REFERENCES "funds"."pensions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."recovered_instructions" ADD CONSTRAINT "recovered_instructions_instruction_id_payment_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "funds"."payment_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds"."recovered_instructions" ADD CONSTRAINT "recovered_instructions_order_id_recovery_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "funds"."recovery_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_entries_key_idx" ON "funds"."account_entries" USING btree ("person_id","kind","period","source");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_files_key_idx" ON "funds"."bank_files" USING btree ("run_id","bank_name","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_rates_key_idx" ON "funds"."contribution_rates" USING btree ("region_code","scheme","payer","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_key_idx" ON "funds"."declarations" USING btree ("employer_id","person_id","period");--> statement-breakpoint
CREATE INDEX "declarations_person_idx" ON "funds"."declarations" USING btree ("person_id","period");--> statement-breakpoint
CREATE INDEX "declarations_employer_due_idx" ON "funds"."declarations" USING btree ("employer_id","status","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosures_sequence_idx" ON "funds"."disclosures" USING btree ("sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "employer_payments_reference_idx" ON "funds"."employer_payments" USING btree ("employer_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "journals_source_idx" ON "funds"."journals" USING btree ("kind","source_ref");--> statement-breakpoint
CREATE INDEX "ledger_entries_period_idx" ON "funds"."ledger_entries" USING btree ("period","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_subject_idx" ON "funds"."ledger_entries" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "ledger_entries_journal_idx" ON "funds"."ledger_entries" USING btree ("journal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_instructions_key_idx" ON "funds"."payment_instructions" USING btree ("run_id","pension_id","kind");--> statement-breakpoint
CREATE INDEX "payment_instructions_person_idx" ON "funds"."payment_instructions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "payment_instructions_run_status_idx" ON "funds"."payment_instructions" USING btree ("run_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_runs_region_period_idx" ON "funds"."payroll_runs" USING btree ("region","period");--> statement-breakpoint
CREATE UNIQUE INDEX "pensions_person_scheme_idx" ON "funds"."pensions" USING btree ("person_id","scheme") WHERE status <> 'stopped';--> statement-breakpoint
CREATE INDEX "pensions_region_idx" ON "funds"."pensions" USING btree ("region","status");--> statement-breakpoint
CREATE INDEX "recovery_orders_person_idx" ON "funds"."recovery_orders" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "certifications_person_idx" ON "integrity"."certifications" USING btree ("person_id","certified_on");--> statement-breakpoint
CREATE UNIQUE INDEX "flags_finding_idx" ON "integrity"."flags" USING btree ("person_id","kind","match_key");--> statement-breakpoint
CREATE INDEX "flags_region_status_idx" ON "integrity"."flags" USING btree ("region","status","id");--> statement-breakpoint
CREATE INDEX "flags_open_person_idx" ON "integrity"."flags" USING btree ("person_id") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "relatives_pair_idx" ON "integrity"."relatives" USING btree ("pensioner_id","relative_account_id");