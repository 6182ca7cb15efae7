import { useState } from 'react';
import { Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import type { AuditEntry } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { AuditSearchForm, type AuditFilters } from './AuditSearchForm';
import { AuditVerify } from './AuditVerify';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 };
const outcomeColor: Record<string, string> = { success: 'success', ok: 'success', failure: 'error', failed: 'error', denied: 'warning' };

function Short({ value, size = 8 }: { value: string | null; size?: number }) {
  if (!value) return <>—</>;
  if (value.length <= size + 2) return <span style={mono}>{value}</span>;
  return (
    <Tooltip title={<span style={mono}>{value}</span>}>
      <span style={mono}>{value.slice(0, size)}…</span>
    </Tooltip>
  );
}

function useColumns(): ColumnsType<AuditEntry> {
  const { t } = useTranslation();
  return [
    { title: t('console.audit.seq'), dataIndex: 'seq', width: 80, render: (v: number | null) => v ?? '…' },
    { title: t('console.audit.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
    {
      title: t('console.audit.actor'),
      key: 'actor',
      render: (_, r) => (
        <div>
          <div>{r.actorName ?? <Short value={r.actorId} />}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`console.audit.actorKinds.${r.actorKind}`, { defaultValue: r.actorKind })}
            {r.actorRole ? ` · ${r.actorRole.split(',').map((x) => t(`roles.${x}`, { defaultValue: x })).join('、')}` : ''}
            {r.actorRegion ? ` · ${r.actorRegion}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('console.audit.action'), dataIndex: 'action', render: (v: string) => <Tag style={mono}>{v}</Tag> },
    {
      title: t('console.audit.target'),
      key: 'target',
      render: (_, r) => (r.targetKind ? <>{r.targetKind} <Short value={r.targetId} /></> : '—'),
    },
    { title: t('console.audit.subject'), dataIndex: 'subjectId', render: (v: string | null) => <Short value={v} /> },
    {
      title: t('console.audit.purpose'),
      dataIndex: 'purpose',
      render: (v: string | null) => (v ? t(`console.citizens.purposes.${v}`, { defaultValue: v }) : '—'),
    },
    {
      title: t('console.audit.outcome'),
      dataIndex: 'outcome',
      render: (v: string) => <Tag color={outcomeColor[v] ?? 'default'}>{t(`console.audit.outcomes.${v}`, { defaultValue: v })}</Tag>,
    },
    { title: t('console.audit.requestId'), dataIndex: 'requestId', render: (v: string | null) => <Short value={v} /> },
    { title: t('console.audit.hash'), dataIndex: 'hash', render: (v: string) => <Short value={v} size={12} /> },
  ];
}

/** /console/audit (audit administrator): search the log and verify its hash chain. */
export default function Audit() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = { ...filters, page, pageSize };
  const entries = useQuery({
    queryKey: ['audit', 'entries', query],
    queryFn: () => consoleApi.auditEntries(query),
    placeholderData: keepPreviousData,
  });
  const columns = useColumns();

  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="start" wrap gap={8}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('console.audit.title')}
          </Typography.Title>
        </Flex>
        <AuditVerify />
      </Card>
      <Card>
        <AuditSearchForm
          onSearch={(f) => {
            setFilters(f);
            setPage(1);
          }}
        />
        <ErrorAlert error={entries.error} />
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          scroll={{ x: 'max-content' }}
          loading={entries.isFetching}
          columns={columns}
          dataSource={entries.data?.items ?? []}
          pagination={{
            current: page,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
        />
      </Card>
    </div>
  );
}
