import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chinaTime } from '@core/calendar/working-time.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { computeKpis, kpiGroupings, type KpiGrouping, type KpiQuery } from './kpi.ts';

/**
 * The KPI definitions computed the slow, obvious way: every appeal of the period, row by row.
 * computeKpis reads settled appeals from kpi_daily instead; both must agree after any mix of
 * inserts, updates and deletes.
 */
const groupKey: Record<KpiGrouping, string> = {
  department: 'coalesce(replied_by_department, department_id)::text',
  level: `case when length(department_region) >= 9 then 'town' when length(department_region) >= 6 then 'county' when length(department_region) >= 4 then 'city' else 'province' end`,
  category: 'category_code',
  month: `to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM')`,
};

async function referenceKpis(db: TestDatabase, q: KpiQuery) {
  return db.database.rows<Record<string, number | string>>(
    `select ${groupKey[q.groupBy]} as key,
       count(*)::int as filed,
       count(*) filter (where acknowledged_at is not null or ack_due_at <= now())::int as ack_measured,
       count(*) filter (where acknowledged_at <= ack_due_at)::int as ack_on_time,
       count(*) filter (where coalesce(replied_at, closed_at) is not null or reply_due_at <= now())::int as reply_measured,
       count(*) filter (where coalesce(replied_at, closed_at) <= reply_due_at)::int as reply_on_time,
       count(*) filter (where resolved is not null)::int as replied,
       count(*) filter (where resolved)::int as resolved,
       count(*) filter (where rating is not null)::int as rated,
       count(*) filter (where rating >= 3)::int as satisfied,
       count(*) filter (where redo_count > 0)::int as redone,
       count(*) filter (where status in ('submitted', 'in_progress', 'returned') and reply_due_at < now())::int as overdue,
       round((avg(handling_hours) * 10)::numeric) / 10 as avg_hours
     from appeals.appeals
     where created_at >= $1 and created_at < $2 and department_region like $3
       and ($4::text is null or category_code = $4) and ($5::uuid is null or coalesce(replied_by_department, department_id) = $5::uuid)
     group by 1 order by 1`,
    [chinaTime(q.from), chinaTime(q.to), `${q.scope}%`, q.categoryCode ?? null, q.departmentId ?? null],
  );
}

const DEPARTMENTS = [
  ['00000000-0000-4000-8000-000000000001', '6401'],
  ['00000000-0000-4000-8000-000000000002', '640104'],
  ['00000000-0000-4000-8000-000000000003', '640104001'],
  ['00000000-0000-4000-8000-000000000004', '640105'],
] as const;

describe('KPI sums kept by triggers', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await db.database.migrate();
  });
  after(() => db.drop());

  async function agreeEverywhere(label: string) {
    const base = { from: '2025-06-01', to: '2027-01-01', scope: '' };
    const queries: KpiQuery[] = [
      ...kpiGroupings.map((groupBy) => ({ ...base, groupBy })),
      { ...base, groupBy: 'category', scope: '640104' },
      { ...base, groupBy: 'month', categoryCode: 'pension' },
      { ...base, groupBy: 'level', departmentId: DEPARTMENTS[2][0] },
      { from: '2026-03-01', to: '2026-03-08', scope: '6401', groupBy: 'department' },
    ];
    for (const q of queries) {
      const expected = await referenceKpis(db, q);
      const actual = await computeKpis(db.database, q);
      assert.deepEqual(
        actual.groups.map((g) => ({ key: g.key, filed: g.filed, ackMeasured: g.ackMeasured, ackOnTime: g.ackOnTime, replyMeasured: g.replyMeasured, replyOnTime: g.replyOnTime, replied: g.replied, resolved: g.resolved, rated: g.rated, satisfied: g.satisfied, redone: g.redone, overdue: g.overdue, avgHours: g.avgHandlingHours })),
        expected.map((r) => ({ key: r.key, filed: r.filed, ackMeasured: r.ack_measured, ackOnTime: r.ack_on_time, replyMeasured: r.reply_measured, replyOnTime: r.reply_on_time, replied: r.replied, resolved: r.resolved, rated: r.rated, satisfied: r.satisfied, redone: r.redone, overdue: r.overdue, avgHours: r.avg_hours === null ? null : Number(r.avg_hours) })),
        `${label}: ${JSON.stringify(q)}`,
      );
    }
  }

  it('agree with a row-by-row count after filing, settling, reopening, moving and deleting appeals', async () => {
    // 3,000 appeals over 18 months with every mix of state, some due in the future.
    await db.database.rows(
      `with d as (select $1::uuid[] ids, $2::text[] regions)
       insert into appeals.appeals (tracking_no, kind, category_code, title, body, region_code, department_id, department_region, status,
         is_public, anonymous, channel, created_at, ack_due_at, reply_due_at, acknowledged_at, replied_at, closed_at, resolved, rating, redo_count,
         handling_hours, replied_by_department)
       select 'T-' || g, 'help', (array['pension', 'medical', 'card'])[1 + g % 3], 't', 'b', '640104001',
         d.ids[1 + g % 4], d.regions[1 + g % 4],
         (array['closed', 'closed', 'closed', 'replied', 'in_progress', 'submitted', 'returned'])[1 + (g * 7) % 7],
         true, false, 'portal', c.at, c.at + interval '1 day', c.at + interval '20 days',
         case when g % 11 <> 0 then c.at + (g % 40) * interval '1 hour' end,
         case when g % 5 <> 0 then c.at + (g % 30) * interval '1 day' end,
         case when g % 3 <> 0 then c.at + (g % 30 + 2) * interval '1 day' end,
         case when g % 5 <> 0 then g % 4 <> 0 end,
         case when g % 6 <> 0 then 1 + g % 5 end,
         (g % 13 = 0)::int,
         case when g % 5 <> 0 then (g % 90)::real / 2 end,
         case when g % 9 = 0 then d.ids[1 + (g + 1) % 4] end
       from generate_series(1, 3000) g, d, lateral (select timestamptz '2025-07-01 00:00+08' + (g * 0.18) * interval '1 day' + (g % 24) * interval '1 hour' as at) c`,
      [DEPARTMENTS.map((d) => d[0]), DEPARTMENTS.map((d) => d[1])],
    );
    await agreeEverywhere('after a bulk insert');

    // Settle some open ones, reopen some settled ones (as if corrected), move settled ones between
    // departments and categories, and delete a few: kpi_daily takes back what it had counted.
    await db.database.rows(`update appeals.appeals set status = 'closed', closed_at = coalesce(closed_at, created_at + interval '3 days'), acknowledged_at = coalesce(acknowledged_at, created_at) where tracking_no like 'T-%0'`);
    await db.database.rows(`update appeals.appeals set status = 'in_progress' where tracking_no like 'T-%7' and status = 'closed'`);
    await db.database.rows(`update appeals.appeals set category_code = 'card', replied_by_department = $1, rating = 1 where tracking_no like 'T-%3'`, [DEPARTMENTS[3][0]]);
    await db.database.rows(`delete from appeals.appeals where tracking_no like 'T-%11'`);
    await agreeEverywhere('after updates and deletes');
  });
});
