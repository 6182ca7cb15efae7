import { lazy, Suspense, useState } from 'react';
import { Badge, Card, Col, DatePicker, Empty, Flex, Row, Skeleton, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FLAG_KINDS, FLAG_STATUSES, integrityApi, integrityKeys, type DataQualityItem, type Flag, type FlagKind, type FlagQuery, type FlagStatus } from '../../../api/integrity';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FlagSource } from '../../../components/funds/Evidence';
import { useFundsLabels } from '../../../components/funds/labels';
import { FlagKindTag, flagKindColors, FlagStatusTag, Money } from '../../../components/funds/parts';
import { mono, RegionName } from '../../../components/registry/parts';
import { formatDate, formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { todayInChina } from '../person/fields';
import { FlagDrawer } from './FlagDrawer';
import { EmployerFindingsQueue } from '../EmployerFindings';
import { openColumn } from '../../../components/layout/ConsolePage';

const IntegrityChart = lazy(() => import('./IntegrityChart'));

/** The open finding lives in the address (?flag=…), so a reload keeps it and Back closes it. */
function useOpenFlag() {
  const [params, setParams] = useSearchParams();
  const set = (id: number | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id !== null) next.set('flag', String(id));
      else next.delete('flag');
      return next;
    });
  const raw = Number(params.get('flag'));
  return [Number.isInteger(raw) && raw > 0 ? raw : null, set] as const;
}

type Tab = FlagStatus | 'all';
const TABS: Tab[] = [...FLAG_STATUSES, 'all'];

/** Kinds of finding as chips to filter by, each with its open count. */
function KindFilter({ value, onChange, openByKind }: { value: FlagKind | undefined; onChange: (k: FlagKind | undefined) => void; openByKind: Record<string, number> }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const allOpen = Object.values(openByKind).reduce((a, b) => a + b, 0);
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }} data-testid="flag-kind-filter">
      <Typography.Text type="secondary">{t('funds.integrity.kindFilter')}</Typography.Text>
      <Tag.CheckableTag checked={value === undefined} onChange={() => onChange(undefined)} data-testid="flag-kind-all">
        {t('funds.integrity.allKinds')} <Badge count={allOpen} size="small" color="#faad14" style={{ marginInlineStart: 4 }} />
      </Tag.CheckableTag>
      {FLAG_KINDS.map((k) => {
        const n = openByKind[k] ?? 0;
        return (
          <Tag.CheckableTag key={k} checked={value === k} onChange={(on) => onChange(on ? k : undefined)} data-testid={`flag-kind-${k}`} data-count={n}>
            <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: flagKindColors[k], marginInlineEnd: 6 }} />
            {labels.flagKind(k)}
            {n > 0 && <Badge count={n} size="small" color="#faad14" style={{ marginInlineStart: 4 }} />}
          </Tag.CheckableTag>
        );
      })}
    </Flex>
  );
}

/** The queue narrowed to one payee (?person=…), e.g. from a pension: all their findings, decided ones too. */
function usePersonFilter() {
  const [params, setParams] = useSearchParams();
  const clear = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('person');
      return next;
    });
  return [params.get('person') ?? undefined, clear] as const;
}

function Queue({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const [personId, clearPerson] = usePersonFilter();
  const [tab, setTab] = useState<Tab>(personId ? 'all' : 'open');
  const [kind, setKind] = useState<FlagKind | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query: FlagQuery = { status: tab === 'all' ? undefined : tab, kind, personId, ...paging };
  const list = useQuery({ queryKey: [...integrityKeys.flags, 'list', query], queryFn: () => integrityApi.flags(query), placeholderData: keepPreviousData });
  const openByKind = list.data?.openByKind ?? {};
  const allOpen = Object.values(openByKind).reduce((a, b) => a + b, 0);
  const decided = tab !== 'open';

  const columns: ColumnsType<Flag> = [
    {
      title: t('funds.integrity.person'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Flex vertical>
          <span style={{ whiteSpace: 'nowrap' }}>{v || '—'}</span>
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12, whiteSpace: 'nowrap' }}>
            {r.idNumberMasked}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('funds.integrity.kind'), dataIndex: 'kind', render: (v: string) => <FlagKindTag kind={v} /> },
    { title: t('funds.integrity.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('funds.integrity.heldAmount'), dataIndex: 'heldFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('funds.integrity.source'),
      dataIndex: 'source',
      render: (v: string) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <FlagSource source={v} />
        </span>
      ),
    },
    { title: t('funds.integrity.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span title={formatDateTime(v)} style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> },
  ];
  if (decided) {
    columns.push(
      { title: t('funds.integrity.status'), dataIndex: 'status', render: (v: string) => <FlagStatusTag status={v} /> },
      {
        title: t('funds.integrity.note'),
        dataIndex: 'reviewNote',
        render: (v: string | null, r) =>
          v ? (
            <Typography.Text ellipsis={{ tooltip: `${v}${r.reviewedAt ? ` (${formatDateTime(r.reviewedAt)})` : ''}` }} style={{ maxWidth: 220 }}>
              {v}
            </Typography.Text>
          ) : (
            '—'
          ),
      },
    );
  }
  columns.push(openColumn<Flag>(t('common.actions'), onOpen, (r) => (r.status === 'open' ? t('funds.integrity.review') : t('funds.integrity.view')), 'flag-view'));

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as Tab);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        items={TABS.map((s) => ({
          key: s,
          label:
            s === 'open' ? (
              <span data-testid="flag-tab-open">
                {labels.flagStatus('open')} <Badge count={allOpen} size="small" color="#faad14" />
              </span>
            ) : (
              <span data-testid={`flag-tab-${s}`}>{s === 'all' ? t('funds.integrity.allStatuses') : labels.flagStatus(s)}</span>
            ),
        }))}
      />
      {personId && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
          <Tag
            closable
            color="blue"
            onClose={(e) => {
              e.preventDefault();
              clearPerson();
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            data-testid="flag-person-filter"
          >
            {t('funds.integrity.personFilter', { name: list.data?.items[0]?.name ?? t('funds.integrity.thisPerson') })}
          </Tag>
        </Flex>
      )}
      <KindFilter
        value={kind}
        openByKind={openByKind}
        onChange={(k) => {
          setKind(k);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      />
      <ErrorAlert error={list.error} />
      <Table<Flag>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tab === 'open' ? t('funds.integrity.emptyOpen') : t('funds.integrity.empty')} />,
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid="flags"
      />
    </>
  );
}

/** 月度核查报告: findings of a month by kind, and the money their review kept from going out or brought back. */
function Report() {
  const { t } = useTranslation();
  const thisMonth = todayInChina().slice(0, 7);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(`${thisMonth}-01`));
  const key = month.format('YYYY-MM');
  const report = useQuery({ queryKey: integrityKeys.report(key), queryFn: () => integrityApi.report(key), placeholderData: keepPreviousData });
  const r = report.data;
  const totals = r?.totals;
  const stat = (name: string, value: number, testId: string, color?: string) => (
    <Col xs={12} sm={8} lg={4} key={name}>
      <Statistic title={t(`funds.integrity.report.${name}`)} value={value} styles={color ? { content: { color } } : undefined} data-testid={testId} data-value={value} />
    </Col>
  );
  const money = (name: string, fen: number, testId: string) => (
    <Col xs={12} sm={8} lg={4} key={name}>
      <Statistic title={t(`funds.integrity.report.${name}`)} value={formatFen(fen)} data-testid={testId} data-value={fen} />
    </Col>
  );
  return (
    <Card
      title={t('funds.integrity.report.title')}
      extra={<DatePicker picker="month" allowClear={false} value={month} onChange={(d) => d && setMonth(d)} disabledDate={(d) => d.format('YYYY-MM') > thisMonth} style={{ width: 140 }} data-testid="report-month" />}
      data-testid="integrity-report"
    >
      <ErrorAlert error={report.error} />
      {!r ? (
        report.isPending ? <Skeleton active /> : null
      ) : (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{t('funds.integrity.report.intro', { month: r.month, region: r.regionName })}</Typography.Text>
          <Row gutter={[16, 16]}>
            {stat('matches', totals?.matches ?? 0, 'report-matches')}
            {stat('confirmed', totals?.confirmed ?? 0, 'report-confirmed', '#cf1322')}
            {stat('released', totals?.released ?? 0, 'report-released', '#389e0d')}
            {stat('open', totals?.open ?? 0, 'report-open', '#d48806')}
            {money('prevented', totals?.preventedFen ?? 0, 'report-prevented')}
            {money('recovered', totals?.recoveredFen ?? 0, 'report-recovered')}
          </Row>
          {r.byKind.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.integrity.report.empty', { month: r.month })} data-testid="report-empty" />
          ) : (
            <Suspense fallback={<Skeleton active />}>
              <IntegrityChart rows={r.byKind} />
            </Suspense>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** The data-quality sweep: pensioners whose records are improbable (over 110 with no death, or dead and still paid). */
function DataQuality() {
  const { t } = useTranslation();
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const sweep = useQuery({ queryKey: integrityKeys.dataQuality(paging.page, paging.pageSize), queryFn: () => integrityApi.dataQuality(paging.page, paging.pageSize), placeholderData: keepPreviousData });
  return (
    <Card title={t('funds.integrity.quality.title')} data-testid="data-quality">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('funds.integrity.quality.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={sweep.error} />
      <Table<DataQualityItem>
        rowKey="personId"
        size="small"
        loading={sweep.isFetching}
        dataSource={sweep.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.integrity.quality.empty')} /> }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: sweep.data?.total ?? 0, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        columns={[
          { title: t('funds.integrity.quality.person'), key: 'person', render: (_, r) => `${r.name} ${r.idNumberMasked}` },
          { title: t('funds.integrity.quality.region'), dataIndex: 'regionName' },
          { title: t('funds.integrity.quality.birthDate'), dataIndex: 'birthDate' },
          { title: t('funds.integrity.quality.diedOn'), dataIndex: 'diedOn', render: (v: string | null) => v ?? '—' },
          { title: t('funds.integrity.quality.problem'), dataIndex: 'problem', render: (v: string) => <Tag color="warning">{t(`funds.integrity.quality.problems.${v}`, { defaultValue: v })}</Tag> },
        ]}
      />
    </Card>
  );
}

/** /console/integrity: the review queue of the checks before payment, and the month's report. */
export default function Integrity() {
  const { t } = useTranslation();
  const [flagId, openFlag] = useOpenFlag();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('funds.integrity.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('funds.integrity.intro')}</Typography.Paragraph>
        <Queue onOpen={openFlag} />
      </Card>
      <Report />
      <DataQuality />
      <EmployerFindingsQueue />
      <FlagDrawer id={flagId} onClose={() => openFlag(null)} />
    </Flex>
  );
}
