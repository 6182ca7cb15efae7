import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { addDays, chinaToday, KPI_GROUPINGS, type KpiGrouping, type KpiQuery } from '../../api/kpis';

/** The dashboard's filters as the user sees them; `to` is the last day shown, inclusive. */
export interface KpiParams {
  from: string;
  to: string;
  region?: string;
  category?: string;
  groupBy: KpiGrouping;
  /** Staff drill-down: the department whose region is being looked at (labels the breadcrumb). */
  dept?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^\d{2,12}$/;

/** Default period: this year so far, in China time. */
export function defaultPeriod(): { from: string; to: string } {
  const today = chinaToday();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** Filters live in the address, so a view can be shared and Back undoes a drill-down. */
export function useKpiParams(): [KpiParams, (next: Partial<KpiParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const params = useMemo<KpiParams>(() => {
    const period = defaultPeriod();
    const get = (k: string) => search.get(k) || undefined;
    const from = get('from');
    const to = get('to');
    const region = get('region');
    const groupBy = get('groupBy');
    const validPeriod = !!from && !!to && DATE.test(from) && DATE.test(to) && from <= to;
    return {
      from: validPeriod ? from : period.from,
      to: validPeriod ? to : period.to,
      region: region && REGION.test(region) ? region : undefined,
      category: get('category'),
      groupBy: (KPI_GROUPINGS as readonly string[]).includes(groupBy ?? '') ? (groupBy as KpiGrouping) : 'department',
      dept: get('dept'),
    };
  }, [search]);

  const update = useCallback(
    (next: Partial<KpiParams>) => {
      const merged: KpiParams = { ...params, ...next };
      const period = defaultPeriod();
      const out = new URLSearchParams();
      if (merged.from !== period.from || merged.to !== period.to) {
        out.set('from', merged.from);
        out.set('to', merged.to);
      }
      if (merged.region) out.set('region', merged.region);
      if (merged.category) out.set('category', merged.category);
      if (merged.groupBy !== 'department') out.set('groupBy', merged.groupBy);
      if (merged.dept) out.set('dept', merged.dept);
      setSearch(out);
    },
    [params, setSearch],
  );
  return [params, update];
}

/** What the server takes: its `to` is the day after the last day shown. */
export function toKpiQuery(p: KpiParams): KpiQuery {
  return { from: p.from, to: addDays(p.to, 1), regionCode: p.region, categoryCode: p.category, groupBy: p.groupBy };
}
