/** 问政 KPIs: the public and the staff dashboards read the same report shape. */
import { api, withQuery } from './client';

export const KPI_GROUPINGS = ['department', 'level', 'category', 'month'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

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
  /** Working hours (09:00–17:00 on working days); null until something was answered. */
  avgHandlingHours: number | null;
  /** Rates are 0..1; null when there is nothing to measure yet. */
  onTimeAckRate: number | null;
  onTimeResolutionRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  redoRate: number | null;
}

export interface KpiGroup extends Kpi {
  /** Department id, level (town/county/city/province), category code or YYYY-MM. */
  key: string;
  name: string;
}

export interface KpiReport {
  /** First day of the period, China time. */
  from: string;
  /** The day after the period (exclusive), China time. */
  to: string;
  regionCode: string;
  groupBy: KpiGrouping;
  overall: Kpi;
  groups: KpiGroup[];
}

/** The query as the server takes it: `to` is exclusive. */
export interface KpiQuery {
  from: string;
  to: string;
  regionCode?: string;
  categoryCode?: string;
  groupBy: KpiGrouping;
}

const q = (query: KpiQuery) => ({ ...query });

export const kpiApi = {
  /** No login; the whole country, or a region. */
  public: (query: KpiQuery) => api.get<KpiReport>('/api/public/appeals/kpis', q(query)),
  /** Staff: limited to my region; a region outside it is a 404. */
  staff: (query: KpiQuery) => api.get<KpiReport>('/api/appeals/kpis', q(query)),
  /** The same report as an Excel workbook; a plain link, so the session cookie goes along. */
  xlsxUrl: (query: KpiQuery) => withQuery('/api/appeals/kpis.xlsx', q(query)),
};

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Today's date in China (YYYY-MM-DD), whatever the browser's time zone: the server counts days in China time. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `delta` days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10);
}
