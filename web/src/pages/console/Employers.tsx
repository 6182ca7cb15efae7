import { useState } from 'react';
import { Button, Card, Empty, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { EMPLOYER_STATUSES, employersApi, employersKeys, type Employer, type EmployerStatus } from '../../api/employers';
import { RegionCascader } from '../../components/appeals/RegionCascader';
import { useRegistryLabels } from '../../components/registry/labels';
import { EmployerStatusTag, mono, RegionName } from '../../components/registry/parts';
import { allowed, EMPLOYER_WRITE_ROLES } from '../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../lib/format';
import { EmployerDrawer } from './EmployerDrawer';
import { RegisterEmployerModal } from './RegisterEmployerModal';
import { SearchableTable } from './SearchableTable';
import { openColumn, PageHeader } from '../../components/layout/ConsolePage';

/** The open employer lives in the address (?employer=…), so a reload keeps it and Back closes it. */
function useOpenEmployer() {
  const [params, setParams] = useSearchParams();
  const set = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('employer', id);
      else next.delete('employer');
      return next;
    });
  return [params.get('employer'), set] as const;
}

/** /console/employers: employers of my region; search, register, view with current employees, change status. */
export default function Employers() {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const { data: me } = useMe();
  const canWrite = allowed(me?.roles ?? [], EMPLOYER_WRITE_ROLES);
  const [employerId, openEmployer] = useOpenEmployer();
  const [region, setRegion] = useState<string[]>([]);
  const [status, setStatus] = useState<EmployerStatus | undefined>();
  const [registering, setRegistering] = useState(false);
  const regionCode = region[region.length - 1];

  const columns: ColumnsType<Employer> = [
    { title: t('console.employers.name'), dataIndex: 'name' },
    { title: t('console.employers.creditCode'), dataIndex: 'creditCode', render: (v: string) => <span style={mono}>{v}</span> },
    {
      title: t('console.employers.industry'),
      dataIndex: 'industry',
      render: (v: string, r) => (
        <Typography.Text ellipsis={{ tooltip: labels.industry(v, r.industryName) }} style={{ maxWidth: 220 }}>
          {v} {labels.industry(v, r.industryName)}
        </Typography.Text>
      ),
    },
    { title: t('console.employers.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('console.employers.status'), dataIndex: 'status', render: (v: string) => <EmployerStatusTag status={v} /> },
    { title: t('console.employers.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span title={formatDateTime(v)}>{formatDate(v)}</span> },
    openColumn(t('common.actions'), openEmployer, () => t('console.employers.view'), 'employer-view'),
  ];

  return (
    <Card>
      <PageHeader
        title={t('console.employers.title')}
        intro={t('console.employers.intro')}
        action={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-employer">
              {t('console.employers.register')}
            </Button>
          )
        }
      />
      <SearchableTable<Employer>
        queryKey={[...employersKeys.list, { regionCode, status }]}
        fetch={(q) => employersApi.search({ ...q, regionCode, status })}
        columns={columns}
        rowKey="id"
        placeholder={t('console.employers.searchPlaceholder')}
        filters={
          <>
            <div style={{ flex: '0 1 260px', minWidth: 200 }}>
              <RegionCascader within={me?.department?.regionCode} value={region} onChange={setRegion} placeholder={t('console.employers.allRegions')} />
            </div>
            <Select<EmployerStatus>
              allowClear
              placeholder={t('console.employers.allStatuses')}
              value={status}
              onChange={setStatus}
              options={EMPLOYER_STATUSES.map((s) => ({ value: s, label: labels.employerStatus(s) }))}
              style={{ minWidth: 130 }}
              data-testid="employer-status-filter"
            />
          </>
        }
        emptyText={
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.employers.empty')}>
            {canWrite && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('console.employers.emptyHint')}
              </Typography.Text>
            )}
          </Empty>
        }
        onRowClick={(r) => openEmployer(r.id)}
        testId="employers"
      />
      {canWrite && <RegisterEmployerModal open={registering} onClose={() => setRegistering(false)} onRegistered={(e) => openEmployer(e.id)} />}
      <EmployerDrawer id={employerId} onClose={() => openEmployer(null)} />
    </Card>
  );
}
