import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { consoleApi } from '../../api/console';
import type { Citizen } from '../../api/types';
import { allowed, UNMASK_ROLES } from '../../layouts/consoleNav';
import { formatDate } from '../../lib/format';
import { UnmaskModal } from './UnmaskModal';
import { SearchableTable } from './SearchableTable';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/** Citizen accounts in my region, identifiers masked; unmask with a stated purpose. */
export default function Citizens() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [unmasking, setUnmasking] = useState<Citizen | null>(null);
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
      <SearchableTable<Citizen>
        queryKey={['citizens']}
        fetch={consoleApi.citizens}
        columns={columns}
        rowKey="id"
        placeholder={t('console.citizens.searchPlaceholder')}
      />
      <UnmaskModal subject={unmasking} unmask={consoleApi.unmask} onClose={() => setUnmasking(null)} />
    </Card>
  );
}
