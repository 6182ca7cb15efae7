CREATE SCHEMA "regions";
--> statement-breakpoint
CREATE SCHEMA "access";
--> statement-breakpoint
CREATE SCHEMA "auth";
--> statement-breakpoint
CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "regions"."regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "access"."departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth"."citizens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"name" text NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"region_code" text NOT NULL,
	"phone_enc" text,
	"password_hash" text NOT NULL,
	"totp_secret_enc" text,
	"totp_enabled_at" timestamp with time zone,
	"totp_last_step" integer,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"lockouts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth"."passkeys" (
	"id" text PRIMARY KEY NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" uuid NOT NULL,
	"name" text NOT NULL,
	"public_key" "bytea" NOT NULL,
	"counter" integer NOT NULL,
	"transports" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth"."recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"csrf_token" text NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"challenge" text,
	"pending_totp_secret_enc" text,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "auth"."staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret_enc" text,
	"totp_enabled_at" timestamp with time zone,
	"totp_last_step" integer,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"lockouts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_separated_admin_roles" CHECK (NOT ("auth"."staff"."roles" @> ARRAY['sysadmin','secadmin']::text[] OR "auth"."staff"."roles" @> ARRAY['sysadmin','auditadmin']::text[] OR "auth"."staff"."roles" @> ARRAY['secadmin','auditadmin']::text[])),
	CONSTRAINT "staff_has_role" CHECK (cardinality("auth"."staff"."roles") > 0)
);
--> statement-breakpoint
CREATE TABLE "audit"."checkpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"merkle_root" text NOT NULL,
	"last_entry_hash" text NOT NULL,
	"signed_at" timestamp (3) with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit"."entries" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"actor_role" text,
	"actor_region" text,
	"action" text NOT NULL,
	"target_kind" text,
	"target_id" text,
	"subject_id" text,
	"purpose" text,
	"outcome" text NOT NULL,
	"channel" text NOT NULL,
	"request_id" text,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth"."staff" ADD CONSTRAINT "staff_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "access"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions"."regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "departments_region_idx" ON "access"."departments" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "citizens_id_number_hash_idx" ON "auth"."citizens" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "citizens_region_idx" ON "auth"."citizens" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "passkeys_principal_idx" ON "auth"."passkeys" USING btree ("principal_kind","principal_id");--> statement-breakpoint
CREATE INDEX "recovery_codes_principal_idx" ON "auth"."recovery_codes" USING btree ("principal_kind","principal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_idx" ON "auth"."sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_principal_idx" ON "auth"."sessions" USING btree ("principal_kind","principal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_username_idx" ON "auth"."staff" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "staff_department_idx" ON "auth"."staff" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "audit_entries_subject_idx" ON "audit"."entries" USING btree ("subject_id","seq");--> statement-breakpoint
CREATE INDEX "audit_entries_actor_idx" ON "audit"."entries" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_entries_action_idx" ON "audit"."entries" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "audit"."entries" USING btree ("at");