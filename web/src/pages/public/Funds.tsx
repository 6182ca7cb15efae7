import { lazy, Suspense, useCallback, useMemo } from 'react';
import { Button, Card, Col, Descriptions, Empty, Flex, Grid, Row, Select, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiOutlined, DownloadOutlined, MessageOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  EXPENDITURE_ACCOUNTS,
  FUND_KINDS,
  INCOME_ACCOUNTS,
  isFundKind,
  transparencyApi,
  transparencyKeys,
  type FundKind,
  type TotalsRow,
} from '../../api/transparency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AskButton, useAsk } from '../../components/transparency/AskQuestion';
import { useRegionNames, useTransparencyLabels } from '../../components/transparency/labels';
import { formatFen } from '../../lib/money';
import type { MonthPoint, Part } from './FundsCharts';

// ECharts is the heaviest thing on the page: the figures and the table show while it loads.
const FundsCharts = lazy(() => import('./FundsCharts'));

interface Params {
  fund?: FundKind;
  region?: string;
  period?: string;
}

const REGION = /^\d{2,12}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The filters live in the address, so that a view can be shared and survives the login round trip. */
function useFundsParams(): [Params, (next: Partial<Params>) => void] {
  const [search, setSearch] = useSearchParams();
  const fund = search.get('fund');
  const region = search.get('region');
  const period = search.get('period');
  const params = useMemo<Params>(
    () => ({
      fund: isFundKind(fund) ? fund : undefined,
      region: region && REGION.test(region) ? region : undefined,
      period: period && PERIOD.test(period) ? period : undefined,
    }),
    [fund, region, period],
  );
  const set = useCallback(
    (next: Partial<Params>) =>
      setSearch(
        (prev) => {
          const out = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(next)) {
            if (v) out.set(k, v);
            else out.delete(k);
          }
          return out;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return [params, set];
}

interface Sum {
  incomeFen: number;
  expenditureFen: number;
  bankDepositFen: number;
  income: Record<string, number>;
  expenditure: Record<string, number>;
}

function sumRows(rows: readonly TotalsRow[]): Sum {
  const sum: Sum = { incomeFen: 0, expenditureFen: 0, bankDepositFen: 0, income: {}, expenditure: {} };
  for (const r of rows) {
    sum.incomeFen += r.incomeFen;
    sum.expenditureFen += r.expenditureFen;
    sum.bankDepositFen += r.bankDepositFen;
    for (const a of INCOME_ACCOUNTS) sum.income[a] = (sum.income[a] ?? 0) + (r.income[a] ?? 0);
    for (const a of EXPENDITURE_ACCOUNTS) sum.expenditure[a] = (sum.expenditure[a] ?? 0) + (r.expenditure[a] ?? 0);
  }
  return sum;
}

const unique = (values: Iterable<string>) => [...new Set(values)].sort();

function Money({ fen, strong }: { fen: number; strong?: boolean }) {
  return <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontWeight: strong ? 600 : undefined, color: fen < 0 ? '#c8102e' : undefined }}>{formatFen(fen)}</span>;
}

/** The open-data endpoints, with the month and filters on screen filled in. */
function OpenDataApi({ period, sequence, fund, region }: { period?: string; sequence?: number; fund?: string; region?: string }) {
  const { t } = useTranslation();
  const month = period ?? 'YYYY-MM';
  const seriesQuery = new URLSearchParams({ ...(fund ? { fund } : {}), ...(region ? { region } : {}) }).toString();
  const endpoints = [
    { key: 'list', path: '/api/public/funds/disclosures' },
    { key: 'one', path: `/api/public/funds/disclosures/${month}` },
    { key: 'totals', path: `/api/public/funds/disclosures/${month}/totals` },
    { key: 'csv', path: `/api/public/funds/disclosures/${month}/totals.csv` },
    { key: 'series', path: `/api/public/funds/series${seriesQuery ? `?${seriesQuery}` : ''}` },
    { key: 'consistency', path: `/api/public/funds/log/consistency?from=0&to=${sequence ?? 0}` },
    { key: 'inclusion', path: `/api/public/funds/log/inclusion?sequence=${sequence ?? 0}` },
  ] as const;
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <ApiOutlined />
          {t('transparency.public.apiTitle')}
        </Flex>
      }
      extra={
        <a href="/api/docs" target="_blank" rel="noopener">
          {t('transparency.public.apiDocs')}
        </a>
      }
      data-testid="funds-open-api"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('transparency.public.apiIntro')}
      </Typography.Paragraph>
      <Flex vertical gap={10}>
        {endpoints.map((e) => (
          <div key={e.key}>
            <Flex gap={6} align="baseline" style={{ minWidth: 0 }}>
              <Tag color="green" style={{ margin: 0, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
                GET
              </Tag>
              <a href={e.path} target="_blank" rel="noopener" style={{ wordBreak: 'break-all' }}>
                <code>{e.path}</code>
              </a>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }}>
              {t(`transparency.public.api.${e.key}`)}
            </Typography.Text>
          </div>
        ))}
      </Flex>
    </Card>
  );
}

/** /public/funds: 基金公开 — the funds' monthly income, expenditure and balance, for everyone. */
export default function PublicFunds() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const labels = useTransparencyLabels();
  const [params, setParams] = useFundsParams();
  const { ask, modal } = useAsk();
  const list = useQuery({ queryKey: transparencyKeys.disclosures, queryFn: transparencyApi.disclosures });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const series = useQuery({
    queryKey: transparencyKeys.series(params.fund, params.region),
    queryFn: () => transparencyApi.series({ fund: params.fund, region: params.region }),
    placeholderData: keepPreviousData,
    enabled: items.length > 0,
  });

  const codes = useMemo(() => unique(items.flatMap((i) => i.totals.rows.map((r) => r.region))), [items]);
  const regions = useRegionNames(codes);
  const regionOptions = useMemo(() => {
    const cities = unique(codes.filter((c) => c.length >= 4).map((c) => c.slice(0, 4)));
    const counties = unique(codes.filter((c) => c.length >= 6).map((c) => c.slice(0, 6)));
    return [
      { label: t('transparency.public.cities'), options: cities.map((c) => ({ value: c, label: regions.name(c) })) },
      { label: t('transparency.public.counties'), options: counties.map((c) => ({ value: c, label: regions.name(c) })) },
    ].filter((g) => g.options.length > 0);
  }, [codes, regions, t]);

  const selected = items.find((i) => i.period === params.period) ?? items.at(-1);
  const month = selected?.period ?? '';
  const rows = useMemo(
    () => (selected?.totals.rows ?? []).filter((r) => (!params.fund || r.fund === params.fund) && (!params.region || r.region.startsWith(params.region))),
    [selected, params.fund, params.region],
  );
  const sum = useMemo(() => sumRows(rows), [rows]);
  const scope = `${params.fund ? labels.fund(params.fund) : t('transparency.public.allFunds')} · ${params.region ? regions.name(params.region) : t('transparency.public.allRegions')}`;

  // The series has a point per fund and month: the chart shows their sum per month.
  const points = useMemo<MonthPoint[]>(() => {
    const byMonth = new Map<string, MonthPoint>();
    for (const i of items) byMonth.set(i.period, { period: i.period, incomeFen: 0, expenditureFen: 0, bankDepositFen: 0 });
    for (const p of series.data?.items ?? []) {
      const m = byMonth.get(p.period);
      if (!m) continue;
      m.incomeFen += p.incomeFen;
      m.expenditureFen += p.expenditureFen;
      m.bankDepositFen += p.bankDepositFen;
    }
    return [...byMonth.values()];
  }, [items, series.data]);
  const incomeParts = useMemo<Part[]>(() => INCOME_ACCOUNTS.map((a) => ({ account: a, fen: sum.income[a] ?? 0 })), [sum]);
  const expenditureParts = useMemo<Part[]>(() => EXPENDITURE_ACCOUNTS.map((a) => ({ account: a, fen: sum.expenditure[a] ?? 0 })), [sum]);

  const askTotals = (period: string, what: string, fund: FundKind | undefined, income: number, expenditure: number, balance: number) =>
    ask({
      about: 'disclosure',
      period,
      ...(fund ? { fund } : {}),
      figure: t('transparency.public.figureTotals', { month: period, scope: what, income: formatFen(income), expenditure: formatFen(expenditure), balance: formatFen(balance) }),
    });
  const askAmount = (account: string, fen: number) =>
    ask({
      about: 'disclosure',
      period: month,
      ...(params.fund ? { fund: params.fund } : {}),
      figure: t('transparency.public.figureAccount', { month, scope, account, amount: formatFen(fen) }),
    });

  const columns: ColumnsType<TotalsRow> = [
    { title: t('transparency.public.colFund'), dataIndex: 'fund', render: (f: string) => labels.fund(f) },
    { title: t('transparency.public.colRegion'), dataIndex: 'region', render: (r: string) => <span title={r}>{regions.label(r)}</span> },
    { title: t('transparency.public.colIncome'), dataIndex: 'incomeFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('transparency.public.colExpenditure'), dataIndex: 'expenditureFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('transparency.public.colBalance'), dataIndex: 'bankDepositFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('common.actions'),
      key: 'ask',
      render: (_, r) => (
        <AskButton
          testId="ask-row"
          onClick={() => askTotals(month, `${labels.fund(r.fund)} ${regions.label(r.region)}`, isFundKind(r.fund) ? r.fund : undefined, r.incomeFen, r.expenditureFen, r.bankDepositFen)}
        />
      ),
    },
  ];

  // On a phone: fund and region in one cell, the three amounts in the other, so nothing scrolls sideways.
  const narrowColumns: ColumnsType<TotalsRow> = [
    {
      title: `${t('transparency.public.colFund')} · ${t('transparency.public.colRegion')}`,
      key: 'what',
      render: (_, r) => (
        <Flex vertical align="start">
          <span>{labels.fund(r.fund)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {regions.label(r.region)}
          </Typography.Text>
          <AskButton
            testId="ask-row"
            onClick={() => askTotals(month, `${labels.fund(r.fund)} ${regions.label(r.region)}`, isFundKind(r.fund) ? r.fund : undefined, r.incomeFen, r.expenditureFen, r.bankDepositFen)}
          />
        </Flex>
      ),
    },
    {
      title: `${t('transparency.public.colIncome')} / ${t('transparency.public.colExpenditure')} / ${t('transparency.public.colBalance')}`,
      key: 'amounts',
      align: 'right',
      render: (_, r) => (
        <Flex vertical align="end" style={{ fontSize: 13 }}>
          <Money fen={r.incomeFen} />
          <Money fen={r.expenditureFen} />
          <Money fen={r.bankDepositFen} strong />
        </Flex>
      ),
    },
  ];

  const stats = [
    { key: 'income', label: t('transparency.public.income'), fen: sum.incomeFen },
    { key: 'expenditure', label: t('transparency.public.expenditure'), fen: sum.expenditureFen },
    { key: 'balance', label: t('transparency.public.balance'), fen: sum.bankDepositFen },
  ];

  const downloads = (
    <Flex gap={12} align="center">
      <Typography.Link href={transparencyApi.totalsCsvUrl(month)} download data-testid="download-csv">
        <DownloadOutlined /> {t('transparency.public.downloadCsv')}
      </Typography.Link>
      <Typography.Link href={transparencyApi.totalsJsonUrl(month)} target="_blank" rel="noopener" data-testid="download-json">
        {t('transparency.public.downloadJson')}
      </Typography.Link>
    </Flex>
  );

  return (
    <Flex vertical gap={16} data-testid="public-funds">
      <div>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={narrow ? 3 : 2} style={{ margin: 0 }}>
            {t('transparency.public.title')}
          </Typography.Title>
          <Flex gap={8} wrap>
            <Link to="/public/funds/disclosures" data-testid="to-disclosures">
              <Button icon={<SafetyCertificateOutlined />}>{t('transparency.public.toDisclosures')}</Button>
            </Link>
            <Link to="/public">
              <Button icon={<MessageOutlined />}>{t('transparency.public.toWall')}</Button>
            </Link>
          </Flex>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('transparency.public.intro')}
        </Typography.Paragraph>
      </div>
      <ErrorAlert error={list.error ?? series.error} style={{ marginBottom: 0 }} />
      {list.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : items.length === 0 ? (
        list.isSuccess && (
          <Card>
            <Empty description={t('transparency.public.empty')} data-testid="funds-empty">
              <Typography.Text type="secondary">{t('transparency.public.emptyHint')}</Typography.Text>
            </Empty>
          </Card>
        )
      ) : (
        <>
          <Card size="small">
            <Flex wrap gap={8}>
              <Select<FundKind>
                allowClear
                placeholder={t('transparency.public.allFunds')}
                value={params.fund}
                onChange={(fund) => setParams({ fund })}
                options={FUND_KINDS.map((f) => ({ value: f, label: labels.fund(f) }))}
                style={{ flex: '1 1 200px', minWidth: 0 }}
                aria-label={t('transparency.public.fund')}
                data-testid="funds-fund"
              />
              <Select<string>
                allowClear
                placeholder={t('transparency.public.allRegions')}
                value={params.region}
                onChange={(region) => setParams({ region })}
                options={regionOptions}
                loading={regions.loading}
                style={{ flex: '1 1 160px', minWidth: 0 }}
                aria-label={t('transparency.public.region')}
                data-testid="funds-region"
              />
              <Select<string>
                value={month}
                onChange={(period) => setParams({ period })}
                options={[...items].reverse().map((i) => ({ value: i.period, label: i.period }))}
                style={{ flex: '0 1 130px', minWidth: 110 }}
                aria-label={t('transparency.public.month')}
                data-testid="funds-month"
              />
            </Flex>
          </Card>

          <Row gutter={[16, 16]}>
            {stats.map((s) => (
              <Col xs={24} sm={8} key={s.key}>
                <Card size="small" style={{ height: '100%' }} data-testid={`funds-stat-${s.key}`} data-fen={s.fen}>
                  <Statistic title={s.label} value={formatFen(s.fen)} styles={{ content: { fontSize: narrow ? 22 : 26, color: s.fen < 0 ? '#c8102e' : undefined } }} />
                  <Flex justify="space-between" align="center" wrap gap={4}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('transparency.public.statsOf', { month, scope })}
                    </Typography.Text>
                    <AskButton testId={`ask-stat-${s.key}`} onClick={() => askAmount(s.label, s.fen)} />
                  </Flex>
                </Card>
              </Col>
            ))}
          </Row>

          <Suspense
            fallback={
              <Card>
                <Skeleton active />
              </Card>
            }
          >
            <FundsCharts
              points={points}
              selected={month}
              onSelect={(period) => setParams({ period })}
              income={incomeParts}
              expenditure={expenditureParts}
              narrow={narrow}
              onAskMonth={(p) => askTotals(p.period, scope, params.fund, p.incomeFen, p.expenditureFen, p.bankDepositFen)}
              onAskPart={(_, p) => askAmount(labels.account(p.account), p.fen)}
            />
          </Suspense>

          <Card
            size="small"
            title={t('transparency.public.tableTitle', { month })}
            extra={!narrow && downloads}
            styles={{ body: { padding: 0 } }}
          >
            {narrow && <div style={{ padding: '8px 12px' }}>{downloads}</div>}
            <Table<TotalsRow>
              rowKey={(r) => `${r.fund}|${r.region}`}
              columns={narrow ? narrowColumns : columns}
              dataSource={rows}
              size="small"
              pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={narrow ? undefined : { x: 720 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('transparency.public.noRows')} /> }}
              expandable={{
                expandedRowRender: (r) => (
                  <Descriptions
                    size="small"
                    column={{ xs: 1, sm: 2, md: 3 }}
                    items={[
                      ...INCOME_ACCOUNTS.map((a) => ({ key: a, label: labels.account(a), children: <Money fen={r.income[a] ?? 0} /> })),
                      ...EXPENDITURE_ACCOUNTS.map((a) => ({ key: a, label: labels.account(a), children: <Money fen={r.expenditure[a] ?? 0} /> })),
                    ]}
                  />
                ),
              }}
              summary={() =>
                rows.length > 1 && narrow ? (
                  <Table.Summary.Row style={{ background: '#fafafa' }}>
                    <Table.Summary.Cell index={0} />
                    <Table.Summary.Cell index={1}>
                      <Typography.Text strong>{t('transparency.public.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      <Flex vertical align="end" style={{ fontSize: 13 }}>
                        <Money fen={sum.incomeFen} strong />
                        <Money fen={sum.expenditureFen} strong />
                        <Money fen={sum.bankDepositFen} strong />
                      </Flex>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : rows.length > 1 ? (
                  <Table.Summary.Row style={{ background: '#fafafa' }}>
                    <Table.Summary.Cell index={0} />
                    <Table.Summary.Cell index={1} colSpan={2}>
                      <Typography.Text strong>{t('transparency.public.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      <Money fen={sum.incomeFen} strong />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      <Money fen={sum.expenditureFen} strong />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">
                      <Money fen={sum.bankDepositFen} strong />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6} />
                  </Table.Summary.Row>
                ) : null
              }
              data-testid="funds-table"
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0, padding: '8px 12px' }}>
              {t('transparency.public.amountsNote')} {t('transparency.public.downloadHint')}
            </Typography.Paragraph>
          </Card>
        </>
      )}
      <OpenDataApi period={selected?.period} sequence={selected?.sequence} fund={params.fund} region={params.region} />
      {modal}
    </Flex>
  );
}
