ALTER TABLE "appeals"."appeals" ADD COLUMN "extension_requested_days" smallint;--> statement-breakpoint
ALTER TABLE "appeals"."appeals" ADD COLUMN "extension_reason" text;