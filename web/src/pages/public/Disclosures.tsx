import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Flex, Grid, Progress, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, CodeOutlined, LoadingOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { transparencyApi, transparencyKeys, type Disclosure } from '../../api/transparency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { checkLog, publicKeyFingerprint, type MonthCheck } from '../../lib/disclosureChecks';
import { formatDateTime } from '../../lib/format';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;
const GREEN = '#389e0d';
const RED = '#cf1322';

/** The first hex digits, in groups of four, with the whole value on hover. */
function Hex({ value, digits = 16, wrap }: { value: string; digits?: number; wrap?: boolean }) {
  const short = value.slice(0, digits).replace(/(.{4})(?=.)/g, '$1 ');
  return (
    <Typography.Text copyable={{ text: value }} style={{ ...mono, whiteSpace: wrap ? 'normal' : 'nowrap' }} title={value}>
      {short}…
    </Typography.Text>
  );
}

/** base64 → the first bytes as hex: enough to tell signatures apart. */
function signaturePrefix(b64: string): string {
  try {
    return Array.from(atob(b64).slice(0, 8), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return b64.slice(0, 16);
  }
}

function CheckCell({ check, running }: { check: MonthCheck | undefined; running: boolean }) {
  const { t } = useTranslation();
  if (!check) {
    return running ? (
      <Tag icon={<LoadingOutlined />} style={{ margin: 0 }}>
        {t('transparency.disclosures.checking')}
      </Tag>
    ) : (
      <Typography.Text type="secondary">{t('transparency.disclosures.notChecked')}</Typography.Text>
    );
  }
  const label = check.ok ? (
    <span style={{ color: GREEN, whiteSpace: 'nowrap' }} data-testid="log-check-ok">
      <CheckCircleFilled /> {t('transparency.disclosures.pass')}
    </span>
  ) : (
    <span style={{ color: RED, whiteSpace: 'nowrap' }} data-testid="log-check-bad">
      <CloseCircleFilled /> {t('transparency.disclosures.fail')}
    </span>
  );
  return (
    <div data-testid={`log-check-${check.period}`} data-ok={check.ok}>
      {label}
      {!check.ok && (
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, color: RED, fontSize: 12 }}>
          {check.problems.map((p) => (
            <li key={p}>{t(`transparency.disclosures.problems.${p}`)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Explanation({ latest }: { latest: Disclosure | undefined }) {
  const { t } = useTranslation();
  const origin = window.location.origin;
  const command = `npm run disclosure:verify -- --url ${origin}`;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('transparency.disclosures.checkedTitle')} style={{ height: '100%' }} data-testid="disclosures-checked">
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            <li>{t('transparency.disclosures.checked1')}</li>
            <li>{t('transparency.disclosures.checked2')}</li>
            <li>{t('transparency.disclosures.checked3')}</li>
          </ol>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('transparency.disclosures.checkedNote')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={
            <Flex gap={8} align="center">
              <CodeOutlined />
              {t('transparency.disclosures.cliTitle')}
            </Flex>
          }
          style={{ height: '100%' }}
          data-testid="disclosures-cli"
        >
          <Typography.Paragraph style={{ marginBottom: 6 }}>{t('transparency.disclosures.cliIntro')}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: command }} style={{ ...mono, background: '#f5f5f5', padding: '6px 8px', borderRadius: 4, wordBreak: 'break-all' }}>
            {command}
          </Typography.Paragraph>
          <ul style={{ paddingInlineStart: 20, margin: 0 }}>
            <li>{t('transparency.disclosures.cli1')}</li>
            <li>{t('transparency.disclosures.cli2')}</li>
            <li>{t('transparency.disclosures.cli3')}</li>
          </ul>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('transparency.disclosures.cliNote')}
          </Typography.Paragraph>
          {latest && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('transparency.disclosures.latestRootHint', { sequence: latest.sequence })}
            </Typography.Paragraph>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** /public/funds/disclosures: the sealed months, and the log checked in the visitor's browser. */
export default function Disclosures() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const list = useQuery({ queryKey: transparencyKeys.disclosures, queryFn: transparencyApi.disclosures });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const latest = items.at(-1);
  const [checks, setChecks] = useState<Map<string, MonthCheck>>(new Map());
  const verify = useMutation({
    mutationFn: async () => {
      setChecks(new Map());
      // The list as it is now: the roots every proof is checked against.
      const fresh = await list.refetch();
      if (fresh.error) throw fresh.error;
      const months = fresh.data?.items ?? [];
      return checkLog(months, { consistency: transparencyApi.consistency, inclusion: transparencyApi.inclusion }, (c) => setChecks((prev) => new Map(prev).set(c.period, c)));
    },
  });
  const results = verify.data;
  const failed = results?.filter((c) => !c.ok).length ?? 0;
  const fingerprintOf = useMemo(() => {
    const cache = new Map<string, string | null>();
    return (pem: string) => {
      if (!cache.has(pem)) cache.set(pem, publicKeyFingerprint(pem));
      return cache.get(pem) ?? null;
    };
  }, []);
  const platformFingerprint = list.data ? fingerprintOf(list.data.publicKey) : null;

  const columns: ColumnsType<Disclosure> = [
    { title: t('transparency.disclosures.colPeriod'), dataIndex: 'period', render: (p: string) => <Typography.Text strong>{p}</Typography.Text> },
    { title: t('transparency.disclosures.colSequence'), dataIndex: 'sequence', align: 'right' },
    { title: t('transparency.disclosures.colEntries'), dataIndex: 'entryCount', align: 'right' },
    { title: t('transparency.disclosures.colRoot'), dataIndex: 'entriesRoot', render: (v: string) => <Hex value={v} /> },
    { title: t('transparency.disclosures.colSealedAt'), dataIndex: 'sealedAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
    { title: t('transparency.disclosures.colSignature'), dataIndex: 'signature', render: (v: string) => <Hex value={signaturePrefix(v)} digits={12} /> },
    {
      title: t('transparency.disclosures.colKey'),
      dataIndex: 'publicKey',
      render: (pem: string) => {
        const fp = fingerprintOf(pem);
        return fp ? <Hex value={fp} digits={12} /> : '—';
      },
    },
    { title: t('transparency.disclosures.colCheck'), key: 'check', render: (_, d) => <CheckCell check={checks.get(d.period)} running={verify.isPending} /> },
  ];

  // On a phone: the month and its check, the hashes one tap away.
  const narrowColumns: ColumnsType<Disclosure> = [
    {
      title: t('transparency.disclosures.colPeriod'),
      dataIndex: 'period',
      render: (p: string, d) => (
        <Flex vertical>
          <Typography.Text strong>{p}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('transparency.disclosures.colSequence')} {d.sequence} · {t('transparency.disclosures.colEntries')} {d.entryCount}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('transparency.disclosures.colCheck'), key: 'check', render: (_, d) => <CheckCell check={checks.get(d.period)} running={verify.isPending} /> },
  ];
  const details = (d: Disclosure) => (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'root', label: t('transparency.disclosures.colRoot'), children: <Hex value={d.entriesRoot} wrap /> },
        { key: 'sealed', label: t('transparency.disclosures.colSealedAt'), children: formatDateTime(d.sealedAt) },
        { key: 'sig', label: t('transparency.disclosures.colSignature'), children: <Hex value={signaturePrefix(d.signature)} digits={12} wrap /> },
        { key: 'key', label: t('transparency.disclosures.colKey'), children: fingerprintOf(d.publicKey) ? <Hex value={fingerprintOf(d.publicKey)!} digits={12} wrap /> : '—' },
      ]}
    />
  );

  return (
    <Flex vertical gap={16} data-testid="disclosures">
      <div>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={narrow ? 3 : 2} style={{ margin: 0 }}>
            {t('transparency.disclosures.title')}
          </Typography.Title>
          <Link to="/public/funds">
            <Button icon={<ArrowLeftOutlined />}>{t('transparency.disclosures.back')}</Button>
          </Link>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('transparency.disclosures.intro')}
        </Typography.Paragraph>
      </div>
      <ErrorAlert error={list.error} style={{ marginBottom: 0 }} />
      {list.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : items.length === 0 ? (
        list.isSuccess && (
          <Card>
            <Empty description={t('transparency.disclosures.empty')} data-testid="disclosures-empty" />
          </Card>
        )
      ) : (
        <>
          <Card size="small">
            <Flex justify="space-between" align="center" wrap gap={12}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                style={{ flex: '1 1 420px', minWidth: 0 }}
                items={[
                  { key: 'fp', label: t('transparency.disclosures.fingerprint'), children: platformFingerprint ? <Hex value={platformFingerprint} digits={32} wrap /> : '—' },
                  { key: 'root', label: t('transparency.disclosures.latestRoot'), children: latest ? <Hex value={latest.logRoot} digits={24} wrap /> : '—' },
                  { key: 'format', label: t('transparency.disclosures.format'), children: <span style={mono}>{list.data?.format}</span> },
                  { key: 'block', label: t('transparency.disclosures.blockSize'), children: list.data?.blockSize },
                ]}
              />
              <Button
                type="primary"
                size="large"
                icon={<SafetyCertificateOutlined />}
                loading={verify.isPending}
                onClick={() => verify.mutate()}
                data-testid="verify-log"
                style={narrow ? { width: '100%' } : undefined}
              >
                {results ? t('transparency.disclosures.verifyAgain') : t('transparency.disclosures.verify')}
              </Button>
            </Flex>
            <Collapse
              ghost
              size="small"
              style={{ marginTop: 4 }}
              items={[
                {
                  key: 'key',
                  label: t('transparency.disclosures.showKey'),
                  children: (
                    <Descriptions
                      size="small"
                      column={1}
                      items={[
                        {
                          key: 'pem',
                          label: t('transparency.disclosures.publicKey'),
                          children: (
                            <Typography.Paragraph copyable style={{ ...mono, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
                              {list.data?.publicKey.trim()}
                            </Typography.Paragraph>
                          ),
                        },
                        { key: 'line', label: t('transparency.disclosures.lineFormat'), children: <code style={{ wordBreak: 'break-all' }}>{list.data?.entryLineFormat}</code> },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
          <ErrorAlert error={verify.error} style={{ marginBottom: 0 }} />
          {verify.isPending && (
            <Progress percent={Math.round((checks.size / Math.max(1, items.length)) * 100)} status="active" format={() => t('transparency.disclosures.verifying', { done: checks.size, total: items.length })} />
          )}
          {results &&
            (failed === 0 ? (
              <Alert
                type="success"
                showIcon
                title={t('transparency.disclosures.allGood', { count: results.length })}
                description={t('transparency.disclosures.allGoodDetail')}
                data-testid="log-verified"
                data-ok="true"
              />
            ) : (
              <Alert
                type="error"
                showIcon
                title={t('transparency.disclosures.someBad', { count: failed })}
                description={t('transparency.disclosures.someBadDetail')}
                data-testid="log-verified"
                data-ok="false"
              />
            ))}
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table<Disclosure>
              rowKey="period"
              columns={narrow ? narrowColumns : columns}
              expandable={narrow ? { expandedRowRender: details } : undefined}
              dataSource={[...items].reverse()}
              size="small"
              pagination={items.length > 24 ? { pageSize: 24, showSizeChanger: false } : false}
              scroll={narrow ? undefined : { x: 900 }}
              data-testid="disclosures-table"
            />
          </Card>
        </>
      )}
      <Explanation latest={latest} />
    </Flex>
  );
}
