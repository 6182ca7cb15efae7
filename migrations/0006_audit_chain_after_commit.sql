-- Entries are inserted unchained (no lock in the writer's transaction); the chainer fills in
-- seq, prev_hash and hash once. Insertion order is the new id.
ALTER TABLE "audit"."entries" DROP CONSTRAINT "entries_pkey";--> statement-breakpoint
ALTER TABLE "audit"."entries" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."entries" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."entries" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit"."entries" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_entries_seq_idx" ON "audit"."entries" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_entries_unchained_idx" ON "audit"."entries" ("id") WHERE "seq" IS NULL;--> statement-breakpoint
-- The one UPDATE allowed: filling in the chain fields of an unchained entry, nothing else.
CREATE FUNCTION audit.allow_chaining_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND (OLD.id, OLD.at, OLD.actor_kind, OLD.actor_id, OLD.actor_name, OLD.actor_role, OLD.actor_region, OLD.action,
          OLD.target_kind, OLD.target_id, OLD.subject_id, OLD.purpose, OLD.outcome, OLD.channel, OLD.request_id, OLD.details::text)
         IS NOT DISTINCT FROM
         (NEW.id, NEW.at, NEW.actor_kind, NEW.actor_id, NEW.actor_name, NEW.actor_role, NEW.actor_region, NEW.action,
          NEW.target_kind, NEW.target_id, NEW.subject_id, NEW.purpose, NEW.outcome, NEW.channel, NEW.request_id, NEW.details::text)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit log is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
DROP TRIGGER entries_append_only ON audit.entries;--> statement-breakpoint
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
  FOR EACH ROW EXECUTE FUNCTION audit.allow_chaining_only();
