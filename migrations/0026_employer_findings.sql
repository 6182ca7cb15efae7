CREATE TABLE "integrity"."employer_findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employer_id" uuid NOT NULL,
	"region" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"occurred_on" date NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_by" text NOT NULL,
	"raised_by_name" text NOT NULL,
	"decided_by" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employer_findings_amount" CHECK ("integrity"."employer_findings"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX "employer_findings_employer_idx" ON "integrity"."employer_findings" USING btree ("employer_id","id");--> statement-breakpoint
CREATE INDEX "employer_findings_region_status_idx" ON "integrity"."employer_findings" USING btree ("region","status","id");