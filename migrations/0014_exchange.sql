CREATE SCHEMA "exchange";
--> statement-breakpoint
CREATE TABLE "exchange"."messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"dataset" text,
	"schema_version" integer,
	"query_kind" text,
	"batch_id" text,
	"content_type" text,
	"body_sha256" text NOT NULL,
	"body_bytes" integer NOT NULL,
	"body_enc" text,
	"signature" text,
	"key_id" text,
	"signed_at" timestamp with time zone,
	"verification" text NOT NULL,
	"status" text NOT NULL,
	"problem_code" text,
	"record_count" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"results" jsonb,
	"purpose" text,
	"request_id" text,
	"initiated_by_id" text,
	"initiated_by_name" text,
	"related_message_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange"."partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"department" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"public_key" text NOT NULL,
	"key_id" text NOT NULL,
	"key_activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"previous_public_key" text,
	"previous_key_id" text,
	"previous_key_expires_at" timestamp with time zone,
	"credential_hash" text NOT NULL,
	"credential_issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"datasets" jsonb NOT NULL,
	"query_kinds" jsonb NOT NULL,
	"purposes" jsonb NOT NULL,
	"adapter" text,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange"."messages" ADD CONSTRAINT "messages_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "exchange"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_partner_batch_idx" ON "exchange"."messages" USING btree ("partner_id","batch_id") WHERE kind = 'batch' and direction = 'in' and status in ('applied', 'rejected');--> statement-breakpoint
CREATE INDEX "messages_received_idx" ON "exchange"."messages" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "messages_partner_received_idx" ON "exchange"."messages" USING btree ("partner_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "partners_code_idx" ON "exchange"."partners" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "partners_credential_idx" ON "exchange"."partners" USING btree ("credential_hash");--> statement-breakpoint
CREATE INDEX "partners_jurisdiction_idx" ON "exchange"."partners" USING btree ("jurisdiction");