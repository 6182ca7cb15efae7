import type { Database } from '@core/db/client.ts';
import { chinaTime } from '@core/calendar/working-time.ts';
import { SETTLED_SQL } from './appeals.tables.ts';

/**
 * Appeal KPIs, as 12345 centres and 问政银川 report them. Definitions (also in the README):
 * - on-time acknowledgement rate 按时签收率: acknowledged by the acknowledgement deadline ÷ appeals
 *   whose acknowledgement is done or due;
 * - on-time resolution rate 按时办结率 (限时办结率): answered (replied or closed) by the reply deadline
 *   ÷ appeals answered or past their reply deadline; an appeal sent back for redoing counts again
 *   only when it is answered anew;
 * - resolution rate 解决率: replies marked resolved ÷ appeals replied;
 * - satisfaction rate 满意率: ratings in the top three of five levels ÷ rated appeals;
 * - redo rate 重办率: appeals sent back for redoing at least once ÷ appeals replied;
 * - average handling time: working hours from filing to the latest reply;
 * - overdue: open appeals past their reply deadline now.
 * Appeals count in the period they were filed in.
 *
 * Settled appeals (closed, acknowledged, answered) are read from kpi_daily, which triggers keep;
 * only the others, a small and recent share, are aggregated row by row, because their
 * "due by now" measures change with the clock.
 */
export interface Kpi {
  filed: number;
  ackMeasured: number;
  ackOnTime: number;
  replyMeasured: number;
  replyOnTime: number;
  replied: number;
  resolved: number;
  rated: number;
  satisfied: number;
  redone: number;
  overdue: number;
  avgHandlingHours: number | null;
  onTimeAckRate: number | null;
  onTimeResolutionRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  redoRate: number | null;
}

export const kpiGroupings = ['department', 'level', 'category', 'month'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];

export interface KpiQuery {
  /** First day counted and the day after the last, in China Standard Time (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Region prefix of the handling department ('' = everywhere). */
  scope: string;
  categoryCode?: string | undefined;
  /** One department: the one that answered, else the one holding the appeal. */
  departmentId?: string | undefined;
  groupBy: KpiGrouping;
}

const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 10000 : null);

interface Row {
  key: string | null;
  filed: number;
  ack_measured: number;
  ack_on_time: number;
  reply_measured: number;
  reply_on_time: number;
  replied: number;
  resolved: number;
  rated: number;
  satisfied: number;
  redone: number;
  overdue: number;
  avg_hours: number | null;
}

function toKpi(raw: RawRow): Kpi {
  const r: Row = { ...raw, avg_hours: raw.hours_n > 0 ? raw.hours_sum / raw.hours_n : null };
  return {
    filed: r.filed,
    ackMeasured: r.ack_measured,
    ackOnTime: r.ack_on_time,
    replyMeasured: r.reply_measured,
    replyOnTime: r.reply_on_time,
    replied: r.replied,
    resolved: r.resolved,
    rated: r.rated,
    satisfied: r.satisfied,
    redone: r.redone,
    overdue: r.overdue,
    avgHandlingHours: r.avg_hours === null ? null : Math.round(Number(r.avg_hours) * 10) / 10,
    onTimeAckRate: rate(r.ack_on_time, r.ack_measured),
    onTimeResolutionRate: rate(r.reply_on_time, r.reply_measured),
    resolutionRate: rate(r.resolved, r.replied),
    satisfactionRate: rate(r.satisfied, r.rated),
    redoRate: rate(r.redone, r.replied),
  };
}

const levelOfRegion = `case when length(department_region) >= 9 then 'town' when length(department_region) >= 6 then 'county'
  when length(department_region) >= 4 then 'city' else 'province' end`;

/** The group key over kpi_daily and over appeals themselves. */
const groupKey: Record<KpiGrouping, { settled: string; live: string }> = {
  // The department that answered, else the one holding it now.
  department: { settled: 'department_id::text', live: 'coalesce(replied_by_department, department_id)::text' },
  level: { settled: levelOfRegion, live: levelOfRegion },
  category: { settled: 'category_code', live: 'category_code' },
  // China Standard Time has no daylight saving: shifting by eight hours is exact.
  month: { settled: `to_char(day, 'YYYY-MM')`, live: `left(((created_at at time zone 'UTC') + interval '8 hours')::date::text, 7)` },
};

const kpiSql = (key: { settled: string; live: string }) => `
  select key, sum(filed)::int as filed, sum(ack_measured)::int as ack_measured, sum(ack_on_time)::int as ack_on_time,
    sum(reply_measured)::int as reply_measured, sum(reply_on_time)::int as reply_on_time, sum(replied)::int as replied,
    sum(resolved)::int as resolved, sum(rated)::int as rated, sum(satisfied)::int as satisfied, sum(redone)::int as redone,
    sum(overdue)::int as overdue, sum(hours_sum)::float8 as hours_sum, sum(hours_n)::int as hours_n
  from (
    -- Settled: every measure is fixed, and both deadlines count as measured.
    select ${key.settled} as key, sum(filed) as filed, sum(filed) as ack_measured, sum(ack_on_time) as ack_on_time,
      sum(filed) as reply_measured, sum(reply_on_time) as reply_on_time, sum(replied) as replied, sum(resolved) as resolved,
      sum(rated) as rated, sum(satisfied) as satisfied, sum(redone) as redone, 0 as overdue, sum(hours_sum) as hours_sum, sum(hours_n) as hours_n
    from appeals.kpi_daily
    where day >= $1::date and day < $2::date and department_region like $3
      and ($4::text is null or category_code = $4::text) and ($5::uuid is null or department_id = $5::uuid)
    group by 1
    union all
    select ${key.live} as key,
      count(*),
      count(*) filter (where acknowledged_at is not null or ack_due_at <= now()),
      count(*) filter (where acknowledged_at <= ack_due_at),
      count(*) filter (where coalesce(replied_at, closed_at) is not null or reply_due_at <= now()),
      count(*) filter (where coalesce(replied_at, closed_at) <= reply_due_at),
      count(*) filter (where resolved is not null),
      count(*) filter (where resolved),
      count(*) filter (where rating is not null),
      count(*) filter (where rating >= 3),
      count(*) filter (where redo_count > 0),
      count(*) filter (where status in ('submitted', 'in_progress', 'returned') and reply_due_at < now()),
      coalesce(sum(handling_hours), 0),
      count(handling_hours)
    from appeals.appeals
    where not (${SETTLED_SQL}) and created_at >= $6::timestamptz and created_at < $7::timestamptz and department_region like $3
      and ($4::text is null or category_code = $4::text) and ($5::uuid is null or coalesce(replied_by_department, department_id) = $5::uuid)
    group by 1
  ) parts
  group by key
  order by key`;

export async function computeKpis(database: Database, q: KpiQuery): Promise<{ overall: Kpi; groups: (Kpi & { key: string })[] }> {
  const rows = await database.rows<RawRow>(kpiSql(groupKey[q.groupBy]), [
    q.from,
    q.to,
    `${q.scope}%`,
    q.categoryCode ?? null,
    q.departmentId ?? null,
    chinaTime(q.from).toISOString(),
    chinaTime(q.to).toISOString(),
  ]);
  // Every measure is additive: the overall line is the sum of the groups.
  const total = rows.reduce<RawRow>(
    (acc, r) => {
      for (const k of additive) acc[k] += r[k];
      return acc;
    },
    { key: null, filed: 0, ack_measured: 0, ack_on_time: 0, reply_measured: 0, reply_on_time: 0, replied: 0, resolved: 0, rated: 0, satisfied: 0, redone: 0, overdue: 0, hours_sum: 0, hours_n: 0 },
  );
  return { overall: toKpi(total), groups: rows.map((r) => ({ key: String(r.key), ...toKpi(r) })) };
}

type RawRow = Omit<Row, 'avg_hours'> & { hours_sum: number; hours_n: number };
const additive = ['filed', 'ack_measured', 'ack_on_time', 'reply_measured', 'reply_on_time', 'replied', 'resolved', 'rated', 'satisfied', 'redone', 'overdue', 'hours_sum', 'hours_n'] as const;
