import { useState } from 'react';
import { Button, Card, Flex, Select, Switch, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PhoneOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { APPEAL_STATUSES, appealsApi, type AppealStatus, type StaffAppeal } from '../../api/appeals';
import { shortRegion, useAppealLabels } from '../../components/appeals/labels';
import { StatusTag } from '../../components/appeals/StatusTag';
import { allowed, HOTLINE_ROLES } from '../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../lib/format';
import { HotlineModal } from './HotlineModal';
import { SearchableTable } from './SearchableTable';

export const staffAppealsKey = ['appeals'] as const;
const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

interface Filters {
  status?: AppealStatus;
  categoryCode?: string;
  overdue: boolean;
}

function useColumns(): ColumnsType<StaffAppeal> {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  return [
    {
      title: t('appeals.fields.trackingNo'),
      dataIndex: 'trackingNo',
      render: (v: string, r) => (
        <Link to={`/console/appeals/${r.id}`} style={mono}>
          {v}
        </Link>
      ),
    },
    {
      title: t('appeals.fields.title'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Link to={`/console/appeals/${r.id}`} data-testid="appeal-row-link" style={{ display: 'inline-block', maxWidth: 260 }}>
          <Typography.Text ellipsis={{ tooltip: v }} style={{ color: 'inherit', maxWidth: 260 }}>
            {v}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('appeals.fields.category'), dataIndex: 'categoryCode', render: (v: string) => labels.category(v) },
    { title: t('appeals.fields.region'), dataIndex: 'regionName', render: (v: string) => shortRegion(v) },
    { title: t('appeals.fields.department'), dataIndex: 'departmentName' },
    { title: t('appeals.fields.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
    {
      title: t('appeals.fields.replyDueAt'),
      dataIndex: 'replyDueAt',
      render: (v: string, r) => (
        <Typography.Text type={r.overdue ? 'danger' : undefined} strong={r.overdue} title={formatDateTime(v)} data-overdue={r.overdue || undefined}>
          {formatDate(v)}
          {r.overdue ? ` · ${t('appeals.overdue')}` : ''}
        </Typography.Text>
      ),
    },
    { title: t('appeals.fields.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span title={formatDateTime(v)}>{formatDate(v)}</span> },
  ];
}

function FilterBar({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  return (
    <>
      <Select<AppealStatus>
        allowClear
        placeholder={t('appeals.staff.allStatuses')}
        value={value.status}
        onChange={(status) => onChange({ ...value, status })}
        options={APPEAL_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        style={{ minWidth: 140 }}
        data-testid="status-filter"
      />
      <Select<string>
        allowClear
        placeholder={t('appeals.staff.allCategories')}
        value={value.categoryCode}
        onChange={(categoryCode) => onChange({ ...value, categoryCode })}
        options={labels.categoryOptions}
        style={{ minWidth: 160 }}
      />
      <Flex align="center" gap={6}>
        <Switch size="small" checked={value.overdue} onChange={(overdue) => onChange({ ...value, overdue })} id="overdue-only" data-testid="overdue-filter" />
        <label htmlFor="overdue-only">{t('appeals.staff.overdueOnly')}</label>
      </Flex>
    </>
  );
}

/** /console/appeals: appeals handled in my region, filtered by status, category and overdue. */
export default function Appeals() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [filters, setFilters] = useState<Filters>({ overdue: false });
  const [hotline, setHotline] = useState(false);
  const columns = useColumns();
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('appeals.staff.title')}
        </Typography.Title>
        {allowed(me?.roles ?? [], HOTLINE_ROLES) && (
          <Button type="primary" icon={<PhoneOutlined />} onClick={() => setHotline(true)} data-testid="hotline-entry">
            {t('appeals.staff.hotline')}
          </Button>
        )}
      </Flex>
      <SearchableTable<StaffAppeal>
        queryKey={[...staffAppealsKey, filters]}
        fetch={(q) => appealsApi.list({ ...q, ...filters, overdue: filters.overdue || undefined })}
        columns={columns}
        rowKey="id"
        placeholder={t('appeals.staff.searchPlaceholder')}
        filters={<FilterBar value={filters} onChange={setFilters} />}
        testId="staff-appeals"
      />
      <HotlineModal open={hotline} onClose={() => setHotline(false)} />
    </Card>
  );
}
