CREATE TABLE "integrity"."card_uses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	"amount_fen" bigint NOT NULL,
	"condition_group" text,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity"."credit_ratings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"party_kind" text NOT NULL,
	"party_id" uuid NOT NULL,
	"region" text NOT NULL,
	"rule_version" integer NOT NULL,
	"score" integer NOT NULL,
	"grade" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity"."credit_rule_sets" (
	"version" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity"."dishonesty_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_kind" text NOT NULL,
	"party_id" uuid NOT NULL,
	"region" text NOT NULL,
	"rule_code" text NOT NULL,
	"rule_version" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'notified' NOT NULL,
	"notified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"objection" text,
	"objected_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"listed_at" timestamp with time zone,
	"repairable_on" date,
	"repaired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integrity"."institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region" text NOT NULL,
	"latitude_e6" integer NOT NULL,
	"longitude_e6" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integrity"."card_uses" ADD CONSTRAINT "card_uses_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "integrity"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity"."credit_ratings" ADD CONSTRAINT "credit_ratings_rule_version_credit_rule_sets_version_fk" FOREIGN KEY ("rule_version") REFERENCES "integrity"."credit_rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrity"."dishonesty_entries" ADD CONSTRAINT "dishonesty_entries_rule_version_credit_rule_sets_version_fk" FOREIGN KEY ("rule_version") REFERENCES "integrity"."credit_rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_uses_reference_idx" ON "integrity"."card_uses" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "card_uses_person_time_idx" ON "integrity"."card_uses" USING btree ("person_id","used_at");--> statement-breakpoint
CREATE INDEX "card_uses_card_idx" ON "integrity"."card_uses" USING btree ("card_id","used_at");--> statement-breakpoint
CREATE INDEX "credit_ratings_party_idx" ON "integrity"."credit_ratings" USING btree ("party_kind","party_id","id");--> statement-breakpoint
CREATE INDEX "credit_ratings_region_idx" ON "integrity"."credit_ratings" USING btree ("region","grade");--> statement-breakpoint
CREATE UNIQUE INDEX "dishonesty_entries_live_idx" ON "integrity"."dishonesty_entries" USING btree ("party_kind","party_id","rule_code") WHERE status in ('notified', 'objected', 'listed');--> statement-breakpoint
CREATE INDEX "dishonesty_entries_region_idx" ON "integrity"."dishonesty_entries" USING btree ("region","status");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_code_idx" ON "integrity"."institutions" USING btree ("code");