import { useState } from 'react';
import { App, Button, Card, DatePicker, Divider, Flex, Form, Input, InputNumber, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { AuditOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { EMPLOYER_FINDING_KINDS, EMPLOYER_FINDING_STATUSES, integrityApi, integrityKeys, type EmployerFinding, type EmployerFindingKind, type EmployerFindingStatus } from '../../api/integrity';
import { ErrorAlert } from '../../components/ErrorAlert';
import { mono } from '../../components/registry/parts';
import { allowed, INTEGRITY_REVIEW_ROLES, INTEGRITY_ROLES } from '../../layouts/consoleNav';
import { DISPLAY_TIME_ZONE, formatDate, formatDateTime } from '../../lib/format';
import { formatFen, yuanToFen } from '../../lib/money';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { FormModal } from './person/FormModal';

const statusColors: Record<string, string> = { open: 'warning', confirmed: 'error', dismissed: 'default' };

interface RaiseValues {
  kind: EmployerFindingKind;
  occurredOn: Dayjs;
  amount: string;
  description: string;
}

/** 登记违规线索: the kind, when it happened, the money involved and what was found. */
function RaiseModal({ employer, open, onClose }: { employer: { id: string; name: string }; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RaiseValues>();
  const idem = useIdempotencyKey();
  const today = dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
  const run = useMutation({
    mutationFn: (v: RaiseValues) => {
      const body = { kind: v.kind, occurredOn: v.occurredOn.format('YYYY-MM-DD'), amountFen: yuanToFen(v.amount) ?? 0, description: v.description.trim() };
      return integrityApi.raiseEmployerFinding(employer.id, body, idem.keyFor(body));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: integrityKeys.employerFindingsAll });
      void message.success(t('funds.employerFindings.raised'));
      close();
    },
  });
  function close() {
    idem.reset();
    run.reset();
    onClose();
  }
  return (
    <FormModal<RaiseValues>
      open={open}
      title={t('funds.employerFindings.raiseTitle', { name: employer.name })}
      name="employer-finding"
      form={form}
      onClose={close}
      onSubmit={run.mutate}
      pending={run.isPending}
      error={run.error}
      intro={t('funds.employerFindings.intro')}
      initialValues={{ amount: '0' }}
    >
      <Form.Item name="kind" label={t('funds.employerFindings.kind')} rules={[{ required: true, message: t('funds.employerFindings.kindRequired') }]}>
        <Select<EmployerFindingKind> options={EMPLOYER_FINDING_KINDS.map((k) => ({ value: k, label: t(`funds.employerFindings.kinds.${k}`) }))} data-testid="employer-finding-kind" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="occurredOn" label={t('funds.employerFindings.occurredOn')} rules={[{ required: true, message: t('funds.employerFindings.occurredOnRequired') }]}>
          <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="employer-finding-date" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('funds.employerFindings.amount')}
          extra={t('funds.employerFindings.amountHint')}
          rules={[
            {
              validator: async (_r, value: string | undefined) => {
                if (value !== undefined && value !== null && value !== '' && yuanToFen(value) === null) throw new Error(t('funds.employerFindings.amountFormat'));
              },
            },
          ]}
        >
          <InputNumber<string> stringMode min="0" step="100" precision={2} prefix="¥" style={{ width: 200 }} data-testid="employer-finding-amount" />
        </Form.Item>
      </Flex>
      <Form.Item name="description" label={t('funds.employerFindings.description')} rules={[{ required: true, whitespace: true, message: t('funds.employerFindings.descriptionRequired') }]}>
        <Input.TextArea
          name="description"
          maxLength={2000}
          showCount
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={t('funds.employerFindings.descriptionPlaceholder')}
          data-testid="employer-finding-description"
        />
      </Form.Item>
    </FormModal>
  );
}

/** 认定属实 or 不成立, with the reasons that go into the audit trail. */
function DecideModal({ finding, decision, onClose }: { finding: EmployerFinding; decision: 'confirm' | 'dismiss' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const idem = useIdempotencyKey();
  const run = useMutation({
    mutationFn: (v: { note: string }) => {
      const body = { decision: decision ?? 'dismiss', note: v.note.trim() };
      return integrityApi.decideEmployerFinding(finding.id, body, idem.keyFor(body));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: integrityKeys.employerFindingsAll });
      void message.success(t('funds.employerFindings.decided'));
      close();
    },
    // Decided meanwhile by someone else: show the new state under the server's message.
    onError: () => void queryClient.invalidateQueries({ queryKey: integrityKeys.employerFindingsAll }),
  });
  function close() {
    idem.reset();
    run.reset();
    onClose();
  }
  const confirm = decision === 'confirm';
  return (
    <FormModal<{ note: string }>
      open={decision !== null}
      title={t(confirm ? 'funds.employerFindings.confirmTitle' : 'funds.employerFindings.dismissTitle')}
      name="employer-finding-decision"
      form={form}
      onClose={close}
      onSubmit={run.mutate}
      pending={run.isPending}
      error={run.error}
      warning={confirm ? t('funds.employerFindings.confirmHint') : undefined}
      okText={t(confirm ? 'funds.employerFindings.confirm' : 'funds.employerFindings.dismiss')}
      danger={confirm}
      initialValues={{ note: '' }}
    >
      <Form.Item name="note" label={t('funds.employerFindings.note')} rules={[{ required: true, whitespace: true, message: t('funds.employerFindings.noteRequired') }]}>
        <Input.TextArea name="note" maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 8 }} data-testid="employer-finding-note" />
      </Form.Item>
    </FormModal>
  );
}

/** 骗保查处 in the employer's drawer: its findings, recording one, and deciding those of others. */
export function EmployerFindings({ employer }: { employer: { id: string; name: string } }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const roles = me?.roles ?? [];
  const canRead = allowed(roles, INTEGRITY_ROLES);
  const canDecide = allowed(roles, INTEGRITY_REVIEW_ROLES);
  const [raising, setRaising] = useState(false);
  const [deciding, setDeciding] = useState<{ finding: EmployerFinding; decision: 'confirm' | 'dismiss' } | null>(null);
  const findings = useQuery({ queryKey: integrityKeys.employerFindings(employer.id), queryFn: () => integrityApi.employerFindings(employer.id), enabled: canRead });
  if (!canRead) return null;
  const items = findings.data?.items ?? [];
  const columns: ColumnsType<EmployerFinding> = [
    {
      title: `${t('funds.employerFindings.kind')} / ${t('funds.employerFindings.occurredOn')}`,
      dataIndex: 'kind',
      render: (v: string, r) => (
        <>
          <div style={{ whiteSpace: 'nowrap' }}>{t(`funds.employerFindings.kinds.${v}`)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDate(r.occurredOn)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('funds.employerFindings.description'),
      dataIndex: 'description',
      render: (v: string, r) => (
        <div style={{ maxWidth: 210 }}>
          <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
            {v}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('funds.employerFindings.raisedBy')} {r.raisedByName} · {formatDateTime(r.createdAt)}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('funds.employerFindings.amountColumn'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(v)}</span> },
    {
      title: t('funds.employerFindings.decision'),
      key: 'decision',
      render: (_v, r) =>
        r.status !== 'open' ? (
          <>
            <Tag color={statusColors[r.status]} data-testid="employer-finding-status" data-status={r.status}>
              {t(`funds.employerFindings.statuses.${r.status}`)}
            </Tag>
            <div style={{ fontSize: 12, maxWidth: 150 }}>
              <Typography.Text type="secondary">
                {r.decidedByName} · {r.decisionNote}
              </Typography.Text>
            </div>
          </>
        ) : canDecide && r.raisedBy !== me?.id ? (
          <Flex gap={4} wrap>
            <Button size="small" danger onClick={() => setDeciding({ finding: r, decision: 'confirm' })} data-testid="employer-finding-confirm">
              {t('funds.employerFindings.confirm')}
            </Button>
            <Button size="small" onClick={() => setDeciding({ finding: r, decision: 'dismiss' })} data-testid="employer-finding-dismiss">
              {t('funds.employerFindings.dismiss')}
            </Button>
          </Flex>
        ) : (
          <Tooltip title={canDecide ? t('funds.employerFindings.ownHint') : undefined}>
            <Tag color={statusColors.open} data-testid="employer-finding-status" data-status="open">
              {t('funds.employerFindings.statuses.open')}
            </Tag>
          </Tooltip>
        ),
    },
  ];
  return (
    <div data-testid="employer-findings">
      <Divider titlePlacement="start">
        {t('funds.employerFindings.title')} · {t('common.total', { total: items.length })}
      </Divider>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, flex: 1, minWidth: 240 }}>
          {t('funds.employerFindings.intro')}
        </Typography.Text>
        <Button icon={<AuditOutlined />} onClick={() => setRaising(true)} data-testid="employer-finding-raise">
          {t('funds.employerFindings.raise')}
        </Button>
      </Flex>
      <ErrorAlert error={findings.error} />
      <Table<EmployerFinding>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={findings.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: t('funds.employerFindings.empty') }}
        data-testid="employer-findings-table"
      />
      <RaiseModal employer={employer} open={raising} onClose={() => setRaising(false)} />
      {deciding && <DecideModal finding={deciding.finding} decision={deciding.decision} onClose={() => setDeciding(null)} />}
    </div>
  );
}

/** On 疑点复核: the region's fraud findings against employers, the open ones first, each leading to its employer. */
export function EmployerFindingsQueue() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<EmployerFindingStatus | 'all'>('open');
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const list = useQuery({
    queryKey: integrityKeys.employerFindingsOfRegion(status, paging.page, paging.pageSize),
    queryFn: () => integrityApi.employerFindingsOfRegion({ ...(status === 'all' ? {} : { status }), ...paging }),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnsType<EmployerFinding> = [
    {
      title: t('funds.employerFindings.employer'),
      key: 'employer',
      render: (_v, r) => (
        <>
          <Link to={`/console/employers?employer=${encodeURIComponent(r.employerId)}`}>{r.employerName}</Link>
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12, display: 'block' }}>
            {r.creditCode}
          </Typography.Text>
        </>
      ),
    },
    { title: t('funds.employerFindings.kind'), dataIndex: 'kind', render: (v: string) => t(`funds.employerFindings.kinds.${v}`) },
    { title: t('funds.employerFindings.occurredOn'), dataIndex: 'occurredOn', render: (v: string) => formatDate(v) },
    { title: t('funds.employerFindings.amountColumn'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('funds.employerFindings.raisedBy'), key: 'raised', render: (_v, r) => `${r.raisedByName} · ${formatDateTime(r.createdAt)}` },
    {
      title: t('funds.employerFindings.decision'),
      dataIndex: 'status',
      render: (v: string) => (
        <Tag color={statusColors[v]} data-testid="employer-finding-status" data-status={v}>
          {t(`funds.employerFindings.statuses.${v}`)}
        </Tag>
      ),
    },
  ];
  return (
    <Card title={t('funds.employerFindings.queueTitle')} data-testid="employer-findings-queue">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('funds.employerFindings.queueIntro')}
      </Typography.Paragraph>
      <Segmented<EmployerFindingStatus | 'all'>
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        options={[...EMPLOYER_FINDING_STATUSES.map((s) => ({ value: s, label: t(`funds.employerFindings.statuses.${s}`) })), { value: 'all' as const, label: t('funds.employerFindings.all') }]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} />
      <Table<EmployerFinding>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('funds.employerFindings.empty') }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, onChange: (page, pageSize) => setPaging({ page, pageSize }), size: 'small' }}
      />
    </Card>
  );
}
