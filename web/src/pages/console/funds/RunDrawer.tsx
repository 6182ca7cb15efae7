import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Divider, Drawer, Flex, Grid, Popconfirm, Result, Row, Skeleton, Statistic, Steps, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, LoadingOutlined, RedoOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { saveFile } from '../../../api/client';
import { fundsApi, fundsKeys, INSTRUCTION_STATUSES, isWorking, RUN_STATUSES, summaryOf, type BankFile, type PayrollRunDetail } from '../../../api/funds';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useErrorText } from '../../../components/errorText';
import { useFundsLabels } from '../../../components/funds/labels';
import { instructionColors, Money, RunStatusTag } from '../../../components/funds/parts';
import { mono, RegionName } from '../../../components/registry/parts';
import { allowed, INTEGRITY_ROLES, PAYROLL_RUN_ROLES } from '../../../layouts/consoleNav';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';

/** The server gives up a dead worker's claim after this long; then the run may be resumed from here. */
const LEASE_MS = 2 * 60 * 1000;
/** While the server works on a run, its status is read again this often. */
export const POLL_MS = 1500;

/** preparing (checks, then the payments) → ready → paid, the current step spinning while the server works on it. */
function RunSteps({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const index = Math.max(0, (RUN_STATUSES as readonly string[]).indexOf(run.status));
  const working = isWorking(run.status);
  return (
    <Steps
      size="small"
      current={index}
      status={run.status === 'paid' ? 'finish' : 'process'}
      items={RUN_STATUSES.map((s, i) => ({
        key: s,
        title: labels.runStatus(s),
        content: <span style={{ fontSize: 12 }}>{t(`funds.payroll.stepHints.${s}`)}</span>,
        icon: working && i === index ? <LoadingOutlined /> : undefined,
      }))}
      data-testid="run-steps"
      data-status={run.status}
    />
  );
}

/** Payees and total, then count and amount per payment status. */
function Figures({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const s = run.summary;
  return (
    <Row gutter={[12, 12]} data-testid="run-figures">
      <Col xs={12} sm={8} md={8}>
        <Card size="small" style={{ height: '100%' }}>
          <Statistic title={t('funds.payroll.payees')} value={s?.payees ?? 0} suffix={t('funds.payroll.paymentsUnit')} data-testid="run-payees" />
          <Money fen={s?.totalFen ?? 0} strong />
        </Card>
      </Col>
      {INSTRUCTION_STATUSES.map((status) => {
        const { count, fen } = summaryOf(s, status);
        return (
          <Col xs={12} sm={8} md={8} key={status}>
            <Card size="small" style={{ height: '100%', borderTop: `3px solid ${count > 0 ? instructionColors[status] : '#f0f0f0'}` }} data-testid={`run-figure-${status}`} data-count={count}>
              <Statistic title={labels.instructionStatus(status)} value={count} suffix={t('funds.payroll.paymentsUnit')} styles={{ content: count === 0 ? { color: '#bfbfbf' } : undefined }} />
              <Money fen={fen} type={count === 0 ? 'secondary' : undefined} />
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function useFileColumns(run: PayrollRunDetail, canDownload: boolean): ColumnsType<BankFile> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describe = useErrorText();
  const [loading, setLoading] = useState<string | null>(null);
  const fetchFile = useMutation({
    mutationFn: (f: BankFile) => fundsApi.bankFile(run.id, f.id),
    onMutate: (f) => setLoading(f.id),
    onSettled: () => setLoading(null),
    onSuccess: (file, f) => saveFile(file, `${run.period}-${f.bankName}-${f.sequence}.csv`),
    onError: (error) => void message.error(describe(error).title),
  });
  const columns: ColumnsType<BankFile> = [
    { title: t('funds.payroll.bankName'), dataIndex: 'bankName', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { title: t('funds.payroll.sequence'), dataIndex: 'sequence', render: (v: number) => t('funds.payroll.sequenceN', { n: v }), align: 'right' },
    { title: t('funds.payroll.fileCount'), dataIndex: 'count', align: 'right' },
    { title: t('funds.payroll.fileTotal'), dataIndex: 'totalFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('funds.payroll.sha256'),
      dataIndex: 'sha256',
      render: (v: string) => (
        <Typography.Text copyable={{ text: v }} style={{ ...mono, fontSize: 12 }} title={v}>
          {v.slice(0, 12)}…
        </Typography.Text>
      ),
    },
    { title: t('funds.payroll.fileCreatedAt'), dataIndex: 'createdAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
  ];
  if (canDownload) {
    columns.push({
      title: t('common.actions'),
      key: 'download',
      render: (_, f) => (
        <Button type="link" size="small" style={{ paddingInline: 0 }} icon={<DownloadOutlined />} loading={loading === f.id} onClick={() => fetchFile.mutate(f)} data-testid="bank-file-download">
          {t('funds.payroll.download')}
        </Button>
      ),
    });
  }
  return columns;
}

/** 发送银行: writes a file per bank of what is payable; later again for payments released since. */
function SendButton({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const ready = summaryOf(run.summary, 'ready');
  const released = summaryOf(run.summary, 'released');
  const held = summaryOf(run.summary, 'held');
  // The summary of a sent run dates from its last send: payments held then may have been released since.
  const enabled = run.status === 'ready' || released.count > 0 || (run.status === 'paid' && held.count > 0);
  const send = useMutation({
    mutationFn: () => fundsApi.send(run.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: fundsKeys.runs });
      if (result.files.length === 0) void message.info(t('funds.payroll.nothingToSend'));
      else void message.success(t('funds.payroll.sent', { files: result.files.length, count: result.files.reduce((n, f) => n + f.count, 0) }));
    },
  });
  const again = run.status === 'paid';
  const payable = { count: ready.count + released.count, fen: ready.fen + released.fen };
  return (
    <Flex vertical gap={8} style={{ width: '100%' }}>
      <ErrorAlert error={send.error} style={{ marginBottom: 0 }} />
      <Flex wrap gap={8} align="center">
        <Popconfirm
          title={again ? t('funds.payroll.sendAgainConfirmTitle') : t('funds.payroll.sendConfirmTitle')}
          description={
            <div style={{ maxWidth: 360 }}>
              {again ? t('funds.payroll.sendAgainConfirm') : t('funds.payroll.sendConfirm', { count: payable.count, amount: formatFen(payable.fen) })}
              {held.count > 0 && !again && <div>{t('funds.payroll.sendHeldNote', { count: held.count })}</div>}
            </div>
          }
          okText={t('funds.payroll.sendOk')}
          cancelText={t('common.cancel')}
          onConfirm={() => send.mutate()}
          okButtonProps={{ 'data-testid': 'run-send-confirm' }}
          disabled={!enabled}
        >
          <Button type="primary" icon={<SendOutlined />} disabled={!enabled} loading={send.isPending} data-testid="run-send">
            {again ? t('funds.payroll.sendAgain') : t('funds.payroll.send')}
          </Button>
        </Popconfirm>
        {!enabled && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {isWorking(run.status) ? t('funds.payroll.sendWaitChecks') : t('funds.payroll.sendNothing')}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}

/** A run stuck midway (its server stopped): another may take it over once the claim lapses. */
function ResumeButton({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const resume = useMutation({
    mutationFn: () => fundsApi.resumeRun(run.id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: fundsKeys.runs }),
  });
  return (
    <Flex vertical gap={8}>
      <Alert type="warning" showIcon title={t('funds.payroll.stalled')} style={{ marginBottom: 0 }} />
      <ErrorAlert error={resume.error} style={{ marginBottom: 0 }} />
      <div>
        <Button icon={<RedoOutlined />} loading={resume.isPending} onClick={() => resume.mutate()} data-testid="run-resume">
          {t('funds.payroll.resume')}
        </Button>
      </div>
    </Flex>
  );
}

function Detail({ run }: { run: PayrollRunDetail }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canRun = allowed(me?.roles ?? [], PAYROLL_RUN_ROLES);
  const canReview = allowed(me?.roles ?? [], INTEGRITY_ROLES);
  const columns = useFileColumns(run, canRun);
  const held = summaryOf(run.summary, 'held');
  // A run whose worker has been silent for longer than its claim lasts may be taken over.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isWorking(run.status)) return;
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, [run.status]);
  const stalled = isWorking(run.status) && now - Date.parse(run.startedAt) > LEASE_MS;
  return (
    <Flex vertical gap={16}>
      <RunSteps run={run} />
      {canRun && stalled && <ResumeButton run={run} />}
      <Descriptions
        column={{ xs: 1, sm: 2 }}
        size="small"
        bordered
        data-testid="run-facts"
        items={[
          { key: 'period', label: t('funds.payroll.period'), children: <strong>{run.period}</strong> },
          { key: 'region', label: t('funds.payroll.region'), children: <RegionName code={run.region} fullName={run.regionName} /> },
          { key: 'started', label: t('funds.payroll.startedAt'), children: formatDateTime(run.startedAt) },
          { key: 'finished', label: t('funds.payroll.finishedAt'), children: formatDateTime(run.finishedAt) },
        ]}
      />
      <Figures run={run} />
      {!isWorking(run.status) && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginTop: -8 }} data-testid="run-figures-note">
          {t('funds.payroll.figuresAsOf')}
        </Typography.Text>
      )}
      {held.count > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('funds.payroll.heldNotice', { count: held.count, amount: formatFen(held.fen) })}
          description={t('funds.payroll.heldHint')}
          action={
            canReview ? (
              <Link to="/console/integrity" data-testid="run-review-link">
                {t('funds.payroll.toReview')}
              </Link>
            ) : undefined
          }
          data-testid="run-held"
        />
      )}
      {canRun && <SendButton run={run} />}
      <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
        {t('funds.payroll.files')} · {t('common.total', { total: run.files.length })}
      </Divider>
      {!canRun && run.files.length > 0 && <Typography.Text type="secondary">{t('funds.payroll.downloadHeadOnly')}</Typography.Text>}
      <Table<BankFile>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={run.files}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('funds.payroll.noFiles') }}
        data-testid="bank-files"
      />
    </Flex>
  );
}

/** One payroll run: where it stands (polled while the server works), its figures and bank files. */
export function RunDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: fundsKeys.run(id ?? ''),
    queryFn: () => fundsApi.run(id ?? ''),
    enabled: !!id,
    refetchInterval: (q) => (isWorking(q.state.data?.status) ? POLL_MS : false),
  });
  const r = run.data?.id === id ? run.data : undefined;
  // When the checks finish, the list shows the new figures too.
  const lastStatus = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (r && lastStatus.current && lastStatus.current !== r.status) void queryClient.invalidateQueries({ queryKey: fundsKeys.runList });
    lastStatus.current = r?.status;
  }, [r, queryClient]);
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 820}
      title={
        <Flex wrap gap={8} align="center">
          <span>{r ? t('funds.payroll.detailTitle', { period: r.period }) : t('funds.payroll.detailTitleEmpty')}</span>
          {r && <RunStatusTag status={r.status} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="run-detail" data-status={r?.status}>
        {!id ? null : !r && run.isFetching ? (
          <Skeleton active />
        ) : !r ? (
          <Result status="error" title={t('funds.payroll.loadFailed')} extra={<Button onClick={() => void run.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={run.error} />
          </Result>
        ) : (
          <>
            <ErrorAlert error={run.error} />
            <Detail run={r} />
          </>
        )}
      </div>
    </Drawer>
  );
}
