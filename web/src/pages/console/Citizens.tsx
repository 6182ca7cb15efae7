import { useState } from 'react';
import { Button, Card, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EyeOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { consoleApi } from '../../api/console';
import type { Citizen } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { allowed, UNMASK_ROLES } from '../../layouts/consoleNav';
import { formatDate } from '../../lib/format';
import { UnmaskModal } from './UnmaskModal';
import { usePagedSearch } from './usePagedSearch';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/** Citizen accounts in my region, identifiers masked; unmask with a stated purpose. */
export default function Citizens() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const paged = usePagedSearch();
  const [unmasking, setUnmasking] = useState<Citizen | null>(null);
  const list = useQuery({
    queryKey: ['citizens', paged.query],
    queryFn: () => consoleApi.citizens(paged.query),
    placeholderData: keepPreviousData,
  });
  const canUnmask = allowed(me?.roles ?? [], UNMASK_ROLES);

  const columns: ColumnsType<Citizen> = [
    { title: t('console.citizens.name'), dataIndex: 'name' },
    { title: t('console.citizens.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span style={mono}>{v}</span> },
    { title: t('console.citizens.sex'), dataIndex: 'sex', render: (v: string) => (v ? t(`sex.${v}`, { defaultValue: v }) : '—') },
    { title: t('console.citizens.birthDate'), dataIndex: 'birthDate', render: (v: string) => formatDate(v) },
    { title: t('console.citizens.region'), dataIndex: 'regionName', render: (v: string, r) => v || r.regionCode },
    { title: t('console.citizens.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => <span style={mono}>{v ?? '—'}</span> },
  ];
  if (canUnmask) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setUnmasking(r)} data-testid="unmask">
          {t('console.citizens.unmask')}
        </Button>
      ),
    });
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('console.citizens.title')}
      </Typography.Title>
      <Input.Search
        allowClear
        enterButton
        name="q"
        placeholder={t('console.citizens.searchPlaceholder')}
        onSearch={paged.search}
        style={{ maxWidth: 420, marginBottom: 16 }}
      />
      <ErrorAlert error={list.error} />
      <Table<Citizen>
        rowKey="id"
        size="middle"
        scroll={{ x: 'max-content' }}
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{ ...paged.pagination(list.data?.total), showTotal: (total) => t('common.total', { total }) }}
      />
      <UnmaskModal citizen={unmasking} onClose={() => setUnmasking(null)} />
    </Card>
  );
}
