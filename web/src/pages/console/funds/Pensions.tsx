import { useState } from 'react';
import { Button, Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { fundsApi, fundsKeys, PENSION_STATUSES, type Pension, type PensionStatus } from '../../../api/funds';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFundsLabels } from '../../../components/funds/labels';
import { Money, PensionStatusTag } from '../../../components/funds/parts';
import { mono, RegionName } from '../../../components/registry/parts';
import { allowed, PENSION_MANAGE_ROLES } from '../../../layouts/consoleNav';
import { GrantPensionModal } from './GrantPensionModal';
import { PensionDrawer } from './PensionDrawer';
import { openColumn, PageHeader } from '../../../components/layout/ConsolePage';

/** The open pension lives in the address (?pension=…), so a reload keeps it and Back closes it. */
function useOpenPension() {
  const [params, setParams] = useSearchParams();
  const set = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('pension', id);
      else next.delete('pension');
      return next;
    });
  return [params.get('pension'), set] as const;
}

type Filter = PensionStatus | 'all';

/** /console/pensions: urban employee basic pensions in payment in my region; grant, read the formula, suspend, resume, stop. */
export default function Pensions() {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const { data: me } = useMe();
  const canManage = allowed(me?.roles ?? [], PENSION_MANAGE_ROLES);
  const [pensionId, openPension] = useOpenPension();
  const [status, setStatus] = useState<Filter>('all');
  const [granting, setGranting] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = { status: status === 'all' ? undefined : status, ...paging };
  const list = useQuery({ queryKey: [...fundsKeys.pensions, 'list', query], queryFn: () => fundsApi.pensions(query), placeholderData: keepPreviousData });

  const columns: ColumnsType<Pension> = [
    { title: t('funds.pensions.person'), dataIndex: 'name', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('funds.pensions.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span style={{ ...mono, whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('funds.pensions.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('funds.pensions.monthly'), dataIndex: 'monthlyFen', align: 'right', render: (v: number) => <Money fen={v} strong /> },
    { title: t('funds.pensions.startPeriod'), dataIndex: 'startPeriod' },
    { title: t('funds.pensions.status'), dataIndex: 'status', render: (v: string, r) => <PensionStatusTag status={v} reason={r.statusReason} /> },
    {
      title: t('funds.pensions.bank'),
      key: 'bank',
      render: (_, r) =>
        r.bankName ? (
          <Flex gap={6} align="center" wrap={false}>
            <span style={{ whiteSpace: 'nowrap' }}>{r.bankName}</span>
            {r.accountVerified ? <Tag color="success">{t('funds.pensions.accountVerified')}</Tag> : <Tag color="warning">{t('funds.pensions.accountUnverified')}</Tag>}
          </Flex>
        ) : (
          <Typography.Text type="warning">{t('funds.pensions.noAccount')}</Typography.Text>
        ),
    },
    { title: t('funds.pensions.arrears'), dataIndex: 'arrearsFen', align: 'right', render: (v: number) => (v > 0 ? <Money fen={v} type="warning" /> : '—') },
    openColumn(t('common.actions'), openPension, () => t('funds.pensions.view'), 'pension-view'),
  ];

  return (
    <Card>
      <PageHeader
        title={t('funds.pensions.title')}
        intro={t('funds.pensions.intro')}
        action={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)} data-testid="pension-grant">
              {t('funds.pensions.grant')}
            </Button>
          )
        }
      />
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
        <Segmented<Filter>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={[{ value: 'all', label: t('funds.pensions.allStatuses') }, ...PENSION_STATUSES.map((s) => ({ value: s, label: labels.pensionStatus(s) }))]}
          data-testid="pension-status-filter"
        />
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<Pension>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => openPension(r.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.pensions.empty')}>
              {canManage && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('funds.pensions.emptyHint')}
                </Typography.Text>
              )}
            </Empty>
          ),
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid="pensions"
      />
      {canManage && <GrantPensionModal open={granting} onClose={() => setGranting(false)} onGranted={(p) => openPension(p.id)} />}
      <PensionDrawer id={pensionId} onClose={() => openPension(null)} />
    </Card>
  );
}
