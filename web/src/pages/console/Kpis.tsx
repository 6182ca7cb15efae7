import { Breadcrumb, Button, Result, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { appealsApi, useRegion } from '../../api/appeals';
import { kpiApi, type KpiGroup } from '../../api/kpis';
import { KpiDashboard } from '../../components/kpi/KpiDashboard';
import { toKpiQuery, useKpiParams } from '../../components/kpi/useKpiParams';

/** Lengths of division codes by level: province, city, county, town, village. */
const LEVEL_LENGTHS = [2, 4, 6, 9, 12];

const lastPart = (fullName: string | undefined) => fullName?.split(/\s+/).at(-1);

/**
 * /console/kpis: the KPIs of my region. Grouped by department, a department (row or bar) drills
 * into that department's region grouped by category; the breadcrumb goes back up.
 */
export default function StaffKpis() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useKpiParams();
  const scope = me?.department?.regionCode ?? '';
  // A shared link can name a region outside mine; the server would answer 404.
  const outOfScope = !!params.region && !params.region.startsWith(scope);
  const current = params.region ?? scope;
  const here = useRegion(current || undefined);
  const departments = useQuery({ queryKey: ['transfer-targets'], queryFn: appealsApi.transferTargets, staleTime: 5 * 60_000 });
  const byId = new Map((departments.data ?? []).map((d) => [d.id, d]));

  const drill = (g: KpiGroup) => {
    const dept = byId.get(g.key);
    if (!dept || !dept.regionCode.startsWith(scope)) return;
    setParams({ region: dept.regionCode === scope ? undefined : dept.regionCode, groupBy: 'category', dept: dept.id });
  };
  const up = (region: string | undefined) => setParams({ region, groupBy: 'department', dept: undefined });

  // 本辖区 / 兴庆区 / 凤凰北街街道, or the department drilled into as the last step.
  const parts = here.data?.fullName.split(/\s+/) ?? [];
  const ancestors = LEVEL_LENGTHS.filter((n) => n > scope.length && n <= current.length).map((n) => ({
    code: current.slice(0, n),
    name: parts[LEVEL_LENGTHS.indexOf(n)] ?? current.slice(0, n),
  }));
  const deptName = params.dept ? byId.get(params.dept)?.name : undefined;
  const steps = [{ code: undefined as string | undefined, name: `${t('kpi.myRegion')}（${lastPart(me?.department?.regionName) ?? scope}）` }, ...ancestors];
  if (deptName) steps.push({ code: current === scope ? undefined : current, name: deptName });
  const breadcrumb = (
    <div>
      <Breadcrumb
        data-testid="kpi-breadcrumb"
        items={steps.map((s, i) =>
          i === steps.length - 1
            ? { title: <Typography.Text strong>{s.name}</Typography.Text> }
            : {
                title: (
                  <Typography.Link onClick={() => up(s.code === scope ? undefined : s.code)} data-testid="kpi-crumb">
                    {s.name}
                  </Typography.Link>
                ),
              },
        )}
      />
      {here.data && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('kpi.scope', { name: here.data.fullName })}
        </Typography.Text>
      )}
    </div>
  );

  if (outOfScope) {
    return (
      <Result
        status="warning"
        title={t('kpi.outOfScope')}
        extra={<Button onClick={() => up(undefined)}>{t('kpi.backToMyRegion')}</Button>}
        data-testid="kpi-out-of-scope"
      />
    );
  }

  const children = here.data?.children ?? [];
  return (
    <KpiDashboard
      title={t('kpi.staffTitle')}
      intro={t('kpi.staffIntro')}
      actions={
        <Button icon={<DownloadOutlined />} href={kpiApi.xlsxUrl(toKpiQuery(params))} data-testid="kpi-export">
          {t('kpi.export')}
        </Button>
      }
      above={breadcrumb}
      params={params}
      onChange={setParams}
      region={
        children.length > 0
          ? {
              label: t('kpi.subRegion'),
              options: children.map((c) => ({ value: c.code, label: c.name })),
              placeholder: t('kpi.allSubRegions'),
              onChange: (region) => region && setParams({ region, dept: undefined }),
            }
          : undefined
      }
      queryKey={['kpis', 'staff']}
      fetch={kpiApi.staff}
      onPick={drill}
    />
  );
}
