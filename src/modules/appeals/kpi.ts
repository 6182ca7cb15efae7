import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@core/db/client.ts';
import { appeals } from './appeals.tables.ts';

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
  from: Date;
  to: Date;
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

const groupKey: Record<KpiGrouping, SQL> = {
  // The department that answered, else the one holding it now.
  department: sql`coalesce(${appeals.repliedByDepartment}, ${appeals.departmentId})::text`,
  level: sql`case when length(${appeals.departmentRegion}) >= 9 then 'town' when length(${appeals.departmentRegion}) >= 6 then 'county' when length(${appeals.departmentRegion}) >= 4 then 'city' else 'province' end`,
  category: sql`${appeals.categoryCode}`,
  // China Standard Time has no daylight saving: shifting by eight hours is exact and cheaper than to_char … at time zone.
  month: sql`left(((${appeals.createdAt} at time zone 'UTC') + interval '8 hours')::date::text, 7)`,
};

export async function computeKpis(database: Database, q: KpiQuery): Promise<{ overall: Kpi; groups: (Kpi & { key: string })[] }> {
  const where = sql`${appeals.createdAt} >= ${q.from.toISOString()}::timestamptz and ${appeals.createdAt} < ${q.to.toISOString()}::timestamptz
    and ${appeals.departmentRegion} like ${q.scope + '%'} ${q.categoryCode ? sql`and ${appeals.categoryCode} = ${q.categoryCode}` : sql``}
    ${q.departmentId ? sql`and coalesce(${appeals.repliedByDepartment}, ${appeals.departmentId}) = ${q.departmentId}::uuid` : sql``}`;
  const measures = sql`
    count(*)::int as filed,
    count(*) filter (where ${appeals.acknowledgedAt} is not null or ${appeals.ackDueAt} <= now())::int as ack_measured,
    count(*) filter (where ${appeals.acknowledgedAt} <= ${appeals.ackDueAt})::int as ack_on_time,
    count(*) filter (where coalesce(${appeals.repliedAt}, ${appeals.closedAt}) is not null or ${appeals.replyDueAt} <= now())::int as reply_measured,
    count(*) filter (where coalesce(${appeals.repliedAt}, ${appeals.closedAt}) <= ${appeals.replyDueAt})::int as reply_on_time,
    count(*) filter (where ${appeals.resolved} is not null)::int as replied,
    count(*) filter (where ${appeals.resolved})::int as resolved,
    count(*) filter (where ${appeals.rating} is not null)::int as rated,
    count(*) filter (where ${appeals.rating} >= 3)::int as satisfied,
    count(*) filter (where ${appeals.redoCount} > 0)::int as redone,
    count(*) filter (where ${appeals.status} in ('submitted', 'in_progress', 'returned') and ${appeals.replyDueAt} < now())::int as overdue,
    coalesce(sum(${appeals.handlingHours}), 0)::float8 as hours_sum,
    count(${appeals.handlingHours})::int as hours_n`;
  // One pass over the period, grouped; the overall line is the sum of the groups (every measure
  // is additive), which keeps the plan a plain parallel aggregate.
  const key = groupKey[q.groupBy];
  const result = (await database.db.execute(sql`select ${key} as key, ${measures} from ${appeals} where ${where} group by 1 order by 1`)) as unknown as {
    rows: RawRow[];
  };
  const rows = result.rows.map((r) => ({ ...r, hours_sum: Number(r.hours_sum), hours_n: Number(r.hours_n) }));
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
