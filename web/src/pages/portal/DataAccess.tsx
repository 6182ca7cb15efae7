import { lazy, Suspense, useState } from 'react';
import { Alert, Card, Empty, Flex, Grid, Pagination, Skeleton, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { myDataApi, myDataKeys, type DataAccess as Access } from '../../api/myData';
import { shortRegion } from '../../components/appeals/labels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRegistryLabels } from '../../components/registry/labels';
import { formatDateTime } from '../../lib/format';
import { PortalPage } from './PortalNav';

const AccessChart = lazy(() => import('./DataAccessChart'));

/** Months the chart covers, this one included. */
const CHART_MONTHS = 12;

/** Who: department · role · name (as the policy shows it) for staff; the institution for partners. */
function Who({ access: a }: { access: Access }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  let line: string;
  if (a.actorKind === 'staff') {
    line = [a.department, a.actorRole ? t(`roles.${a.actorRole}`, { defaultValue: a.actorRole }) : null, a.actorName].filter(Boolean).join(' · ');
  } else if (a.actorKind === 'partner') {
    line = [a.actorName, a.actorRole ? labels.departmentKind(a.actorRole) : null].filter(Boolean).join(' · ');
  } else {
    line = [t(`dataAccess.actorKinds.${a.actorKind}`, { defaultValue: a.actorKind }), a.actorName].filter(Boolean).join(' · ');
  }
  return (
    <Flex vertical style={{ minWidth: 160 }} data-testid="access-who">
      <span>{line || '—'}</span>
      {a.regionName && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {shortRegion(a.regionName)}
        </Typography.Text>
      )}
    </Flex>
  );
}

function OutcomeTag({ outcome }: { outcome: string }) {
  const labels = useRegistryLabels();
  return (
    <Tag color={outcome === 'denied' ? 'error' : outcome === 'ok' || outcome === 'success' ? 'default' : 'warning'} style={{ margin: 0 }}>
      {labels.outcome(outcome)}
    </Tag>
  );
}

/** On a phone each access is a small card instead of a table row. */
function AccessCard({ access: a }: { access: Access }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return (
    <Card size="small" data-testid="access-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(a.at)} · {labels.channel(a.channel)}
        </Typography.Text>
        <OutcomeTag outcome={a.outcome} />
      </Flex>
      <Typography.Text strong style={{ display: 'block', margin: '4px 0' }}>
        {labels.accessAction(a.action)}
      </Typography.Text>
      <Who access={a} />
      {a.purpose && (
        <Typography.Text style={{ fontSize: 13 }}>
          {t('console.registry.fieldLabel', { field: t('myData.purpose') })}
          {labels.purpose(a.purpose)}
        </Typography.Text>
      )}
    </Card>
  );
}

function useColumns(): ColumnsType<Access> {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return [
    { title: t('myData.at'), dataIndex: 'at', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
    { title: t('myData.who'), key: 'who', render: (_, a) => <Who access={a} /> },
    {
      title: t('myData.what'),
      dataIndex: 'action',
      render: (v: string) => (
        <span title={v} data-testid="access-what">
          {labels.accessAction(v)}
        </span>
      ),
    },
    { title: t('myData.purpose'), dataIndex: 'purpose', render: (v: string | null) => <span data-testid="access-purpose">{labels.purpose(v)}</span> },
    { title: t('myData.channel'), dataIndex: 'channel', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{labels.channel(v)}</span> },
    {
      title: t('myData.outcome'),
      dataIndex: 'outcome',
      render: (v: string) => <OutcomeTag outcome={v} />,
    },
  ];
}

function Chart() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: [...myDataKeys.access, 'chart', CHART_MONTHS], queryFn: () => myDataApi.dataAccessSummary(CHART_MONTHS) });
  const counts = summary.data?.months ?? [];
  if (counts.length === 0) return null;
  return (
    <Card size="small" title={t('myData.chartTitle')}>
      <Suspense fallback={<Skeleton active />}>
        <AccessChart counts={counts} months={CHART_MONTHS} />
      </Suspense>
    </Card>
  );
}

function Accesses() {
  const { t } = useTranslation();
  const columns = useColumns();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({ queryKey: [...myDataKeys.access, paging], queryFn: () => myDataApi.dataAccess(paging), placeholderData: keepPreviousData });
  const policy = list.data?.staffNamePolicy;
  const policyText = policy ? t(`myData.policy.${policy}`, { defaultValue: '' }) : '';
  return (
    <Flex vertical gap={16}>
      {policyText && <Alert type="info" showIcon title={policyText} data-testid="staff-name-policy" />}
      <Chart />
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <ErrorAlert error={list.error} />
          <Flex vertical gap={8} data-testid="data-access">
            {list.isSuccess && list.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myData.accessEmpty')} />}
            {(list.data?.items ?? []).map((a) => (
              <AccessCard key={a.id} access={a} />
            ))}
          </Flex>
          {(list.data?.total ?? 0) > paging.pageSize && (
            <Pagination
              size="small"
              align="center"
              style={{ marginTop: 12 }}
              current={paging.page}
              pageSize={paging.pageSize}
              total={list.data?.total ?? 0}
              showSizeChanger={false}
              onChange={(page) => setPaging((p) => ({ ...p, page }))}
            />
          )}
        </Spin>
      ) : (
        <Card size="small">
          <ErrorAlert error={list.error} />
          <Table<Access>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myData.accessEmpty')} /> }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
            }}
            data-testid="data-access"
          />
        </Card>
      )}
    </Flex>
  );
}

/** /portal/data-access: every access to my data by someone else — who, when, what, why, how. */
export default function DataAccess() {
  const { t } = useTranslation();
  return (
    <PortalPage width={1100}>
      {() => (
        <>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('myData.accessTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('myData.accessIntro')}</Typography.Paragraph>
          <Accesses />
        </>
      )}
    </PortalPage>
  );
}
