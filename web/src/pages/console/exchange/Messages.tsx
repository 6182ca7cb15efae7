import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, DatePicker, Empty, Flex, Input, Select, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  exchangeApi,
  exchangeKeys,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  useExchangeCatalogue,
  type ExchangeMessage,
  type MessageDirection,
  type MessageFilters,
  type MessageKind,
  type MessageQuery,
  type MessageStatus,
} from '../../../api/exchange';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { DatasetName, Direction, MessageStatusTag, mono, Verification } from '../../../components/exchange/parts';
import { DISPLAY_TIME_ZONE, formatDateTime } from '../../../lib/format';
import { chartPeriods } from './chartPeriods';
import { MessageDrawer } from './MessageDrawer';

const MessagesChart = lazy(() => import('./MessagesChart'));

/** The open message lives in the address (?message=…), so a reload keeps it and Back closes it. */
function useOpenMessage() {
  const [params, setParams] = useSearchParams();
  const set = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('message', id);
      else next.delete('message');
      return next;
    });
  return [params.get('message'), set] as const;
}

/** A picked calendar day as the start or end of that day in China time, whatever the browser's zone. */
const dayBound = (d: Dayjs, end: boolean) => {
  const day = dayjs.tz(d.format('YYYY-MM-DD'), DISPLAY_TIME_ZONE);
  return (end ? day.endOf('day') : day.startOf('day')).toISOString();
};

function Counts({ m }: { m: ExchangeMessage }) {
  if (m.kind !== 'batch' || m.recordCount === 0) return <>—</>;
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="message-counts">
      <Typography.Text type="success">{m.accepted}</Typography.Text>
      {' / '}
      <Typography.Text type={m.rejected > 0 ? 'danger' : 'secondary'}>{m.rejected}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {' '}
        ({m.recordCount})
      </Typography.Text>
    </span>
  );
}

/** Messages per day and status over the whole filtered log, as the server counts them. */
function Chart({ filters }: { filters: MessageFilters }) {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: exchangeKeys.messageSummary(filters), queryFn: () => exchangeApi.messageSummary(filters), placeholderData: keepPreviousData });
  const days = useMemo(() => summary.data?.days ?? [], [summary.data]);
  const periods = useMemo(() => chartPeriods(days, filters.from, filters.to), [days, filters.from, filters.to]);
  if (days.length === 0) return null;
  return (
    <Card size="small" title={t(`console.exchange.messages.chartTitles.${periods.unit}`)} style={{ marginBottom: 16 }} data-testid="messages-chart-card">
      <Suspense fallback={<Skeleton active />}>
        <MessagesChart days={days} periods={periods} />
      </Suspense>
    </Card>
  );
}

/** /console/exchange/messages (system and audit administrators): every message exchanged with a partner. */
export default function ExchangeMessages() {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const catalogue = useExchangeCatalogue();
  const partners = useQuery({ queryKey: exchangeKeys.partners, queryFn: exchangeApi.partners });
  const [messageId, openMessage] = useOpenMessage();
  const [filters, setFilters] = useState<MessageFilters>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query: MessageQuery = { ...filters, ...paging };
  const list = useQuery({ queryKey: [...exchangeKeys.messages, query], queryFn: () => exchangeApi.messages(query), placeholderData: keepPreviousData });
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const filter = (change: Partial<MessageFilters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const columns: ColumnsType<ExchangeMessage> = [
    { title: t('console.exchange.messages.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
    { title: t('console.exchange.messages.direction'), dataIndex: 'direction', render: (v: string) => <Direction direction={v} /> },
    { title: t('console.exchange.messages.kind'), dataIndex: 'kind', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{labels.kind(v)}</span> },
    {
      title: t('console.exchange.messages.partner'),
      dataIndex: 'partnerName',
      render: (v: string, m) => (
        <span title={m.partnerCode} style={{ whiteSpace: 'nowrap' }}>
          {v}
        </span>
      ),
    },
    {
      title: t('console.exchange.messages.dataset'),
      dataIndex: 'dataset',
      render: (v: string | null, m) => (
        <Typography.Text ellipsis style={{ maxWidth: 220 }}>
          {v ? <DatasetName dataset={v} /> : m.queryKind ? labels.queryKind(m.queryKind) : '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('console.exchange.messages.batchId'),
      dataIndex: 'batchId',
      render: (v: string | null) =>
        v ? (
          <Typography.Text ellipsis={{ tooltip: v }} style={{ ...mono, fontSize: 12, maxWidth: 180 }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('console.exchange.messages.status'), dataIndex: 'status', render: (v: string, m) => <MessageStatusTag status={v} problemCode={m.problemCode} /> },
    { title: t('console.exchange.messages.acceptedRejected'), key: 'counts', render: (_, m) => <Counts m={m} /> },
    { title: t('console.exchange.messages.verification'), dataIndex: 'verification', render: (v: string) => <Verification result={v} /> },
  ];

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('console.exchange.messages.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('console.exchange.messages.intro')}</Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }} data-testid="message-filters">
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('console.exchange.messages.allPartners')}
          value={filters.partner}
          onChange={(v) => filter({ partner: v })}
          loading={partners.isPending}
          options={(partners.data ?? []).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
          style={{ minWidth: 220 }}
          data-testid="message-partner-filter"
        />
        <Select<MessageDirection>
          allowClear
          placeholder={t('console.exchange.messages.allDirections')}
          value={filters.direction}
          onChange={(v) => filter({ direction: v })}
          options={MESSAGE_DIRECTIONS.map((d) => ({ value: d, label: labels.direction(d) }))}
          style={{ minWidth: 110 }}
        />
        <Select<MessageKind>
          allowClear
          placeholder={t('console.exchange.messages.allKinds')}
          value={filters.kind}
          onChange={(v) => filter({ kind: v })}
          options={MESSAGE_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))}
          style={{ minWidth: 110 }}
        />
        <Select<MessageStatus>
          allowClear
          placeholder={t('console.exchange.messages.allStatuses')}
          value={filters.status}
          onChange={(v) => filter({ status: v })}
          options={MESSAGE_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
          style={{ minWidth: 120 }}
          data-testid="message-status-filter"
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('console.exchange.messages.allDatasets')}
          value={filters.dataset}
          onChange={(v) => filter({ dataset: v })}
          loading={catalogue.isPending}
          options={(catalogue.data?.datasets ?? []).map((d) => ({ value: d.dataset, label: `${labels.dataset(d.dataset)} · ${d.dataset}` }))}
          style={{ minWidth: 200 }}
          popupMatchSelectWidth={false}
        />
        <Input.Search
          allowClear
          name="batchId"
          maxLength={100}
          placeholder={t('console.exchange.messages.batchIdPlaceholder')}
          onSearch={(v) => filter({ batchId: v.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="message-batch-filter"
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range}
          onChange={(v) => {
            setRange(v);
            filter({ from: v?.[0] ? dayBound(v[0], false) : undefined, to: v?.[1] ? dayBound(v[1], true) : undefined });
          }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Flex>
      <Chart filters={filters} />
      <ErrorAlert error={list.error} />
      <Table<ExchangeMessage>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(m) => ({ onClick: () => openMessage(m.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.exchange.messages.empty')}>
              {!filtered && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('console.exchange.messages.emptyHint')}
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
        data-testid="messages"
      />
      <MessageDrawer id={messageId} onClose={() => openMessage(null)} onOpen={openMessage} />
    </Card>
  );
}
