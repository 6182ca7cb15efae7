import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Radio, Select, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ExportOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CORRECTION_STATUSES, correctionsApi, correctionsKeys, type CorrectionStatus, type CorrectionTask } from '../../api/corrections';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRegistryLabels } from '../../components/registry/labels';
import { CorrectionStatusTag, RegionName } from '../../components/registry/parts';
import { formatDate, formatDateTime } from '../../lib/format';

type Outcome = 'done' | 'refused';
const personLink = (id: string) => `/console/registry?person=${encodeURIComponent(id)}`;

function Due({ task }: { task: CorrectionTask }) {
  const { t } = useTranslation();
  if (task.status !== 'open') return <span title={formatDateTime(task.dueAt)}>{formatDate(task.dueAt)}</span>;
  return (
    <Typography.Text type={task.overdue ? 'danger' : undefined} strong={task.overdue} title={formatDateTime(task.dueAt)} data-overdue={task.overdue || undefined}>
      {formatDateTime(task.dueAt).slice(0, 16)}
      {task.overdue ? ` · ${t('console.corrections.overdue')}` : ''}
    </Typography.Text>
  );
}

/** 答复: the outcome and the answer the citizen reads; the correction itself is made on the person's record. */
function ResolveModal({ task, onClose }: { task: CorrectionTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useRegistryLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ outcome: Outcome; answer: string }>();
  const outcome = Form.useWatch('outcome', form);
  const run = useMutation({
    mutationFn: (v: { outcome: Outcome; answer: string }) => correctionsApi.resolve(task?.id ?? '', { outcome: v.outcome, answer: v.answer.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: correctionsKeys.all });
      void message.success(t('console.corrections.resolved'));
      close();
    },
  });
  function close() {
    run.reset();
    onClose();
  }
  return (
    <Modal
      open={!!task}
      title={t('console.corrections.resolveTitle', { name: task?.personName ?? '' })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'correction-resolve-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={600}
    >
      {task && (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'person',
                label: t('console.corrections.person'),
                children: (
                  <Flex wrap gap={8} align="center">
                    <span>{task.personName}</span>
                    <Link to={personLink(task.personId)} target="_blank" data-testid="correction-open-person">
                      {t('console.corrections.openPerson')} <ExportOutlined />
                    </Link>
                  </Flex>
                ),
              },
              { key: 'field', label: t('console.corrections.field'), children: labels.correctionField(task.field) },
              { key: 'requested', label: t('console.corrections.requested'), children: <div style={{ whiteSpace: 'pre-wrap' }}>{task.requested}</div> },
              { key: 'created', label: t('console.corrections.createdAt'), children: formatDateTime(task.createdAt) },
              { key: 'due', label: t('console.corrections.dueAt'), children: <Due task={task} /> },
            ]}
          />
          <Alert type="info" showIcon title={t('console.corrections.resolveHint')} style={{ marginBottom: 16 }} />
        </>
      )}
      <ErrorAlert error={run.error} />
      <Form form={form} name="resolve-correction" layout="vertical" initialValues={{ outcome: 'done', answer: '' }} onFinish={run.mutate}>
        <Form.Item name="outcome" label={t('console.corrections.outcome')}>
          <Radio.Group
            optionType="button"
            options={(['done', 'refused'] as const).map((o) => ({ value: o, label: t(`console.corrections.outcomes.${o}`) }))}
            data-testid="correction-outcome"
          />
        </Form.Item>
        <Form.Item name="answer" label={t('console.corrections.answerLabel')} rules={[{ required: true, whitespace: true, message: t('console.corrections.answerRequired') }]}>
          <Input.TextArea
            name="answer"
            maxLength={1000}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={outcome === 'refused' ? t('console.corrections.answerPlaceholderRefused') : t('console.corrections.answerPlaceholderDone')}
            data-testid="correction-answer"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /console/corrections: citizens' correction requests in my region, the open and most urgent first. */
export default function Corrections() {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const [status, setStatus] = useState<CorrectionStatus | undefined>('open');
  const [overdue, setOverdue] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [resolving, setResolving] = useState<CorrectionTask | null>(null);
  const query = { status, overdue: overdue || undefined, ...paging };
  const list = useQuery({ queryKey: [...correctionsKeys.all, query], queryFn: () => correctionsApi.list(query), placeholderData: keepPreviousData });
  const filter = (change: () => void) => {
    change();
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const columns: ColumnsType<CorrectionTask> = [
    { title: t('console.corrections.person'), dataIndex: 'personName', render: (v: string, r) => <Link to={personLink(r.personId)}>{v}</Link> },
    { title: t('console.corrections.field'), dataIndex: 'field', render: (v: string) => labels.correctionField(v) },
    {
      title: t('console.corrections.requested'),
      dataIndex: 'requested',
      render: (v: string) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 260 }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('console.corrections.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('console.corrections.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span title={formatDateTime(v)}>{formatDate(v)}</span> },
    { title: t('console.corrections.dueAt'), dataIndex: 'dueAt', render: (_, r) => <Due task={r} /> },
    { title: t('registry.status'), dataIndex: 'status', render: (v: string, r) => <CorrectionStatusTag status={v} overdue={r.overdue} /> },
    {
      title: t('console.corrections.answer'),
      dataIndex: 'answer',
      render: (v: string | null, r) =>
        v ? (
          <Typography.Text ellipsis={{ tooltip: `${v}${r.resolvedAt ? ` (${formatDateTime(r.resolvedAt)})` : ''}` }} style={{ maxWidth: 220 }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) =>
        r.status === 'open' ? (
          <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setResolving(r)} data-testid="correction-resolve">
            {t('console.corrections.resolve')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('console.corrections.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('console.corrections.intro')}</Typography.Paragraph>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Select<CorrectionStatus>
          allowClear
          placeholder={t('console.corrections.allStatuses')}
          value={status}
          onChange={(v) => filter(() => setStatus(v))}
          options={CORRECTION_STATUSES.map((s) => ({ value: s, label: labels.correctionStatus(s) }))}
          style={{ minWidth: 140 }}
          data-testid="correction-status-filter"
        />
        <Flex align="center" gap={6}>
          <Switch size="small" checked={overdue} onChange={(v) => filter(() => setOverdue(v))} id="corrections-overdue" data-testid="correction-overdue-filter" />
          <label htmlFor="corrections-overdue">{t('console.corrections.overdueOnly')}</label>
        </Flex>
      </Flex>
      <ErrorAlert error={list.error} />
      <Table<CorrectionTask>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.corrections.empty')} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid="corrections"
      />
      <ResolveModal task={resolving} onClose={() => setResolving(null)} />
    </Card>
  );
}
