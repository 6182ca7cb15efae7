import type { ReactNode } from 'react';
import { Alert, Button, Descriptions, Divider, Drawer, Flex, Grid, Result, Skeleton, Table, Typography, type DescriptionsProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { exchangeApi, exchangeKeys, type ExchangeMessageDetail, type MaskedContent, type RecordResult } from '../../../api/exchange';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { DatasetName, Direction, LongValue, MessageStatusTag, mono, RecordStatusTag, Verification } from '../../../components/exchange/parts';
import { useLang } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';

const RECORDS_PAGE = 50;

function yesNo(t: (key: string) => string, value: boolean | undefined) {
  return value === undefined ? '—' : value ? t('common.yes') : t('common.no');
}

/** 报文内容 of a query or an answer: only masked identifiers and yes/no facts. */
function Content({ content }: { content: MaskedContent }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const items: NonNullable<DescriptionsProps['items']> = [];
  const add = (key: string, label: string, children: ReactNode) => items.push({ key, label, children });
  if (content.kind) add('kind', t('console.exchange.messages.queryKind'), labels.queryKind(content.kind));
  if (content.idNumberMasked) add('id', t('console.exchange.messages.idNumber'), <span style={mono}>{content.idNumberMasked}</span>);
  if (content.accountNumberMasked) add('account', t('console.exchange.messages.accountNumber'), <span style={mono}>{content.accountNumberMasked}</span>);
  if (content.found !== undefined) add('found', t('console.exchange.messages.found'), yesNo(t, content.found));
  if (content.alive !== undefined) add('alive', t('console.exchange.messages.alive'), yesNo(t, content.alive));
  if (content.since !== undefined) add('since', t('console.exchange.messages.since'), content.since ?? '—');
  if (content.holder !== undefined) add('holder', t('console.exchange.messages.holder'), yesNo(t, content.holder));
  if (content.enrolled !== undefined) add('enrolled', t('console.exchange.messages.enrolled'), yesNo(t, content.enrolled));
  return <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered items={items} data-testid="message-content" />;
}

function useRecordColumns(): ColumnsType<RecordResult> {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useExchangeLabels();
  return [
    { title: t('console.exchange.messages.line'), dataIndex: 'line', width: 64, align: 'right' },
    { title: t('console.exchange.messages.idNumber'), dataIndex: 'idNumberMasked', render: (v: string | null) => <span style={{ ...mono, whiteSpace: 'nowrap' }}>{v ?? '—'}</span> },
    {
      title: t('console.exchange.messages.result'),
      dataIndex: 'status',
      render: (v: string, r) => (
        <Flex gap={4} align="center" wrap={false}>
          <RecordStatusTag status={v} />
          {r.effect && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {labels.effect(r.effect)}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('console.exchange.messages.code'),
      dataIndex: 'code',
      render: (v: string | undefined, r) =>
        v ? (
          <Flex vertical style={{ ...mono, fontSize: 12, whiteSpace: 'nowrap' }}>
            <span>{v}</span>
            {r.field && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.field}</Typography.Text>}
          </Flex>
        ) : (
          '—'
        ),
    },
    { title: t('console.exchange.messages.recordMessage'), key: 'message', render: (_, r) => (r.message ? r.message[lang] : '—'), width: '40%' },
  ];
}

function Facts({ m }: { m: ExchangeMessageDetail }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const counts = m.kind === 'batch' ? t('console.exchange.messages.countsText', { total: m.recordCount, accepted: m.accepted, rejected: m.rejected }) : '—';
  const intact =
    m.bodyIntact === null ? (
      <Typography.Text type="secondary">{t('console.exchange.messages.bodyNotKept')}</Typography.Text>
    ) : m.bodyIntact ? (
      <Typography.Text type="success">{t('console.exchange.messages.bodyIntact')}</Typography.Text>
    ) : (
      <Typography.Text type="danger" strong>
        {t('console.exchange.messages.bodyChanged')}
      </Typography.Text>
    );
  return (
    <Descriptions
      column={{ xs: 1, sm: 2 }}
      size="small"
      bordered
      data-testid="message-facts"
      items={[
        { key: 'received', label: t('console.exchange.messages.receivedAt'), children: formatDateTime(m.receivedAt) },
        { key: 'completed', label: t('console.exchange.messages.completedAt'), children: formatDateTime(m.completedAt) },
        { key: 'direction', label: t('console.exchange.messages.direction'), children: <Direction direction={m.direction} /> },
        { key: 'kind', label: t('console.exchange.messages.kind'), children: labels.kind(m.kind) },
        { key: 'partner', label: t('console.exchange.messages.partner'), children: `${m.partnerName} (${m.partnerCode})`, span: 2 },
        m.dataset
          ? {
              key: 'dataset',
              label: t('console.exchange.messages.dataset'),
              span: 2,
              children: (
                <>
                  <DatasetName dataset={m.dataset} />{' '}
                  <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
                    {m.dataset}
                  </Typography.Text>
                </>
              ),
            }
          : { key: 'queryKind', label: t('console.exchange.messages.queryKind'), span: 2, children: m.queryKind ? labels.queryKind(m.queryKind) : '—' },
        { key: 'batchId', label: t(m.kind === 'batch' ? 'console.exchange.messages.batchId' : 'console.exchange.messages.queryId'), children: m.batchId ? <Typography.Text copyable style={{ ...mono, fontSize: 12 }}>{m.batchId}</Typography.Text> : '—', span: 2 },
        { key: 'purpose', label: t('console.exchange.messages.purpose'), children: labels.purpose(m.purpose) },
        { key: 'by', label: t('console.exchange.messages.initiatedBy'), children: m.initiatedByName ?? '—' },
        { key: 'status', label: t('console.exchange.messages.status'), children: <MessageStatusTag status={m.status} problemCode={m.problemCode} /> },
        {
          key: 'problem',
          label: t('console.exchange.messages.problem'),
          children: m.problemCode ? (
            <>
              {labels.problem(m.problemCode)}{' '}
              <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
                {m.problemCode}
              </Typography.Text>
            </>
          ) : (
            '—'
          ),
        },
        { key: 'counts', label: t('console.exchange.messages.counts'), children: counts },
        { key: 'size', label: t('console.exchange.messages.size'), children: `${m.bodyBytes.toLocaleString()} B${m.contentType ? ` · ${m.contentType}` : ''}` },
        { key: 'requestId', label: t('console.exchange.messages.requestId'), children: m.requestId ? <Typography.Text copyable style={{ ...mono, fontSize: 12 }}>{m.requestId}</Typography.Text> : '—', span: 2 },
        { key: 'intact', label: t('console.exchange.messages.bodyCheck'), children: intact, span: 2 },
      ]}
    />
  );
}

function Signature({ m }: { m: ExchangeMessageDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      styles={{ label: { whiteSpace: 'nowrap' } }}
      data-testid="message-signature"
      items={[
        { key: 'hash', label: t('console.exchange.messages.sha256'), children: <LongValue value={m.bodySha256} testId="message-hash" /> },
        { key: 'signature', label: t('console.exchange.messages.signature'), children: <LongValue value={m.signature} testId="message-signature-value" /> },
        { key: 'verification', label: t('console.exchange.messages.verification'), children: <Verification result={m.verification} /> },
        { key: 'keyId', label: t('console.exchange.messages.keyId'), children: m.keyId ? <span style={{ ...mono, fontSize: 12 }}>{m.keyId}</span> : '—' },
        { key: 'signedAt', label: t('console.exchange.messages.signedAt'), children: formatDateTime(m.signedAt) },
      ]}
    />
  );
}

/** One logged message: what it was, its hash and signature, and what became of each record. */
export function MessageDrawer({ id, onClose, onOpen }: { id: string | null; onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const columns = useRecordColumns();
  // Each read is audited; the message itself never changes once completed.
  const message = useQuery({ queryKey: exchangeKeys.message(id ?? ''), queryFn: () => exchangeApi.message(id ?? ''), enabled: !!id, staleTime: 60_000 });
  const m = message.data?.id === id ? message.data : undefined;
  const rejected = m?.records.filter((r) => r.status === 'rejected').length ?? 0;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 860}
      title={
        <Flex wrap gap={8} align="center">
          <span>{t('console.exchange.messages.detailTitle')}</span>
          {m && <MessageStatusTag status={m.status} problemCode={m.problemCode} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="message-detail">
        {!id ? null : !m && message.isFetching ? (
          <Skeleton active />
        ) : !m ? (
          <Result status="error" title={t('console.exchange.messages.loadFailed')} extra={<Button onClick={() => void message.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={message.error} />
          </Result>
        ) : (
          <>
            <Facts m={m} />
            {m.relatedMessageId && (
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onOpen(m.relatedMessageId ?? '')} data-testid="message-related">
                  {t(m.kind === 'answer' ? 'console.exchange.messages.openQuery' : 'console.exchange.messages.openRelated')}
                </Button>
              </Typography.Paragraph>
            )}
            <Divider titlePlacement="start">{t('console.exchange.messages.integrity')}</Divider>
            <Signature m={m} />
            {m.content && (
              <>
                <Divider titlePlacement="start">{t('console.exchange.messages.content')}</Divider>
                <Content content={m.content} />
              </>
            )}
            {m.kind === 'batch' && (
              <>
                <Divider titlePlacement="start">
                  {t('console.exchange.messages.records')} · {t('common.total', { total: m.records.length })}
                </Divider>
                {m.status === 'rejected' && rejected > 0 && (
                  <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('console.exchange.messages.rejectedHint', { n: rejected })} />
                )}
                <Table<RecordResult>
                  rowKey="line"
                  size="small"
                  columns={columns}
                  dataSource={m.records}
                  // Messages wrap; the table scrolls sideways only on a narrow screen.
                  scroll={{ x: 640 }}
                  rowClassName={(r) => (r.status === 'rejected' ? 'row-rejected' : '')}
                  locale={{ emptyText: t('console.exchange.messages.noRecords') }}
                  pagination={m.records.length > RECORDS_PAGE ? { pageSize: RECORDS_PAGE, showSizeChanger: false, size: 'small' } : false}
                  data-testid="message-records"
                />
              </>
            )}
          </>
        )}
      </div>
    </Drawer>
  );
}
