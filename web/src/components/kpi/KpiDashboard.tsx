import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Card, Empty, Flex, Grid, Skeleton, Spin, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KpiGroup, KpiQuery, KpiReport } from '../../api/kpis';
import { ErrorAlert } from '../ErrorAlert';
import { sortGroups, useGroupName } from './format';
import { KpiDefinitions } from './KpiDefinitions';
import { KpiFilters, type RegionPicker } from './KpiFilters';
import { KpiStats } from './KpiStats';
import { KpiTable } from './KpiTable';
import { toKpiQuery, type KpiParams } from './useKpiParams';

// ECharts is the heaviest thing on the page: the numbers and the table show while it loads.
const KpiCharts = lazy(() => import('./KpiCharts'));

export interface KpiDashboardProps {
  title: string;
  intro: ReactNode;
  /** Links or buttons at the right of the title (back to the wall, export). */
  actions?: ReactNode;
  /** Above the filters: the staff drill-down breadcrumb. */
  above?: ReactNode;
  params: KpiParams;
  onChange: (next: Partial<KpiParams>) => void;
  region?: RegionPicker;
  queryKey: readonly unknown[];
  fetch: (query: KpiQuery) => Promise<KpiReport>;
  /** Drill-down on a group (staff, grouped by department). */
  onPick?: (group: KpiGroup) => void;
}

/** The KPI dashboard shared by the public page and the staff console. */
export function KpiDashboard({ title, intro, actions, above, params, onChange, region, queryKey, fetch, onPick }: KpiDashboardProps) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const query = toKpiQuery(params);
  const report = useQuery({ queryKey: [...queryKey, query], queryFn: () => fetch(query), placeholderData: keepPreviousData });
  const raw = report.data;
  const data = useMemo(() => (raw ? { ...raw, groups: sortGroups(raw.groupBy, raw.groups) } : undefined), [raw]);
  const groupName = useGroupName(data?.groupBy ?? params.groupBy);
  const names = useMemo(() => (data?.groups ?? []).map(groupName), [data, groupName]);
  const pick = onPick && data?.groupBy === 'department' ? onPick : undefined;

  return (
    <Flex vertical gap={16} data-testid="kpi-dashboard" data-loading={report.isFetching || undefined}>
      <div>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={narrow ? 3 : 2} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {actions}
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {intro}
        </Typography.Paragraph>
      </div>
      {above}
      <Card size="small">
        <KpiFilters params={params} onChange={onChange} region={region} narrow={narrow} />
      </Card>
      <ErrorAlert error={report.error} style={{ marginBottom: 0 }} />
      {report.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : data ? (
        <Spin spinning={report.isFetching} delay={200}>
          <Flex vertical gap={16}>
            <KpiStats kpi={data.overall} />
            {data.overall.filed === 0 ? (
              <Card>
                <Empty description={t('kpi.empty')} data-testid="kpi-empty" />
              </Card>
            ) : (
              <>
                <Suspense
                  fallback={
                    <Card>
                      <Skeleton active />
                    </Card>
                  }
                >
                  <KpiCharts report={data} names={names} narrow={narrow} onPick={pick} />
                </Suspense>
                <Card size="small" title={t('kpi.table')} styles={{ body: { padding: 0 } }}>
                  <KpiTable groups={data.groups} names={names} overall={data.overall} groupBy={data.groupBy} onPick={pick} narrow={narrow} />
                </Card>
              </>
            )}
          </Flex>
        </Spin>
      ) : null}
      <KpiDefinitions />
    </Flex>
  );
}
