CREATE SCHEMA "http";
--> statement-breakpoint
CREATE SCHEMA "calendar";
--> statement-breakpoint
CREATE SCHEMA "appeals";
--> statement-breakpoint
CREATE TABLE "http"."idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"body_hash" text NOT NULL,
	"status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "calendar"."adjustments" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals"."events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"visibility" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"department_id" uuid,
	"body" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "appeals"."appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_no" text NOT NULL,
	"kind" text NOT NULL,
	"category_code" text NOT NULL,
	"category_confidence" real,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"region_code" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_region" text NOT NULL,
	"status" text NOT NULL,
	"is_public" boolean NOT NULL,
	"anonymous" boolean NOT NULL,
	"channel" text NOT NULL,
	"citizen_id" uuid,
	"contact_name" text,
	"contact_phone_enc" text,
	"client_id" text,
	"duplicate_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ack_due_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"public_reply" text,
	"resolved" boolean,
	"replied_by_department" uuid,
	"redo_count" smallint DEFAULT 0 NOT NULL,
	"transfer_count" smallint DEFAULT 0 NOT NULL,
	"extension_count" smallint DEFAULT 0 NOT NULL,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"reminded_at" timestamp with time zone,
	"noticed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"rating" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"callback_due_at" timestamp with time zone,
	"callback_done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "appeals"."categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"keywords" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals"."routing_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"category_code" text,
	"region_prefix" text DEFAULT '' NOT NULL,
	"level" text NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals"."time_limits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"category_code" text,
	"kind" text,
	"ack_working_hours" integer NOT NULL,
	"reply_working_days" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals"."tracking_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals"."events" ADD CONSTRAINT "events_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "appeals"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_events_appeal_idx" ON "appeals"."events" USING btree ("appeal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_tracking_no_idx" ON "appeals"."appeals" USING btree ("tracking_no");--> statement-breakpoint
CREATE INDEX "appeals_department_region_idx" ON "appeals"."appeals" USING btree ("department_region","created_at");--> statement-breakpoint
CREATE INDEX "appeals_citizen_idx" ON "appeals"."appeals" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "appeals_status_due_idx" ON "appeals"."appeals" USING btree ("status","reply_due_at");--> statement-breakpoint
CREATE INDEX "appeals_public_idx" ON "appeals"."appeals" USING btree ("is_public","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "time_limits_scope_idx" ON "appeals"."time_limits" USING btree (coalesce("category_code", ''),coalesce("kind", ''));