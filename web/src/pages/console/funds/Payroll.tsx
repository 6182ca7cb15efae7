import { useState } from 'react';
import { App, Button, Card, DatePicker, Empty, Form, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlayCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { isApiError } from '../../../api/client';
import { fundsApi, fundsKeys, isWorking, summaryOf, type PayrollRun } from '../../../api/funds';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { CountAmount, Money, RunStatusTag } from '../../../components/funds/parts';
import { RegionName } from '../../../components/registry/parts';
import { allowed, PAYROLL_RUN_ROLES } from '../../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';
import { todayInChina } from '../person/fields';
import { POLL_MS, RunDrawer } from './RunDrawer';
import { openColumn } from '../../../components/layout/ConsolePage';

/** The open run lives in the address (?run=…), so a reload keeps it and Back closes it. */
function useOpenRun() {
  const [params, setParams] = useSearchParams();
  const set = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('run', id);
      else next.delete('run');
      return next;
    });
  return [params.get('run'), set] as const;
}

/**
 * This month in China: pensions are paid within the month they are for, and the month's
 * ledger must take the payments before the month is sealed and published.
 */
export const currentMonth = () => dayjs(`${todayInChina().slice(0, 7)}-01`);

/** 启动发放: one run per month and region; the server refuses a second (run_exists) and says so. */
function StartRun({ runs, onStarted }: { runs: PayrollRun[]; onStarted: (run: PayrollRun) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ period: Dayjs }>();
  const idem = useIdempotencyKey();
  const thisMonth = todayInChina().slice(0, 7);
  const start = useMutation({
    mutationFn: (v: { period: Dayjs }) => {
      const period = v.period.format('YYYY-MM');
      return fundsApi.startRun(period, idem.keyFor({ period }));
    },
    onSuccess: (run) => {
      idem.reset();
      void queryClient.invalidateQueries({ queryKey: fundsKeys.runList });
      void message.success(t('funds.payroll.started', { period: run.period }));
      onStarted(run);
    },
  });
  const period = start.variables?.period.format('YYYY-MM');
  const existing = isApiError(start.error) && start.error.code === 'run_exists' ? runs.find((r) => r.period === period) : undefined;
  return (
    <Card size="small" title={t('funds.payroll.startTitle')} style={{ marginBottom: 16 }} data-testid="run-start-card">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('funds.payroll.startHint')}
      </Typography.Paragraph>
      <Form form={form} name="run-start" layout="inline" initialValues={{ period: currentMonth() }} onFinish={(v) => start.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item name="period" label={t('funds.payroll.period')} rules={[{ required: true, message: t('funds.payroll.periodRequired') }]}>
          <DatePicker picker="month" allowClear={false} style={{ width: 160 }} disabledDate={(d) => d.format('YYYY-MM') > thisMonth} data-testid="run-period" />
        </Form.Item>
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={start.isPending} data-testid="run-start">
            {t('funds.payroll.start')}
          </Button>
        </Form.Item>
      </Form>
      {start.error ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={start.error} style={{ marginBottom: existing ? 8 : 0 }} />
          {existing && (
            <Button size="small" onClick={() => onStarted(existing)} data-testid="run-open-existing">
              {t('funds.payroll.openExisting', { period: existing.period })}
            </Button>
          )}
        </div>
      ) : null}
    </Card>
  );
}

/** /console/payroll: the monthly pension payroll runs of my region; start one, follow its checks, send the bank files. */
export default function Payroll() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canRun = allowed(me?.roles ?? [], PAYROLL_RUN_ROLES);
  const [runId, openRun] = useOpenRun();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: [...fundsKeys.runList, paging],
    queryFn: () => fundsApi.runs(paging),
    placeholderData: keepPreviousData,
    // Runs still being checked move on by themselves.
    refetchInterval: (q) => (q.state.data?.items.some((r) => isWorking(r.status)) ? POLL_MS * 2 : false),
  });
  const runs = list.data?.items ?? [];

  const columns: ColumnsType<PayrollRun> = [
    { title: t('funds.payroll.period'), dataIndex: 'period', render: (v: string) => <strong style={{ whiteSpace: 'nowrap' }}>{v}</strong> },
    { title: t('funds.payroll.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('funds.payroll.status'), dataIndex: 'status', render: (v: string) => <RunStatusTag status={v} /> },
    { title: t('funds.payroll.payees'), key: 'payees', align: 'right', render: (_, r) => r.summary?.payees ?? '—' },
    { title: t('funds.payroll.total'), key: 'total', align: 'right', render: (_, r) => (r.summary ? <Money fen={r.summary.totalFen ?? 0} /> : '—') },
    {
      title: t('funds.payroll.held'),
      key: 'held',
      render: (_, r) => {
        const held = summaryOf(r.summary, 'held');
        return <CountAmount count={held.count} fen={held.fen} type="warning" />;
      },
    },
    {
      title: t('funds.payroll.paid'),
      key: 'paid',
      render: (_, r) => {
        const sent = summaryOf(r.summary, 'sent');
        return <CountAmount count={sent.count} fen={sent.fen} type="success" />;
      },
    },
    { title: t('funds.payroll.startedAt'), dataIndex: 'startedAt', render: (v: string) => <span title={formatDateTime(v)} style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> },
    openColumn(t('common.actions'), openRun, () => t('funds.payroll.view'), 'run-view'),
  ];

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('funds.payroll.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('funds.payroll.intro')}</Typography.Paragraph>
      {canRun && <StartRun runs={runs} onStarted={(r) => openRun(r.id)} />}
      <ErrorAlert error={list.error} />
      <Table<PayrollRun>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={runs}
        // Not while polling: only the first load and a change of page spin.
        loading={list.isPending || list.isPlaceholderData}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => openRun(r.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.payroll.empty')}>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {canRun ? t('funds.payroll.emptyHint') : t('funds.payroll.emptyHintReader')}
              </Typography.Text>
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
        data-testid="payroll-runs"
      />
      <RunDrawer id={runId} onClose={() => openRun(null)} />
    </Card>
  );
}
