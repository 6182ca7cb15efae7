import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories } from '../../api/appeals';
import type { Kpi, KpiGroup, KpiGrouping } from '../../api/kpis';
import { useLang } from '../../i18n';

export type RateKey = 'onTimeAckRate' | 'onTimeResolutionRate' | 'resolutionRate' | 'satisfactionRate' | 'redoRate';
export type MetricKey = 'filed' | RateKey | 'avgHandlingHours' | 'overdue';

/** Every KPI in the order the table, the workbook and the definitions list them. */
export const METRICS: readonly MetricKey[] = ['filed', 'onTimeAckRate', 'onTimeResolutionRate', 'resolutionRate', 'satisfactionRate', 'redoRate', 'avgHandlingHours', 'overdue'];

export const RATE_KEYS: readonly RateKey[] = ['onTimeAckRate', 'onTimeResolutionRate', 'resolutionRate', 'satisfactionRate', 'redoRate'];

/** Numerator and denominator behind each rate. */
export const FRACTIONS: Record<RateKey, (k: Kpi) => { n: number; d: number }> = {
  onTimeAckRate: (k) => ({ n: k.ackOnTime, d: k.ackMeasured }),
  onTimeResolutionRate: (k) => ({ n: k.replyOnTime, d: k.replyMeasured }),
  resolutionRate: (k) => ({ n: k.resolved, d: k.replied }),
  satisfactionRate: (k) => ({ n: k.satisfied, d: k.rated }),
  redoRate: (k) => ({ n: k.redone, d: k.replied }),
};

export const isRate = (m: MetricKey): m is RateKey => (RATE_KEYS as readonly string[]).includes(m);

/** 0.9712 → "97.1%"; null (nothing to measure yet) → "—". */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function hours(h: number | null | undefined): string {
  return h === null || h === undefined ? '—' : h.toFixed(1);
}

/** The group's display name in the current language (the server names departments and categories in Chinese). */
export function useGroupName(groupBy: KpiGrouping) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: categories } = useCategories();
  // Stable between renders, so the charts' options are too.
  return useCallback(
    (g: Pick<KpiGroup, 'key' | 'name'>): string => {
      switch (groupBy) {
        case 'category': {
          const c = categories?.find((x) => x.code === g.key);
          return c ? (lang === 'en' ? c.nameEn : c.nameZh) : g.name;
        }
        case 'level':
          return t(`kpi.levels.${g.key}`, { defaultValue: g.name });
        case 'month':
        case 'department':
          return g.name;
      }
    },
    [groupBy, categories, lang, t],
  );
}

/** YYYY-MM of every month from `from` to the day before `toExclusive`, at most 120. */
export function monthsBetween(from: string, toExclusive: string): string[] {
  const last = new Date(Date.parse(`${toExclusive}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7);
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  for (let i = 0; i < 120; i++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const LEVEL_ORDER = ['province', 'city', 'county', 'town'];

/** Months in order, levels top-down, departments and categories busiest first. */
export function sortGroups(groupBy: KpiGrouping, groups: KpiGroup[]): KpiGroup[] {
  const out = [...groups];
  switch (groupBy) {
    case 'month':
      return out.sort((a, b) => a.key.localeCompare(b.key));
    case 'level':
      return out.sort((a, b) => LEVEL_ORDER.indexOf(a.key) - LEVEL_ORDER.indexOf(b.key));
    case 'department':
    case 'category':
      return out.sort((a, b) => b.filed - a.filed || a.name.localeCompare(b.name, 'zh-CN'));
  }
}
