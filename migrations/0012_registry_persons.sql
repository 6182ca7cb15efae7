CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TABLE "registry"."person_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb,
	"reason" text,
	"by_kind" text NOT NULL,
	"by_id" text,
	"by_name" text
);
--> statement-breakpoint
CREATE TABLE "registry"."persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"household_region" text NOT NULL,
	"phone_enc" text,
	"status" text DEFAULT 'alive' NOT NULL,
	"died_on" date,
	"death_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry"."person_history" ADD CONSTRAINT "person_history_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "registry"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_history_person_idx" ON "registry"."person_history" USING btree ("person_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number_hash_idx" ON "registry"."persons" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "persons_region_name_idx" ON "registry"."persons" USING btree ("household_region","name");