import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Flex, Grid, Modal, Pagination, Result, Row, Skeleton, Spin, Statistic, Steps, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, SafetyCertificateOutlined, SolutionOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { transparencyApi, transparencyKeys, type MyContribution, type MyContributions as Mine } from '../../api/transparency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AskButton, useAsk, type AskTarget } from '../../components/transparency/AskQuestion';
import { useTransparencyLabels } from '../../components/transparency/labels';
import { checkMyMonth, type MyMonthCheck } from '../../lib/disclosureChecks';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatFen } from '../../lib/money';
import { LoadFailed } from './myDataParts';
import { PortalPage } from './PortalNav';

const PAGE_SIZE = 12;
const GREEN = '#389e0d';
const RED = '#cf1322';
const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

/** The ledger month a contribution counts in: the month the money arrived. */
const ledgerMonth = (c: MyContribution) => (c.status === 'paid' && c.paidOn ? c.paidOn.slice(0, 7) : null);

const notRegistered = (error: unknown) => isApiError(error) && (error.code === 'person_not_found' || error.code === 'not_in_registry');

function Money({ fen }: { fen: number }) {
  return <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatFen(fen)}</span>;
}

function StatusTag({ c }: { c: MyContribution }) {
  const { t } = useTranslation();
  return c.status === 'paid' ? (
    <Tooltip title={c.paidOn ? t('transparency.mine.paidOn', { date: formatDate(c.paidOn) }) : undefined}>
      <Tag color="success" style={{ margin: 0 }}>
        {t('transparency.mine.paid')}
      </Tag>
    </Tooltip>
  ) : (
    <Tooltip title={t('transparency.mine.dueOn', { date: formatDate(c.dueOn) })}>
      <Tag color="warning" style={{ margin: 0 }}>
        {t('transparency.mine.due')}
      </Tag>
    </Tooltip>
  );
}

/** 核验 for a paid month: the button when its ledger month is published, else why not yet. */
function PublicCheck({ c, sealed, onCheck, block }: { c: MyContribution; sealed: ReadonlySet<string>; onCheck: (month: string) => void; block?: boolean }) {
  const { t } = useTranslation();
  const month = ledgerMonth(c);
  if (!month) {
    return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('transparency.mine.notPaid')}</Typography.Text>;
  }
  if (!sealed.has(month)) {
    return (
      <Tooltip title={t('transparency.mine.notSealedHint', { month })}>
        <Tag icon={<ClockCircleOutlined />} style={{ margin: 0 }} data-testid={`not-sealed-${c.period}`}>
          {t('transparency.mine.notSealed', { month })}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Flex vertical gap={2} align={block ? 'stretch' : 'start'}>
      <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => onCheck(month)} block={block} data-testid={`check-${c.period}`} data-month={month}>
        {t('transparency.mine.check')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('transparency.mine.countedIn', { month })}
      </Typography.Text>
    </Flex>
  );
}

function Base({ c }: { c: MyContribution }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} align="center" wrap>
      <Money fen={c.baseFen} />
      {c.clamped && (
        <Tag style={{ margin: 0, fontSize: 11 }} color="default">
          {t(`transparency.mine.clamped.${c.clamped}`)}
        </Tag>
      )}
    </Flex>
  );
}

function ContributionCard({ c, sealed, onCheck, onAsk }: { c: MyContribution; sealed: ReadonlySet<string>; onCheck: (m: string) => void; onAsk: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="contribution-card" data-period={c.period}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {c.period}
        </Typography.Text>
        <StatusTag c={c} />
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', margin: '2px 0 8px' }}>
        {c.employerName || '—'}
      </Typography.Text>
      <Descriptions
        size="small"
        column={2}
        colon={false}
        layout="vertical"
        items={[
          { key: 'base', label: t('transparency.mine.colBase'), children: <Base c={c} /> },
          { key: 'total', label: t('transparency.mine.colTotal'), children: <Money fen={c.totalFen} /> },
          { key: 'mine', label: t('transparency.mine.colMine'), children: <Money fen={c.employeeFen} /> },
          { key: 'employer', label: t('transparency.mine.colEmployer2'), children: <Money fen={c.employerFen} /> },
        ]}
      />
      <Flex vertical gap={4} style={{ marginTop: 4 }}>
        <PublicCheck c={c} sealed={sealed} onCheck={onCheck} block />
        <AskButton onClick={onAsk} testId={`ask-${c.period}`} />
      </Flex>
    </Card>
  );
}

function Summary({ data }: { data: Mine }) {
  const { t } = useTranslation();
  const labels = useTransparencyLabels();
  return (
    <Card size="small" data-testid="contributions-summary">
      <Row gutter={[16, 12]}>
        <Col xs={24} sm={8}>
          <Typography.Text strong style={{ display: 'block' }}>
            {data.person.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={mono}>
            {data.person.idNumberMasked}
          </Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Statistic title={t('transparency.mine.balance')} value={formatFen(data.account.balanceFen)} styles={{ content: { fontSize: 22 } }} data-testid="account-balance" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {data.account.interestYear ? t('transparency.mine.interestYear', { year: data.account.interestYear }) : t('transparency.mine.balanceHint')}
          </Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Statistic
            title={t('transparency.mine.years')}
            value={labels.years(data.account.contributionMonths)}
            styles={{ content: { fontSize: 22 } }}
            data-testid="contribution-years"
            data-months={data.account.contributionMonths}
          />
        </Col>
      </Row>
    </Card>
  );
}

function CheckResult({ result }: { result: MyMonthCheck }) {
  const { t } = useTranslation();
  const labels = useTransparencyLabels();
  const month = result.period;
  const sum = result.entries.reduce((s, e) => s + (e.fields ? e.fields.creditFen - e.fields.debitFen : 0), 0);
  const empty = result.entries.length === 0;
  return (
    <Flex vertical gap={12} data-testid="my-check-result" data-ok={empty ? 'empty' : String(result.ok)}>
      {empty ? (
        <Alert type="warning" showIcon title={t('transparency.check.noEntries', { month })} description={t('transparency.check.noEntriesHint')} />
      ) : result.ok ? (
        <Alert type="success" showIcon title={t('transparency.check.okTitle', { month, count: result.entries.length })} />
      ) : (
        <Alert type="error" showIcon title={t('transparency.check.badTitle')} description={t('transparency.check.badDetail')} />
      )}
      {!empty && (
        <Card size="small" styles={{ body: { padding: '4px 12px' } }}>
          {result.entries.map((e, i) => (
            <Flex
              key={`${e.line}-${i}`}
              justify="space-between"
              align="center"
              gap={8}
              style={{ padding: '8px 0', borderBottom: i < result.entries.length - 1 ? '1px solid #f0f0f0' : undefined }}
              data-testid="entry-check"
              data-ok={e.ok}
            >
              <Flex gap={8} align="center" style={{ minWidth: 0, flex: '1 1 auto' }}>
                {e.ok ? <CheckCircleFilled style={{ color: GREEN, fontSize: 18, flex: 'none' }} /> : <CloseCircleFilled style={{ color: RED, fontSize: 18, flex: 'none' }} />}
                <span>
                  {e.fields ? t('transparency.check.entry', { fund: labels.fund(e.fields.fund), account: labels.account(e.fields.account) }) : '—'}
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                    {t('transparency.check.entryLine', { block: e.blockIndex + 1 })}
                  </Typography.Text>
                </span>
              </Flex>
              <Flex gap={8} align="center" wrap justify="end" style={{ flex: 'none', maxWidth: '50%' }}>
                <Typography.Text strong>{e.fields ? <Money fen={e.fields.creditFen - e.fields.debitFen} /> : '—'}</Typography.Text>
                <Tag color={e.ok ? 'success' : 'error'} style={{ margin: 0 }}>
                  {e.ok ? t('transparency.check.entryOk') : t('transparency.check.entryBad')}
                </Tag>
              </Flex>
            </Flex>
          ))}
          <Flex justify="space-between" style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }}>
            <Typography.Text type="secondary">{t('transparency.check.sum')}</Typography.Text>
            <Typography.Text strong>
              <Money fen={sum} />
            </Typography.Text>
          </Flex>
        </Card>
      )}
      <Flex gap={8} align="start" data-testid="head-in-log" data-ok={result.headInLog && result.listed}>
        {result.headInLog && result.listed ? <CheckCircleFilled style={{ color: GREEN, marginTop: 4 }} /> : <CloseCircleFilled style={{ color: RED, marginTop: 4 }} />}
        <span>
          {!result.listed
            ? t('transparency.check.listedBad')
            : result.headInLog
              ? t('transparency.check.headOk', { n: result.sequence + 1, size: result.logSize })
              : t('transparency.check.headBad')}
        </span>
      </Flex>
      <div>
        <Typography.Text strong>{t('transparency.check.explainTitle')}</Typography.Text>
        <Typography.Paragraph style={{ margin: '4px 0' }}>{t('transparency.check.explain', { month })}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
          {t('transparency.check.explainNote')}
        </Typography.Paragraph>
      </div>
      <Collapse
        size="small"
        items={[
          {
            key: 'details',
            label: t('transparency.check.details'),
            children: (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'root', label: t('transparency.check.entriesRoot'), children: <span style={{ ...mono, wordBreak: 'break-all' }}>{result.entriesRoot}</span> },
                  { key: 'log', label: t('transparency.check.logRoot'), children: <span style={{ ...mono, wordBreak: 'break-all' }}>{result.logRoot}</span> },
                  { key: 'sealed', label: t('transparency.check.sealedAt'), children: formatDateTime(result.sealedAt) },
                  ...result.entries.map((e, i) => ({
                    key: `line-${i}`,
                    label: `#${i + 1}`,
                    children: <span style={{ ...mono, wordBreak: 'break-all' }}>{e.line.trimEnd()}</span>,
                  })),
                ]}
              />
            ),
          },
        ]}
      />
    </Flex>
  );
}

/**
 * The check of one ledger month: the citizen's proofs, and separately the month's public
 * disclosure and the public list, fetched afresh each time and compared in this browser.
 */
function CheckModal({ month, onClose, onAsk }: { month: string | null; onClose: () => void; onAsk: (target: AskTarget) => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const check = useQuery({
    queryKey: ['transparency', 'my-check', month],
    queryFn: async () => {
      setStep(0);
      const proofs = await transparencyApi.myProofs(month!);
      setStep(1);
      const [published, list] = await Promise.all([transparencyApi.disclosure(month!), transparencyApi.disclosures()]);
      setStep(2);
      return checkMyMonth(proofs, published, list, transparencyApi.inclusion);
    },
    enabled: !!month,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const result = check.data;
  const summary = result ? (result.entries.length === 0 ? t('transparency.check.noEntries', { month }) : result.ok ? t('transparency.check.okTitle', { month, count: result.entries.length }) : t('transparency.check.badTitle')) : '';
  return (
    <Modal
      open={!!month}
      title={
        <Flex gap={8} align="center">
          <SafetyCertificateOutlined />
          {t('transparency.check.title', { month })}
        </Flex>
      }
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={[
        result && (
          <AskButton
            key="ask"
            size="middle"
            testId="check-ask"
            onClick={() => {
              onClose();
              onAsk({ about: 'statement', period: month!, figure: `${t('transparency.check.title', { month })}：${summary}` });
            }}
          />
        ),
        <Button key="close" type="primary" onClick={onClose} style={{ marginInlineStart: 16 }}>
          {t('common.close')}
        </Button>,
      ]}
    >
      {check.isPending ? (
        <Spin spinning>
          <Typography.Paragraph type="secondary">{t('transparency.check.loading')}</Typography.Paragraph>
          <Steps
            orientation="vertical"
            size="small"
            current={step}
            items={[{ title: t('transparency.check.step1') }, { title: t('transparency.check.step2', { month }) }, { title: t('transparency.check.step3') }]}
          />
        </Spin>
      ) : check.error ? (
        <Result status="error" title={t('transparency.check.error')} style={{ padding: 16 }}>
          <ErrorAlert error={check.error} style={{ marginBottom: 0 }} />
        </Result>
      ) : result ? (
        <CheckResult result={result} />
      ) : null}
    </Modal>
  );
}

function Content() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [page, setPage] = useState(1);
  const [checking, setChecking] = useState<string | null>(null);
  const { ask, modal } = useAsk();
  const mine = useQuery({ queryKey: transparencyKeys.mine(page), queryFn: () => transparencyApi.mine({ page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData, retry: (n, e) => !notRegistered(e) && n < 2 });
  const list = useQuery({ queryKey: transparencyKeys.disclosures, queryFn: transparencyApi.disclosures });
  const sealed = useMemo(() => new Set((list.data?.items ?? []).map((i) => i.period)), [list.data]);

  const askAbout = (c: MyContribution) =>
    ask({
      about: 'statement',
      period: c.period,
      figure: t('transparency.mine.figure', {
        period: c.period,
        employer: c.employerName,
        base: formatFen(c.baseFen),
        mine: formatFen(c.employeeFen),
        employer2: formatFen(c.employerFen),
        status: c.status === 'paid' ? (c.paidOn ? t('transparency.mine.paidOn', { date: formatDate(c.paidOn) }) : t('transparency.mine.paid')) : t('transparency.mine.dueOn', { date: formatDate(c.dueOn) }),
      }),
    });

  if (mine.isPending) return <Skeleton active />;
  if (mine.error) {
    if (notRegistered(mine.error)) {
      return (
        <Card>
          <Result status="info" icon={<SolutionOutlined />} title={t('transparency.mine.notRegisteredTitle')} subTitle={t('transparency.mine.notRegistered')} data-testid="contributions-not-registered" />
        </Card>
      );
    }
    return <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
  }
  const data = mine.data;
  const columns: ColumnsType<MyContribution> = [
    { title: t('transparency.mine.colPeriod'), dataIndex: 'period', render: (p: string) => <Typography.Text strong>{p}</Typography.Text> },
    { title: t('transparency.mine.colEmployer'), dataIndex: 'employerName', render: (v: string) => v || '—' },
    { title: t('transparency.mine.colBase'), dataIndex: 'baseFen', align: 'right', render: (_, c) => <Base c={c} /> },
    { title: t('transparency.mine.colMine'), dataIndex: 'employeeFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('transparency.mine.colEmployer2'), dataIndex: 'employerFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('transparency.mine.colStatus'), dataIndex: 'status', render: (_, c) => <StatusTag c={c} /> },
    {
      title: t('transparency.mine.colPublic'),
      key: 'public',
      render: (_, c) => (
        <Flex vertical gap={2} align="start">
          <PublicCheck c={c} sealed={sealed} onCheck={setChecking} />
          <AskButton onClick={() => askAbout(c)} testId={`ask-${c.period}`} />
        </Flex>
      ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Summary data={data} />
      <ErrorAlert error={list.error} style={{ marginBottom: 0 }} />
      {data.total === 0 ? (
        <Card>
          <Empty description={t('transparency.mine.empty')} data-testid="contributions-empty">
            <Typography.Text type="secondary">{t('transparency.mine.emptyHint')}</Typography.Text>
          </Empty>
        </Card>
      ) : narrow ? (
        <Spin spinning={mine.isFetching && mine.isPlaceholderData}>
          <Flex vertical gap={12} data-testid="my-contributions">
            {data.items.map((c) => (
              <ContributionCard key={`${c.period}-${c.employerName}`} c={c} sealed={sealed} onCheck={setChecking} onAsk={() => askAbout(c)} />
            ))}
          </Flex>
        </Spin>
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<MyContribution>
            rowKey={(c) => `${c.period}-${c.employerName}-${c.dueOn}`}
            columns={columns}
            dataSource={data.items}
            size="middle"
            loading={mine.isFetching && mine.isPlaceholderData}
            pagination={false}
            data-testid="my-contributions"
          />
        </Card>
      )}
      {data.total > PAGE_SIZE && (
        <Pagination
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(total) => t('transparency.mine.total', { total })}
          size={narrow ? 'small' : undefined}
        />
      )}
      <CheckModal month={checking} onClose={() => setChecking(null)} onAsk={ask} />
      {modal}
    </Flex>
  );
}

/** /portal/contributions: 我的缴费 — my months, my account, and the check that they are in the published figures. */
export default function MyContributions() {
  const { t } = useTranslation();
  return (
    <PortalPage>
      {() => (
        <>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('transparency.mine.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('transparency.mine.intro')}</Typography.Paragraph>
          <Content />
        </>
      )}
    </PortalPage>
  );
}
