CREATE TABLE "appeals"."kpi_daily" (
	"day" date NOT NULL,
	"department_id" uuid NOT NULL,
	"department_region" text NOT NULL,
	"category_code" text NOT NULL,
	"filed" integer NOT NULL,
	"ack_on_time" integer NOT NULL,
	"reply_on_time" integer NOT NULL,
	"replied" integer NOT NULL,
	"resolved" integer NOT NULL,
	"rated" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"redone" integer NOT NULL,
	"hours_sum" double precision NOT NULL,
	"hours_n" integer NOT NULL,
	CONSTRAINT "kpi_daily_day_department_id_department_region_category_code_pk" PRIMARY KEY("day","department_id","department_region","category_code")
);
--> statement-breakpoint
CREATE INDEX "appeals_unsettled_idx" ON "appeals"."appeals" USING btree ("created_at") WHERE not (status = 'closed' and acknowledged_at is not null and closed_at is not null);--> statement-breakpoint
-- kpi_daily follows every change to appeals in the same transaction. A statement's changed rows
-- arrive as transition tables; only settled ones count (see SETTLED_SQL in appeals.tables.ts),
-- added as they become settled and taken away if they ever stop being so.
CREATE FUNCTION appeals.kpi_daily_count() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text;
BEGIN
  -- Most statements touch only unsettled appeals (filing, acknowledging, replying): leave at once.
  -- (A transition table exists only for its own events, hence the nested tests.)
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'closed' AND acknowledged_at IS NOT NULL AND closed_at IS NOT NULL) THEN
      changed := 'select 1 as sign, * from new_rows';
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'closed' AND acknowledged_at IS NOT NULL AND closed_at IS NOT NULL) THEN
      changed := concat_ws(' union all ', changed, 'select -1 as sign, * from old_rows');
    END IF;
  END IF;
  IF changed IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format($sql$
    insert into appeals.kpi_daily as k (day, department_id, department_region, category_code,
      filed, ack_on_time, reply_on_time, replied, resolved, rated, satisfied, redone, hours_sum, hours_n)
    select ((a.created_at at time zone 'UTC') + interval '8 hours')::date,
      coalesce(a.replied_by_department, a.department_id), a.department_region, a.category_code,
      sum(a.sign),
      sum(a.sign * (a.acknowledged_at <= a.ack_due_at)::int),
      sum(a.sign * (coalesce(a.replied_at, a.closed_at) <= a.reply_due_at)::int),
      sum(a.sign * (a.resolved is not null)::int),
      sum(a.sign * coalesce(a.resolved, false)::int),
      sum(a.sign * (a.rating is not null)::int),
      sum(a.sign * coalesce(a.rating >= 3, false)::int),
      sum(a.sign * (a.redo_count > 0)::int),
      coalesce(sum(a.sign * a.handling_hours), 0),
      sum(a.sign * (a.handling_hours is not null)::int)
    from (%s) a
    where a.status = 'closed' and a.acknowledged_at is not null and a.closed_at is not null
    group by 1, 2, 3, 4
    on conflict (day, department_id, department_region, category_code) do update set
      filed = k.filed + excluded.filed,
      ack_on_time = k.ack_on_time + excluded.ack_on_time,
      reply_on_time = k.reply_on_time + excluded.reply_on_time,
      replied = k.replied + excluded.replied,
      resolved = k.resolved + excluded.resolved,
      rated = k.rated + excluded.rated,
      satisfied = k.satisfied + excluded.satisfied,
      redone = k.redone + excluded.redone,
      hours_sum = k.hours_sum + excluded.hours_sum,
      hours_n = k.hours_n + excluded.hours_n
  $sql$, changed);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER appeals_kpi_daily_insert AFTER INSERT ON appeals.appeals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION appeals.kpi_daily_count();
--> statement-breakpoint
CREATE TRIGGER appeals_kpi_daily_update AFTER UPDATE ON appeals.appeals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION appeals.kpi_daily_count();
--> statement-breakpoint
CREATE TRIGGER appeals_kpi_daily_delete AFTER DELETE ON appeals.appeals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION appeals.kpi_daily_count();
--> statement-breakpoint
-- Appeals settled before this migration, counted by the same rule.
INSERT INTO appeals.kpi_daily (day, department_id, department_region, category_code,
  filed, ack_on_time, reply_on_time, replied, resolved, rated, satisfied, redone, hours_sum, hours_n)
SELECT ((a.created_at at time zone 'UTC') + interval '8 hours')::date,
  coalesce(a.replied_by_department, a.department_id), a.department_region, a.category_code,
  count(*),
  count(*) filter (where a.acknowledged_at <= a.ack_due_at),
  count(*) filter (where coalesce(a.replied_at, a.closed_at) <= a.reply_due_at),
  count(*) filter (where a.resolved is not null),
  count(*) filter (where a.resolved),
  count(*) filter (where a.rating is not null),
  count(*) filter (where a.rating >= 3),
  count(*) filter (where a.redo_count > 0),
  coalesce(sum(a.handling_hours), 0),
  count(a.handling_hours)
FROM appeals.appeals a
WHERE a.status = 'closed' AND a.acknowledged_at IS NOT NULL AND a.closed_at IS NOT NULL
GROUP BY 1, 2, 3, 4;
