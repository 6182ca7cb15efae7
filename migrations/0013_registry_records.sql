CREATE TABLE "registry"."bank_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"bank_name" text NOT NULL,
	"account_number_enc" text NOT NULL,
	"account_number_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "registry"."cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"card_number" text NOT NULL,
	"issuing_bank" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_on" date NOT NULL,
	"replaces_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"region" text NOT NULL,
	"field" text NOT NULL,
	"requested" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_id" text,
	"resolved_by_name" text,
	"answer" text
);
--> statement-breakpoint
CREATE TABLE "registry"."employers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"industry" text NOT NULL,
	"region" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."employments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"employer_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"employer_id" uuid,
	"region" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."income_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"period" text NOT NULL,
	"payer_credit_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry"."person_history" ADD COLUMN "entity_kind" text DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE "registry"."person_history" ADD COLUMN "entity_id" text;--> statement-breakpoint
ALTER TABLE "registry"."bank_accounts" ADD CONSTRAINT "bank_accounts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."cards" ADD CONSTRAINT "cards_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."correction_requests" ADD CONSTRAINT "correction_requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."employments" ADD CONSTRAINT "employments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."employments" ADD CONSTRAINT "employments_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "registry"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_employer_id_employers_id_fk" FOREIGN KEY ("employer_id") REFERENCES "registry"."employers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."income_records" ADD CONSTRAINT "income_records_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_accounts_person_idx" ON "registry"."bank_accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "bank_accounts_number_idx" ON "registry"."bank_accounts" USING btree ("account_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_active_idx" ON "registry"."bank_accounts" USING btree ("person_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "cards_number_idx" ON "registry"."cards" USING btree ("card_number");--> statement-breakpoint
CREATE INDEX "cards_person_idx" ON "registry"."cards" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_current_idx" ON "registry"."cards" USING btree ("person_id") WHERE status in ('active', 'reported_lost');--> statement-breakpoint
CREATE INDEX "correction_requests_region_idx" ON "registry"."correction_requests" USING btree ("region","status","due_at");--> statement-breakpoint
CREATE INDEX "correction_requests_person_idx" ON "registry"."correction_requests" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employers_credit_code_idx" ON "registry"."employers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "employers_region_name_idx" ON "registry"."employers" USING btree ("region","name");--> statement-breakpoint
CREATE INDEX "employments_person_idx" ON "registry"."employments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "employments_employer_idx" ON "registry"."employments" USING btree ("employer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employments_open_idx" ON "registry"."employments" USING btree ("person_id","employer_id") WHERE ended_on is null;--> statement-breakpoint
CREATE INDEX "enrolments_person_idx" ON "registry"."enrolments" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_open_idx" ON "registry"."enrolments" USING btree ("person_id","scheme") WHERE status <> 'ended';--> statement-breakpoint
CREATE UNIQUE INDEX "income_records_person_period_payer_idx" ON "registry"."income_records" USING btree ("person_id","period","payer_credit_code");